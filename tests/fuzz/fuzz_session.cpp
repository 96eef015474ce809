// Whole requests into a real server connection: the input's bytes are written into one
// end of a socket pair whose other end is a Session (the production coroutine, with
// Beast's parser, the framing checks, dispatch, a handler and static files), and every
// answer is read back. An input may end in an endless part: after a 0xFF 0xFE marker, the
// rest is repeated up to kStreamBytes, so that "a trailer that never ends" is a small
// input. What must hold: no crash or sanitizer report, no allocation over the malloc
// limit (-malloc_limit_mb: a bounded read buffer means none comes near it), the
// connection closed after the input ends, and every answer a well-formed status line.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "server/session.hpp"
#include "server/shared_state.hpp"

namespace {

namespace asio = boost::asio;
using namespace isl::server;

constexpr std::size_t kStreamBytes = 4u << 20;
constexpr std::string_view kRepeatMarker = "\xff\xfe";

void check(bool ok) {
  if (!ok) std::abort();
}

// Islands echo what they were given; /page is an on-demand page; the rest is static.
class EchoHandler : public DynamicHandler {
 public:
  Match resolve(const HttpRequest& request) const override {
    Match match;
    if (request.path.starts_with("/_server-islands/")) match.kind = Kind::island;
    if (request.path == "/page") match.kind = Kind::page;
    return match;
  }
  HttpReply render(const HttpRequest& request, const Match&) override {
    HttpReply reply;
    reply.headers.emplace_back("Content-Type", "text/plain");
    reply.body = request.method + " " + request.path + " " + request.query + " " + std::to_string(request.body.size());
    for (const auto& [name, value] : request.headers) reply.headers.emplace_back("X-Echo-" + name, value);
    return reply;
  }
};

struct World {
  asio::io_context ioc{1};
  std::shared_ptr<detail::Shared> shared;

  World() {
    ::signal(SIGPIPE, SIG_IGN);
    const auto dist = std::filesystem::temp_directory_path() / ("isl-fuzz-session-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dist / "about");
    std::ofstream(dist / "index.html") << "<h1>home</h1>";
    std::ofstream(dist / "about/index.html") << "<h1>about</h1>";
    std::ofstream(dist / "app.js") << std::string(3000, 'x');
    std::ofstream(dist / "404.html") << "<h1>not here</h1>";
    Options o;
    o.port = 0;
    o.access_log = false;
    o.max_body_bytes = 64 * 1024;
    o.max_header_bytes = 8 * 1024;
    o.read_timeout = std::chrono::milliseconds(2000);
    o.first_byte_timeout = std::chrono::milliseconds(2000);
    o.idle_timeout = std::chrono::milliseconds(2000);
    o.write_timeout = std::chrono::milliseconds(2000);
    o.dist_dir = dist.string();
    shared = std::make_shared<detail::Shared>(o, std::make_shared<EchoHandler>());
    shared->set_site(detail::StaticSite::load(o.dist_dir, {}));
    shared->render_executor = ioc.get_executor();  // one thread: every input runs the same way
  }
};

// The client side, in plain blocking calls on threads of its own (no coroutines here:
// clang 14 cannot put coverage counters in coroutine code).
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void write_input(int fd, std::string_view head, std::string_view piece) {
  bool ok = write_all(fd, head);
  for (std::size_t sent = head.size(); ok && !piece.empty() && sent < kStreamBytes; sent += piece.size()) {
    ok = write_all(fd, piece);
  }
  ::shutdown(fd, SHUT_WR);
}

void read_answers(int fd, std::string& out, bool& closed) {
  char buf[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    if (out.size() < 256 * 1024) out.append(buf, static_cast<std::size_t>(n));
  }
  closed = true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto marker = input.find(kRepeatMarker);
  const std::string_view head = input.substr(0, marker);
  const std::string_view piece =
      marker == std::string_view::npos ? std::string_view() : input.substr(marker + kRepeatMarker.size());

  int fds[2];
  check(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  asio::ip::tcp::socket server_end(asio::make_strand(world.ioc));
  server_end.assign(asio::ip::tcp::v4(), fds[0]);
  detail::start_plain_session(world.shared, std::move(server_end));

  std::string answers;
  bool closed = false;
  std::thread writer(write_input, fds[1], head, piece);
  std::thread reader(read_answers, fds[1], std::ref(answers), std::ref(closed));
  world.ioc.restart();
  world.ioc.run();  // returns when the connection has ended
  writer.join();
  reader.join();
  ::close(fds[1]);

  check(closed);
  check(world.shared->open_connections() == 0);
  // Every answer starts with a status line of a known version.
  check(answers.empty() || answers.starts_with("HTTP/1.1 ") || answers.starts_with("HTTP/1.0 "));
  return 0;
}
