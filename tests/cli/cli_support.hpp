// Helpers for the CLI tests: run a command, a throwaway site folder, a free port, one GET
// over a real socket, `isl serve` in a child process.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace isl_cli_test {

namespace fs = std::filesystem;

inline const std::string kIsl = std::string(ISL_BINARY_DIR) + "/isl";

struct Ran {
  int code;
  std::string output;
};

inline Ran run(const std::string& command) {
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TempSite {
 public:
  TempSite() {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("isl-cli-" + std::to_string(rd()));
    fs::create_directories(dir_);
  }
  ~TempSite() { fs::remove_all(dir_); }
  fs::path path() const { return dir_; }
  fs::path site() const { return dir_ / "site"; }

 private:
  fs::path dir_;
};

inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// One HTTP/1.1 GET over a real socket, bounded in time.
inline std::string http_get(int port, const std::string& target, const std::string& headers = "") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + "\r\n";
  send(fd, req.data(), req.size(), 0);
  std::string out;
  char buf[8192];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return out;
}

// The precompiled header GCC read for the object in a site's build folder whose name ends
// in `object_suffix`: its compile command run again with -H, which marks the one it used
// "! path.gch". Empty when it read none (or fell back to the header's text).
inline std::string precompiled_header_used(const fs::path& build, const std::string& object_suffix) {
  const std::string in = "cd '" + build.string() + "' && ";
  std::istringstream targets(run(in + "ninja -t targets all").output);
  std::string object;
  for (std::string line; std::getline(targets, line);) {
    line = line.substr(0, line.find(':'));
    if (line.size() >= object_suffix.size() && line.ends_with(object_suffix)) object = line;
  }
  if (object.empty()) return "(no object " + object_suffix + ")";
  std::string command = run(in + "ninja -t commands '" + object + "' | tail -1").output;
  while (!command.empty() && command.back() == '\n') command.pop_back();
  std::istringstream shown(run(in + command + " -H").output);
  for (std::string line; std::getline(shown, line);)
    if (line.rfind("! ", 0) == 0) return line.substr(2);
  return "";
}

// `isl serve SITE --port P [extra...]`, stopped at the end of the scope.
class Server {
 public:
  enum class Scheme { http, https };
  Server(const fs::path& site, int port, std::vector<std::string> extra = {}, Scheme scheme = Scheme::http)
      : port_(port) {
    std::vector<std::string> args = {kIsl, "serve", site.string(), "--port", std::to_string(port)};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(kIsl.c_str(), argv.data());
      _exit(127);
    }
    for (int i = 0; i < 100; ++i) {  // up to 10 s
      if (scheme == Scheme::https) {
        const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/_isl/health";
        if (run("curl -sk --max-time 1 " + url).output == "ok") return;
      } else if (http_get(port_, "/_isl/health").find("200 OK") != std::string::npos) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~Server() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
  int port_;
};

}  // namespace isl_cli_test
