// ctx.set_cookie and ctx.append_header: headers that may repeat. A cookie's value is
// percent-encoded where RFC 6265 does not allow a byte as is (ctx.cookie() decodes it), so
// no value can end the header or start another; names and attributes that could are refused.
#include <stdexcept>
#include <string>

#include "isl/detail/ascii.hpp"
#include "isl/context.hpp"

namespace isl {
namespace {

// RFC 6265 cookie-octet, less '%' (the escape character here).
bool is_cookie_octet(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\' && c != '%';
}

std::string encode_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (is_cookie_octet(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

[[noreturn]] void refuse(std::string_view name, const std::string& why) {
  throw std::invalid_argument("ctx.set_cookie(\"" + std::string(name) + "\"): " + why);
}

// An attribute value may not hold ';' (it would start another attribute) nor control bytes.
void check_attribute(std::string_view cookie, const char* attribute, std::string_view value) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ';' || u < 0x20 || u >= 0x7f)
      refuse(cookie, std::string(attribute) + " may not contain ';', control characters or non-ASCII bytes");
  }
}

}  // namespace

void Context::append_header(std::string name, std::string value) {
  response_.headers.emplace_back(std::move(name), std::move(value));
}

void Context::set_cookie(std::string_view name, std::string_view value, const CookieOptions& options,
                         SourceLocation where) {
  if (prerendering_) throw RequestUnavailable{"ctx.set_cookie(\"" + std::string(name) + "\")", where};
  if (name.empty()) refuse(name, "the name is empty");
  for (char c : name)
    if (!ascii::is_tchar(c)) refuse(name, "the name may hold letters, digits and !#$%&'*+-.^_`|~ only");
  check_attribute(name, "path", options.path);
  for (char c : options.domain) {
    const auto u = static_cast<unsigned char>(c);
    if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || c == '-' || c == '.'))
      refuse(name, "domain may hold letters, digits, '-' and '.' only");
  }
  std::string same_site;
  for (std::string_view allowed : {"Strict", "Lax", "None"})
    if (ascii::iequals(options.same_site, allowed)) same_site = allowed;
  if (same_site.empty() && !options.same_site.empty())
    refuse(name, "same_site is \"Strict\", \"Lax\", \"None\" or \"\" (none)");
  if (same_site == "None" && !options.secure)
    refuse(name, "same_site \"None\" needs secure = true (browsers drop such a cookie otherwise)");

  std::string header = std::string(name) + "=" + encode_value(value);
  if (!options.path.empty()) header += "; Path=" + options.path;
  if (options.max_age) header += "; Max-Age=" + std::to_string(*options.max_age > 0 ? *options.max_age : 0);
  if (!options.domain.empty()) header += "; Domain=" + options.domain;
  if (options.http_only) header += "; HttpOnly";
  if (options.secure) header += "; Secure";
  if (!same_site.empty()) header += "; SameSite=" + same_site;
  append_header("Set-Cookie", std::move(header));
}

}  // namespace isl
