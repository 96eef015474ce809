// Route patterns of pages ("/blog/[slug]", "/docs/[...path]") and app routes ("/api/:id").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "isl/context.hpp"

namespace isl::site {

class RoutePattern {
 public:
  explicit RoutePattern(std::string_view pattern);
  // The parameters when `path` matches ("/blog/hello" → {slug: hello}).
  std::optional<Params> match(std::string_view path) const;
  // Fills the parameters in ("/blog/[slug]" with {slug: hello} → "/blog/hello"). Throws
  // std::invalid_argument when one is missing or would leave its segment ("a/b", "..").
  std::string fill(const Params& params) const;
  bool is_dynamic() const { return dynamic_; }
  // Static segments count first: "/blog/new" is tried before "/blog/[slug]".
  int specificity() const { return specificity_; }

 private:
  struct Segment {
    std::string text;
    enum Kind { literal, param, rest } kind = literal;
  };
  std::vector<Segment> segments_;
  bool dynamic_ = false;
  int specificity_ = 0;
};

// "/" → "index.html", "/about" → "about/index.html", "/404" → "404.html".
std::string output_file_for(std::string_view path);

}  // namespace isl::site
