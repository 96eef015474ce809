// Golden diagnostics: each folder under golden/errors is a site whose templates have
// mistakes; expected.txt holds what the compiler must say, exactly. Regenerate after a
// deliberate change with ISL_UPDATE_GOLDEN=1, then read the diff before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/site_compiler.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {
namespace {

const fs::path kGolden = fs::path(ISL_SOURCE_DIR) / "tests/compiler/golden/errors";

std::vector<std::string> cases() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kGolden))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

class GoldenErrors : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenErrors, DiagnosticsMatchExpected) {
  fs::path dir = kGolden / GetParam();
  testing::TempDir out;
  SiteCompileOptions options;
  options.site_dir = dir;
  options.out_dir = out.path();
  options.display_base = dir;
  std::string actual = compile_site(options).diagnostics.format(false);
  ASSERT_FALSE(actual.empty()) << "a golden error case must fail";
  fs::path expected_file = dir / "expected.txt";
  if (std::getenv("ISL_UPDATE_GOLDEN")) std::ofstream(expected_file) << actual;
  std::ifstream in(expected_file);
  ASSERT_TRUE(in) << "missing " << expected_file << " (run with ISL_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str());
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenErrors, ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace isl::compiler
