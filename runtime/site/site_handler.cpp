#include "site/site_handler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "ascii.hpp"
#include "isl/travel.hpp"
#include "render/state.hpp"
#include "seal/seal.hpp"
#include "site/island_redirect.hpp"
#include "site/page_render.hpp"
#include "site/stream_page.hpp"

namespace isl::site {
namespace {

constexpr std::string_view kIslandPrefix = "/_server-islands/";

server::HttpReply plain(int status, std::string body) {
  server::HttpReply reply;
  reply.status = status;
  reply.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  reply.headers.emplace_back("Cache-Control", "no-store");
  reply.body = std::move(body) + "\n";
  return reply;
}

// A render that threw: the exception's text is logged, never sent. The server answers an
// on-demand page's failure with dist/500.html when the site has one.
server::HttpReply failed() {
  server::HttpReply reply = plain(500, "internal error");
  reply.failed = true;
  return reply;
}

// The response a render shaped: its status and headers; a redirect has no body.
server::HttpReply reply_from(Context& ctx, std::string body, std::string_view content_type) {
  server::HttpReply reply;
  const Response& r = ctx.response();
  reply.status = r.status;
  reply.headers = r.headers;
  if (!r.find_header("Content-Type")) reply.headers.emplace_back("Content-Type", std::string(content_type));
  if (!r.find_header("Location") || r.status < 300 || r.status >= 400) reply.body = std::move(body);
  return reply;
}

std::unique_ptr<detail::RequestState> request_state(const server::HttpRequest& request, std::string_view query) {
  auto state = std::make_unique<detail::RequestState>();
  state->request = &request;
  state->query_source = query;
  return state;
}

// The page that holds an island is the one its request came from: the Referer's path and
// query (docs/islands.md). Empty when the browser sent none.
std::string page_url_from_referer(const server::HttpRequest& request) {
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
    : site_(site), keys_(std::move(keys)), dev_state_file_(std::move(dev_state_file)) {
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

const SiteHandler::AppRoute* SiteHandler::find_route(const server::HttpRequest& request, Params& params) const {
  for (const auto& ar : routes_) {
    if (ar.route->method != request.method && !(ar.route->method == "GET" && request.method == "HEAD")) continue;
    if (auto m = ar.pattern.match(request.path)) {
      params = std::move(*m);
      return &ar;
    }
  }
  return nullptr;
}

SiteHandler::Kind SiteHandler::accepts(const server::HttpRequest& request) const {
  if (request.path.rfind(kIslandPrefix, 0) == 0) return Kind::island;
  if (!dev_state_file_.empty() && request.path == "/_isl/dev") return Kind::route;
  Params params;
  if (find_route(request, params)) return Kind::route;
  if ((request.method == "GET" || request.method == "HEAD" || request.method == "POST") && find_page(request.path, params))
    return Kind::page;
  return Kind::none;
}

std::string_view SiteHandler::render_key(const server::HttpRequest& request, Kind kind) const {
  Params params;
  switch (kind) {
    case Kind::island: {
      // Only the site's islands: a made-up name must not take a place in the record.
      auto it = islands_.find(std::string_view(request.path).substr(kIslandPrefix.size()));
      return it == islands_.end() ? std::string_view() : std::string_view(it->second->name);
    }
    case Kind::page:
      if (const PageRoute* pr = find_page(request.path, params)) return pr->page->route;
      break;
    case Kind::route:
      if (const AppRoute* ar = find_route(request, params)) return ar->render_key;
      break;
    case Kind::none: break;
  }
  return {};
}

server::HttpReply SiteHandler::handle(const server::HttpRequest& request, Kind kind) {
  try {
    switch (kind) {
      case Kind::island: return island(request);
      case Kind::route: return route(request);
      case Kind::page: {
        Params params;
        const PageRoute* pr = find_page(request.path, params);
        if (!pr) return plain(404, "not found");
        return page(request, *pr, std::move(params), 200);
      }
      case Kind::none: break;
    }
    return plain(404, "not found");
  } catch (const std::exception& e) {
    spdlog::error("{} {}: {}", request.method, request.path, e.what());
    return failed();
  } catch (...) {
    spdlog::error("{} {}: unknown exception", request.method, request.path);
    return failed();
  }
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
bool is_form(const server::HttpRequest& request) {
  const std::string* type = request.header("content-type");
  if (type == nullptr) return false;
  const std::string_view media = ascii::trim_ows(std::string_view(*type).substr(0, type->find(';')));
  return ascii::iequals(media, "application/x-www-form-urlencoded");
}

}  // namespace

server::HttpReply SiteHandler::island(const server::HttpRequest& request) {
  std::string_view name = std::string_view(request.path).substr(kIslandPrefix.size());
  auto it = islands_.find(name);
  if (it == islands_.end()) return plain(404, "no such server island");
  if (request.method != "GET" && request.method != "POST" && request.method != "HEAD") {
    auto reply = plain(405, "server islands answer GET and POST");
    reply.headers.emplace_back("Allow", "GET, POST");
    return reply;
  }
  if (request.method == "POST" && !is_form(request)) {
    return plain(415, "server islands take POST bodies as application/x-www-form-urlencoded");
  }
  const IslandDef& def = *it->second;
  std::string_view query = request.method == "POST" ? std::string_view(request.body) : std::string_view(request.query);
  auto fields = detail::parse_query(query);
  const std::string* p = nullptr;
  const std::string* s = nullptr;
  for (const auto& [k, v] : fields) {
    if (k == "p" && !p) p = &v;
    if (k == "s" && !s) s = &v;
  }
  if (!p) return plain(400, "missing sealed props (p)");
  if (!s) return plain(400, "missing sealed slots (s)");
  seal::Opened props = seal::open(keys_, def.name, seal::Purpose::props, *p);
  if (!props.plaintext) return plain(400, "bad props: " + props.error);
  seal::Opened slots = seal::open(keys_, def.name, seal::Purpose::slots, *s);
  if (!slots.plaintext) return plain(400, "bad slots: " + slots.error);
  std::map<std::string, std::string> slot_html;
  if (!travel::decode(*slots.plaintext, slot_html)) return plain(400, "bad slots: not this build's encoding");
  std::vector<Slot> slot_list;
  for (const auto& [k, v] : slot_html) slot_list.push_back({k, SlotFn::from_html(v)});

  Context ctx;
  ctx.set_request_state(request_state(request, query).release());
  ctx.set_page_url(page_url_from_referer(request));
  ctx.page_state().keys = &keys_;
  Output out(expected_size(&def));
  bool decoded = true;
  app_.run(ctx, [&] { decoded = def.render(ctx, out, *props.plaintext, Slots(slot_list.data(), slot_list.size())); });
  if (!decoded) return plain(400, "bad props: not this island's props (was the site rebuilt?)");
  detail::finish_page(ctx, out);  // an island that itself holds islands needs the loader
  remember_size(&def, out.size());
  server::HttpReply reply = reply_from(ctx, out.take(), "text/html; charset=utf-8");
  if (!ctx.response().find_header("Cache-Control")) reply.headers.emplace_back("Cache-Control", "private, no-store");
  shape_island_redirect(request, reply);
  return reply;
}

server::HttpReply SiteHandler::page(const server::HttpRequest& request, const PageRoute& pr, Params params, int status) {
  Context ctx;
  ctx.set_request_state(request_state(request, request.query).release());
  ctx.params() = std::move(params);
  ctx.set_page_url(request.target);
  ctx.set_status(status);
  std::string html;
  app_.run(ctx, [&] { html = render_page(*pr.page, ctx, keys_, !dev_state_file_.empty()); });
  server::HttpReply reply = reply_from(ctx, std::move(html), "text/html; charset=utf-8");
  if (pr.page->stream_islands && request.method == "GET" && !ctx.response().ended) make_island_stream(request, reply);
  return reply;
}

bool SiteHandler::stream_static_page(const server::HttpRequest& request, std::string_view html,
                                     server::HttpReply& reply) {
  bool streams = false;
  for (const RoutePattern& pattern : streamed_prerendered_) streams = streams || pattern.match(request.path).has_value();
  if (!streams) return false;
  reply.body = std::string(html);
  return make_island_stream(request, reply);
}

server::HttpReply SiteHandler::route(const server::HttpRequest& request) {
  if (!dev_state_file_.empty() && request.path == "/_isl/dev") {
    std::ifstream in(dev_state_file_);
    std::stringstream state;
    state << in.rdbuf();
    server::HttpReply reply = plain(200, state.str().empty() ? "{\"build\":0,\"error\":\"\"}" : state.str());
    reply.headers[0].second = "application/json";
    return reply;
  }
  Params params;
  const AppRoute* ar = find_route(request, params);
  if (!ar) return plain(404, "not found");
  Context ctx;
  ctx.set_request_state(request_state(request, request.query).release());
  ctx.params() = std::move(params);
  ctx.set_page_url(request.target);
  std::string body;
  app_.run(ctx, [&] { body = ar->route->handler(ctx); });
  return reply_from(ctx, std::move(body), "text/plain; charset=utf-8");
}

bool SiteHandler::render_not_found(const server::HttpRequest& request, server::HttpReply& reply) {
  if (!not_found_) return false;
  try {
    reply = page(request, *not_found_, {}, 404);
  } catch (const std::exception& e) {
    spdlog::error("404 page: {}", e.what());
    reply = plain(404, "not found");
  }
  return true;
}

}  // namespace isl::site
