// `isl dev`: build, serve, and on every saved change rebuild, restart the server and
// reload the open pages; a failed build shows in the terminal and over the page.
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.hpp"
#include "dev_error_server.hpp"
#include "site_paths.hpp"

namespace fs = std::filesystem;

namespace isl::cli {
namespace {

volatile sig_atomic_t stop_requested = 0;
void on_signal(int) { stop_requested = 1; }

// Watches every folder under the given roots, including folders created later.
class Watcher {
 public:
  Watcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0) throw std::runtime_error(std::string("inotify: ") + std::strerror(errno));
  }
  ~Watcher() { close(fd_); }

  void add_tree(const fs::path& root) {
    if (!fs::is_directory(root)) return;
    add(root);
    for (const auto& e : fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied))
      if (e.is_directory()) add(e.path());
  }

  // Waits up to `timeout_ms` for changes; true when a relevant file changed.
  bool wait(int timeout_ms) {
    pollfd pfd{fd_, POLLIN, 0};
    if (poll(&pfd, 1, timeout_ms) <= 0) return false;
    bool changed = false;
    alignas(inotify_event) char buf[16384];
    for (;;) {
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + ev->len;
        std::string name = ev->len ? ev->name : "";
        if (!name.empty() && (name[0] == '.' || name.back() == '~' || name.find(".swp") != std::string::npos))
          continue;  // editors' temporary files
        auto dir = dirs_.find(ev->wd);
        if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && dir != dirs_.end())
          add_tree(dir->second / name);
        changed = true;
      }
    }
    return changed;
  }

 private:
  void add(const fs::path& dir) {
    int wd = inotify_add_watch(fd_, dir.c_str(), IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO);
    if (wd >= 0) dirs_[wd] = dir;
  }
  int fd_;
  std::map<int, fs::path> dirs_;
};

void write_state(const SitePaths& paths, int build, const std::string& error) {
  fs::create_directories(paths.work);  // a first build can fail before it made .isl/
  nlohmann::json state = {{"build", build}, {"error", error}};
  fs::path tmp = paths.work / "dev-state.json.tmp";
  std::ofstream(tmp) << state.dump();
  fs::rename(tmp, paths.work / "dev-state.json");
}

pid_t start_server(const SitePaths& paths, const DevOptions& options) {
  std::vector<std::string> argv = {paths.program().string()};
  const char* env = std::getenv("ISL_KEY");
  if (!(env && *env)) argv.insert(argv.end(), {"--key-file", paths.dev_key.string()});
  argv.insert(argv.end(), {"serve", "--dist", paths.dist.string(), "--host", options.host, "--port",
                           std::to_string(options.port), "--dev-state", (paths.work / "dev-state.json").string()});
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void stop_server(pid_t& pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {  // up to 5 s, then no more waiting
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  pid = -1;
}

}  // namespace

int dev_command(const DevOptions& options) {
  SitePaths paths(options.site);
  if (!fs::is_directory(paths.src)) {
    std::cerr << "error: " << paths.site.string() << " has no src/ folder\n";
    return 1;
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  Watcher watcher;
  watcher.add_tree(paths.src);
  watcher.add_tree(paths.public_dir);

  int build = 0;
  pid_t server = -1;
  std::unique_ptr<DevErrorServer> error_page;  // until a first build succeeds
  auto rebuild = [&] {
    std::string errors;
    BuildOptions b;
    b.site = paths.site.string();
    b.color = isatty(2) != 0;
    b.dev_client = true;
    b.errors = &errors;
    bool ok = build_command(b) == 0;
    if (!ok && !fs::exists(paths.program())) {
      write_state(paths, build, errors);
      try {
        if (error_page) error_page->set_errors(errors);
        else error_page = std::make_unique<DevErrorServer>(options.host, options.port, errors);
        std::cout << "isl dev: the build failed; http://" << options.host << ":" << options.port
                  << " shows the errors until a build succeeds" << std::endl;
      } catch (const std::exception& e) {
        std::cerr << "isl dev: cannot serve the error page: " << e.what() << "\n";
      }
      return;
    }
    if (ok) {
      ++build;
      error_page.reset();  // frees the port for the site program
      stop_server(server);
      write_state(paths, build, "");
      server = start_server(paths, options);
      std::cout << "isl dev: serving http://" << options.host << ":" << options.port << "  (build " << build
                << "; watching src/ and public/)" << std::endl;
    } else {
      write_state(paths, build, errors);
      std::cout << "isl dev: the build failed; still serving the last good one, the browser shows the errors"
                << std::endl;
    }
  };
  rebuild();
  if (server < 0 && !fs::exists(paths.program())) std::cout << "isl dev: fix the errors above; watching for changes" << std::endl;
  if (server < 0 && fs::exists(paths.program())) server = start_server(paths, options);
  while (!stop_requested) {
    if (!watcher.wait(500)) {
      int status = 0;
      if (server > 0 && waitpid(server, &status, WNOHANG) == server) {
        std::cerr << "isl dev: the server stopped (exit " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1)
                  << "); it restarts on the next change\n";
        server = -1;
      }
      continue;
    }
    // Let a burst of saves settle, then build once. An editor's save (a write, or a
    // write and a rename) is a few events within a millisecond or two.
    while (watcher.wait(30)) {}
    rebuild();
  }
  stop_server(server);
  return 0;
}

}  // namespace isl::cli
