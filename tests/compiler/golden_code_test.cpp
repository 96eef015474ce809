// Golden generated code: each folder under tests/golden/code is a site; expected/ holds
// every file the compiler writes for it, exactly (the case folder's absolute path reads
// @CASE@, the output folder's @OUT@). A change to generated code shows up as a diff of these files in review.
// Regenerate after a deliberate change with ISL_UPDATE_GOLDEN=1, then read the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/site_compiler.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {
namespace {

const fs::path kCases = fs::path(ISL_SOURCE_DIR) / "tests/golden/code";

std::vector<std::string> cases() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// Every regular file under `dir`, by its path relative to it.
std::map<std::string, std::string> files_under(const fs::path& dir, const std::string& case_path = "",
                                               const std::string& out_path = "") {
  std::map<std::string, std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string content = read(e.path());
    if (!out_path.empty()) replace_all(content, out_path, "@OUT@");
    if (!case_path.empty()) replace_all(content, case_path, "@CASE@");
    files[fs::relative(e.path(), dir).generic_string()] = std::move(content);
  }
  return files;
}

// Every `#line N "<the file itself>"` must give the line after it its true number N.
void expect_lines_switch_back(const std::string& name, const std::string& content) {
  const std::string self = "\"@OUT@/" + name + "\"";
  std::istringstream in(content);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.rfind("#line ", 0) != 0 || line.find(self) == std::string::npos) continue;
    EXPECT_EQ(line.substr(6, line.find(' ', 6) - 6), std::to_string(number + 1)) << name << ":" << number;
  }
}

class GoldenCode : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCode, GeneratedFilesMatchExpected) {
  const fs::path dir = kCases / GetParam();
  testing::TempDir out;
  SiteCompileOptions options;
  options.site_dir = dir;
  options.out_dir = out.path();
  options.display_base = dir;
  auto result = compile_site(options);
  ASSERT_TRUE(result.ok()) << "a golden code case must compile:\n" << result.diagnostics.format(false);
  const auto actual = files_under(out.path(), fs::absolute(dir).lexically_normal().generic_string(),
                                  fs::absolute(out.path()).lexically_normal().generic_string());
  const fs::path expected_dir = dir / "expected";
  if (std::getenv("ISL_UPDATE_GOLDEN")) {
    fs::remove_all(expected_dir);
    for (const auto& [name, content] : actual) {
      fs::create_directories((expected_dir / name).parent_path());
      std::ofstream(expected_dir / name, std::ios::binary) << content;
    }
  }
  const auto expected = files_under(expected_dir);
  ASSERT_FALSE(expected.empty()) << "missing " << expected_dir << " (run with ISL_UPDATE_GOLDEN=1)";
  for (const auto& [name, content] : expected) {
    auto it = actual.find(name);
    if (it == actual.end()) {
      ADD_FAILURE() << name << " is no longer generated";
      continue;
    }
    EXPECT_EQ(it->second, content) << "in " << name;
  }
  for (const auto& [name, content] : actual) {
    EXPECT_TRUE(expected.count(name)) << name << " is generated but not in expected/";
    expect_lines_switch_back(name, content);
  }
}

INSTANTIATE_TEST_SUITE_P(golden, GoldenCode, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string name = info.param;
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
});

}  // namespace
}  // namespace isl::compiler
