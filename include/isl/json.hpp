// JSON answers for a site's own routes (src/app.cpp), with nlohmann/json. Not included by
// templates: only the files that use it pay for the JSON library.
//
//     app.get("/api/stock/:id", [](isl::Context& ctx) {
//       return isl::json(ctx, {{"id", ctx.param("id")}, {"available", true}});
//     });
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "isl/context.hpp"

namespace isl {

// Sets `Content-Type: application/json` (and the status, when given) and returns the body.
inline std::string json(Context& ctx, const nlohmann::json& value, int status = 200) {
  ctx.set_status(status);
  ctx.set_header("Content-Type", "application/json");
  return value.dump();
}

// The request body parsed as JSON; a discarded value (is_discarded()) when it is not JSON.
inline nlohmann::json request_json(const Context& ctx) {
  return nlohmann::json::parse(ctx.body(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace isl
