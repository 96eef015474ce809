// Content-Type by file extension, for the static files.
#pragma once

#include <string_view>

namespace isl::server::detail {

// The Content-Type for a file name ("app.js" → "text/javascript; charset=utf-8").
// Text types carry "; charset=utf-8". Unknown extensions: application/octet-stream.
std::string_view content_type_for(std::string_view file_name);

// Whether a body of this Content-Type is worth gzip-compressing (text, json, svg, wasm…).
bool is_compressible(std::string_view content_type);

}  // namespace isl::server::detail
