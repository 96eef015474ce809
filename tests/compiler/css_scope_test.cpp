// Scoped CSS: every rule of docs/templates.md "Styles", exact outputs; malformed input; a bounded
// randomized robustness loop; minification.
#include "compiler/css/minify.hpp"
#include "compiler/css/scope.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace isl::compiler {
namespace {

constexpr std::string_view kAttr = "data-isl-3f2a91bc";
const std::string kWhere = ":where([data-isl-3f2a91bc])";

// Expected outputs are written with `$` standing for the inserted :where(…).
std::string W(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '$')
      out += kWhere;
    else
      out += c;
  }
  return out;
}

std::string errors_of(const ScopedCss& r) {
  std::string s;
  for (const auto& e : r.errors) s += std::to_string(e.offset) + ": " + e.message + "\n";
  return s;
}

// Scopes well-formed CSS: no errors expected.
std::string scoped(std::string_view css) {
  ScopedCss r = scope_css(css, kAttr);
  EXPECT_TRUE(r.errors.empty()) << "input: " << css << "\n" << errors_of(r);
  return r.css;
}

#define EXPECT_SCOPED(input, expected) EXPECT_EQ(scoped(input), W(expected)) << "input: " << (input)

// ---- selectors --------------------------------------------------------------------------

TEST(CssScope, SimpleSelectors) {
  EXPECT_SCOPED(".card{}", ".card${}");
  EXPECT_SCOPED("#main{}", "#main${}");
  EXPECT_SCOPED("h1{}", "h1${}");
  EXPECT_SCOPED("h1.title#x{}", "h1.title#x${}");
  EXPECT_SCOPED("  h2 {\n    color: red;\n  }\n", "  h2$ {\n    color: red;\n  }\n");
}

TEST(CssScope, Combinators) {
  EXPECT_SCOPED(".card h2{}", ".card$ h2${}");
  EXPECT_SCOPED(".a>.b{}", ".a$>.b${}");
  EXPECT_SCOPED(".a > .b{}", ".a$ > .b${}");
  EXPECT_SCOPED(".a+.b{}", ".a$+.b${}");
  EXPECT_SCOPED(".a ~ .b{}", ".a$ ~ .b${}");
  EXPECT_SCOPED("ul  li\n  a{}", "ul$  li$\n  a${}");
  EXPECT_SCOPED("nav > ul li + li ~ a {}", "nav$ > ul$ li$ + li$ ~ a$ {}");
}

TEST(CssScope, SelectorLists) {
  EXPECT_SCOPED("a, b{}", "a$, b${}");
  EXPECT_SCOPED("a,b , .c>d{}", "a$,b$ , .c$>d${}");
  EXPECT_SCOPED("h1,\nh2,\nh3 { margin: 0 }", "h1$,\nh2$,\nh3$ { margin: 0 }");
}

TEST(CssScope, PseudoClassesComeAfterTheScope) {
  EXPECT_SCOPED("a:hover{}", "a$:hover{}");
  EXPECT_SCOPED("a:hover:focus-visible{}", "a$:hover:focus-visible{}");
  EXPECT_SCOPED(".class button:focus{}", ".class$ button$:focus{}");
  EXPECT_SCOPED("li:nth-child(2n + 1){}", "li$:nth-child(2n + 1){}");
  EXPECT_SCOPED(":hover{}", "$:hover{}");
  // Pseudo-classes before the last plain selector stay where they are.
  EXPECT_SCOPED(":hover.a:focus{}", ":hover.a$:focus{}");
  EXPECT_SCOPED(":not(.is-disabled).a{}", ":not(.is-disabled).a${}");
  EXPECT_SCOPED(".class:not(.a):not(.b){}", ".class$:not(.a):not(.b){}");
}

TEST(CssScope, PseudoElementsComeAfterTheScope) {
  EXPECT_SCOPED("h2::before{}", "h2$::before{}");
  EXPECT_SCOPED(".class h3::after{}", ".class$ h3$::after{}");
  EXPECT_SCOPED("button:focus::before{}", "button$:focus::before{}");
  EXPECT_SCOPED("p:first-line{}", "p$:first-line{}");
  EXPECT_SCOPED("::selection{}", "$::selection{}");
  EXPECT_SCOPED(".a::after:hover{}", ".a$::after:hover{}");
  EXPECT_SCOPED("input::placeholder, x-el::part(label){}", "input$::placeholder, x-el$::part(label){}");
}

TEST(CssScope, AttributeSelectors) {
  EXPECT_SCOPED("a[href]{}", "a[href]${}");
  EXPECT_SCOPED("[aria-visible],[aria-hidden]{}", "[aria-visible]$,[aria-hidden]${}");
  EXPECT_SCOPED("a[aria-current=page]:hover{}", "a[aria-current=page]$:hover{}");
  // Commas, braces and brackets inside attribute values split nothing.
  EXPECT_SCOPED("[data-x=\"a,b\"], p{}", "[data-x=\"a,b\"]$, p${}");
  EXPECT_SCOPED("a[title='}{;'] { x: y }", "a[title='}{;']$ { x: y }");
  EXPECT_SCOPED("a[title=\"]\"] b{}", "a[title=\"]\"]$ b${}");
  EXPECT_SCOPED("[lang|=en i]{}", "[lang|=en i]${}");
}

