// Scoped CSS for `<style>` blocks: selectors rewritten so they only match the elements of one
// component. A single linear pass over the text (no regex, no recursion, so neither deep
// nesting nor malformed input can crash or hang it).
//
// Scoping rules (see docs/templates.md, "Styles"):
//  - Every compound selector of every complex selector gets `:where([attr])` inserted right
//    after its last type/class/id/attribute selector, i.e. before its pseudo-classes and
//    pseudo-elements: `a:hover` → `a:where([A]):hover`, `h2::before` → `h2:where([A])::before`.
//    A compound of only pseudo-classes/-elements gets it in front: `:hover` → `:where([A]):hover`.
//    A lone `*` is replaced: `*` → `:where([A])`. `:where` adds no specificity.
//  - `:global(x)` is replaced by `x`, and the compound that holds it is not scoped.
//  - Compounds whose type selector is `html` or `body`, or that contain `:root`, are not scoped
//    (they are never inside a component), as in Astro: `body h1` → `body h1:where([A])`.
//  - Compounds that contain the nesting selector `&` are not scoped (the parent already is).
//  - Arguments of functional pseudo-classes (`:is()`, `:not()`, `:where()`, `:has()`, …) are
//    left alone; only the compound around them is scoped.
//  - @media, @supports, @container, @layer {…}, @scope, @starting-style, @document: the rules
//    inside are scoped. Other at-rules with a block (@keyframes, @font-face, @page, @property,
//    @counter-style, unknown ones) are copied unchanged; statements (@import, @charset,
//    @layer a, b;) pass through. Nested rules (CSS nesting) are scoped like top-level ones.
//  - Everything else (declarations, comments, whitespace) is copied unchanged.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace isl::compiler {

struct CssError {
  std::size_t offset;  // byte offset into the input
  std::string message;
};

struct ScopedCss {
  std::string css;
  std::vector<CssError> errors;  // sorted by offset; empty for well-formed CSS
};

// Rewrites every selector of `css` so it only matches elements that carry the attribute
// `scope_attribute` (e.g. "data-isl-3f2a91bc"). Malformed CSS (unclosed `{`, `(`, `[`, stray
// `}`, unterminated strings, comments or url(), a selector without a block) is reported in
// `errors` and repaired as well as can be: the output always has balanced braces.
ScopedCss scope_css(std::string_view css, std::string_view scope_attribute);

// Elements the generator writes without the scope attribute: html and body, and those a
// style rule has no use matching (head, meta, title, link, base, script, noscript,
// template, style). `tag` is lowercase.
bool is_never_scoped_element(std::string_view tag);

}  // namespace isl::compiler
