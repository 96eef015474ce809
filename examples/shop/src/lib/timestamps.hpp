// Times as the database stores them: "YYYY-MM-DD HH:MM:SS" in UTC. Text of this shape sorts
// in time order, and both back ends compare it the same way, so queries need no SQL date
// functions (SQLite's and PostgreSQL's differ).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace db {

// Now, moved by `offset_seconds` (negative: in the past).
std::string timestamp(std::int64_t offset_seconds = 0);
// "-2 days", "-3 hours", "+7 days", "-1 day" → seconds. Throws db::Error otherwise.
std::int64_t offset(std::string_view relative);
// Seconds from a stored timestamp to now (negative when it lies in the future).
std::int64_t seconds_since(std::string_view stamp);

}  // namespace db