TEST(CssScope, Universal) {
  EXPECT_SCOPED("*{}", "${}");
  EXPECT_SCOPED(".class *{}", ".class$ ${}");
  EXPECT_SCOPED(".class>*{}", ".class$>${}");
  EXPECT_SCOPED("*:hover{}", "$:hover{}");
  EXPECT_SCOPED("*::before, *::after{}", "$::before, $::after{}");
  EXPECT_SCOPED("*.a{}", "*.a${}");
  EXPECT_SCOPED("ns|a{}", "ns|a${}");
  EXPECT_SCOPED("*|*{}", "*|*${}");
}

TEST(CssScope, Global) {
  EXPECT_SCOPED(":global(.x){}", ".x{}");
  EXPECT_SCOPED(":global(.x) p{}", ".x p${}");
  EXPECT_SCOPED(".class :global(ul li){}", ".class$ ul li{}");
  EXPECT_SCOPED(".class :global(*){}", ".class$ *{}");
  EXPECT_SCOPED(":global(section) .class{}", "section .class${}");
  EXPECT_SCOPED(".class~:global(a){}", ".class$~a{}");
  EXPECT_SCOPED(".class :global(.nav:not(.is-active)){}", ".class$ .nav:not(.is-active){}");
  EXPECT_SCOPED(":global(body:not(.is-light)).is-dark,:global(body:not(.is-dark)).is-light{}",
                "body:not(.is-light).is-dark,body:not(.is-dark).is-light{}");
  EXPECT_SCOPED(":global(.foo):global(.bar){}", ".foo.bar{}");
  // The whole compound holding :global() is global (Astro would scope `.a` here).
  EXPECT_SCOPED(".a:global(.b) c{}", ".a.b c${}");
  EXPECT_SCOPED(":global(  .x  ) p{}", ".x p${}");
  EXPECT_SCOPED(":GLOBAL(.x){}", ".x{}");
  EXPECT_SCOPED(":global(.x):hover p::before{}", ".x:hover p$::before{}");
  // A hex escape keeps the whitespace that ends it.
  EXPECT_SCOPED(":global(.\\31 ) b{}", ".\\31  b${}");
  // Pieces of invalid selectors that would run together are kept apart by an empty comment.
  EXPECT_SCOPED(":global(.a)b{}", ".a/**/b{}");
  EXPECT_SCOPED(".\\31:global(b){}", ".\\31/**/b{}");
  EXPECT_SCOPED(":global(.\\31) b{}", ".\\31/**/ b${}");
  EXPECT_SCOPED(".\\a:global() b{}", ".\\a/**/ b${}");
}

TEST(CssScope, HtmlBodyRootAreNotScoped) {
  EXPECT_SCOPED("html,body{}", "html,body{}");
  EXPECT_SCOPED("HTML, Body{}", "HTML, Body{}");
  EXPECT_SCOPED("body h1{}", "body h1${}");
  EXPECT_SCOPED("body.theme-dark{}", "body.theme-dark{}");
  EXPECT_SCOPED("html.dark .x{}", "html.dark .x${}");
  EXPECT_SCOPED(":root{}", ":root{}");
  EXPECT_SCOPED(":root{--x: 1px}", ":root{--x: 1px}");
  EXPECT_SCOPED(":root .x{}", ":root .x${}");
  EXPECT_SCOPED(".body, bodyx, #html{}", ".body$, bodyx$, #html${}");
}

TEST(CssScope, Escapes) {
  EXPECT_SCOPED(".class\\:class:focus{}", ".class\\:class$:focus{}");
  EXPECT_SCOPED(".a\\,b,c{}", ".a\\,b$,c${}");
  EXPECT_SCOPED(".a\\{b{}", ".a\\{b${}");
  EXPECT_SCOPED(".sm\\:p-4 .x{}", ".sm\\:p-4$ .x${}");
  // `\31 ` is one escape (the space ends it); a second space is a combinator.
  EXPECT_SCOPED(".\\31 0{}", ".\\31 0${}");
  EXPECT_SCOPED(".\\31  a{}", ".\\31 $ a${}");
}

TEST(CssScope, FunctionalPseudoClassArgumentsAreLeftAlone) {
  EXPECT_SCOPED(":is(.a, .b) p{}", "$:is(.a, .b) p${}");
  EXPECT_SCOPED(".a:not(.b, .c){}", ".a$:not(.b, .c){}");
  EXPECT_SCOPED(".a:has(> img, p){}", ".a$:has(> img, p){}");
  EXPECT_SCOPED(":where(.a,.b), c{}", "$:where(.a,.b), c${}");
  EXPECT_SCOPED("a:not([x=\")\"]){}", "a$:not([x=\")\"]){}");
}

