#include "isl/context.hpp"
#include "isl/detail/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "http/form_fields.hpp"
#include "http/message.hpp"
#include "render/state.hpp"

namespace isl {
namespace {

using ascii::iequals;

std::optional<std::string> find(const std::vector<std::pair<std::string, std::string>>& pairs,
                                 std::string_view name) {
  for (const auto& [k, v] : pairs)
    if (k == name) return v;
  return std::nullopt;
}

[[noreturn]] void unavailable(const char* what, std::string_view name, const SourceLocation& where) {
  throw RequestUnavailable{std::string("ctx.") + what + "(\"" + std::string(name) + "\")", where};
}

}  // namespace

Context::Context() : page_(new detail::PageState()) {}
Context::~Context() {
  delete request_;
  delete page_;
}

void Context::set_request_state(detail::RequestState* state) {
  if (state == request_) return;
  delete request_;
  request_ = state;
}

std::optional<std::string> Context::cookie(std::string_view name, SourceLocation where) const {
  if (prerendering_) unavailable("cookie", name, where);
  if (!request_ || !request_->request) return std::nullopt;
  if (!request_->cookies) {
    request_->cookies.emplace();
    for (const auto& [k, v] : request_->request->headers)
      if (iequals(k, "cookie")) detail::parse_cookie_header(v, *request_->cookies);
  }
  return find(*request_->cookies, name);
}

std::optional<std::string> Context::header(std::string_view name, SourceLocation where) const {
  if (prerendering_) unavailable("header", name, where);
  if (!request_ || !request_->request) return std::nullopt;
  if (const std::string* v = request_->request->header(name)) return *v;
  return std::nullopt;
}

std::optional<std::string> Context::query(std::string_view name, SourceLocation where) const {
  if (prerendering_) unavailable("query", name, where);
  if (!request_ || !request_->request) return std::nullopt;
  if (!request_->query) request_->query = detail::parse_query(request_->query_source);
  return find(*request_->query, name);
}

std::string_view Context::body(SourceLocation where) const {
  if (prerendering_) unavailable("body", "", where);
  if (!request_ || !request_->request) return {};
  return request_->request->body;
}

std::optional<std::string> Context::form(std::string_view name, SourceLocation where) const {
  if (prerendering_) unavailable("form", name, where);
  if (!request_ || !request_->request) return std::nullopt;
  if (!request_->form) request_->form = detail::parse_query(request_->request->body);
  return find(*request_->form, name);
}

std::string Context::param(std::string_view name) const {
  auto it = params_.find(std::string(name));
  return it == params_.end() ? std::string() : it->second;
}

void Context::set_header(std::string name, std::string value) {
  detail::set_header(response_.headers, std::move(name), std::move(value));
}

void Context::set_status(int code) { response_.status = code; }

void Context::redirect(std::string location, int code) {
  response_.status = code;
  set_header("Location", std::move(location));
}

std::string Context::page_url() const { return page_url_; }

namespace detail {

std::string percent_decode(std::string_view s, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  http::for_each_form_field(query, [&](std::string_view name, std::string_view value) {
    out.emplace_back(percent_decode(name, true), percent_decode(value, true));
    return true;
  });
  return out;
}

void parse_cookie_header(std::string_view header, std::vector<std::pair<std::string, std::string>>& out) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  while (!header.empty()) {
    auto semi = header.find(';');
    auto part = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    auto value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    out.emplace_back(std::string(trim(part.substr(0, eq))), percent_decode(value, false));
  }
}

}  // namespace detail
}  // namespace isl
