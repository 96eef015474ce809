// `ctx`: what a render knows of its request and how it shapes the response (spec §5).
#pragma once

#include <any>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "isl/detail/headers.hpp"
#include "isl/source_location.hpp"
#include "isl/slots.hpp"

namespace isl {

// Route parameters: `{{"id", "1"}, {"lang", "en"}}`.
using Params = std::map<std::string, std::string>;

// Per-request values that middleware hands to components.
class Locals {
 public:
  template <class T>
  void set(const std::string& key, T value) {
    values_[key] = std::make_any<T>(std::move(value));
  }
  // nullptr when the key is absent or holds another type.
  template <class T>
  const T* get(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : std::any_cast<T>(&it->second);
  }
  bool contains(const std::string& key) const { return values_.count(key) != 0; }

 private:
  std::map<std::string, std::any, std::less<>> values_;
};

// The status and headers a request-time render shapes with set_status, set_header and
// redirect. The same head travels on to the server in the site's reply.
struct Response {
  int status = 200;
  detail::Headers headers;

  // Case-insensitive; the first one.
  const std::string* find_header(std::string_view name) const { return detail::find_header(headers, name); }
};

// The attributes of one Set-Cookie (spec §5), with safe defaults: the whole site, no
// expiry (a session cookie), SameSite=Lax. `ctx.set_cookie("id", v, {.http_only = true})`.
struct CookieOptions {
  std::string path = "/";
  // Every member has an initializer, so that designated initializers that leave some out
  // draw no -Wmissing-field-initializers.
  std::optional<long long> max_age = std::nullopt;  // seconds; 0 or less deletes the cookie
  std::string domain = {};                          // empty: this host only
  bool http_only = false;
  bool secure = false;
  std::string same_site = "Lax";     // "Strict", "Lax", "None" (needs secure), or "" for none
};

// Thrown when a prerendered page asks for something only a request has (a cookie, a
// header, the query). The build reports it at the template line that asked.
struct RequestUnavailable {
  std::string what;  // "ctx.cookie(\"name\")"
  SourceLocation where;
};

namespace detail {
struct RequestState;   // defined by the runtime: the parsed request, if any
struct PageState;      // defined by the runtime: islands and assets of the page being rendered
struct ContextAccess;  // the runtime's way in to what follows `private:` (render/state.hpp)
}  // namespace detail

class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  std::optional<std::string> cookie(std::string_view name,
                                    SourceLocation where = SourceLocation::current()) const;
  std::optional<std::string> header(std::string_view name,
                                    SourceLocation where = SourceLocation::current()) const;
  std::optional<std::string> query(std::string_view name,
                                   SourceLocation where = SourceLocation::current()) const;
  std::string param(std::string_view name) const;
  // The request body (a POST to an app route), and one field of a form-encoded body.
  std::string_view body(SourceLocation where = SourceLocation::current()) const;
  std::optional<std::string> form(std::string_view name,
                                  SourceLocation where = SourceLocation::current()) const;

  void set_header(std::string name, std::string value);
  void set_status(int code);
  void redirect(std::string location, int code = 302);
  // Adds a header, keeping those of the same name already set (set_header replaces).
  void append_header(std::string name, std::string value);
  // Adds a Set-Cookie; several per response. Throws std::invalid_argument for a name,
  // value or attribute that could break the header (docs/templates.md says which).
  void set_cookie(std::string_view name, std::string_view value, const CookieOptions& options = {},
                  SourceLocation where = SourceLocation::current());

  // Tags a cacheable island answer (a `Cache-Tag` header) for isl::purge_tag. A tag
  // holding a comma, a control character or nothing but spaces throws std::invalid_argument.
  void cache_tag(std::string_view tag);

  std::string page_url() const;
  bool has_slot(std::string_view name) const { return slots_ != nullptr && slots_->has(name); }
  bool is_prerendering() const { return prerendering_; }

  Locals locals;

 private:
  // The runtime sets up and reads a render through detail::ContextAccess; generated code
  // needs only SlotScope. Neither is for authors.
  friend struct detail::ContextAccess;
  friend class SlotScope;
  // Takes ownership (the previous state, if any, is deleted).
  void set_request_state(detail::RequestState* state);

  const Slots* slots_ = nullptr;
  bool prerendering_ = false;
  Params params_;
  std::string page_url_;
  Response response_;
  // Owned, deleted by ~Context. Raw pointers: std::unique_ptr would bring <memory> into
  // every template, a third of this header's parse time (docs/performance.md).
  detail::RequestState* request_ = nullptr;
  detail::PageState* page_;
};

// Makes `slots` the ones ctx.has_slot() answers for while a component (or a slot's
// content, which belongs to the caller) renders; restores the previous ones after.
class SlotScope {
 public:
  SlotScope(Context& ctx, const Slots& slots) : ctx_(ctx), saved_(ctx.slots_) { ctx.slots_ = &slots; }
  SlotScope(Context& ctx, const Slots* slots) : ctx_(ctx), saved_(ctx.slots_) { ctx.slots_ = slots; }
  SlotScope(Context& ctx, const Slots&& slots) = delete;  // would outlive the temporary
  ~SlotScope() { ctx_.slots_ = saved_; }
  SlotScope(const SlotScope&) = delete;
  SlotScope& operator=(const SlotScope&) = delete;

 private:
  Context& ctx_;
  const Slots* saved_;
};

// Drops every island answer the server's cache holds with this tag (ctx.cache_tag), at
// once. Callable from any request-time code: templates, middleware, app routes.
void purge_tag(std::string_view tag);

}  // namespace isl
