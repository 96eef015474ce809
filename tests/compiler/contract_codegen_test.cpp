// What the generated code must say for the contract: attributes come out as written
// (single quotes kept), prop values sit at their .isl line and column, a prop whose type
// the .isl compiler cannot see through is checked by the C++ compiler, 500.isl is
// prerendered.
#include <gtest/gtest.h>

#include "compiler/site_compiler.hpp"
#include "test_support.hpp"

namespace isl::compiler {
namespace {

using testing::TempDir;

SiteCompileResult compile(const TempDir& dir) {
  SiteCompileOptions options;
  options.site_dir = dir.path();
  options.out_dir = dir.path() / "gen";
  options.display_base = dir.path();
  return compile_site(options);
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Attributes, SingleQuotedValuesHoldingDoubleQuotesKeepTheirQuotes) {
  TempDir dir;
  dir.write("src/components/Tip.isl", "<b data-x='a \"b\"' data-y=\"c\" data-z=d\"e'f>tip</b>\n");
  dir.write("src/pages/index.isl",
            "---\nimport Tip from \"../components/Tip.isl\";\n---\n<p title='say \"hi\"'>x</p>\n"
            "<Tip server:defer><i slot=\"fallback\" title='q \"r\"'>...</i></Tip>\n"
            "<script src='/a.js' data-q='\"'></script>\n");
  auto r = compile(dir);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  const std::string page = read(dir.path() / "gen/pages/index.isl.cpp");
  EXPECT_NE(page.find(R"(<p title='say \"hi\"'>)"), std::string::npos) << page;
  EXPECT_NE(page.find(R"(<i title='q \"r\"'>)"), std::string::npos) << page;
  EXPECT_NE(page.find(R"(<script src=\"/a.js\" data-q='\"'>)"), std::string::npos) << page;
  const std::string island = read(dir.path() / "gen/components/Tip.isl.cpp");
  EXPECT_NE(island.find(R"(<b data-x='a \"b\"' data-y=\"c\" data-z=\"d&quot;e'f\">)"), std::string::npos) << island;
}

TEST(Props, TextAndExpressionValuesSitAtTheirColumn) {
  TempDir dir;
  dir.write("src/components/Card.isl", "---\nstruct Props {\n  int count = 1;\n  int size = 2;\n};\n---\n<p />\n");
  dir.write("src/pages/index.isl",
            "---\nimport Card from \"../components/Card.isl\";\n---\n<main>\n  <Card count=\"3\"\n        size={4 + 1} />\n"
            "</main>\n");
  auto r = compile(dir);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  const std::string page = read(dir.path() / "gen/pages/index.isl.cpp");
  const std::string file = "\"" + (dir.path() / "src/pages/index.isl").lexically_normal().generic_string() + "\"";
  // `count="3"`: the literal at the opening quote, line 5 column 15.
  EXPECT_NE(page.find(".count = \n#line 5 " + file + "\n" + std::string(14, ' ') + "\"3\""), std::string::npos) << page;
  // `size={4 + 1}`: the expression at line 6 column 15.
  EXPECT_NE(page.find(".size = \n#line 6 " + file + "\n" + std::string(14, ' ') + "4 + 1"), std::string::npos) << page;
}

TEST(Props, AMemberOfAUsersTypeLeftOutIsCheckedByTheCppCompilerAtTheUse) {
  TempDir dir;
  dir.write("src/components/Opt.isl",
            "---\nexport using MaybeCount = std::optional<int>;\nstruct Props {\n  MaybeCount count;\n"
            "  std::string title;\n  const int size;\n  std::optional<int> plain;\n};\n---\n<p />\n");
  dir.write("src/pages/index.isl", "---\nimport Opt from \"../components/Opt.isl\";\n---\n<Opt />\n");
  auto r = compile(dir);
  // The .isl compiler knows std::string and const int: required, reported at once.
  const std::string text = r.diagnostics.format();
  EXPECT_EQ(r.diagnostics.size(), 2u) << text;
  EXPECT_NE(text.find("src/pages/index.isl:4:1: error: <Opt> is missing the required prop 'title'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("is missing the required prop 'size'"), std::string::npos) << text;
  EXPECT_EQ(text.find("'count'"), std::string::npos) << "an alias may name a std::optional\n" << text;

  dir.write("src/pages/index.isl", "---\nimport Opt from \"../components/Opt.isl\";\n---\n<Opt title=\"t\" size={1} />\n");
  r = compile(dir);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  const std::string page = read(dir.path() / "gen/pages/index.isl.cpp");
  EXPECT_NE(page.find("static_assert(\n#line 4 "), std::string::npos) << page;
  EXPECT_NE(page.find("isl::detail::may_be_left_out<decltype(isl_c::Props::count)>, \"<Opt> is missing the required "
                      "prop 'count'"),
            std::string::npos)
      << page;
  EXPECT_EQ(page.find("Props::plain"), std::string::npos) << page;
}

TEST(Pages, The500PageIsPrerendered) {
  TempDir dir;
  dir.write("src/pages/500.isl", "---\nexport constexpr bool prerender = false;\n---\n<h1>broke</h1>\n");
  auto r = compile(dir);
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.format();
  EXPECT_NE(r.diagnostics.format().find("src/pages/500.isl:2:"),
            std::string::npos)
      << r.diagnostics.format();
  EXPECT_NE(r.diagnostics.format().find("error: src/pages/500.isl is rendered at build time"), std::string::npos);
}

}  // namespace
}  // namespace isl::compiler
