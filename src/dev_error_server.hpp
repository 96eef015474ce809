// `isl dev` before any build has succeeded: there is no site program yet to serve, so the
// command itself answers on the dev port with a page that shows the build's errors. The dev
// client in that page polls /_isl/dev as on a real build and reloads once one succeeds.
#pragma once

#include <memory>
#include <string>

namespace isl::cli {

class DevErrorServer {
 public:
  // Serves on host:port until destroyed; the page shows `errors` (plain text). Throws
  // std::runtime_error when it cannot bind.
  DevErrorServer(const std::string& host, int port, std::string errors);
  ~DevErrorServer();
  DevErrorServer(const DevErrorServer&) = delete;
  DevErrorServer& operator=(const DevErrorServer&) = delete;

  void set_errors(std::string errors);  // a later build failed too

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace isl::cli