TEST(CssScope, Comments) {
  EXPECT_SCOPED("/* c */ .a /* d */ , b{}", "/* c */ .a$ /* d */ , b${}");
  EXPECT_SCOPED(".a/*x*/.b{}", ".a/*x*/.b${}");
  EXPECT_SCOPED(".a/*x*/{}", ".a$/*x*/{}");
  EXPECT_SCOPED("a /* { */ { b: c /* } */ }", "a$ /* { */ { b: c /* } */ }");
}

TEST(CssScope, DeclarationsAreUntouched) {
  EXPECT_SCOPED("a{background:url(data:image/svg+xml;utf8,<svg></svg>);color:red}",
                "a${background:url(data:image/svg+xml;utf8,<svg></svg>);color:red}");
  EXPECT_SCOPED("a { content: \"}{;\"; font: 12px/1.5 'A B', serif }",
                "a$ { content: \"}{;\"; font: 12px/1.5 'A B', serif }");
  EXPECT_SCOPED("a { --x: { b: c; }; color: red !important }",
                "a$ { --x: { b: c; }; color: red !important }");
  EXPECT_SCOPED("a { padding: calc(var(--s) * 2); grid-template-columns: [a] 1fr [b] }",
                "a$ { padding: calc(var(--s) * 2); grid-template-columns: [a] 1fr [b] }");
  // A missing `;` makes one long declaration (as in a browser); nothing is lost.
  EXPECT_SCOPED(".foo {\n  color: blue\n  font-size: 18px;\n}",
                ".foo$ {\n  color: blue\n  font-size: 18px;\n}");
}

// ---- at-rules ---------------------------------------------------------------------------

TEST(CssScope, GroupingAtRulesAreEntered) {
  EXPECT_SCOPED("@media (min-width: 640px) { .a { color: red } }",
                "@media (min-width: 640px) { .a$ { color: red } }");
  EXPECT_SCOPED("@supports (display: grid) {\n  @media screen {\n    .a, .b > p { x: y }\n  }\n}",
                "@supports (display: grid) {\n  @media screen {\n    .a$, .b$ > p$ { x: y }\n  }\n}");
  EXPECT_SCOPED("@container sidebar (min-width: 400px) { h2 { font-size: 2em } }",
                "@container sidebar (min-width: 400px) { h2$ { font-size: 2em } }");
  EXPECT_SCOPED("@layer base { p { margin: 0 } }", "@layer base { p$ { margin: 0 } }");
  EXPECT_SCOPED("@scope (.card) { img { border: 0 } }", "@scope (.card) { img$ { border: 0 } }");
  EXPECT_SCOPED("@starting-style { .a { opacity: 0 } }", "@starting-style { .a$ { opacity: 0 } }");
  EXPECT_SCOPED("@MEDIA print{a{}}", "@MEDIA print{a${}}");
  EXPECT_SCOPED("h1{}@media print{h1{}}h2{}", "h1${}@media print{h1${}}h2${}");
}

TEST(CssScope, StatementAtRulesPassThrough) {
  EXPECT_SCOPED("@charset \"utf-8\";", "@charset \"utf-8\";");
  EXPECT_SCOPED("@import url(\"a.css\") screen;\n@import 'b.css';", "@import url(\"a.css\") screen;\n@import 'b.css';");
  EXPECT_SCOPED("@layer theme, layout, utilities; @layer special { .item { color: red } }",
                "@layer theme, layout, utilities; @layer special { .item$ { color: red } }");
  EXPECT_SCOPED("@namespace svg url(http://www.w3.org/2000/svg); a{}",
                "@namespace svg url(http://www.w3.org/2000/svg); a${}");
  EXPECT_SCOPED("@tailwind base; a{}", "@tailwind base; a${}");
}

TEST(CssScope, KeyframesAreUntouched) {
  const std::string kf =
      "@keyframes spin { from { transform: rotate(0deg); } 50% { opacity: .5 } "
      "to { transform: rotate(360deg); } }";
  EXPECT_SCOPED(kf, kf);
  EXPECT_SCOPED("h1{} " + kf + " .a { animation: spin 1s }",
                "h1${} " + kf + " .a$ { animation: spin 1s }");
  EXPECT_SCOPED("@-webkit-keyframes spin{0%{a:b}100%{a:c}}p{}",
                "@-webkit-keyframes spin{0%{a:b}100%{a:c}}p${}");
  EXPECT_SCOPED("@media (x) { @keyframes k { from { a: b } } .a { animation: k } }",
                "@media (x) { @keyframes k { from { a: b } } .a$ { animation: k } }");
}

