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

  Kind accepts(const server::HttpRequest& request) const override;
  std::string_view render_key(const server::HttpRequest& request, Kind kind) const override;
  server::HttpReply handle(const server::HttpRequest& request, Kind kind) override;
  bool render_not_found(const server::HttpRequest& request, server::HttpReply& reply) override;
  bool stream_static_page(const server::HttpRequest& request, std::string_view html, server::HttpReply& reply) override;
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

  server::HttpReply island(const server::HttpRequest& request);
  server::HttpReply page(const server::HttpRequest& request, const PageRoute& route, Params params, int status);
  server::HttpReply route(const server::HttpRequest& request);
  const PageRoute* find_page(const std::string& path, Params& params) const;
  const AppRoute* find_route(const server::HttpRequest& request, Params& params) const;

  const SiteDef& site_;
  seal::KeyRing keys_;
  App app_;
  std::map<std::string, const IslandDef*, std::less<>> islands_;
  std::vector<PageRoute> pages_;  // on-demand pages, most specific first
  std::vector<AppRoute> routes_;
  std::optional<PageRoute> not_found_;  // an on-demand src/pages/404.isl
  std::vector<RoutePattern> streamed_prerendered_;  // prerendered pages with stream_islands
  std::string dev_state_file_;
};

}  // namespace isl::site
