// Server: the I/O threads (io_threads.hpp), the render pool, the listener, signals and
// shutdown. Connections live in session.cpp / tls.cpp; routing in dispatch.cpp.
#include "server/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "server/accept_backoff.hpp"
#include "server/io_threads.hpp"
#include "server/open_files.hpp"
#include "server/session.hpp"
#include "server/shared_state.hpp"
#include "server/static_files.hpp"
#include "server/tls.hpp"

namespace isl::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using detail::Shared;

namespace {

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Over max_connections: a best-effort 503 (plain HTTP only) and close. The socket is
// non-blocking so this never waits on the client.
void refuse(tcp::socket& socket, bool tls) {
  boost::system::error_code ec;
  if (!tls) {
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Length: 20\r\nConnection: close\r\nRetry-After: 1\r\n\r\nService Unavailable\n";
    socket.non_blocking(true, ec);
    if (!ec) socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ec);
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

bool out_of_descriptors(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || (ec.category() == boost::system::system_category() && ec.value() == ENFILE);
}

// Out of descriptors: give up the spare one, take one waiting client, answer it 503.
// False when there was no spare (the caller then backs off).
bool shed_one(Shared& shared, tcp::acceptor& acceptor, asio::io_context& ioc, detail::SpareDescriptor& spare) {
  if (!spare.release()) return false;
  boost::system::error_code ec;
  tcp::socket socket(ioc);
  acceptor.non_blocking(true, ec);
  acceptor.accept(socket, ec);
  if (!ec) {
    shared.metrics.connection_refused();
    refuse(socket, shared.tls != nullptr);
  }
  acceptor.non_blocking(false, ec);
  spare.restore();
  return true;
}

std::string remote_address(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("-") : endpoint.address().to_string();
}

// A connection the listener took: over a limit, a 503 and close; else its session starts.
void admit(const std::shared_ptr<Shared>& shared, tcp::socket socket) {
  if (shared->open_connections() >= shared->options.max_connections) {
    shared->metrics.connection_refused();
    refuse(socket, shared->tls != nullptr);
    return;
  }
  // Released by the session when it ends (Session::~Session).
  const std::string address = remote_address(socket);
  if (!shared->addresses.admit(address)) {
    shared->metrics.connection_refused();
    refuse(socket, shared->tls != nullptr);
    return;
  }
  shared->metrics.connection_opened();
  try {
    if (shared->tls) {
      detail::start_tls_session(shared, std::move(socket));
    } else {
      detail::start_plain_session(shared, std::move(socket));
    }
  } catch (const std::exception& e) {
    spdlog::error("cannot start a connection: {}", e.what());
    shared->addresses.release(address);
  }
}

// Stopping: the kernel has completed the handshake of every connection in the listen
// queue, and its client may have sent a request already; closing the listener would reset
// them all. Each is taken and answered instead (with Connection: close), then the listener
// closes; only a client whose handshake lands in the microseconds between is refused.
void admit_backlog_and_close(const std::shared_ptr<Shared>& shared, tcp::acceptor& acceptor, detail::IoThreads& io) {
  boost::system::error_code ec;
  acceptor.non_blocking(true, ec);
  while (!ec) {
    tcp::socket socket(io.next());
    acceptor.accept(socket, ec);
    if (!ec) admit(shared, std::move(socket));
  }
  acceptor.close(ec);
}

asio::awaitable<void> accept_loop(std::shared_ptr<Shared> shared, tcp::acceptor& acceptor, detail::IoThreads& io) {
  detail::AcceptBackoff backoff;
  detail::SpareDescriptor spare;
  for (;;) {
    if (shared->stopping.load()) {
      admit_backlog_and_close(shared, acceptor, io);
      co_return;
    }
    boost::system::error_code ec;
    // Each connection on the next I/O thread's context, for its whole life.
    tcp::socket socket = co_await acceptor.async_accept(io.next(), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (shared->stopping.load()) continue;  // Server::stop cancelled the wait
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (out_of_descriptors(ec) && shed_one(*shared, acceptor, io.first(), spare)) continue;
      // Out of file descriptors and the like: back off instead of spinning, and say so
      // once per burst.
      const auto step = backoff.failed(detail::AcceptBackoff::Clock::now());
      if (step.log) {
        spdlog::warn("accept failed ({} time(s) since the last report): {}; pausing up to {} ms between attempts",
                     step.since_log, ec.message(), detail::AcceptBackoff::kMax.count());
      }
      asio::steady_timer pause(acceptor.get_executor(), step.pause);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    backoff.succeeded();
    admit(shared, std::move(socket));  // while stopping too: its client is waiting for an answer
  }
}

tcp::endpoint resolve_endpoint(asio::io_context& ioc, const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (!ec) return {address, port};
  tcp::resolver resolver(ioc);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) throw std::runtime_error("cannot resolve host '" + host + "': " + ec.message());
  return results.begin()->endpoint();
}

}  // namespace

struct Server::Impl {
  Impl(Options o, std::shared_ptr<DynamicHandler> h) : shared(std::make_shared<Shared>(std::move(o), std::move(h))) {}

