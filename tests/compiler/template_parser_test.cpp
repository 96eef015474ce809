#include <gtest/gtest.h>

#include "test_support.hpp"

namespace isl::compiler {
namespace {

using testing::parse;

const Node& only_element(const Nodes& nodes) {
  for (const auto& n : nodes)
    if (n.kind != NodeKind::text) return n;
  throw std::runtime_error("no element");
}

TEST(TemplateParser, ExpressionsWithBracesInside) {
  auto p = parse(R"(<p>{std::map<std::string,int>{{"x",1}}.size()} {"}"} {'{'}</p>)");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  const Node& para = only_element(p.ast.nodes);
  std::vector<std::string> exprs;
  for (const auto& c : para.children)
    if (c.kind == NodeKind::expression) exprs.push_back(c.text);
  ASSERT_EQ(exprs.size(), 3u);
  EXPECT_EQ(exprs[0], R"(std::map<std::string,int>{{"x",1}}.size())");
  EXPECT_EQ(exprs[1], R"("}")");
  EXPECT_EQ(exprs[2], "'{'");
}

TEST(TemplateParser, AttributesOfEveryKind) {
  auto p = parse(R"(<Card tags={{}} title="a {b}" count={n + 1} server:defer data-x='q' />)");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  const Node& card = only_element(p.ast.nodes);
  EXPECT_EQ(card.kind, NodeKind::component);
  ASSERT_EQ(card.attributes.size(), 5u);
  EXPECT_EQ(card.attributes[0].value, "{}");
  EXPECT_EQ(card.attributes[0].kind, Attribute::Kind::expression);
  EXPECT_EQ(card.attributes[1].value, "a {b}") << "quoted values are text";
  EXPECT_EQ(card.attributes[2].value, "n + 1");
  EXPECT_EQ(card.attributes[3].kind, Attribute::Kind::bare);
  EXPECT_EQ(card.attributes[4].value, "q");
}

TEST(TemplateParser, ForWithInitStatementAndEmpty) {
  auto p = parse("{#for std::size_t i = 0; const auto& x : xs}<li>{i}{x}</li>{:empty}<li>none</li>{/for}");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  const Node& loop = p.ast.nodes[0];
  ASSERT_EQ(loop.kind, NodeKind::for_block);
  EXPECT_EQ(loop.loop_head, "std::size_t i = 0; const auto& x : xs");
  EXPECT_TRUE(loop.branches.empty());
  EXPECT_TRUE(loop.has_empty);
  EXPECT_EQ(loop.empty.size(), 1u);
}

TEST(TemplateParser, IfElseIfElse) {
  auto p = parse("{#if a > 1}x{:else if b}y{:else}z{/if}");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  const Node& n = p.ast.nodes[0];
  ASSERT_EQ(n.branches.size(), 3u);
  EXPECT_EQ(n.branches[0].condition, "a > 1");
  EXPECT_EQ(n.branches[1].condition, "b");
  EXPECT_EQ(n.branches[2].condition, "");
}

TEST(TemplateParser, StyleAndScriptBodiesAreRawText) {
  auto p = parse("<style>.a { color: red; } {notexpr}</style><script>if (a) { b(); }</script>");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  ASSERT_EQ(p.ast.nodes.size(), 2u);
  EXPECT_TRUE(p.ast.nodes[0].raw_text);
  EXPECT_EQ(p.ast.nodes[0].children[0].text, ".a { color: red; } {notexpr}");
  EXPECT_EQ(p.ast.nodes[1].children[0].text, "if (a) { b(); }");
}

TEST(TemplateParser, TemplateCommentIsDropped) {
  auto p = parse("a{/* not written {#if} */}b<!-- kept -->");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  ASSERT_EQ(p.ast.nodes.size(), 2u);
  EXPECT_EQ(p.ast.nodes[0].text, "ab");
  EXPECT_EQ(p.ast.nodes[1].kind, NodeKind::comment);
}