TEST(CssScope, DescriptorAtRulesAreUntouched) {
  const std::string ff =
      "@font-face { font-family: \"X\"; src: url(data:font/woff2;base64,AA{}A) format(\"woff2\"); }";
  EXPECT_SCOPED(ff + " p{}", ff + " p${}");
  EXPECT_SCOPED("@page :first { margin: 1in; @top-left { content: 'x' } } a{}",
                "@page :first { margin: 1in; @top-left { content: 'x' } } a${}");
  EXPECT_SCOPED("@property --x { syntax: '<length>'; inherits: false; initial-value: 0px; }",
                "@property --x { syntax: '<length>'; inherits: false; initial-value: 0px; }");
  EXPECT_SCOPED("@counter-style thumbs { system: cyclic; symbols: \"*\"; suffix: \" \"; }",
                "@counter-style thumbs { system: cyclic; symbols: \"*\"; suffix: \" \"; }");
}

// ---- nesting ----------------------------------------------------------------------------

TEST(CssScope, Nesting) {
  EXPECT_SCOPED(".a { color: red; .b { color: blue } &:hover { x: y } & > p { } > li { } }",
                ".a$ { color: red; .b$ { color: blue } &:hover { x: y } & > p$ { } > li$ { } }");
  EXPECT_SCOPED("div { & span { color: blue } }", "div$ { & span$ { color: blue } }");
  EXPECT_SCOPED(".header { background-color: white; &.dark { background-color: blue; }}",
                ".header$ { background-color: white; &.dark { background-color: blue; }}");
  EXPECT_SCOPED(".x { .theme-dark & { } }", ".x$ { .theme-dark$ & { } }");
  EXPECT_SCOPED(".a { color: red; @media (x) { color: blue; .b:hover { } } }",
                ".a$ { color: red; @media (x) { color: blue; .b$:hover { } } }");
  EXPECT_SCOPED(":global(html) { @media (min-width: 640px) { color: blue } }",
                "html { @media (min-width: 640px) { color: blue } }");
  EXPECT_SCOPED(".a { .b { .c { d: e } } }", ".a$ { .b$ { .c$ { d: e } } }");
}

// ---- the corpus: conformance/18-styles --------------------------------------------------

TEST(CssScope, Corpus18Styles) {
  const std::string card =
      "\n  h2 {\n    color: rgb(255, 0, 0);\n  }\n  .card {\n    padding: 3px;\n  }\n";
  EXPECT_SCOPED(card,
                "\n  h2$ {\n    color: rgb(255, 0, 0);\n  }\n  .card$ {\n    padding: 3px;\n  }\n");
  EXPECT_EQ(minify_css(scoped(card)), W("h2${color:rgb(255,0,0)}.card${padding:3px}"));

  const std::string stock =
      "\n  .stock {\n    color: rgb(0, 128, 0);\n  }\n  p {\n    font-weight: 700;\n  }\n";
  EXPECT_EQ(minify_css(scoped(stock)), W(".stock${color:rgb(0,128,0)}p${font-weight:700}"));

  // The page's `<style is:global>` is not given to scope_css; had it been, body stays global.
  EXPECT_SCOPED("\n  body {\n    margin: 7px;\n  }\n", "\n  body {\n    margin: 7px;\n  }\n");

  // Each component has its own attribute: Card's h2 rule cannot match Stock's elements.
  ScopedCss other = scope_css("h2{}", "data-isl-00000000");
  EXPECT_EQ(other.css, "h2:where([data-isl-00000000]){}");
}

// ---- malformed input --------------------------------------------------------------------

struct Broken {
  std::string input;
  std::string expected_css;  // with `$` for the scope
  std::vector<std::size_t> error_offsets;
};

TEST(CssScope, MalformedInputIsReportedAndRepaired) {
  const std::vector<Broken> cases = {
      {"a { color: red", "a$ { color: red}", {2}},
      {"a {} }", "a$ {} ", {5}},
      {"}}} a{}", " a${}", {0, 1, 2}},
      {"{{{", "{{{}}}", {0, 1, 2}},
      {"@media screen { a {", "@media screen { a$ {}}", {14, 18}},
      {"a { content: \"abc\n}", "a$ { content: \"abc\n}", {13}},
      {"a { content: \"abc", "a$ { content: \"abc\"}", {2, 13}},
      {"a { content: 'ab\\", "a$ { content: 'ab\\ '}", {2, 13}},
      {"a { x: y \\", "a$ { x: y \\ }", {2}},
      {"a { color: red } /* never", "a$ { color: red } ", {17}},
      {"a { b: c /* x", "a$ { b: c }", {2, 9}},
      {"a { background: url(x.png", "a$ { background: url(x.png)}", {2, 16}},
      {"a[href {}", "a[href ${}", {1}},
      {".a:not(.b {}", ".a$:not(.b {}", {6}},
      {"color: red; h1 {}", " h1$ {}", {0}},
      {"h1", "", {0}},
      {"h1 \"abc", "", {0, 3}},
      {"@import \"a.css\"", "@import \"a.css\";", {0}},
      {"@import \"a.css", "@import \"a.css\";", {0, 8}},
      {"@media x { @import 'a' }", "@media x { @import 'a' ;}", {11}},
      {"@keyframes k { from { x: y }", "@keyframes k { from { x: y }}", {13}},
      {"a { --x: { b", "a$ { --x: { b}}", {2, 4}},
      {"a:global(.b {}", "a.b{}", {8}},
  };
  for (const auto& c : cases) {
    ScopedCss r = scope_css(c.input, kAttr);
    std::vector<std::size_t> offsets;
    for (const auto& e : r.errors) offsets.push_back(e.offset);
    EXPECT_EQ(r.css, W(c.expected_css)) << "input: " << c.input;
    EXPECT_EQ(offsets, c.error_offsets) << "input: " << c.input << "\n" << errors_of(r);
    for (const auto& e : r.errors) EXPECT_FALSE(e.message.empty());
  }
}

