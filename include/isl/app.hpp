// `src/app.cpp`: middleware and a site's own routes (spec §6, docs/server.md).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "isl/context.hpp"

namespace isl {

class App;

// Calls the rest of the chain: the next middleware, then the render. A middleware that
// does not call it ends the request with what ctx holds (status, headers, redirect).
class Next {
 public:
  Next(const App& app, std::size_t index, Context& ctx, const std::function<void()>& last)
      : app_(&app), index_(index), ctx_(&ctx), last_(&last) {}
  void operator()() const;

 private:
  const App* app_;
  std::size_t index_;
  Context* ctx_;
  const std::function<void()>* last_;
};

using Middleware = std::function<void(Context&, Next)>;
// A site's own endpoint: returns the body; sets the type with ctx.set_header.
// `:name` segments of the pattern are read with ctx.param("name").
using RouteHandler = std::function<std::string(Context&)>;

struct Route {
  std::string method;
  std::string pattern;
  RouteHandler handler;
};

class App {
 public:
  void use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }
  void get(std::string pattern, RouteHandler handler) {
    routes_.push_back({"GET", std::move(pattern), std::move(handler)});
  }
  void post(std::string pattern, RouteHandler handler) {
    routes_.push_back({"POST", std::move(pattern), std::move(handler)});
  }

  // The site is ready for traffic (GET /_isl/ready answers 200) once every check has
  // returned without throwing; the server runs them after it starts listening and retries
  // a failing one until it passes (docs/server.md, "Health and readiness"). For what a
  // site needs before it can answer: its database, a warmed cache.
  void ready_when(std::function<void()> check) { ready_checks_.push_back(std::move(check)); }

  const std::vector<Middleware>& middleware() const { return middleware_; }
  const std::vector<std::function<void()>>& ready_checks() const { return ready_checks_; }
  const std::vector<Route>& routes() const { return routes_; }
  // Runs every middleware in order, then `render` if all of them called next().
  void run(Context& ctx, const std::function<void()>& render) const;

 private:
  std::vector<Middleware> middleware_;
  std::vector<Route> routes_;
  std::vector<std::function<void()>> ready_checks_;
};

}  // namespace isl
