// Compile-fail cases (askama's UI tests are the model): each folder under
// tests/golden/compile-fail is a site the .isl compiler accepts and the C++ compiler does
// not. Its pages/index.isl.cpp is checked with the site's compiler and flags
// (-fsyntax-only: one compiler run a case) and expected.txt holds the compiler's errors and
// the "required from here" lines, paths relative to the case, so that every C++ error is
// seen at its .isl line and column. Regenerate with ISL_UPDATE_GOLDEN=1, read the diff.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/site_compiler.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {
namespace {

const fs::path kCases = fs::path(ISL_SOURCE_DIR) / "tests/golden/compile-fail";

std::vector<std::string> cases() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "cannot run " + command;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

// The lines that say where and what: errors, and the use that instantiated a template.
std::string errors_of(const std::string& output) {
  std::istringstream in(output);
  std::string line, kept;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ' ') continue;  // the quoted source line and its caret
    if (line.find(": error: ") != std::string::npos || line.ends_with("required from here")) kept += line + "\n";
  }
  return kept;
}

std::string quoted(const fs::path& p) { return "'" + p.generic_string() + "'"; }

class CompileFail : public ::testing::TestWithParam<std::string> {};

TEST_P(CompileFail, CppErrorsAreReportedAtTheIslLine) {
  const fs::path dir = fs::absolute(kCases / GetParam()).lexically_normal();
  testing::TempDir out;
  SiteCompileOptions options;
  options.site_dir = dir;
  options.out_dir = out.path();
  options.display_base = dir;
  auto result = compile_site(options);
  ASSERT_TRUE(result.ok()) << "the .isl compiler must accept a compile-fail case:\n"
                           << result.diagnostics.format(false);
  const fs::path include = fs::path(ISL_SOURCE_DIR) / "include";
  // As isl_add_site() compiles a template: C++20, the generated folder and src/ on the path.
  // LC_ALL=C: the compiler quotes with ' whatever the machine's locale.
  std::string output = run("LC_ALL=C " + std::string(ISL_CXX_COMPILER) + " -std=c++20 -fsyntax-only -fno-diagnostics-color -I" +
                           quoted(include) + " -I" + quoted(out.path()) + " -I" + quoted(dir / "src") + " " +
                           quoted(out.path() / "pages/index.isl.cpp") + " 2>&1");
  std::string actual = errors_of(output);
  ASSERT_FALSE(actual.empty()) << "a compile-fail case must fail to compile:\n" << output;
  replace_all(actual, dir.generic_string() + "/", "");
  replace_all(actual, out.path().generic_string() + "/", "gen/");
  replace_all(actual, fs::absolute(include).lexically_normal().generic_string() + "/", "include/");
  const fs::path expected_file = dir / "expected.txt";
  if (std::getenv("ISL_UPDATE_GOLDEN")) std::ofstream(expected_file) << actual;
  std::ifstream in(expected_file);
  ASSERT_TRUE(in) << "missing " << expected_file << " (run with ISL_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << output;
}

INSTANTIATE_TEST_SUITE_P(compile_fail, CompileFail, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string name = info.param;
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
});

}  // namespace
}  // namespace isl::compiler