TEST(CssScope, ErrorMessagesSayWhatIsWrong) {
  auto messages = [](std::string_view css) {
    std::vector<std::string> list;
    for (const auto& e : scope_css(css, kAttr).errors) list.push_back(e.message);
    return list;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(messages("a {"), V{"unclosed '{'"});
  EXPECT_EQ(messages("}"), V{"unexpected '}' (dropped)"});
  EXPECT_EQ(messages("a{b:'x"), (V{"unclosed '{'", "unterminated string"}));
  EXPECT_EQ(messages("/*"), V{"unterminated comment"});
  EXPECT_EQ(messages("a{b:url(x"), (V{"unclosed '{'", "unterminated url("}));
  EXPECT_EQ(messages("a[x{}"), V{"unclosed '[' in selector"});
  EXPECT_EQ(messages("a:is(x{}"), V{"unclosed '(' in selector"});
  EXPECT_EQ(messages("a;"), V{"expected '{' after selector (text dropped)"});
  EXPECT_EQ(messages("@import 'x'"), V{"expected ';' or '{' after at-rule"});
  EXPECT_EQ(messages("a{--x:{"), (V{"unclosed '{'", "unclosed '{' in custom property value"}));
}

TEST(CssScope, DeepNestingDoesNotOverflowTheStack) {
  const std::size_t depth = 200000;
  ScopedCss r = scope_css(std::string(depth, '{'), kAttr);
  EXPECT_EQ(r.css, std::string(depth, '{') + std::string(depth, '}'));
  EXPECT_EQ(r.errors.size(), depth);

  std::string media;
  for (std::size_t i = 0; i < 50000; ++i) media += "@media x{";
  media += "a{}";
  r = scope_css(media, kAttr);
  EXPECT_EQ(r.errors.size(), 50000u);
  EXPECT_EQ(r.css.substr(r.css.size() - 50000 - 3 - kWhere.size()), W("a${}") + std::string(50000, '}'));
}

// Patterns that make naive scanners quadratic (rescanning to the end from every opener).
TEST(CssScope, LinearTimeOnPathologicalInput) {
  const std::vector<std::string> units = {"(", "[", ":is(", "url(", "\"", "/*", "{", "}",
                                          "a{", "@media{", ":global(", "\\", "a,", "*"};
  const auto start = std::chrono::steady_clock::now();
  for (const auto& u : units) {
    std::string big;
    for (int i = 0; i < 100000; ++i) big += u;
    ScopedCss r = scope_css(big, kAttr);
    std::string m = minify_css(big);
    EXPECT_LE(m.size(), big.size() + 1);
    (void)r;
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 20.0);  // linear: milliseconds; quadratic: hours
}

// ---- randomized robustness --------------------------------------------------------------

// A small tokenizer of its own: are braces balanced outside comments, strings and url(), and
// does nothing (comment, string, url) run off the end?
bool well_closed(std::string_view s, std::string* why) {
  auto name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  long depth = 0;
  std::size_t i = 0;
  const std::size_t n = s.size();
  // Past `\` at j: CSS Syntax 4.3.7 (hex digits and one whitespace, CRLF counting as one), or a
  // line continuation inside a string.
  auto escape_end = [&](std::size_t j) {
    ++j;
    if (j >= n) return j;
    if (s[j] == '\n' || s[j] == '\r' || s[j] == '\f') return j;  // a lone `\`
    if (!std::isxdigit(static_cast<unsigned char>(s[j]))) return j + 1;
    for (int k = 0; k < 6 && j < n && std::isxdigit(static_cast<unsigned char>(s[j])); ++k) ++j;
    if (j < n && s[j] == '\r' && j + 1 < n && s[j + 1] == '\n') return j + 2;
    if (j < n && std::isspace(static_cast<unsigned char>(s[j]))) return j + 1;
    return j;
  };
  bool in_name = false;  // after name characters or an escape: `url(` is then not a url token
  while (i < n) {
    char c = s[i];
    const bool was_in_name = in_name;
    in_name = false;
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      std::size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) return *why = "comment runs off the end", false;
      i = end + 2;
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < n && s[i] != c && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\f'))
          i += 2;  // line continuation
        else if (s[i] == '\\' && i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n')
          i += 3;
        else if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\r')
          i += 2;
        else if (s[i] == '\\')
          i = escape_end(i);
        else
          ++i;
      }
      if (i >= n) return *why = "string runs off the end", false;
      if (s[i] == c) ++i;
    } else if (c == '\\') {
      in_name = i + 1 < n && s[i + 1] != '\n' && s[i + 1] != '\r' && s[i + 1] != '\f';
      i = escape_end(i);
    } else if ((c == 'u' || c == 'U') && i + 4 <= n && (s[i + 1] | 0x20) == 'r' &&
               (s[i + 2] | 0x20) == 'l' && s[i + 3] == '(' &&
               !was_in_name) {
      std::size_t j = i + 4;
      while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f'))
        ++j;
      if (j < n && (s[j] == '"' || s[j] == '\'')) {
        i += 4;
        continue;
      }
      while (j < n && s[j] != ')') j = s[j] == '\\' ? escape_end(j) : j + 1;
      if (j >= n) return *why = "url( runs off the end", false;
      i = j + 1;
    } else {
      if (c == '{') ++depth;
      if (c == '}' && --depth < 0) return *why = "'}' without '{'", false;
      in_name = name(c);
      ++i;
    }
  }
  if (depth != 0) return *why = "'{' without '}'", false;
  return true;
}

