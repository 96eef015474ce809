// The connection coroutine, a template on the stream type (tcp::socket or
// beast::ssl_stream<tcp::socket>); instantiated in session.cpp and tls.cpp only.
//
// One request at a time per connection: read the header (limits checked), the body,
// dispatch (maybe suspending while a render thread works), write, repeat while
// keep-alive. Pipelined requests wait in the read buffer. Timeouts are deadlines on the
// connection's one timer (connection_deadline.hpp): first_byte_timeout for a new
// connection's first byte (or TLS handshake), idle_timeout while waiting for the first
// byte of a next request, read_timeout for a whole request once it has begun,
// write_timeout for each reply.
//
// Memory while idle (plain TCP): between requests a connection is parked. Its coroutine
// has ended; what is left is the session (socket, timer, the empty read buffer and head)
// and one wait for the socket to be readable, whose handler holds the session. When bytes
// come, a read takes them and a new coroutine serves the requests they begin, until the
// buffer is empty again. 10,000 idle keep-alive connections cost their sockets, sessions
// and waits, not 10,000 coroutine frames and read buffers. A busy connection pays for this
// with a 4 KiB buffer and a new coroutine a request (both allocations), and saves the read
// that would find nothing yet. TLS connections do not park: OpenSSL may hold decrypted
// bytes already, so a readable socket says nothing.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <type_traits>

#include "server/access_log.hpp"
#include "server/connection_deadline.hpp"
#include "server/dispatch.hpp"
#include "server/path_safety.hpp"
#include "server/request_framing.hpp"
#include "server/response.hpp"
#include "server/response_head.hpp"
#include "server/shared_state.hpp"
#include "server/stream_write.hpp"

namespace isl::server::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

// What to answer when reading a request failed; 0 = close without an answer.
// `request_line_read`: the parser had the whole request line (it is then not in `buffer`).
int read_error_status(const beast::error_code& ec, const beast::flat_buffer& buffer, std::size_t max_url_bytes,
                      bool request_line_read);

