#include <gtest/gtest.h>

#include "test_support.hpp"

namespace isl::compiler {
namespace {

using testing::parse;

TEST(Diagnostics, FormatHasPathLineColumnSourceLineAndCaret) {
  auto p = parse("<p>\n  <b>{#if x}</b>\n</p>", "src/pages/index.isl");
  ASSERT_FALSE(p.diags.empty());
  std::string text = p.diags.format();
  EXPECT_EQ(text.rfind("src/pages/index.isl:2:", 0), 0u) << text;
  EXPECT_NE(text.find("\n    <b>{#if x}</b>\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n       ^\n"), std::string::npos) << text;  // two of indent, five to column 6
}

TEST(Diagnostics, CrlfAndBomKeepLinesAndColumns) {
  auto p = parse("\xEF\xBB\xBF<p>\r\n<div>{#if a}\r\n</p>\r\n");
  ASSERT_FALSE(p.diags.empty());
  // <div> (2:1) and {#if} (2:6) are both left open; both keep their places.
  std::string text = p.diags.format();
  EXPECT_NE(text.find("t.isl:2:1: error: <div> is not closed"), std::string::npos) << text;
  EXPECT_NE(text.find("t.isl:2:6: error: {#if} is not closed"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(Diagnostics, ColumnsCountCharactersNotBytes) {
  auto p = parse("<p>日本語 🚀 {#if}</p>");
  ASSERT_FALSE(p.diags.empty());
  EXPECT_EQ(p.diags.list()[0].position.column, 10u) << p.diags.format();  // <p>=3, 日本語=3, space, 🚀, space
}

TEST(Diagnostics, TabsAreKeptUnderTheCaret) {
  auto p = parse("<p>\n\t\t{#if}\n</p>");
  ASSERT_FALSE(p.diags.empty());
  EXPECT_EQ(p.diags.list()[0].position.column, 3u);
  EXPECT_NE(p.diags.format().find("\n  \t\t^"), std::string::npos) << p.diags.format();
}

TEST(Diagnostics, SortedByFileLineAndColumn) {
  auto p = parse("{#if}\n<div>\n{/for}");
  std::string text = p.diags.format();
  auto first = text.find(":1:");
  auto second = text.find(":2:");
  auto third = text.find(":3:");
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, second == std::string::npos ? third : second);
}

}  // namespace
}  // namespace isl::compiler
