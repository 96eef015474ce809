// Small helpers for URLs, shared by app.cpp and the templates.
#pragma once

#include <cctype>
#include <optional>
#include <string>

namespace web {

// Percent-encodes everything but unreserved characters and '/'.
inline std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

// A local path to go back to after logging in; anything else (another host, a scheme) is
// refused, so that /login cannot be used to send people elsewhere.
inline std::string safe_next(const std::optional<std::string>& next) {
  if (!next || next->empty() || (*next)[0] != '/' || next->rfind("//", 0) == 0 ||
      next->find('\\') != std::string::npos)
    return "/";
  return *next;
}

}  // namespace web
