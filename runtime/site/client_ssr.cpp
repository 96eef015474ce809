#include "site/client_ssr.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;

namespace isl::site {
namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fnv_hex(std::string_view data) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

NodeClientRenderer::NodeClientRenderer(fs::path script, fs::path cache_file)
    : script_(std::move(script)), cache_file_(std::move(cache_file)) {
  script_hash_ = fnv_hex(read_all(script_));
  if (cache_file_.empty() || !fs::exists(cache_file_)) return;
  auto cache = nlohmann::json::parse(read_all(cache_file_), nullptr, false);
  if (cache.is_object() && cache.value("script", "") == script_hash_ && cache.contains("answers") &&
      cache["answers"].is_object())
    for (auto& [request, html] : cache["answers"].items())
      if (html.is_string()) previous_[request] = html.get<std::string>();
}

NodeClientRenderer::~NodeClientRenderer() {
  if (pid_ <= 0) return;
  ::close(to_node_);  // Node's stdin ends: it exits
  ::close(from_node_);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

void NodeClientRenderer::start() {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("cannot make a pipe for Node: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::string script = script_.string();
  std::vector<char*> argv = {const_cast<char*>("node"), script.data(), nullptr};
  int rc = ::posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (rc != 0) {
    ::close(in[1]);
    ::close(out[0]);
    pid_ = -1;
    throw std::runtime_error(std::string("cannot start node to render client components: ") + std::strerror(rc) +
                             " (install Node.js)");
  }
  to_node_ = in[1];
  from_node_ = out[0];
  ::signal(SIGPIPE, SIG_IGN);  // a Node that died is reported by the read, not by a signal
}

std::string NodeClientRenderer::ask(const std::string& request_line) {
  if (pid_ <= 0) start();
  std::string line = request_line + "\n";
  for (std::size_t done = 0; done < line.size();) {
    ssize_t n = ::write(to_node_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the Node process rendering client components has exited");
    done += static_cast<std::size_t>(n);
  }
  for (;;) {
    if (auto nl = pending_.find('\n'); nl != std::string::npos) {
      std::string answer = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      return answer;
    }
    char buf[65536];
    ssize_t n = ::read(from_node_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the Node process rendering client components has exited (its errors are above)");
    pending_.append(buf, static_cast<std::size_t>(n));
  }
}

std::string NodeClientRenderer::render(std::string_view component, std::string_view props_json,
                                       const std::string* children) {
  nlohmann::json request = {{"c", component},
                            {"p", nlohmann::json::parse(props_json)},
                            {"h", children ? nlohmann::json(*children) : nlohmann::json()}};
  std::string key = request.dump();
  if (auto it = current_.find(key); it != current_.end()) return it->second;
  if (auto it = previous_.find(key); it != previous_.end()) return current_[key] = it->second;
  auto answer = nlohmann::json::parse(ask(key), nullptr, false);
  ++node_renders_;
  if (!answer.is_object()) throw std::runtime_error("the Node process answered something that is not JSON");
  if (answer.contains("error"))
    throw std::runtime_error("rendering client component " + std::string(component) + " failed: " +
                             answer["error"].get<std::string>());
  return current_[key] = answer.value("html", "");
}

void NodeClientRenderer::save() const {
  if (cache_file_.empty()) return;
  nlohmann::json cache = {{"script", script_hash_}, {"answers", current_}};
  fs::path tmp = cache_file_;
  tmp += ".tmp";
  std::ofstream(tmp, std::ios::binary) << cache.dump();
  fs::rename(tmp, cache_file_);
}

}  // namespace isl::site
