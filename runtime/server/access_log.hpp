// One access-log line per answered request, through spdlog's default logger.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace isl::server::detail {

struct AccessRecord {
  std::string_view remote;
  std::string_view method;  // "-" when the request line could not be read
  std::string_view path;    // the decoded path, never the query (it may hold secrets)
  int status = 0;
  std::size_t bytes = 0;    // body bytes sent
  std::chrono::steady_clock::duration duration{};
  std::string_view cache;   // an island's cache outcome ("hit", "miss", ...), "" for other requests
};

// `127.0.0.1 "GET /about" 200 5120B 0.4ms` (islands: `... 0.4ms cache=hit`), at info level. Control characters in the
// path are escaped so a request cannot forge log lines.
void write_access_log(const AccessRecord& record);

}  // namespace isl::server::detail
