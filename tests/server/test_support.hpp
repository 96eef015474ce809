// Helpers for the server tests: a blocking HTTP/1.1 client on a raw socket (every read
// bounded by SO_RCVTIMEO), optionally over TLS; a temporary directory; a test handler;
// a server started on 127.0.0.1 with port 0.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "server/server.hpp"

namespace isl::server::test {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;

inline std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool has(const std::string& name) const { return headers.count(lower(name)) != 0; }
  std::string header(const std::string& name) const {
    auto it = headers.find(lower(name));
    return it == headers.end() ? std::string() : it->second;
  }
};

class Client {
 public:
  explicit Client(std::uint16_t port, Ms timeout = 3000ms) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    set_timeout(timeout);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~Client() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }

  void set_timeout(Ms timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  // TLS handshake, certificate not verified (self-signed test certificate).
  bool start_tls() {
    if (fd_ < 0) return false;
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) return false;
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    SSL_set_tlsext_host_name(ssl_, "localhost");
    return SSL_connect(ssl_) == 1;
  }

  bool send(std::string_view data) {
    while (!data.empty()) {
      long n = ssl_ != nullptr ? SSL_write(ssl_, data.data(), static_cast<int>(data.size()))
                               : ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // One response; nullopt on timeout or close before it was complete.
  std::optional<Reply> read_response(bool head = false) {
    for (;;) {
      std::size_t end;
      while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill()) return std::nullopt;
      }
      Reply r;
      std::string head_text = buf_.substr(0, end);
      buf_.erase(0, end + 4);
      std::size_t line_end = head_text.find("\r\n");
      const std::string status_line = head_text.substr(0, line_end);
      if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) return std::nullopt;
      r.status = std::atoi(status_line.c_str() + 9);
      while (line_end != std::string::npos) {
        const std::size_t start = line_end + 2;
        line_end = head_text.find("\r\n", start);
        const std::string line = head_text.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        r.headers[lower(line.substr(0, colon))] = value;
      }
      if (r.status == 100) continue;  // interim answer: read the real one
      if (head || r.status == 204 || r.status == 304) return r;
      if (r.has("content-length")) {
        const auto length = static_cast<std::size_t>(std::stoull(r.header("content-length")));
        while (buf_.size() < length) {
          if (!fill()) return std::nullopt;
        }
        r.body = buf_.substr(0, length);
        buf_.erase(0, length);
        return r;
      }
      while (fill()) {
      }
      r.body = std::move(buf_);
      buf_.clear();
      return r;
    }
  }

  // Whether the server closes the connection (EOF or reset) within `within`; data that
  // arrives meanwhile is collected in pending().
  bool wait_closed(Ms within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
      const auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      set_timeout(std::max(left, Ms(1)));
      char tmp[4096];
      const long n = ssl_ != nullptr ? SSL_read(ssl_, tmp, sizeof tmp) : ::recv(fd_, tmp, sizeof tmp, 0);
      if (n > 0) {
        buf_.append(tmp, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) return true;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
      return true;  // reset and the like
    }
  }

  const std::string& pending() const { return buf_; }

  // How the connection ends within `within`: still open, a clean close (FIN), or a reset.
  // Data that arrives meanwhile is collected in pending().
  enum class Ending { open, fin, reset };
  Ending wait_end(Ms within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
      const auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
      if (left <= 0ms) return Ending::open;
      set_timeout(std::max(left, Ms(1)));
      char tmp[4096];
      const long n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n > 0) {
        buf_.append(tmp, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) return Ending::fin;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Ending::open;
      return Ending::reset;
    }
  }

  // Whether the server sent something (or closed) within `within`, without reading it.
  bool readable(Ms within) const {
    if (ssl_ != nullptr && SSL_pending(ssl_) > 0) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(within.count())) > 0;
  }

  // Sends `head`, then `piece` again and again (up to `max_bytes` in all) until the
  // server answers or closes; the number of bytes sent. For inputs that never end.
  // Paced: every 16 KiB it gives the server 5 ms to answer. Unpaced, loopback takes
  // megabytes into the socket buffers (tcp_rmem goes to 32 MiB) before a server slowed
  // by the sanitizers has read its first 8 KiB, and the count would measure the kernel.
  std::size_t stream_until_answer(std::string_view head, std::string_view piece, std::size_t max_bytes) {
    constexpr std::size_t kPace = 16 * 1024;
    if (!send(head)) return head.size();
    std::size_t sent = head.size();
    std::size_t since_pause = 0;
    while (sent < max_bytes && !readable(Ms(0))) {
      if (!send(piece)) break;
      sent += piece.size();
      since_pause += piece.size();
      if (since_pause >= kPace) {
        since_pause = 0;
        if (readable(Ms(5))) break;
      }
    }
    return sent;
  }

 private:
  bool fill() {
    char tmp[16384];
    const long n = ssl_ != nullptr ? SSL_read(ssl_, tmp, sizeof tmp) : ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string buf_;
};

