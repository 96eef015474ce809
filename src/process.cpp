#include "process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace isl::cli {
namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const auto& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, bool capture) {
  int pipefd[2] = {-1, -1};
  if (capture && pipe(pipefd) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (capture) {
      dup2(pipefd[1], 1);
      dup2(pipefd[1], 2);
      close(pipefd[0]);
      close(pipefd[1]);
    }
    auto args = c_argv(argv);
    execvp(args[0], args.data());
    std::fprintf(stderr, "isl: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  ProcessResult result;
  if (capture) {
    close(pipefd[1]);
    std::array<char, 65536> buf;
    for (;;) {
      ssize_t n = read(pipefd[0], buf.data(), buf.size());
      if (n > 0) result.output.append(buf.data(), static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR) break;
    }
    close(pipefd[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

void exec_process(const std::vector<std::string>& argv) {
  auto args = c_argv(argv);
  execvp(args[0], args.data());
  throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(errno));
}

std::string self_directory() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
}

std::string tail_lines(const std::string& output, std::size_t count) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) out += "\n  " + lines[i];
  return out;
}

}  // namespace isl::cli
