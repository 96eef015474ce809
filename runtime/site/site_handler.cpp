#include "site/site_handler.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "http/island_url.hpp"
#include "isl/detail/ascii.hpp"
#include "isl/travel.hpp"
#include "render/state.hpp"
#include "seal/seal.hpp"
#include "site/island_redirect.hpp"
#include "site/page_render.hpp"
#include "site/stream_page.hpp"

namespace isl::site {
namespace {

http::Reply plain(int status, std::string body) {
  http::Reply reply;
  reply.status = status;
  reply.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  reply.headers.emplace_back("Cache-Control", "no-store");
  reply.body = std::move(body) + "\n";
  return reply;
}

// The response a render shaped: its status and headers, as they are (the server adds the
// defaults: server/site_render.hpp); a redirect has no body.
http::Reply reply_from(Context& ctx, std::string body) {
  http::Reply reply;
  static_cast<Response&>(reply) = std::move(detail::ContextAccess::response(ctx));
  if (!reply.find_header("Location") || reply.status < 300 || reply.status >= 400) reply.body = std::move(body);
  return reply;
}

bool is_redirect(const http::Reply& reply) { return reply.find_header("Location") != nullptr; }

std::unique_ptr<detail::RequestState> request_state(const http::Request& request, std::string_view query) {
  auto state = std::make_unique<detail::RequestState>();
  state->request = &request;
  state->query_source = query;
  return state;
}

// The page that holds an island is the one its request came from: the Referer's path and
// query (docs/islands.md). Empty when the browser sent none.
std::string page_url_from_referer(const http::Request& request) {
  const std::string* referer = request.header("Referer");
  if (!referer) return {};
  auto scheme = referer->find("://");
  if (scheme == std::string::npos) return referer->rfind("/", 0) == 0 ? *referer : std::string();
  auto path = referer->find('/', scheme + 3);
  if (path == std::string::npos) return "/";
  auto hash = referer->find('#', path);
  return referer->substr(path, hash == std::string::npos ? std::string::npos : hash - path);
}

}  // namespace

SiteHandler::SiteHandler(const SiteDef& site, seal::KeyRing keys, std::string dev_state_file)
    : keys_(std::move(keys)), dev_state_file_(std::move(dev_state_file)) {
  if (site.configure) site.configure(app_);
  for (std::size_t i = 0; i < site.island_count; ++i)
    if (site.islands[i].render) islands_[site.islands[i].name] = &site.islands[i];
  for (std::size_t i = 0; i < site.page_count; ++i) {
    const PageDef& p = site.pages[i];
    if (p.prerender && p.stream_islands) streamed_prerendered_.emplace_back(p.route);
    if (!p.render || p.prerender) continue;
    if (std::string_view(p.route) == "/404") not_found_.emplace(PageRoute{RoutePattern(p.route), &p});
    else pages_.push_back({RoutePattern(p.route), &p});
  }
  std::stable_sort(pages_.begin(), pages_.end(), [](const PageRoute& a, const PageRoute& b) {
    return a.pattern.specificity() > b.pattern.specificity();
  });
  for (const auto& r : app_.routes()) routes_.push_back({RoutePattern(r.pattern), &r, r.method + " " + r.pattern});
}

const SiteHandler::PageRoute* SiteHandler::find_page(const std::string& path, Params& params) const {
  for (const auto& pr : pages_) {
    if (auto m = pr.pattern.match(path)) {
      params = std::move(*m);
      return &pr;
    }
  }
  return nullptr;
}

const SiteHandler::AppRoute* SiteHandler::find_route(const http::Request& request, Params& params) const {
  for (const auto& ar : routes_) {
    if (ar.route->method != request.method && !(ar.route->method == "GET" && request.method == "HEAD")) continue;
    if (auto m = ar.pattern.match(request.path)) {
      params = std::move(*m);
      return &ar;
    }
  }
  return nullptr;
}

SiteHandler::Match SiteHandler::resolve(const http::Request& request) const {
  Match match;
  if (island_url::is_island_path(request.path)) {
    match.kind = Kind::island;
    // Only the site's islands have a key: a made-up name must not take a place in the
    // record of render times. It is answered 404 by render().
    if (auto it = islands_.find(island_url::name_of(request.path)); it != islands_.end()) {
      match.key = it->second->name;
      match.target = it->second;
    } else {
      match.target = &unknown_island_target_;
    }
    return match;
  }
  if (!dev_state_file_.empty() && request.path == "/_isl/dev") {
    match.kind = Kind::route;
    match.target = &dev_state_target_;
    return match;
  }
  if (const AppRoute* ar = find_route(request, match.params)) {
    match.kind = Kind::route;
    match.key = ar->render_key;
    match.target = ar;
    return match;
  }
  if (request.method == "GET" || request.method == "HEAD" || request.method == "POST") {
    if (const PageRoute* pr = find_page(request.path, match.params)) {
      match.kind = Kind::page;
      match.key = pr->page->route;
      match.target = pr;
      return match;
    }
  }
  match.params.clear();
  return match;
}

http::Reply SiteHandler::render(const http::Request& request, const Match& match) {
  switch (match.kind) {
    case Kind::island:
      if (match.target == &unknown_island_target_) return plain(404, "no such server island");
      return island(request, *static_cast<const IslandDef*>(match.target));
    case Kind::route:
      if (match.target == &dev_state_target_) return dev_state();
      return route(request, *static_cast<const AppRoute*>(match.target), match.params);
    case Kind::page: return page(request, *static_cast<const PageRoute*>(match.target), match.params, 200);
    case Kind::none: break;
  }
  return plain(404, "not found");
}

std::vector<std::string> SiteHandler::island_names() const {
  std::vector<std::string> names;
  names.reserve(islands_.size());
  for (const auto& [name, def] : islands_) names.push_back(name);
  return names;
}

namespace {

// What the island loader posts (its props are too long for a URL); any other body is not
// ours to read as a form.
bool is_form(const http::Request& request) {
  const std::string* type = request.header("content-type");
  if (type == nullptr) return false;
  const std::string_view media = ascii::trim_ows(std::string_view(*type).substr(0, type->find(';')));
  return ascii::iequals(media, "application/x-www-form-urlencoded");
}

// A form field's value as sent when it needs no decoding (base64url never does), else
// decoded into `decoded`.
std::string_view form_value(std::string_view sent, std::string& decoded) {
  if (sent.find_first_of("%+") == std::string_view::npos) return sent;
  decoded = detail::percent_decode(sent, true);
  return decoded;
}

}  // namespace

http::Reply SiteHandler::island(const http::Request& request, const IslandDef& def) {
  if (request.method != "GET" && request.method != "POST" && request.method != "HEAD") {
    auto reply = plain(405, "server islands answer GET and POST");
    reply.headers.emplace_back("Allow", "GET, POST");
    return reply;
  }
  if (request.method == "POST" && !is_form(request)) {
    return plain(415, "server islands take POST bodies as application/x-www-form-urlencoded");
  }
  std::string_view query = request.method == "POST" ? std::string_view(request.body) : std::string_view(request.query);
  const island_url::Sealed sealed = island_url::sealed_fields(query);
  if (!sealed.props) return plain(400, "missing sealed props (p)");
  if (!sealed.slots) return plain(400, "missing sealed slots (s)");
  std::string props_decoded, slots_decoded;
  seal::Opened props = seal::open(keys_, def.name, seal::Purpose::props, form_value(*sealed.props, props_decoded));
  if (!props.plaintext) return plain(400, "bad props: " + props.error);
  seal::Opened slots = seal::open(keys_, def.name, seal::Purpose::slots, form_value(*sealed.slots, slots_decoded));
  if (!slots.plaintext) return plain(400, "bad slots: " + slots.error);
  std::map<std::string, std::string> slot_html;
  if (!travel::decode(*slots.plaintext, slot_html)) return plain(400, "bad slots: not this build's encoding");
  std::vector<Slot> slot_list;
  for (const auto& [k, v] : slot_html) slot_list.push_back({k, SlotFn::from_html(v)});

  Context ctx;
  using detail::ContextAccess;
  ContextAccess::set_request_state(ctx, request_state(request, query).release());
  ContextAccess::set_page_url(ctx, page_url_from_referer(request));
  ContextAccess::page_state(ctx).keys = &keys_;
  Output out(expected_size(&def));
  bool decoded = true;
  app_.run(ctx, [&] { decoded = def.render(ctx, out, *props.plaintext, Slots(slot_list.data(), slot_list.size())); });
  if (!decoded) return plain(400, "bad props: not this island's props (was the site rebuilt?)");
  detail::finish_page(ctx, out);  // an island that itself holds islands needs the loader
  remember_size(&def, out.size());
  http::Reply reply = reply_from(ctx, out.take());
  shape_island_redirect(request, reply);
  return reply;
}

namespace {

// A request-time render's Context: the request, its route parameters, the page's URL.
void set_up(Context& ctx, const http::Request& request, Params params) {
  using detail::ContextAccess;
  ContextAccess::set_request_state(ctx, request_state(request, request.query).release());
  ContextAccess::params(ctx) = std::move(params);
  ContextAccess::set_page_url(ctx, request.target);
}

}  // namespace

http::Reply SiteHandler::page(const http::Request& request, const PageRoute& pr, Params params, int status) {
  Context ctx;
  set_up(ctx, request, std::move(params));
  ctx.set_status(status);
  std::string html;
  app_.run(ctx, [&] { html = render_page(*pr.page, ctx, keys_, !dev_state_file_.empty()); });
  http::Reply reply = reply_from(ctx, std::move(html));
  if (pr.page->stream_islands && request.method == "GET" && !is_redirect(reply)) make_island_stream(request, reply);
  return reply;
}

bool SiteHandler::stream_static_page(const http::Request& request, std::string_view html,
                                     http::Reply& reply) {
  bool streams = false;
  for (const RoutePattern& pattern : streamed_prerendered_) streams = streams || pattern.match(request.path).has_value();
  if (!streams) return false;
  reply.body = std::string(html);
  return make_island_stream(request, reply);
}

http::Reply SiteHandler::dev_state() const {
  std::ifstream in(dev_state_file_);
  std::stringstream state;
  state << in.rdbuf();
  http::Reply reply = plain(200, state.str().empty() ? "{\"build\":0,\"error\":\"\"}" : state.str());
  reply.headers[0].second = "application/json";
  return reply;
}

http::Reply SiteHandler::route(const http::Request& request, const AppRoute& ar, Params params) {
  Context ctx;
  set_up(ctx, request, std::move(params));
  std::string body;
  app_.run(ctx, [&] { body = ar.route->handler(ctx); });
  return reply_from(ctx, std::move(body));
}

bool SiteHandler::render_not_found(const http::Request& request, http::Reply& reply) {
  if (!not_found_) return false;
  reply = page(request, *not_found_, {}, 404);
  return true;
}

}  // namespace isl::site
