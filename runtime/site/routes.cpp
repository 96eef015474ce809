#include "site/routes.hpp"

#include <stdexcept>

namespace isl::site {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return parts;
}

}  // namespace

RoutePattern::RoutePattern(std::string_view pattern) {
  for (auto part : split_path(pattern)) {
    Segment s;
    if (part.size() > 5 && part.substr(0, 4) == "[..." && part.back() == ']') {
      s = {std::string(part.substr(4, part.size() - 5)), Segment::rest};
    } else if (part.size() > 2 && part.front() == '[' && part.back() == ']') {
      s = {std::string(part.substr(1, part.size() - 2)), Segment::param};
    } else if (part.size() > 1 && part.front() == ':') {
      s = {std::string(part.substr(1)), Segment::param};
    } else {
      s = {std::string(part), Segment::literal};
      specificity_ += 2;
    }
    if (s.kind != Segment::literal) {
      dynamic_ = true;
      if (s.kind == Segment::param) specificity_ += 1;
    }
    segments_.push_back(std::move(s));
  }
}

std::optional<Params> RoutePattern::match(std::string_view path) const {
  auto parts = split_path(path);
  Params params;
  std::size_t i = 0;
  for (const auto& seg : segments_) {
    if (seg.kind == Segment::rest) {
      std::string rest;
      for (; i < parts.size(); ++i) rest += (rest.empty() ? "" : "/") + std::string(parts[i]);
      params[seg.text] = rest;
      return params;
    }
    if (i >= parts.size()) return std::nullopt;
    if (seg.kind == Segment::literal && parts[i] != seg.text) return std::nullopt;
    if (seg.kind == Segment::param) params[seg.text] = std::string(parts[i]);
    ++i;
  }
  if (i != parts.size()) return std::nullopt;
  return params;
}

std::string RoutePattern::fill(const Params& params) const {
  std::string out;
  for (const auto& seg : segments_) {
    if (seg.kind == Segment::literal) {
      out += "/" + seg.text;
      continue;
    }
    auto it = params.find(seg.text);
    if (it == params.end()) throw std::invalid_argument("getStaticPaths() gave no value for [" + seg.text + "]");
    const std::string& v = it->second;
    bool bad = v.empty() || v == "." || v == ".." || v.find('\\') != std::string::npos ||
               v.find('\0') != std::string::npos ||
               (seg.kind == Segment::param && v.find('/') != std::string::npos);
    if (seg.kind == Segment::rest && !bad)
      for (auto part : split_path(v)) bad |= part == "." || part == "..";
    if (bad) throw std::invalid_argument("getStaticPaths() gave [" + seg.text + "] the value \"" + v + "\", which is not a path segment");
    out += "/" + v;
  }
  return out.empty() ? "/" : out;
}

std::string output_file_for(std::string_view path) {
  std::string p(path);
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (p.empty()) return "index.html";
  if (p == "404" || p == "500") return p + ".html";  // the server's status pages
  return p + "/index.html";
}

}  // namespace isl::site
