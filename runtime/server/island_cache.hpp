// The island cache's store (spec §3, docs/server.md "The island cache"): island answers
// that said they may be shared, kept in memory under a byte bound with LRU eviction, found
// by the island request and the request headers their Vary names, dropped by tag. It also
// keeps who is rendering which key, so that concurrent misses wait for one render.
// Thread-safe (one mutex); no Asio, so that cached_island.cpp owns the waiting.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/http_types.hpp"
#include "server/metrics.hpp"
#include "server/response.hpp"

namespace isl::server::detail {

class IslandCache {
 public:
  using Clock = std::chrono::steady_clock;

  IslandCache(std::size_t capacity_bytes, IslandCacheCounters& counters);
  ~IslandCache();
  IslandCache(const IslandCache&) = delete;
  IslandCache& operator=(const IslandCache&) = delete;

  // What identifies an island request: GET and HEAD share answers, POST is apart (its
  // sealed data is in the body), then the path and the sealed data.
  static std::string key_of(const HttpRequest& request);

  enum class Found {
    none,     // nothing usable: render (coalesced with others)
    pass,     // the last answer for this key could not be stored: render, do not wait
    fresh,    // `answer` is fresh
    stale,    // `answer` is stale, another render is refreshing it
    refresh,  // `answer` is stale and the caller must refresh it (it is the one)
  };
  struct Lookup {
    Found found = Found::none;
    Response answer;          // fresh/stale/refresh: the stored answer with its Age
    std::uint64_t epoch = 0;  // pass to store(): a purge since then drops a tagged answer
  };
  Lookup lookup(const std::string& key, const HttpRequest& request, Clock::time_point now = Clock::now());

  // Keeps `answer` when its status and headers allow it (true); otherwise drops what is
  // stored for the key, and remembers for a while not to make requests wait for it.
  bool store(const std::string& key, const HttpRequest& request, const Response& answer, std::uint64_t epoch,
             Clock::time_point now = Clock::now());

  // Coalescing. True: the caller renders `key` and calls end_render(key) once it has
  // stored. False: another request renders it; `wake` is called (from that request's
  // thread) when it ends.
  bool begin_render(const std::string& key, std::function<void()> wake);
  void end_render(const std::string& key);

  // Drops every answer tagged `tag`; how many.
  std::size_t purge(std::string_view tag);
  std::size_t bytes() const;

 private:
  struct Entry {
    std::string key;
    std::vector<std::string> vary_names;  // lower case
    std::vector<std::optional<std::string>> vary_values;
    std::vector<std::string> tags;
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::shared_ptr<const std::string> body;
    Clock::time_point stored;
    Clock::duration fresh_for{};
    Clock::duration stale_for{};  // stale-while-revalidate
    std::size_t bytes = 0;
    bool refreshing = false;
  };
  using Lru = std::list<Entry>;  // front: most recently used

  void erase_locked(Lru::iterator it);
  void erase_key_locked(const std::string& key, const HttpRequest* matching);
  Lru::iterator find_locked(const std::string& key, const HttpRequest& request);

  const std::size_t capacity_;
  IslandCacheCounters& counters_;
  std::atomic<std::uint64_t> epoch_{0};
  mutable std::mutex mutex_;
  Lru lru_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, std::vector<Lru::iterator>> index_;
  std::unordered_map<std::string, std::vector<std::function<void()>>> rendering_;
  std::unordered_map<std::size_t, Clock::time_point> pass_until_;  // by hash of the key
};

// isl::purge_tag: every island cache of the process (one per server).
std::size_t purge_tag_everywhere(std::string_view tag);

}  // namespace isl::server::detail
