#include "lib/timestamps.hpp"

#include <cstdio>
#include <ctime>

#include "lib/db.hpp"

namespace db {

std::string timestamp(std::int64_t offset_seconds) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(offset_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::int64_t offset(std::string_view relative) {
  long long n = 0;
  char unit[16] = {};
  std::string text(relative);
  if (std::sscanf(text.c_str(), "%lld %15s", &n, unit) != 2) throw Error("not a relative time: " + text);
  std::string u = unit;
  if (!u.empty() && u.back() == 's') u.pop_back();
  if (u == "second") return n;
  if (u == "minute") return n * 60;
  if (u == "hour") return n * 3600;
  if (u == "day") return n * 86400;
  throw Error("not a relative time: " + text);
}

std::int64_t seconds_since(std::string_view stamp) {
  std::tm tm{};
  std::string text(stamp);
  if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec) != 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(std::time(nullptr) - timegm(&tm));
}

}  // namespace db