std::string remove_all(std::string_view s, std::string_view what) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = s.find(what, from)) != std::string_view::npos; from = at + what.size())
    out.append(s, from, at - from);
  out.append(s, from);
  return out;
}
std::string normalized(std::string_view s) { return remove_all(remove_all(s, "*"), ";"); }

TEST(CssScope, WellClosedCheckerCatchesProblems) {
  std::string why;
  EXPECT_TRUE(well_closed("a{b:'}'}/*{*/", &why));
  EXPECT_FALSE(well_closed("a{", &why));
  EXPECT_FALSE(well_closed("}", &why));
  EXPECT_FALSE(well_closed("a{}/*", &why));
  EXPECT_FALSE(well_closed("a{b:\"x}", &why));
  EXPECT_FALSE(well_closed("a{b:url(x}", &why));
}

TEST(CssScope, RandomInputNeverBreaksTheOutput) {
  const std::vector<std::string> alphabet = {
      "{", "}", "{", "}", "(", ")", "[", "]", ";", ":", ",", ".", "#", ">", "+", "~", "*", "&",
      "|", "\"", "'", "\\", "/", "/*", "*/", " ", " ", "\n", "a", "b1", "-", "%", "=", "!",
      "@media ", "@keyframes k", "@font-face", "@import ", ":global(", "url(", "::before",
      ":hover", ":is(", "--x:", "html", "\\31 ", "\r\n", "\xc3\xa9"};
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 48);
  int with_errors = 0, clean = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string input;
    for (int k = length(rng); k > 0; --k) input += alphabet[pick(rng)];
    ScopedCss r = scope_css(input, kAttr);
    std::string why;
    ASSERT_TRUE(well_closed(r.css, &why)) << why << "\ninput: " << input << "\noutput: " << r.css;
    for (std::size_t e = 0; e < r.errors.size(); ++e) {
      ASSERT_LT(r.errors[e].offset, input.size()) << input;
      if (e > 0) {
        ASSERT_LE(r.errors[e - 1].offset, r.errors[e].offset);
      }
    }
    with_errors += r.errors.empty() ? 0 : 1;
    // Without errors and :global(), scoping only inserts `:where(…)` (or puts it for a `*`),
    // and drops empty statements (`;`) between rules.
    if (r.errors.empty() && input.find(":global(") == std::string::npos) {
      ASSERT_EQ(normalized(remove_all(r.css, kWhere)), normalized(input)) << input;
      ++clean;
    }
    const std::string m = minify_css(r.css);
    ASSERT_TRUE(well_closed(m, &why)) << why << "\ninput: " << r.css << "\nminified: " << m;
    ASSERT_EQ(minify_css(m), m) << "minify is not idempotent on: " << r.css;
    // Scoping what was already repaired reports nothing new about braces.
    ScopedCss again = scope_css(r.css, kAttr);
    ASSERT_TRUE(well_closed(again.css, &why)) << why << "\ninput: " << r.css;
  }
  EXPECT_GT(with_errors, 1000);  // the loop does exercise the error paths
  EXPECT_GT(clean, 300);         // and the well-formed ones
  std::printf("random inputs: %d with errors, %d clean\n", with_errors, clean);
}