TEST(TemplateParser, VoidElementsAndDoctype) {
  auto p = parse("<!doctype html><br><img src=\"a\"><input disabled /><p>x</p>");
  ASSERT_TRUE(p.diags.empty()) << p.diags.format();
  // The doctype is markup as written; a void element closes itself, so <p> is a sibling.
  ASSERT_EQ(p.ast.nodes.size(), 5u);
  EXPECT_NE(p.ast.nodes[0].kind, NodeKind::element);
  EXPECT_EQ(p.ast.nodes[0].text, "<!doctype html>");
  const char* names[] = {"br", "img", "input", "p"};
  for (std::size_t i = 0; i < 4; ++i) {
    const Node& n = p.ast.nodes[i + 1];
    EXPECT_EQ(n.kind, NodeKind::element) << names[i];
    EXPECT_EQ(n.text, names[i]);
    EXPECT_EQ(n.children.size(), i == 3 ? 1u : 0u) << names[i];
  }
  EXPECT_EQ(p.ast.nodes[2].attributes.at(0).value, "a");
  EXPECT_EQ(p.ast.nodes[3].attributes.at(0).kind, Attribute::Kind::bare);
}

TEST(TemplateParser, UnclosedIfIsReportedAtTheIf) {
  auto p = parse("<html>\n<body>\n{#if open}\n<p>open</p>\n</body>\n</html>\n");
  ASSERT_EQ(p.diags.size(), 1u) << p.diags.format();
  EXPECT_EQ(p.diags.list()[0].position.line, 3u);
  EXPECT_EQ(p.diags.list()[0].position.column, 1u);
  EXPECT_NE(p.diags.list()[0].message.find("{#if}"), std::string::npos);
}

TEST(TemplateParser, UnclosedTagIsReportedAtTheOpener) {
  auto p = parse("<div>\n  <p>text\n</div>");
  ASSERT_EQ(p.diags.size(), 1u) << p.diags.format();
  EXPECT_EQ(p.diags.list()[0].position.line, 2u);
  EXPECT_EQ(p.diags.list()[0].position.column, 3u);
  EXPECT_NE(p.diags.list()[0].message.find("<p>"), std::string::npos);
}

TEST(TemplateParser, StrayClosersAreReportedWhereTheyAre) {
  auto p = parse("<p>a</p></div>\n{/if}{:else}{:empty}{/for}");
  ASSERT_EQ(p.diags.size(), 5u) << p.diags.format();
  EXPECT_EQ(p.diags.list()[0].position.column, 9u);
  EXPECT_NE(p.diags.list()[2].message.find("{:else}"), std::string::npos);
}

TEST(TemplateParser, ElseAfterElse) {
  auto p = parse("{#if a}1{:else}2{:else}3{/if}");
  ASSERT_EQ(p.diags.size(), 1u) << p.diags.format();
  EXPECT_NE(p.diags.list()[0].message.find("out of place"), std::string::npos);
}

TEST(TemplateParser, ManyErrorsInOneRun) {
  auto p = parse("{#if a}\n<div>\n{bad\"}\n{#nope}\n<span>\n");
  // Each mistake once, where it is; the unclosed ones innermost first.
  std::vector<std::string> found;
  for (const auto& d : p.diags.list())
    found.push_back(std::to_string(d.position.line) + ":" + std::to_string(d.position.column) + " " + d.message);
  EXPECT_EQ(found, (std::vector<std::string>{
                       "3:5 unterminated string literal",
                       "4:1 unknown block {#nope}",
                       "5:1 <span> is not closed: expected </span> before the end of the file",
                       "2:1 <div> is not closed: expected </div> before the end of the file",
                       "1:1 {#if} is not closed: expected {/if} before the end of the file",
                   }))
      << p.diags.format();
}

TEST(TemplateParser, UnknownBlock) {
  auto p = parse("{#each xs as x}{/each}");
  ASSERT_FALSE(p.diags.empty());
  EXPECT_NE(p.diags.list()[0].message.find("unknown block {#each}"), std::string::npos);
}

TEST(TemplateParser, EmptyExpression) {
  auto p = parse("<p>{ }</p>");
  ASSERT_EQ(p.diags.size(), 1u);
  EXPECT_NE(p.diags.list()[0].message.find("empty expression"), std::string::npos);
}

TEST(TemplateParser, MismatchedCaseIsNamed) {
  auto p = parse("<Card>x</card>");
  ASSERT_FALSE(p.diags.empty());
  EXPECT_NE(p.diags.format().find("case-sensitive"), std::string::npos);
}

}  // namespace
}  // namespace isl::compiler
