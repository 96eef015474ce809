// What one access-log line says of an answered request (access_log_writer.hpp writes it).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace isl::server::detail {

struct AccessRecord {
  std::string_view remote;
  std::string_view method;  // "-" when the request line could not be read
  std::string_view path;    // the decoded path, never the query (it may hold secrets); for a
                            // refused request, the target as received (refused_target())
  int status = 0;
  std::size_t bytes = 0;    // body bytes sent
  std::chrono::steady_clock::duration duration{};
  std::string_view cache;   // an island's cache outcome ("hit", "miss", ...), "" for other requests
};

// `127.0.0.1 "GET /about" 200 5120B 0.4ms` (islands: `... 0.4ms cache=hit`), appended to
// `out` (the message; the writer adds spdlog's time and level). Control characters in the
// path are escaped so a request cannot forge log lines.
void append_access_message(const AccessRecord& record, std::string& out);

// What the log shows of a request it refused (bad target, too long, bad method): the
// target as the client sent it, its query replaced by "?…" (it may hold secrets). The log
// line escapes it and cuts it to kLoggedTargetBytes.
std::string_view refused_target(std::string_view raw_target);
// The method and target of the request line at the start of `received` (a request whose
// header could not be read whole); "-" for what is not there.
std::string_view received_method(std::string_view received);
std::string_view received_target(std::string_view received);

inline constexpr std::size_t kLoggedTargetBytes = 256;

}  // namespace isl::server::detail