// Well-formed CSS from a small grammar, with the number of compounds that must be scoped.
class CssGenerator {
 public:
  explicit CssGenerator(unsigned seed) : rng_(seed) {}

  std::string sheet(int& scoped) {
    std::string css;
    for (int k = pick(1, 4); k > 0; --k) css += top_item(scoped) + pick_of({"\n", " ", ""});
    return css;
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string pick_of(std::initializer_list<const char*> list) {
    return *(list.begin() + pick(0, static_cast<int>(list.size()) - 1));
  }

  std::string compound(bool nested, int& scoped) {
    const int kind = pick(0, 19);
    if (kind == 0) return pick_of({"html", "body", "body.dark", ":root", "html:hover"});
    if (kind == 1 && nested) return pick_of({"&", "&:hover", "&.on", "&::after"});
    std::string c;
    switch (pick(0, 3)) {
      case 0: c += pick_of({"a", "div", "h2", "li", "x-el", "svg|rect"}); break;
      case 1: c += "*"; break;
      default: break;
    }
    for (int k = pick(0, 2); k > 0; --k)
      c += pick_of({".card", "#main", "[data-x=\"a,b\"]", "[lang|=en i]", ".sm\\:p-4", ".\\31 0"});
    for (int k = pick(0, 2); k > 0; --k)
      c += pick_of({":hover", ":not(.a, .b)", ":nth-child(2n + 1)", ":is(h1, h2)", ":first-child"});
    if (pick(0, 3) == 0) c += pick_of({"::before", "::after", "::part(x)", ":first-line"});
    if (c.empty()) c = ".empty";
    ++scoped;
    return c;
  }

  std::string selector_list(bool nested, int& scoped) {
    std::string list;
    for (int i = pick(1, 3); i > 0; --i) {
      if (!list.empty()) list += pick_of({", ", ",", ",\n  "});
      if (nested && pick(0, 4) == 0) list += pick_of({"> ", "+ ", "~ "});
      for (int k = pick(1, 3); k > 0; --k) {
        list += compound(nested, scoped);
        if (k > 1) list += pick_of({" ", " > ", ">", " + ", "~", " /* c */ ", "\n    "});
      }
    }
    return list;
  }

  std::string declarations(bool last_unterminated = false) {
    std::string d;
    for (int k = pick(0, 3); k > 0; --k)
      d += pick_of({"color: red; ", "background: url(data:a;b) no-repeat; ", "content: \"}{;\"; ",
                    "--v: { a: b }; ", "margin: 0 auto !important; ", "/* { */ ",
                    "grid-template-areas: \"a b\" \"c d\"; ", "width: calc(1px + 2%); "});
    if (last_unterminated && pick(0, 1) == 0) d += "font: 12px/1.5 'A B', serif";
    return d;
  }

  std::string rule(bool nested, int depth, int& scoped) {
    std::string r = selector_list(nested, scoped) + pick_of({" ", "", "\n"}) + "{ " + declarations();
    if (depth < 3) {
      for (int k = pick(0, 2); k > 0; --k) {
        if (pick(0, 3) == 0)
          r += "@media (min-width: 1px) { " + declarations() + rule(true, depth + 1, scoped) + " " +
               declarations(true) + " } ";
        else
          r += rule(true, depth + 1, scoped) + " ";
      }
    }
    return r + declarations(true) + "}";
  }

  std::string top_item(int& scoped) {
    switch (pick(0, 9)) {
      case 0: {
        std::string body;
        for (int k = pick(0, 2); k > 0; --k) body += rule(false, 1, scoped) + " ";
        return std::string(pick_of({"@media screen and (min-width: 640px) { ",
                                    "@supports (display: grid) { ", "@layer base { ",
                                    "@container card (min-width: 1px) { "})) +
               body + "}";
      }
      case 1:
        return pick_of({"@layer a, b;", "@import \"a.css\";", "@charset \"utf-8\";",
                        "@keyframes k { from { opacity: 0 } 50% { top: 1px; } to { x: y } }",
                        "@font-face { font-family: \"X\"; src: url(x.woff2) format(\"woff2\"); }",
                        "@page :first { margin: 1in }", "/* a comment { */"});
      default:
        return rule(false, 0, scoped);
    }
  }

  std::mt19937 rng_;
};

std::size_t count_of(std::string_view s, std::string_view what) {
  std::size_t count = 0;
  for (std::size_t at = s.find(what); at != std::string_view::npos; at = s.find(what, at + 1))
    ++count;
  return count;
}

TEST(CssScope, RandomWellFormedCssIsScopedExactly) {
  CssGenerator gen(7);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    int expected = 0;
    const std::string input = gen.sheet(expected);
    ScopedCss r = scope_css(input, kAttr);
    ASSERT_TRUE(r.errors.empty()) << input << "\n" << errors_of(r);
    ASSERT_EQ(count_of(r.css, kWhere), static_cast<std::size_t>(expected)) << input << "\n" << r.css;
    ASSERT_EQ(normalized(remove_all(r.css, kWhere)), normalized(input)) << input;
    const std::string m = minify_css(r.css);
    ASSERT_EQ(count_of(m, kWhere), static_cast<std::size_t>(expected)) << r.css << "\n" << m;
    ASSERT_EQ(minify_css(m), m) << r.css;
    ASSERT_LE(m.size(), r.css.size());
    std::string why;
    ASSERT_TRUE(well_closed(m, &why)) << why << "\n" << m;
    // Minifying first gives the same scoped CSS as scoping first.
    ASSERT_EQ(minify_css(scope_css(minify_css(input), kAttr).css), m) << input;
  }
}

