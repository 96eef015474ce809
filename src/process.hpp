// Running the tools a build needs (cmake, the site program) as child processes.
#pragma once

#include <string>
#include <vector>

namespace isl::cli {

struct ProcessResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together, when captured
};

// Runs `argv` (argv[0] looked up in PATH) and waits. With `capture`, collects its output;
// otherwise it goes to this terminal.
ProcessResult run_process(const std::vector<std::string>& argv, bool capture);

// Replaces this process with `argv` (signals then reach the program directly).
[[noreturn]] void exec_process(const std::vector<std::string>& argv);

// The last `count` lines of a tool's output, each indented on a line of its own: for an
// error message that says why the tool failed.
std::string tail_lines(const std::string& output, std::size_t count);

// The folder of the running `isl` executable.
std::string self_directory();

}  // namespace isl::cli
