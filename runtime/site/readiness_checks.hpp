// The site's own readiness (App::ready_when): run on a thread of their own once the server
// listens, retried until every check passes; then GET /_isl/ready answers 200.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "isl/app.hpp"
#include "server/server.hpp"

namespace isl::site {

class ReadinessChecks {
 public:
  // Starts checking at once; `app` and `server` must outlive this object.
  ReadinessChecks(const App& app, server::Server& server);
  ~ReadinessChecks();  // stops retrying and joins
  ReadinessChecks(const ReadinessChecks&) = delete;
  ReadinessChecks& operator=(const ReadinessChecks&) = delete;

 private:
  void run();

  const App& app_;
  server::Server& server_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace isl::site