  std::shared_ptr<Shared> shared;
  // Destroyed in reverse order: the render pool (whose dropped work may still own
  // suspended connections) before the io_contexts those connections' sockets use.
  std::unique_ptr<detail::IoThreads> io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::future<void> listener_closed;  // ready once the accept loop has ended (Server::stop)
  std::unique_ptr<asio::signal_set> signals;
  std::unique_ptr<asio::thread_pool> render_pool;
  std::atomic<std::uint16_t> port{0};

  std::mutex state_mutex;  // start/stop/reload
  bool running = false;
  bool stopped = false;

  std::mutex wake_mutex;  // run_until_signal's wait
  std::condition_variable wake_cv;
  bool wake = false;

  void wake_up() {
    {
      std::lock_guard lock(wake_mutex);
      wake = true;
    }
    wake_cv.notify_all();
  }

  void start_locked(bool with_signals);
  void install_signals() {
    signals = std::make_unique<asio::signal_set>(io->first(), SIGINT, SIGTERM);
    signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}, shutting down", signal);
      shared->readiness.mark_draining();
      wake_up();
    });
  }

  void teardown() {
    if (io) io->stop();
    signals.reset();
    if (render_pool) {
      render_pool->stop();
      render_pool->join();
    }
    render_pool.reset();
    acceptor.reset();
    io.reset();
  }
};

Server::Server(Options options, std::shared_ptr<DynamicHandler> handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  try {
    stop();
  } catch (const std::exception& e) {
    spdlog::error("server shutdown: {}", e.what());
  }
}

void Server::start() {
  std::lock_guard lock(impl_->state_mutex);
  impl_->start_locked(false);
}

void Server::Impl::start_locked(bool with_signals) {
  Impl& m = *this;
  if (m.running) throw std::logic_error("Server::start: already running");
  if (m.stopped) throw std::logic_error("Server::start: a stopped server cannot be restarted");
  Shared& shared = *m.shared;
  const Options& o = shared.options;

  if (!o.dist_dir.empty()) {
    detail::StaticLoadOptions load_options;
    load_options.compress = o.compress_static;
    shared.set_site(detail::StaticSite::load(o.dist_dir, load_options));
  }
  if (o.tls_certificate.empty() != o.tls_private_key.empty()) {
    throw std::runtime_error("TLS needs both tls_certificate and tls_private_key");
  }
  if (!o.tls_certificate.empty()) shared.tls = detail::make_tls_context(o);
  if (o.raise_open_files_limit) detail::raise_open_files_limit(o.max_connections);
  if (shared.handler) shared.metrics.set_island_names(shared.handler->island_names());

  const unsigned io_threads = o.threads == 0 ? cores() : o.threads;
  const unsigned render_threads = o.render_threads == 0 ? std::max(8u, 4 * cores()) : o.render_threads;

  try {
    m.io = std::make_unique<detail::IoThreads>(io_threads);
    m.render_pool = std::make_unique<asio::thread_pool>(render_threads);
    shared.render_executor = m.render_pool->get_executor();

    const tcp::endpoint endpoint = resolve_endpoint(m.io->first(), o.host, o.port);
    m.acceptor = std::make_unique<tcp::acceptor>(m.io->first());
    boost::system::error_code ec;
    m.acceptor->open(endpoint.protocol(), ec);
    if (!ec) m.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) m.acceptor->bind(endpoint, ec);
    if (!ec) m.acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + ec.message());
    }
    // Signals before the port is published: whoever waits for the port may signal.
    if (with_signals) m.install_signals();
    m.port = m.acceptor->local_endpoint().port();

    auto listener_closed = std::make_shared<std::promise<void>>();
    m.listener_closed = listener_closed->get_future();
    asio::co_spawn(m.acceptor->get_executor(), accept_loop(m.shared, *m.acceptor, *m.io),
                   [listener_closed](std::exception_ptr e) {
                     listener_closed->set_value();
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       spdlog::error("listener stopped: {}", ex.what());
                     } catch (...) {
                     }
                   });
    m.io->run();
  } catch (...) {
    m.teardown();
    throw;
  }
  m.running = true;
  const auto site = shared.site();
  spdlog::info("isl server listening on {}://{}:{} ({} I/O threads, {} render threads, {} static files)",
               shared.tls ? "https" : "http", o.host, m.port.load(), io_threads, render_threads,
               site ? site->file_count() : 0);
}