// Beast keeps a field in at most 64 KiB and throws beyond; no head may come near that.
inline constexpr std::size_t kMaxHeaderBytes = 60 * 1024;
// Empty lines ignored before a request line (RFC 9112 §2.2 asks for at least one).
inline constexpr std::size_t kMaxLeadingEmptyLines = 2;
// All the chunk extensions of one request (they are read and dropped).
inline constexpr std::size_t kMaxChunkExtensionBytes = 4096;
// The connection's read buffer: a whole head, or a chunk-size line, or a trailer, must fit
// in it; whatever does not is refused (431/400). Beast bounds none of the chunked parts.
inline std::size_t read_buffer_limit(std::size_t max_header_bytes) {
  return std::min(max_header_bytes, kMaxHeaderBytes) + 4096;
}

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, asio::ip::tcp::socket>;

  template <class... StreamArgs>
  Session(std::shared_ptr<Shared> shared, std::string remote, StreamArgs&&... args)
      : stream_(std::forward<StreamArgs>(args)...),
        deadline_(beast::get_lowest_layer(stream_)),
        shared_(std::move(shared)),
        remote_(std::move(remote)),
        taken_while_stopping_(shared_->stopping.load()) {
    buffer_.max_size(read_buffer_limit(options().max_header_bytes));
  }

  ~Session() override {
    if (id_ != 0) shared_->remove_session(id_);
    shared_->addresses.release(remote_);  // admitted by the listener (server.cpp)
  }

  void set_id(std::uint64_t id) { id_ = id; }
  auto executor() { return stream_.get_executor(); }

  void close_if_idle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      // One the listener took while stopping waits a moment for its request (its client
      // sent it before the listener closed): it is answered, not dropped.
      if (self->idle_ && !self->taken_while_stopping_) self->cancel_io();
    });
  }

  void force_close() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close_socket(); });
  }

  // On the connection's own thread, once: `self` is this session. A plain connection parks
  // until its first bytes come; a TLS one starts its handshake.
  void begin(const std::shared_ptr<Session>& self) {
    deadline_.start(self);
    if constexpr (kTls) {
      spawn(serve());
    } else {
      // on_readable reads once the socket is readable; should that find nothing after all,
      // it must hear would_block rather than block the I/O thread.
      beast::error_code ignored;
      lowest().non_blocking(true, ignored);
      park();
    }
  }

 private:
  // Runs `work` (serve, or a graceful close) as the connection's coroutine; the completion
  // handler, not a coroutine around it, holds the session: one frame less.
  void spawn(asio::awaitable<void> work) {
    asio::co_spawn(stream_.get_executor(), std::move(work),
                   [self = this->shared_from_this()](const std::exception_ptr& thrown) { self->finished(thrown); });
  }

  // After the connection's coroutine ended, with what it threw if it did: parked (it waits
  // for a next request), or closed.
  void finished(const std::exception_ptr& thrown) {
    if (thrown) {
      try {
        std::rethrow_exception(thrown);
      } catch (const std::exception& e) {
        spdlog::error("connection from {}: {}", remote_, e.what());
      } catch (...) {
        spdlog::error("connection from {}: unknown exception", remote_);
      }
    } else if (parking_) {
      parking_ = false;
      park();
      return;
    }
    close_socket();
  }

  // The connection's requests one after another, until it closes or (plain TCP) until the
  // read buffer is empty between requests: it then parks (finished()).
  asio::awaitable<void> serve() {
    beast::error_code ec;
    if constexpr (kTls) {
      deadline_.expires_after(options().first_byte_timeout);
      co_await stream_.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
      ec = deadline_.classify(ec);
      if (ec) {
        if (ec == beast::error::timeout) shared_->metrics.request_timed_out();
        co_return;
      }
    }
    for (;;) {
      if (buffer_.size() == 0) {
        // Stopping, between requests: close, reading for a moment what the client may have
        // sent meanwhile so that it sees a FIN (and retries) rather than a reset. A new
        // connection (the listener took it while stopping) is answered, if its request
        // comes promptly.
        if (shared_->stopping.load() && !first_) break;
        if constexpr (!kTls) {
          parking_ = true;
          co_return;
        } else {
          // Between requests: the only state in which shutdown closes the connection.
          idle_ = true;
          deadline_.expires_at(Clock::now() + next_request_within(first_));
          // OpenSSL may hold decrypted bytes already: a readable socket says nothing.
          const std::size_t n =
              co_await stream_.async_read_some(buffer_.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
          idle_ = false;
          ec = deadline_.classify(ec);
          if (ec) {
            if (closes_gracefully_after_idle(ec)) co_await close_gracefully(true);
            co_return;
          }
          buffer_.commit(n);
        }
      }
      first_ = false;
      const Outcome outcome = co_await serve_one(buffer_);
      if (outcome == Outcome::keep_alive) continue;
      // While stopping, a client may send its next request before it reads our
      // Connection: close: linger so that it is not answered with a reset.
      if (outcome == Outcome::close) co_await close_gracefully(buffer_.size() > 0 || shared_->winding_down());
      if (outcome == Outcome::close_linger) co_await close_gracefully(true);
      co_return;
    }
    co_await close_gracefully(true);
  }

  // Plain TCP, between requests, with nothing read: no coroutine, no buffer; one wait for
  // the socket to be readable (or the deadline, or shutdown's cancel), by
  // next_request_within.
  void park() {
    buffer_.shrink_to_fit();  // empty: frees its storage
    std::string().swap(head_);
    // Between requests: the only state in which shutdown closes the connection.
    idle_ = true;
    deadline_.expires_at(Clock::now() + next_request_within(first_));
    lowest().async_wait(asio::ip::tcp::socket::wait_read,
                        [self = this->shared_from_this()](const beast::error_code& ec) { self->on_readable(ec); });
  }

  // The parked connection's socket is readable (or its wait failed): read what is there and
  // serve it, park again if it was nothing after all, or close.
  void on_readable(beast::error_code ec) {
    idle_ = false;
    ec = deadline_.classify(ec);
    std::size_t n = 0;
    if (!ec) {
      n = lowest().read_some(buffer_.prepare(4096), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        park();
        return;
      }
    }
    if (ec) {
      if (closes_gracefully_after_idle(ec)) {
        spawn(close_gracefully(true));
      } else {
        close_socket();
      }
      return;
    }
    buffer_.commit(n);
    spawn(serve());
  }

  // A wait for a next request failed with `ec`: counted if it timed out; true when shutdown
  // closed this idle connection, which then sends a FIN and reads and drops a request the
  // client sent just then, so that it sees a closed connection (and retries) rather than
  // a reset.
  bool closes_gracefully_after_idle(const beast::error_code& ec) {
    if (ec == beast::error::timeout) shared_->metrics.request_timed_out();
    return ec == asio::error::operation_aborted && shared_->stopping.load();
  }

  asio::ip::tcp::socket& lowest() { return beast::get_lowest_layer(stream_); }
  const Options& options() const { return shared_->options; }
  void cancel_io() {
    beast::error_code ignored;
    lowest().cancel(ignored);
  }
  void close_socket() {
    beast::error_code ignored;
    lowest().close(ignored);
  }

  // How long the connection may wait for its next request: while stopping, no longer than
  // a client takes to send one it already has.
  std::chrono::milliseconds next_request_within(bool first) const {
    const auto wait = first ? options().first_byte_timeout : options().idle_timeout;
    return shared_->stopping.load() ? std::min<std::chrono::milliseconds>(wait, std::chrono::milliseconds(250)) : wait;
  }

  enum class Outcome { keep_alive, close, close_linger, drop };

  asio::awaitable<Outcome> serve_one(beast::flat_buffer& buffer) {
    const auto started = Clock::now();
    beast::error_code ec;
    http::request_parser<http::string_body> parser;
    const std::size_t header_limit = std::min(options().max_header_bytes, kMaxHeaderBytes);
    parser.header_limit(static_cast<std::uint32_t>(header_limit));
    parser.body_limit(static_cast<std::uint64_t>(options().max_body_bytes));
    std::size_t extension_bytes = 0;
    auto on_chunk_header = [&extension_bytes](std::uint64_t, std::string_view extensions, beast::error_code& e) {
      extension_bytes += extensions.size();
      if (extension_bytes > kMaxChunkExtensionBytes) e = http::error::bad_chunk_extension;
    };
    parser.on_chunk_header(on_chunk_header);

    deadline_.expires_after(options().read_timeout);
    if (const int early = co_await receive_head(buffer, header_limit, ec); early != 0) {
      co_return co_await refuse(early, "bad bytes in a field line", started, 11, received_method(received_text(buffer)),
                                received_target(received_text(buffer)));
    }
    if (!ec) {
      // The whole head is in the buffer (receive_head): Beast parses it where it is, with no
      // read and no composed operation.
      buffer.consume(parser.put(buffer.cdata(), ec));
      if (ec == http::error::need_more) {
        // Only if Beast saw the head's end elsewhere than the scanner did: let it read on.
        ec = {};
        co_await http::async_read_header(stream_, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        ec = deadline_.classify(ec);
      }
    }
    if (ec) {
      const int status = read_error_status(ec, buffer, options().max_url_bytes, !parser.get().target().empty());
      if (status == 0) {
        if (ec == beast::error::timeout) shared_->metrics.request_timed_out();
        co_return Outcome::drop;
      }
      co_return co_await refuse(status, ec.message(), started, 11, received_method(received_text(buffer)),
                                received_target(received_text(buffer)));
    }

    const auto& head = parser.get();
    const std::string method(head.method_string());
    if (const FramingRefusal refusal = check_framing(framing_fields(head))) {
      co_return co_await refuse(refusal.status, refusal.why, started, head.version(), method, refused_target(head.target()));
    }
    // Fields Beast adds after these are the trailer's: never taken as headers.
    const auto head_fields = static_cast<std::size_t>(std::distance(head.begin(), head.end()));
    if (head.target().size() > options().max_url_bytes) {
      co_return co_await answer_error(414, head.version(), method, refused_target(head.target()), started);
    }
    const http::verb verb = head.method();
    if (verb != http::verb::get && verb != http::verb::head && verb != http::verb::post) {
      // Only GET, HEAD and POST exist here; a body we did not read means closing.
      Response r = verb == http::verb::unknown ? plain_response(501, "Not Implemented")
                                               : plain_response(405, "Method Not Allowed");
      if (verb != http::verb::unknown) r.headers.emplace_back("Allow", "GET, HEAD, POST");
      r.close = !parser.is_done();
      co_return co_await finish(r, head.version(), head.keep_alive(), false, method, refused_target(head.target()),
                                RequestKind::static_file, started);
    }

    if (!parser.is_done()) {
      const auto expect = head[http::field::expect];
      if (head.version() >= 11 && beast::iequals(expect, "100-continue")) {
        http::response<http::empty_body> cont{http::status::continue_, 11};
        deadline_.expires_after(options().write_timeout);
        co_await http::async_write(stream_, cont, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return Outcome::drop;
        deadline_.expires_after(options().read_timeout);
      }
      co_await http::async_read(stream_, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      ec = deadline_.classify(ec);
      if (ec) {
        const int status = read_error_status(ec, buffer, options().max_url_bytes, !parser.get().target().empty());
        if (status == 0) {
          if (ec == beast::error::timeout) shared_->metrics.request_timed_out();
          co_return Outcome::drop;
        }
        const std::string why = ec != http::error::buffer_overflow ? ec.message()
                                : status == 431                    ? "trailer over the read buffer"
                                                                   : "chunk-size line over the read buffer";
        co_return co_await refuse(status, why, started, head.version(), method, refused_target(head.target()));
      }
    }

    http::request<http::string_body> msg = parser.release();
    auto request = std::make_shared<HttpRequest>();
    request->method = method;
    request->target = std::string(msg.target());
    SplitTarget split;
    const TargetError target_error = split_target(msg.target(), split);
    request->path = std::move(split.path);
    request->query = std::move(split.query);
    request->headers.reserve(head_fields);
    for (const auto& field : msg) {
      if (request->headers.size() == head_fields) break;
      request->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request->body = std::move(msg.body());
    request->remote_address = remote_;
    // Nothing below needs Beast's copy of the request, nor the read buffer unless it holds a
    // next (pipelined) request: given back before the answer is made and written, however
    // long that takes, so many requests at once do not hold them all.
    const unsigned version = msg.version();
    const bool client_keep_alive = msg.keep_alive();
    msg = {};
    if (buffer.size() == 0) buffer.shrink_to_fit();

    RequestInfo info;
    Response response;
    // Named, not converted in place: GCC 12 destroys some temporaries of a co_await
    // expression twice, so no co_await here creates one with a destructor (coroutines
    // awaited here take such arguments by reference).
    std::shared_ptr<const HttpRequest> const_request = request;
    const std::string_view logged_path =
        target_error == TargetError::none ? std::string_view(request->path) : refused_target(request->target);
    if (target_error != TargetError::none) {
      response = plain_response(400, "Bad Request");
    } else {
      deadline_.none();  // making the answer is bounded by the render's own timeouts
      response = co_await dispatch(*shared_, const_request, info);
    }
    co_return co_await finish(response, version, client_keep_alive, verb == http::verb::head, method,
                              logged_path, info.kind, started, info.cache);
  }

  // Reads until the buffer holds a whole request head, checking field lines as they come.
  // 400 when they cannot be a head; 0 otherwise, with `ec` set when reading failed
  // (header_limit when header_limit bytes came without the head's end). Up to
  // kMaxLeadingEmptyLines empty lines before the request line are dropped (RFC 9112 §2.2).
  asio::awaitable<int> receive_head(beast::flat_buffer& buffer, std::size_t header_limit, beast::error_code& ec) {
    HeadScanner scanner;
    bool started = false;
    std::size_t empty_lines = 0;
    for (;;) {
      const auto data = buffer.cdata();
      std::string_view text(static_cast<const char*>(data.data()), data.size());
      if (!started) {
        std::size_t empty = 0;
        while (text.substr(empty, 2) == "\r\n") empty += 2;
        buffer.consume(empty);
        text.remove_prefix(empty);
        // A client sends at most one stray CRLF (after a body); more is not HTTP, and
        // answering it beats holding the connection until the read timeout.
        empty_lines += empty / 2;
        if (empty_lines > kMaxLeadingEmptyLines) co_return 400;
        started = !text.empty() && text != "\r";
      }
      if (started) {
        const auto state = scanner.scan(text.substr(0, header_limit));
        if (state == HeadScanner::State::bad) co_return 400;
        if (state == HeadScanner::State::complete) co_return 0;
        if (text.size() >= header_limit) {
          // The limit is on the whole head: Beast checks its own against each read's
          // bytes only, and would take a long head of small fields in parts.
          ec = http::error::header_limit;
          co_return 0;
        }
      }
      const std::size_t room = std::min<std::size_t>(4096, buffer.max_size() - buffer.size());
      if (room == 0) co_return 0;
      const std::size_t n =
          co_await stream_.async_read_some(buffer.prepare(room), asio::redirect_error(asio::use_awaitable, ec));
      ec = deadline_.classify(ec);
      if (ec) {
        // The same classification as a read inside Beast: a close mid-head is partial.
        if (ec == asio::error::eof) ec = buffer.size() > 0 ? http::error::partial_message : http::error::end_of_stream;
        co_return 0;
      }
      buffer.commit(n);
    }
  }

  // What the client sent so far, for the log of a request that could not be read.
  static std::string_view received_text(const beast::flat_buffer& buffer) {
    const auto data = buffer.cdata();
    return {static_cast<const char*>(data.data()), data.size()};
  }

  template <class Head>
  static FramingFields framing_fields(const Head& head) {
    FramingFields f;
    f.version = head.version();
    for (const auto& field : head) {
      if (field.name() == http::field::transfer_encoding) f.transfer_encoding.push_back(field.value());
      if (field.name() == http::field::content_length) f.content_length.push_back(field.value());
      if (field.name() == http::field::host) ++f.host_lines;
    }
    return f;
  }

  // A request refused for its framing or its size: one log line (the connection closes
  // with it, so it is one per connection), the answer, the close.
  asio::awaitable<Outcome> refuse(int status, std::string_view why, Clock::time_point started, unsigned version = 11,
                                  std::string_view method = "-", std::string_view target = "-") {
    spdlog::warn("connection from {}: {} {}, closing", remote_, status, why);
    co_return co_await answer_error(status, version, method, target, started);
  }

  // An answer to a request that could not be read whole: always closes.
  asio::awaitable<Outcome> answer_error(int status, unsigned version, std::string_view method, std::string_view path,
                                        Clock::time_point started) {
    Response r = plain_response(status, reason_phrase(status));
    r.close = true;
    co_return co_await finish(r, version, false, false, method, path, RequestKind::static_file, started);
  }

  asio::awaitable<Outcome> finish(const Response& response, unsigned version, bool client_keep_alive, bool head_only,
                                  std::string_view method, std::string_view path, RequestKind kind,
                                  Clock::time_point started, std::string_view cache = {}) {
    const bool keep = client_keep_alive && !response.close && !shared_->winding_down();
    const int status = response.status;
    const bool bodyless = status < 200 || status == 204 || status == 304;
    const std::string_view body = bodyless ? std::string_view{} : response.body_view();
    if (response.stream && !head_only) {
      co_return co_await finish_streamed(response, version, keep, method, path, kind, started);
    }
    HeadFraming framing;
    framing.version = version == 10 ? 10 : 11;
    framing.keep_alive = keep;
    if (!bodyless) framing.content_length = body.size();
    write_response_head(head_, response, framing);

    // Counted before writing, so a client that has the answer also sees it counted.
    shared_->metrics.count_request(kind, status);
    beast::error_code ec;
    deadline_.expires_after(options().write_timeout);
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_),
                                                    asio::buffer(body.data(), head_only ? 0 : body.size())};
    co_await asio::async_write(stream_, buffers, asio::redirect_error(asio::use_awaitable, ec));

    if (shared_->access_log) {
      shared_->access_log->write(AccessRecord{remote_, method, path, status, head_only ? 0 : body.size(),
                                    Clock::now() - started, cache});
    }
    if (ec) co_return Outcome::drop;
    if (keep) co_return Outcome::keep_alive;
    co_return response.close ? Outcome::close_linger : Outcome::close;
  }

  // A page whose islands follow (server/stream_write.hpp), chunked: logged once it has ended.
  asio::awaitable<Outcome> finish_streamed(const Response& response, unsigned version, bool keep,
                                           std::string_view method, std::string_view path, RequestKind kind,
                                           Clock::time_point started) {
    // HTTP/1.0 has no chunks: the pieces go raw and the connection's end ends the page.
    HeadFraming framing;
    framing.version = version == 10 ? 10 : 11;
    framing.chunked = framing.version == 11;
    framing.keep_alive = keep && framing.chunked;
    write_response_head(head_, response, framing);
    shared_->metrics.count_request(kind, response.status);
    const StreamWritten written = co_await write_streamed(stream_, deadline_, head_, framing.chunked,
                                                          response.body_view(), *response.stream,
                                                          options().write_timeout);
    if (shared_->access_log) {
      shared_->access_log->write(AccessRecord{remote_, method, path, response.status, written.bytes, Clock::now() - started, {}});
    }
    if (!written.ok) co_return Outcome::drop;
    if (framing.keep_alive) co_return Outcome::keep_alive;
    co_return Outcome::close;
  }

  // Closing after a reply. `linger`: the client may still be sending (a body we refused,
  // pipelined requests); read and discard for a moment so that closing with unread data
  // does not reset the connection before the client has read our answer.
  asio::awaitable<void> close_gracefully(bool linger) {
    beast::error_code ec;
    if constexpr (kTls) {
      (void)linger;
      deadline_.expires_after(std::min<std::chrono::milliseconds>(options().write_timeout, std::chrono::milliseconds(500)));
      co_await stream_.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    } else {
      lowest().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
      if (linger && !ec) {
        // Stopping: a request sent just before our FIN arrives within a round trip; the
        // shutdown should not wait on clients that keep their side open.
        const std::chrono::milliseconds most = shared_->winding_down() ? std::chrono::milliseconds(250)
                                                                         : std::chrono::seconds(2);
        deadline_.expires_after(std::min<std::chrono::milliseconds>(options().read_timeout, most));
        std::array<char, 4096> sink{};
        std::size_t total = 0;
        while (total < (1u << 20)) {
          const std::size_t n =
              co_await lowest().async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
          if (ec) break;
          total += n;
        }
      }
    }
    close_socket();
  }

  Stream stream_;
  ConnectionDeadline deadline_;  // on stream_'s socket: declared after it
  std::shared_ptr<Shared> shared_;
  std::string remote_;
  // What was read and not yet parsed: a request's start, or pipelined requests. Plain
  // connections free its storage when they park.
  beast::flat_buffer buffer_;
  // The answer's head (response_head.hpp). Reused while requests follow one another; a plain
  // connection frees it when it waits for a next request, as it frees its read buffer.
  std::string head_;
  std::uint64_t id_ = 0;
  bool idle_ = false;     // touched on the connection's I/O thread only
  bool first_ = true;     // no request read yet
  bool parking_ = false;  // serve() ended to park, not to close
  const bool taken_while_stopping_;
};

template <class Stream, class... StreamArgs>
void launch_session(const std::shared_ptr<Shared>& shared, std::string remote, StreamArgs&&... args) {
  auto session = std::make_shared<Session<Stream>>(shared, std::move(remote), std::forward<StreamArgs>(args)...);
  session->set_id(shared->add_session(session));
  // The listener's thread hands the connection to its own: everything it does runs there.
  auto executor = session->executor();
  asio::post(executor, [session] { session->begin(session); });
}

}  // namespace isl::server::detail