inline std::string get_request(std::string_view target, std::string_view extra_headers = "",
                               std::string_view method = "GET", bool close = false) {
  std::string r;
  r.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
  if (close) r.append("Connection: close\r\n");
  r.append(extra_headers);
  r.append("\r\n");
  return r;
}

// One request on a fresh connection.
inline std::optional<Reply> fetch(std::uint16_t port, std::string_view target, std::string_view extra_headers = "",
                                  std::string_view method = "GET") {
  Client c(port);
  if (!c.connected() || !c.send(get_request(target, extra_headers, method, true))) return std::nullopt;
  return c.read_response(method == "HEAD");
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "isl-server-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& relative, std::string_view content) const {
    const auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }

 private:
  std::filesystem::path path_;
};

// Islands under /_server-islands/<Name>; /page is an on-demand page, /route an app route.
class TestHandler : public DynamicHandler {
 public:
  std::atomic<bool> custom_404{false};
  std::atomic<int> renders{0};
  std::atomic<int> flaky_sleep_ms{0};  // how long the island "Flaky" takes

  // Every path is its own render key (interned: a key outlives the request), except the
  // island "NoKey", which has none.
  Match resolve(const HttpRequest& request) const override {
    Match match;
    if (request.path.starts_with("/_server-islands/")) match.kind = Kind::island;
    else if (request.path == "/page") match.kind = Kind::page;
    else if (request.path == "/route" || request.path == "/throw") match.kind = Kind::route;
    else if (request.path == "/accepts-throws") throw std::runtime_error("accepts secret detail");
    if (match.kind != Kind::none && request.path != "/_server-islands/NoKey") match.key = intern(request.path);
    return match;
  }

  HttpReply render(const HttpRequest& request, const Match& match) override {
    const Kind kind = match.kind;
    ++renders;
    HttpReply reply;
    reply.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    const std::string name = request.path.substr(request.path.rfind('/') + 1);
    if (request.path == "/throw" || name == "Throws") throw std::runtime_error("secret detail 42");
    if (name == "Slow") {
      std::this_thread::sleep_for(500ms);
      reply.body = "slow done";
    } else if (name == "Flaky") {
      std::this_thread::sleep_for(std::chrono::milliseconds(flaky_sleep_ms.load()));
      reply.body = "flaky done";
    } else if (name == "Cached") {
      reply.headers.emplace_back("Cache-Control", "public, max-age=60");
      reply.body = "cached";
    } else if (name == "Teapot") {
      reply.status = 418;
      reply.body = "teapot";
    } else if (name == "Evil") {
      reply.headers.emplace_back("X-Evil", "a\r\nSet-Cookie: x=1");
      reply.headers.emplace_back("Content-Length", "9999");
      reply.body = "evil";
    } else {
      const std::string* custom = request.header("x-test");
      reply.body = std::string(kind == Kind::island ? "island" : kind == Kind::page ? "page" : "route") + " " +
                   request.method + " " + request.path + " q=" + request.query + " body=" + request.body +
                   " h=" + (custom ? *custom : "-") + " remote=" + request.remote_address;
    }
    return reply;
  }