// ---- minify -----------------------------------------------------------------------------

TEST(CssMinify, RemovesCommentsAndWhitespace) {
  EXPECT_EQ(minify_css("/* a */\n.a  >  .b ,\n .c ~ .d {\n  color: red ;\n  margin: 0 auto;\n}\n"),
            ".a>.b,.c~.d{color:red;margin:0 auto}");
  EXPECT_EQ(minify_css("a { color: red !important; }"), "a{color:red!important}");
  EXPECT_EQ(minify_css("a{;;}"), "a{}");
  EXPECT_EQ(minify_css(":is( a , b ) { }"), ":is(a,b){}");
  EXPECT_EQ(minify_css("   "), "");
  EXPECT_EQ(minify_css(""), "");
}

TEST(CssMinify, KeepsSignificantWhitespace) {
  EXPECT_EQ(minify_css(".a .b { border: 1px  solid  red }"), ".a .b{border:1px solid red}");
  EXPECT_EQ(minify_css("a :hover{}"), "a :hover{}");
  EXPECT_EQ(minify_css(":not(.a) .b{}"), ":not(.a) .b{}");
  EXPECT_EQ(minify_css("a { width: calc(1px + 2px - 3%) }"), "a{width:calc(1px + 2px - 3%)}");
  EXPECT_EQ(minify_css("@media screen and (min-width: 10px) { a { } }"),
            "@media screen and (min-width:10px){a{}}");
  EXPECT_EQ(minify_css("@charset \"utf-8\";"), "@charset \"utf-8\";");
  EXPECT_EQ(minify_css("a + b{}"), "a + b{}");
}

TEST(CssMinify, KeepsStringsUrlsAndEscapes) {
  EXPECT_EQ(minify_css("a { content: \"  /* x */  ;} \" }"), "a{content:\"  /* x */  ;} \"}");
  EXPECT_EQ(minify_css("a { background: url( data:x;y/*z*/ ) }"),
            "a{background:url( data:x;y/*z*/ )}");
  EXPECT_EQ(minify_css(".a\\: .b{}"), ".a\\: .b{}");
  EXPECT_EQ(minify_css(".a\\;}"), ".a\\;}");
  EXPECT_EQ(minify_css(".\\31  a{}"), ".\\31  a{}");
  EXPECT_EQ(minify_css(".\\31 0{}"), ".\\31 0{}");
}

TEST(CssMinify, CommentsDoNotJoinTokens) {
  EXPECT_EQ(minify_css(".a/**/.b{}"), ".a.b{}");
  EXPECT_EQ(minify_css(".a /**/ .b{}"), ".a .b{}");
  EXPECT_EQ(minify_css("a{b:c/ /**/ *d}"), "a{b:c/ *d}");
  // Where two tokens would run together, an empty comment stays between them.
  EXPECT_EQ(minify_css("a{border:1px/* x */solid}"), "a{border:1px/**/solid}");
  EXPECT_EQ(minify_css("a{b:c//**/*d}"), "a{b:c//**/*d}");
  EXPECT_EQ(minify_css("a{b:url/**/(x)}"), "a{b:url/**/(x)}");
  EXPECT_EQ(minify_css(".\\31/**/b{}"), ".\\31/**/b{}");
  // A space after an unfinished hex escape would end the escape, not separate: two are needed.
  EXPECT_EQ(minify_css(".\\31/**/ b{}"), ".\\31  b{}");
}

TEST(CssMinify, BrokenStringKeepsTheNewlineThatEndsIt) {
  EXPECT_EQ(minify_css("a { content: \"abc>\n }"), "a{content:\"abc>\n}");
}

TEST(CssMinify, MinifiedScopedCssStaysScoped) {
  const std::string css =
      "@media (max-width: 600px) {\n  .card :global(a) , h2::before { color: red }\n}\n"
      "@keyframes k { from { opacity: 0 } }";
  EXPECT_EQ(minify_css(scoped(css)),
            W("@media (max-width:600px){.card$ a,h2$::before{color:red}}"
              "@keyframes k{from{opacity:0}}"));
}

}  // namespace
}  // namespace isl::compiler
