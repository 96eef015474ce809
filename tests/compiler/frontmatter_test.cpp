#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.hpp"

namespace isl::compiler {
namespace {

using testing::parse;

TEST(Frontmatter, SplitsEveryKindOfPart) {
  auto p = parse(R"(---
import Card from "../components/Card.isl";
import Other from './Other.isl'
#include "lib/catalog.hpp"
#include <vector>

struct Props {
  std::string productId;          // required
  int max = 10;                   // optional
  std::optional<std::string> note;
  std::vector<int> list{1, 2};
};

export constexpr int kLimit = 3;
export int helper(int x) { return x + kLimit; }
export struct Item { int a; };

auto stock = catalog::check(props.productId);
if (stock.ok) {
  stock.n = 1;
} else {
  stock.n = 2;
}
---
<p>{stock.n}</p>
)");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  const auto& fm = p.ast.frontmatter;
  ASSERT_EQ(fm.imports.size(), 2u);
  EXPECT_EQ(fm.imports[0].name, "Card");
  EXPECT_EQ(fm.imports[0].path, "../components/Card.isl");
  EXPECT_EQ(fm.imports[1].path, "./Other.isl");
  ASSERT_EQ(fm.includes.size(), 2u);
  EXPECT_EQ(fm.includes[1].text, "#include <vector>\n");
  ASSERT_TRUE(fm.props.has_value());
  ASSERT_EQ(fm.members.size(), 4u);
  EXPECT_EQ(fm.members[0].name, "productId");
  EXPECT_TRUE(fm.members[0].required);
  EXPECT_EQ(fm.members[1].name, "max");
  EXPECT_FALSE(fm.members[1].required);
  EXPECT_EQ(fm.members[2].name, "note");
  EXPECT_FALSE(fm.members[2].required) << "std::optional is never required";
  EXPECT_EQ(fm.members[3].name, "list");
  EXPECT_FALSE(fm.members[3].required);
  ASSERT_EQ(fm.exports.size(), 3u);
  EXPECT_EQ(fm.exports[1].text, "int helper(int x) { return x + kLimit; }");
  EXPECT_EQ(fm.exports[2].text, "struct Item { int a; };");
  ASSERT_EQ(fm.body.size(), 1u);
  EXPECT_NE(fm.body[0].text.find("} else {"), std::string::npos);
  // The chunk starts where the previous statement ended; its own newlines carry it to the
  // line of its first statement, so #line at the chunk's offset maps every line.
  const auto& body = fm.body[0];
  auto lead = body.text.find("auto stock");
  auto newlines = std::count(body.text.begin(), body.text.begin() + static_cast<long>(lead), '\n');
  EXPECT_EQ(p.file->position(body.offset).line + newlines, 18u);
  EXPECT_TRUE(fm.prerender);
}

TEST(Frontmatter, ReadsPrerenderAndGetStaticPaths) {
  auto p = parse(R"(---
export constexpr bool prerender = false;
export std::vector<isl::Params> getStaticPaths() {
  return {{{"id", "1"}}, {{"id", "2"}}};
}
auto x = ctx.param("id");
---
<p>{x}</p>)");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  EXPECT_FALSE(p.ast.frontmatter.prerender);
  EXPECT_TRUE(p.ast.frontmatter.has_static_paths);
  ASSERT_EQ(p.ast.frontmatter.exports.size(), 2u);
  EXPECT_EQ(p.ast.frontmatter.body.size(), 1u);
}

TEST(Frontmatter, PrerenderMustBeALiteral) {
  auto p = parse("---\nexport constexpr bool prerender = kDev;\n---\n<p></p>");
  ASSERT_EQ(p.diags.size(), 1u);
  EXPECT_NE(p.diags.list()[0].message.find("prerender"), std::string::npos);
  EXPECT_EQ(p.diags.list()[0].position.line, 2u);
}

TEST(Frontmatter, ReadsStreamIslands) {
  auto p = parse("---\nexport constexpr bool stream_islands = true;\n---\n<p></p>");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  EXPECT_TRUE(p.ast.frontmatter.stream_islands);
  EXPECT_TRUE(p.ast.frontmatter.prerender) << "independent of prerender";
  EXPECT_FALSE(parse("---\nauto x = 1;\n---\n<p></p>").ast.frontmatter.stream_islands);
  auto bad = parse("---\nexport constexpr bool stream_islands = kOn;\n---\n<p></p>");
  ASSERT_EQ(bad.diags.size(), 1u);
  EXPECT_NE(bad.diags.list()[0].message.find("stream_islands"), std::string::npos);
  EXPECT_EQ(bad.diags.list()[0].position.line, 2u);
}

TEST(Frontmatter, LambdasAndBracedInitializersStayWhole) {
  auto p = parse(R"(---
auto f = [&](int a) { return a * 2; };
std::vector<int> v = {1, 2, 3};
struct Local { int x; };
export auto twice = [](int a) { return a * 2; };
try { f(1); } catch (const std::exception& e) { (void)e; }
---
)");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  ASSERT_EQ(p.ast.frontmatter.exports.size(), 1u);
  EXPECT_EQ(p.ast.frontmatter.exports[0].text, "auto twice = [](int a) { return a * 2; };");
  std::string body;
  for (const auto& chunk : p.ast.frontmatter.body) body += chunk.text;
  EXPECT_NE(body.find("struct Local { int x; };"), std::string::npos);
  EXPECT_NE(body.find("catch (const std::exception& e)"), std::string::npos);
}

TEST(Frontmatter, BadImportIsReportedAtTheImport) {
  auto p = parse("---\nimport Card \"./Card.isl\";\nimport X from \"./x.hpp\";\n---\n");
  ASSERT_EQ(p.diags.size(), 2u) << p.diags.format();
  EXPECT_EQ(p.diags.list()[0].position.line, 2u);
  EXPECT_NE(p.diags.list()[0].message.find("bad import"), std::string::npos);
  EXPECT_EQ(p.diags.list()[1].position.line, 3u);
  EXPECT_NE(p.diags.list()[1].message.find("not an .isl file"), std::string::npos);
}

TEST(Frontmatter, UnclosedFrontmatter) {
  auto p = parse("---\nint x = 1;\n<p>{x}</p>\n");
  ASSERT_FALSE(p.diags.empty());
  EXPECT_EQ(p.diags.list()[0].position.line, 1u);
}

TEST(Frontmatter, NoFrontmatterMeansTemplateOnly) {
  auto p = parse("<p>hi</p>");
  EXPECT_TRUE(p.diags.empty());
  EXPECT_FALSE(p.ast.frontmatter.present);
  ASSERT_EQ(p.ast.nodes.size(), 1u);
}

TEST(Frontmatter, PropsWithMemberFunctionsAndAccessSpecifiers) {
  auto p = parse(R"(---
struct Props {
 public:
  std::string a;
  int total() const { return 1; }
  static constexpr int kMax = 3;
  std::map<std::string, int> m = {{"x", 1}};
};
---
)");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  ASSERT_EQ(p.ast.frontmatter.members.size(), 2u);
  EXPECT_EQ(p.ast.frontmatter.members[0].name, "a");
  EXPECT_EQ(p.ast.frontmatter.members[1].name, "m");
  EXPECT_FALSE(p.ast.frontmatter.members[1].required);
}

}  // namespace
}  // namespace isl::compiler