  bool render_not_found(const HttpRequest& request, HttpReply& reply) override {
    if (!custom_404) return false;
    reply.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    reply.body = "custom 404 for " + request.path;
    return true;
  }

 private:
  std::string_view intern(const std::string& key) const {
    std::lock_guard lock(keys_mutex_);
    return *keys_.insert(key).first;
  }
  mutable std::mutex keys_mutex_;
  mutable std::set<std::string, std::less<>> keys_;
};

inline Options test_options(const std::filesystem::path& dist = {}) {
  Options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  o.render_threads = 4;
  // Wide enough that a quick render under ASan on a loaded machine still counts as fast.
  o.inline_render_budget = 100ms;
  o.dist_dir = dist.string();
  o.access_log = false;
  o.read_timeout = 2000ms;
  o.idle_timeout = 2000ms;
  o.write_timeout = 2000ms;
  o.shutdown_grace = 2000ms;
  return o;
}

// A typical dist/: pages, assets of each type, encoded siblings, a 404 page, a dotfile,
// a secret next to (outside) dist, and links.
struct Site {
  TempDir root;
  std::filesystem::path dist;
  std::string big_js;

  Site() {
    dist = root.path() / "dist";
    root.write("secret.txt", "TOPSECRET");
    root.write("dist/index.html", "<h1>home</h1>");
    root.write("dist/about/index.html", "<h1>about</h1>");
    root.write("dist/contact.html", "<h1>contact</h1>");
    root.write("dist/404.html", "<h1>not here</h1>");
    root.write("dist/.isl-manifest.json", "{\"secret\":\"MANIFEST\"}");
    root.write("dist/.hidden/file.txt", "HIDDEN");
    root.write("dist/.well-known/security.txt", "Contact: x");
    root.write("dist/style.css", "body{}");
    root.write("dist/app.js", "console.log(1)");
    root.write("dist/mod.mjs", "export {}");
    root.write("dist/data.json", "{}");
    root.write("dist/logo.svg", "<svg/>");
    root.write("dist/img.png", std::string("\x89PNG\r\n\x1a\n", 8));
    root.write("dist/photo.jpg", "jpg");
    root.write("dist/anim.gif", "GIF89a");
    root.write("dist/pic.webp", "webp");
    root.write("dist/pic.avif", "avif");
    root.write("dist/favicon.ico", "ico");
    root.write("dist/robots.txt", "User-agent: *");
    root.write("dist/feed.xml", "<rss/>");
    root.write("dist/module.wasm", std::string("\0asm", 4));
    root.write("dist/font.woff", "woff");
    root.write("dist/font.woff2", "woff2");
    root.write("dist/doc.pdf", "%PDF");
    root.write("dist/app.js.map", "{}");
    root.write("dist/blob.bin", "bin");
    root.write("dist/app.3f2a91bc.css", "a{}");
    root.write("dist/_isl/loader.js", "loader()");
    root.write("dist/my file.txt", "spaced");
    big_js = std::string(4096, 'x');
    root.write("dist/big.js", big_js);
    root.write("dist/big.js.gz", "GZIP-BYTES");
    root.write("dist/big.js.br", "BROTLI-BYTES");
    root.write("dist/archive.tar.gz", "TARGZ");
    std::filesystem::create_symlink(root.path() / "secret.txt", dist / "link-out.txt");
    std::filesystem::create_symlink(dist / "robots.txt", dist / "link-in.txt");
    std::filesystem::create_directory_symlink(root.path(), dist / "rootlink");
  }
};

class RunningServer {
 public:
  explicit RunningServer(Options options, std::shared_ptr<DynamicHandler> handler = nullptr)
      : server_(std::make_unique<Server>(std::move(options), std::move(handler))) {
    server_->start();
  }
  Server& server() { return *server_; }
  std::uint16_t port() const { return server_->port(); }

 private:
  std::unique_ptr<Server> server_;
};

}  // namespace isl::server::test
