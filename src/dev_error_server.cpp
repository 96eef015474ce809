#include "dev_error_server.hpp"

#include <mutex>
#include <nlohmann/json.hpp>

#include "isl/html.hpp"
#include "render/state.hpp"
#include "server/server.hpp"

namespace isl::cli {
namespace {

// Every GET: the error page; /_isl/dev: the state the dev client polls (build 0 = none yet).
class ErrorPageHandler final : public server::DynamicHandler {
 public:
  explicit ErrorPageHandler(std::string errors) : errors_(std::move(errors)) {}

  void set_errors(std::string errors) {
    std::lock_guard lock(mutex_);
    errors_ = std::move(errors);
  }

  Match resolve(const server::HttpRequest& request) const override {
    Match match;
    if (request.method == "GET" || request.method == "HEAD") match.kind = Kind::route;
    return match;
  }

  server::HttpReply render(const server::HttpRequest& request, const Match&) override {
    std::string errors;
    {
      std::lock_guard lock(mutex_);
      errors = errors_;
    }
    if (request.path == "/_isl/dev") {
      nlohmann::json state = {{"build", 0}, {"error", errors}};
      return reply(200, "application/json", state.dump());
    }
    std::string page =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>isl dev: the build failed</title></head>"
        "<body><pre>isl dev: the build failed\n\n";
    page += escape_html(errors);
    page += "</pre>";
    page += detail::dev_client_script();
    page += "</body></html>";
    return reply(503, "text/html; charset=utf-8", std::move(page));
  }

 private:
  static server::HttpReply reply(int status, std::string type, std::string body) {
    server::HttpReply r;
    r.status = status;
    r.headers = {{"Content-Type", std::move(type)}, {"Cache-Control", "no-store"}};
    r.body = std::move(body);
    return r;
  }

  mutable std::mutex mutex_;
  std::string errors_;
};

}  // namespace

struct DevErrorServer::Impl {
  std::shared_ptr<ErrorPageHandler> handler;
  std::unique_ptr<server::Server> server;
};

DevErrorServer::DevErrorServer(const std::string& host, int port, std::string errors) : impl_(std::make_unique<Impl>()) {
  server::Options options;
  options.host = host;
  options.port = static_cast<std::uint16_t>(port);
  options.threads = 1;
  options.render_threads = 1;
  options.access_log = false;
  options.expose_metrics = false;
  options.island_cache_bytes = 0;
  options.shutdown_grace = std::chrono::milliseconds(500);
  impl_->handler = std::make_shared<ErrorPageHandler>(std::move(errors));
  impl_->server = std::make_unique<server::Server>(options, impl_->handler);
  impl_->server->start();
}

DevErrorServer::~DevErrorServer() { impl_->server->stop(); }

void DevErrorServer::set_errors(std::string errors) { impl_->handler->set_errors(std::move(errors)); }

}  // namespace isl::cli
