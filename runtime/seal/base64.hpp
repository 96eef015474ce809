// Base64 as the wire and the key format need it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace isl::seal {

// URL-safe alphabet (- _), no padding: what travels in ?p= and ?s=.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// Standard alphabet with padding: how keys are written (ISL_KEY, isl keygen).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace isl::seal
