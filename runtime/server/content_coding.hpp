// Content codings: picking gzip/br/identity from Accept-Encoding, and gzip itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace isl::server::detail {

enum class Coding { identity, gzip, br };

// The coding to send, given the request's Accept-Encoding (nullptr: header absent) and
// which encoded variants exist. q-values are honoured ("gzip;q=0" refuses gzip), "*"
// stands for codings not named, ties prefer br, then gzip, then identity.
Coding choose_coding(const std::string* accept_encoding, bool have_gzip, bool have_br);

// gzip (RFC 1952) of `data`; nullopt if zlib fails. The server's at load time and the
// build's (site/prerender.cpp, at the best level and more memory) for the .gz copies.
std::optional<std::string> gzip_compress(std::string_view data, int level = 6, int memory_level = 8);

}  // namespace isl::server::detail
