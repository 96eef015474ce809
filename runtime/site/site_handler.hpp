// The server's dynamic side for one site: the island endpoint, on-demand pages and the
// site's own routes, each behind the site's middleware.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "isl/app.hpp"
#include "isl/site.hpp"
#include "seal/keys.hpp"
#include "server/http_types.hpp"
#include "site/routes.hpp"

namespace isl::site {

class SiteHandler : public server::DynamicHandler {
 public:
  // `dev_state_file`: `isl dev`'s state (build number, errors), served at /_isl/dev, and
  // pages carry the client that polls it. Empty in production.
  SiteHandler(const SiteDef& site, seal::KeyRing keys, std::string dev_state_file = {});

  // Matches the request against the site's islands, app routes and on-demand pages (in that
  // order), once; render() does what the match says without matching again.
  Match resolve(const http::Request& request) const override;
  http::Reply render(const http::Request& request, const Match& match) override;
  bool render_not_found(const http::Request& request, http::Reply& reply) override;
  bool stream_static_page(const http::Request& request, std::string_view html, http::Reply& reply) override;
  std::vector<std::string> island_names() const override;

  const App& app() const { return app_; }

 private:
  struct PageRoute {
    RoutePattern pattern;
    const PageDef* page;
  };
  struct AppRoute {
    RoutePattern pattern;
    const Route* route;
    std::string render_key;  // "POST /login": apart from a page at the same path
  };

  http::Reply island(const http::Request& request, const IslandDef& def);
  http::Reply page(const http::Request& request, const PageRoute& route, Params params, int status);
  http::Reply route(const http::Request& request, const AppRoute& route, Params params);
  http::Reply dev_state() const;
  const PageRoute* find_page(const std::string& path, Params& params) const;
  const AppRoute* find_route(const http::Request& request, Params& params) const;

  seal::KeyRing keys_;
  App app_;
  std::map<std::string, const IslandDef*, std::less<>> islands_;
  std::vector<PageRoute> pages_;  // on-demand pages, most specific first
  std::vector<AppRoute> routes_;
  std::optional<PageRoute> not_found_;  // an on-demand src/pages/404.isl
  std::vector<RoutePattern> streamed_prerendered_;  // prerendered pages with stream_islands
  std::string dev_state_file_;
  // The target of `/_isl/dev`'s match (and of a made-up island name's, answered 404).
  const int dev_state_target_ = 0;
  const int unknown_island_target_ = 0;
};

}  // namespace isl::site
