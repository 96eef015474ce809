#include "compiler/parse/cpp_lexer.hpp"

#include <gtest/gtest.h>

namespace isl::compiler {
namespace {

// Where the C++ that starts right after the opening '{' ends.
std::string expression_in(std::string_view text) {
  CppScan scan = scan_cpp_until(text, 1, '}');
  EXPECT_TRUE(scan.ok) << scan.error;
  return std::string(text.substr(1, scan.end - 1));
}

TEST(CppScan, NestedBracesOfABracedInitializer) {
  EXPECT_EQ(expression_in(R"({std::map<std::string,int>{{"x",1}}} rest)"), R"(std::map<std::string,int>{{"x",1}})");
}

TEST(CppScan, BraceInsideAStringLiteral) { EXPECT_EQ(expression_in(R"({"}"} rest)"), R"("}")"); }

TEST(CppScan, EscapedQuoteInsideAString) { EXPECT_EQ(expression_in(R"({"a\"}"} x)"), R"("a\"}")"); }

TEST(CppScan, BraceInsideACharacterLiteral) { EXPECT_EQ(expression_in("{'}'} x"), "'}'"); }

TEST(CppScan, RawStringWithDelimiter) {
  const std::string text = "{R\"d(})\" })d\"} after";
  const std::string expected = "R\"d(})\" })d\"";
  EXPECT_EQ(expression_in(text), expected);
}

TEST(CppScan, PrefixedLiterals) {
  const std::string text = R"x({u8"}" + std::string(u8R"(})")} x)x";
  const std::string expected = R"x(u8"}" + std::string(u8R"(})"))x";
  EXPECT_EQ(expression_in(text), expected);
}

TEST(CppScan, CommentsAreSkipped) {
  EXPECT_EQ(expression_in("{a /* } */ + b} x"), "a /* } */ + b");
  EXPECT_EQ(expression_in("{a // }\n + b} x"), "a // }\n + b");
}

TEST(CppScan, DigitSeparatorsAreNotCharacterLiterals) {
  EXPECT_EQ(expression_in("{1'000'000 + x['a']} y"), "1'000'000 + x['a']");
}

TEST(CppScan, EmptyBracedList) { EXPECT_EQ(expression_in("{{}} y"), "{}"); }

TEST(CppScan, ReportsUnterminatedString) {
  CppScan scan = scan_cpp_until(R"({"abc})", 1, '}');
  EXPECT_FALSE(scan.ok);
  EXPECT_NE(scan.error.find("unterminated string"), std::string::npos);
  EXPECT_EQ(scan.error_offset, 1u);
}

TEST(CppScan, ReportsBracketNeverClosed) {
  CppScan scan = scan_cpp_until("{f(a}", 1, '}');
  EXPECT_FALSE(scan.ok);
}

TEST(CppScan, ReportsUnterminatedComment) {
  CppScan scan = scan_cpp_until("{a /* }", 1, '}');
  EXPECT_FALSE(scan.ok);
  EXPECT_NE(scan.error.find("comment"), std::string::npos);
}

TEST(StringLiteral, SimpleLiteralIsUnescaped) {
  std::string v;
  EXPECT_TRUE(parse_simple_string_literal(R"("a\"b\\n\n")", v));
  EXPECT_EQ(v, "a\"b\\n\n");
  EXPECT_FALSE(parse_simple_string_literal(R"("a" "b")", v));
  EXPECT_FALSE(parse_simple_string_literal(R"(u8"a")", v));
  EXPECT_FALSE(parse_simple_string_literal(R"("\x41")", v));
}

TEST(StringLiteral, RoundTripsThroughCppLiteral) {
  std::string original = "quote\" back\\slash\nnew\ttab \x01 ctl 日本";
  std::string back;
  std::string literal = cpp_string_literal(original);
  EXPECT_EQ(literal.find('\n'), std::string::npos);
  // Control characters are written as \x escapes, which the simple parser leaves alone;
  // everything else must come back as it was.
  std::string plain = "quote\" back\\slash\nnew\ttab 日本";
  ASSERT_TRUE(parse_simple_string_literal(cpp_string_literal(plain), back));
  EXPECT_EQ(back, plain);
}

}  // namespace
}  // namespace isl::compiler
