#include "compiler/site_compiler.hpp"

#include <gtest/gtest.h>

#include <sstream>

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

const char* kCard = R"(---
struct Props {
  std::string heading;
  int count = 1;
};
---
<section class="card"><h2>{props.heading}</h2><slot /></section>
<style>h2 { color: red; }</style>
)";

TEST(SiteCompiler, UnknownComponentAndUnknownProp) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/pages/index.isl", "---\nimport Card from \"../components/Card.isl\";\n---\n<Card heading=\"a\"\n  colour=\"red\" />\n<Badge />\n");
  auto r = compile(dir);
  ASSERT_EQ(r.diagnostics.size(), 2u) << r.diagnostics.format();
  std::string text = r.diagnostics.format();
  EXPECT_NE(text.find("src/pages/index.isl:5:3: error: unknown prop 'colour' for <Card>"), std::string::npos) << text;
  EXPECT_NE(text.find("src/pages/index.isl:6:1: error: unknown component <Badge>"), std::string::npos) << text;
}

TEST(SiteCompiler, MissingRequiredPropAtTheUse) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/pages/index.isl", "---\nimport Card from \"../components/Card.isl\";\n---\n<main>\n  <Card count={2} />\n</main>\n");
  auto r = compile(dir);
  ASSERT_EQ(r.diagnostics.size(), 1u) << r.diagnostics.format();
  EXPECT_NE(r.diagnostics.format().find("index.isl:5:3: error: <Card> is missing the required prop 'heading'"),
            std::string::npos)
      << r.diagnostics.format();
}

TEST(SiteCompiler, DuplicateSlotFillAndBadImport) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/pages/index.isl",
            "---\nimport Card from \"../components/Card.isl\";\nimport Gone from \"./Gone.isl\";\n---\n"
            "<Card heading=\"x\"><p slot=\"a\">1</p><p slot=\"a\">2</p></Card>\n");
  auto r = compile(dir);
  std::string text = r.diagnostics.format();
  ASSERT_EQ(r.diagnostics.size(), 2u) << text;
  EXPECT_NE(text.find("index.isl:3:18: error: bad import: cannot find \"./Gone.isl\""), std::string::npos) << text;
  EXPECT_NE(text.find("slot \"a\" is filled twice"), std::string::npos) << text;
}

TEST(SiteCompiler, IslandsAreTheDeferredComponents) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/components/Plain.isl", "<p>plain</p>");
  dir.write("src/pages/index.isl",
            "---\nimport Card from \"../components/Card.isl\";\nimport Plain from \"../components/Plain.isl\";\n---\n"
            "<Card heading=\"x\" server:defer /><Plain />\n");
  auto r = compile(dir);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  EXPECT_EQ(r.pages, 1u);
  EXPECT_EQ(r.components, 2u);
  ASSERT_EQ(r.island_names.size(), 1u);
  EXPECT_EQ(r.island_names[0], "Card");
  std::string page = read(dir.path() / "gen/pages/index.isl.cpp");
  EXPECT_NE(page.find("render_island(ctx, isl_out, \"Card\""), std::string::npos) << page;
  std::string card = read(dir.path() / "gen/components/Card.isl.cpp");
  EXPECT_NE(card.find("isl_island_render"), std::string::npos);
  std::string plain = read(dir.path() / "gen/components/Plain.isl.cpp");
  EXPECT_EQ(plain.find("isl_island_render"), std::string::npos);
}

TEST(SiteCompiler, GeneratedCodeMapsUserCppToTemplateLines) {
  TempDir dir;
  dir.write("src/pages/index.isl", "---\nint answer = 42;\n---\n<p>\n  {answer + 1}\n</p>\n");
  auto r = compile(dir);
  ASSERT_TRUE(r.ok()) << r.diagnostics.format();
  std::string page = read(dir.path() / "gen/pages/index.isl.cpp");
  std::string abs = (dir.path() / "src/pages/index.isl").lexically_normal().generic_string();
  EXPECT_NE(page.find("#line 5 \"" + abs + "\"\n   answer + 1"), std::string::npos) << page;
  EXPECT_NE(page.find("#line 2 \"" + abs + "\""), std::string::npos) << page;
}

// The #include lines of a generated file, in order.
std::vector<std::string> includes_of(const std::string& code) {
  std::vector<std::string> found;
  std::istringstream in(code);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("#include", 0) == 0) found.push_back(line);
  return found;
}

TEST(SiteCompiler, GeneratedHeadersIncludeOnlyLightHeaders) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/components/Price.isl", "---\n#include \"lib/money.hpp\"\n---\n<b>price</b>\n");
  dir.write("src/pages/index.isl",
            "---\nimport Card from \"../components/Card.isl\";\nimport Price from \"../components/Price.isl\";\n---\n"
            "<Card heading=\"x\" /><Price />\n");
  ASSERT_TRUE(compile(dir).ok());
  // A header includes isl/component.hpp and the author's own #include lines, nothing more:
  // every template that uses the component pays for what its header includes.
  EXPECT_EQ(includes_of(read(dir.path() / "gen/components/Card.isl.hpp")),
            std::vector<std::string>{"#include <isl/component.hpp>"});
  EXPECT_EQ(includes_of(read(dir.path() / "gen/components/Price.isl.hpp")),
            (std::vector<std::string>{"#include <isl/component.hpp>", "#include \"lib/money.hpp\""}));
  // A source includes its own header and those of the components it uses.
  EXPECT_EQ(includes_of(read(dir.path() / "gen/pages/index.isl.cpp")),
            (std::vector<std::string>{"#include \"pages/index.isl.hpp\"", "#include \"components/Card.isl.hpp\"",
                                      "#include \"components/Price.isl.hpp\""}));
}

TEST(SiteCompiler, UnchangedOutputsAreNotRewritten) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/pages/index.isl", "---\nimport Card from \"../components/Card.isl\";\n---\n<Card heading=\"x\" />\n");
  auto first = compile(dir);
  ASSERT_TRUE(first.ok());
  EXPECT_GT(first.files_written, 0u);
  EXPECT_EQ(compile(dir).files_written, 0u);
  dir.write("src/pages/index.isl", "---\nimport Card from \"../components/Card.isl\";\n---\n<Card heading=\"y\" />\n");
  EXPECT_EQ(compile(dir).files_written, 1u) << "only the page's source changes";
}

TEST(SiteCompiler, ScopedStylesMarkElementsAndReachThePageStylesheet) {
  TempDir dir;
  dir.write("src/components/Card.isl", kCard);
  dir.write("src/pages/index.isl", "---\nimport Card from \"../components/Card.isl\";\n---\n<Card heading=\"x\" server:defer />\n<style is:global>body{margin:0}</style>\n");
  ASSERT_TRUE(compile(dir).ok());
  std::string card = read(dir.path() / "gen/components/Card.isl.cpp");
  EXPECT_NE(card.find("data-isl-"), std::string::npos);
  std::string table = read(dir.path() / "gen/site.gen.cpp");
  EXPECT_NE(table.find("h2:where([data-isl-"), std::string::npos) << table;
  EXPECT_NE(table.find("body{margin:0}"), std::string::npos) << table;
}

TEST(SiteCompiler, DynamicPrerenderedPageNeedsStaticPaths) {
  TempDir dir;
  dir.write("src/pages/blog/[slug].isl", "<p>{ctx.param(\"slug\")}</p>");
  auto r = compile(dir);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics.format().find("getStaticPaths"), std::string::npos);
}

}  // namespace
}  // namespace isl::compiler