std::uint16_t Server::port() const { return impl_->port.load(); }

void Server::mark_ready() { impl_->shared->readiness.mark_ready(); }

void Server::stop() {
  Impl& m = *impl_;
  std::lock_guard lock(m.state_mutex);
  if (!m.running) {
    m.wake_up();
    return;
  }
  if (m.io->running_in_this_thread()) {
    throw std::logic_error("Server::stop must not be called from an I/O thread");
  }
  Shared& shared = *m.shared;
  shared.stopping.store(true);

  // 1. No new connections: the accept loop takes what is queued, then closes the listener.
  asio::post(m.acceptor->get_executor(), [acceptor = m.acceptor.get()] {
    boost::system::error_code ec;
    acceptor->cancel(ec);
  });
  // Before the connections are counted: those it takes now are waited for like the rest.
  // The loop's last accepts never block; the bound is for a listener thread that is stuck.
  if (m.listener_closed.valid() && m.listener_closed.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    spdlog::warn("shutdown: the listener did not close within 2 s");
  }
  // 2. Idle keep-alive connections close now; busy ones after their reply.
  for (const auto& session : shared.sessions()) session->close_if_idle();
  // 3. Wait for requests in flight, up to the grace period; then close the rest.
  const auto deadline = std::chrono::steady_clock::now() + shared.options.shutdown_grace;
  if (!shared.wait_until_no_sessions(deadline)) {
    spdlog::warn("shutdown: closing {} connection(s) still open after the grace period",
                 shared.open_connections());
    for (const auto& session : shared.sessions()) session->force_close();
    shared.wait_until_no_sessions(std::chrono::steady_clock::now() + std::chrono::seconds(1));
  }
  // 4. Threads. A render still running is waited for (it cannot be interrupted).
  m.teardown();
  if (shared.access_log) shared.access_log->flush();  // every request answered is logged before we return
  m.running = false;
  m.stopped = true;
  spdlog::info("isl server stopped");
  m.wake_up();
}

int Server::run_until_signal() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.state_mutex);
    if (!m.running) {
      m.start_locked(true);
    } else if (!m.signals) {
      m.install_signals();
    }
  }
  {
    std::unique_lock lock(m.wake_mutex);
    m.wake_cv.wait(lock, [&m] { return m.wake; });
  }
  // A signal: not ready already (install_signals); keep serving for the drain delay.
  if (m.shared->readiness.state() == detail::Readiness::State::draining) {
    std::this_thread::sleep_for(m.shared->options.drain_delay);
  }
  stop();
  return 0;
}

void Server::reload() {
  Impl& m = *impl_;
  std::lock_guard lock(m.state_mutex);
  const Options& o = m.shared->options;
  if (o.dist_dir.empty()) return;
  detail::StaticLoadOptions load_options;
  load_options.compress = o.compress_static;
  auto site = detail::StaticSite::load(o.dist_dir, load_options);
  spdlog::info("static files reloaded: {} files", site->file_count());
  m.shared->set_site(std::move(site));
}

}  // namespace isl::server
