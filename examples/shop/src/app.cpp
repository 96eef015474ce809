// Middleware and the shop's own routes: logging in and out, restocking.
#include <isl/app.hpp>

#include <sodium.h>

#include <optional>
#include <string>
#include <utility>

#include "lib/shop.hpp"
#include "lib/web.hpp"

namespace {

// "Basic base64(user:password)" → {user, password}.
std::optional<std::pair<std::string, std::string>> basic_credentials(const std::optional<std::string>& header) {
  if (!header || header->rfind("Basic ", 0) != 0) return std::nullopt;
  std::string b64 = header->substr(6);
  std::string raw(b64.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), b64.c_str(), b64.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  raw.resize(len);
  auto colon = raw.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{raw.substr(0, colon), raw.substr(colon + 1)};
}

const char* kCookieAttributes = "; Path=/; HttpOnly; SameSite=Lax";

}  // namespace

void configure(isl::App& app) {
  // Who is asking: every island, on-demand page and route below sees ctx.locals "user".
  app.use([](isl::Context& ctx, isl::Next next) {
    if (auto token = ctx.cookie("session"))
      if (auto user = shop::user_for_session(*token)) ctx.locals.set("user", *user);
    next();
  });

  // POST /login[?next=/path]. The credentials are the form's fields (username, password),
  // read from the form-encoded body with ctx.form(); a client without a form (a script, a
  // test) may send them in an Authorization: Basic header instead.
  app.post("/login", [](isl::Context& ctx) -> std::string {
    std::string next = web::safe_next(ctx.query("next"));
    auto credentials = basic_credentials(ctx.header("Authorization"));
    if (auto user = ctx.form("username"); user && !credentials) credentials = std::pair{*user, ctx.form("password").value_or("")};
    if (!credentials) {
      ctx.redirect("/login?error=credentials&next=" + web::url_encode(next), 303);
      return {};
    }
    auto token = shop::log_in(credentials->first, credentials->second);
    if (!token) {
      ctx.redirect("/login?error=credentials&next=" + web::url_encode(next), 303);
      return {};
    }
    ctx.set_header("Set-Cookie", "session=" + *token + kCookieAttributes +
                                     "; Max-Age=" + std::to_string(shop::kSessionDays * 86400));
    ctx.redirect(next, 303);
    return {};
  });

  app.post("/logout", [](isl::Context& ctx) -> std::string {
    if (auto token = ctx.cookie("session")) shop::log_out(*token);
    ctx.set_header("Set-Cookie", std::string("session=") + kCookieAttributes + "; Max-Age=0");
    ctx.redirect("/", 303);
    return {};
  });

  // POST /admin/restock/:id: ten more units. Admins only.
  app.post("/admin/restock/:id", [](isl::Context& ctx) -> std::string {
    const shop::User* user = ctx.locals.get<shop::User>("user");
    if (!user || !user->is_admin) {
      ctx.set_status(403);
      return "Only administrators can restock.\n";
    }
    auto product = shop::product(ctx.param("id"));
    if (!product) {
      ctx.set_status(404);
      return "No such product.\n";
    }
    shop::restock(product->id, 10);
    ctx.redirect("/admin", 303);
    return {};
  });
}
