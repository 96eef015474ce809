// The island cache's store: what may be kept, Vary matching, LRU within the byte bound,
// tags, and who renders which key.
#include "server/island_cache.hpp"
#include "isl/detail/ascii.hpp"

#include <algorithm>

#include "server/cache_control.hpp"
#include "server/http_date.hpp"

namespace isl::server::detail {

namespace {

using ascii::iequals;

// Per entry, beyond the bytes of its strings: list and map nodes, vectors, the body's
// control block. An estimate; the bound is on what the answers hold.
constexpr std::size_t kEntryOverhead = 256;
// How long a key whose answer could not be stored does not make requests wait for it.
constexpr std::chrono::seconds kPassFor{60};
constexpr std::size_t kMaxPassKeys = 16384;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii::lower(c);
  return out;
}

// Every line of the request header `name`, joined as one list; nullopt when absent.
std::optional<std::string> request_value(const HttpRequest& request, std::string_view name) {
  std::optional<std::string> value;
  for (const auto& [k, v] : request.headers) {
    if (!iequals(k, name)) continue;
    if (value) value->append(", ").append(v);
    else value = v;
  }
  return value;
}

struct Registry {
  std::mutex mutex;
  std::vector<IslandCache*> caches;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

IslandCache::IslandCache(std::size_t capacity_bytes, IslandCacheCounters& counters)
    : capacity_(capacity_bytes), counters_(counters) {
  std::lock_guard lock(registry().mutex);
  registry().caches.push_back(this);
}

IslandCache::~IslandCache() {
  std::lock_guard lock(registry().mutex);
  auto& caches = registry().caches;
  caches.erase(std::remove(caches.begin(), caches.end(), this), caches.end());
}

std::string IslandCache::key_of(const HttpRequest& request) {
  const bool post = request.method == "POST";
  const std::string& data = post ? request.body : request.query;
  std::string key;
  key.reserve(2 + request.path.size() + data.size());
  key.append(post ? "P " : "G ").append(request.path).push_back('?');
  key.append(data);
  return key;
}

IslandCache::Lru::iterator IslandCache::find_locked(const std::string& key, const HttpRequest& request) {
  const auto slot = index_.find(key);
  if (slot == index_.end()) return lru_.end();
  for (const Lru::iterator it : slot->second) {
    bool same = true;
    for (std::size_t i = 0; i < it->vary_names.size() && same; ++i) {
      same = request_value(request, it->vary_names[i]) == it->vary_values[i];
    }
    if (same) return it;
  }
  return lru_.end();
}

IslandCache::Lookup IslandCache::lookup(const std::string& key, const HttpRequest& request, Clock::time_point now) {
  Lookup out;
  std::lock_guard lock(mutex_);
  out.epoch = epoch_.load();
  const auto it = find_locked(key, request);
  if (it == lru_.end()) {
    if (const auto pass = pass_until_.find(std::hash<std::string>{}(key)); pass != pass_until_.end()) {
      if (now < pass->second) out.found = Found::pass;
      else pass_until_.erase(pass);
    }
    return out;
  }
  const Clock::duration age = now - it->stored;
  if (age >= it->fresh_for + it->stale_for) {
    erase_locked(it);  // expired: the render that follows replaces it
    return out;
  }
  if (age < it->fresh_for) {
    out.found = Found::fresh;
  } else {
    out.found = it->refreshing ? Found::stale : Found::refresh;
    it->refreshing = true;
  }
  lru_.splice(lru_.begin(), lru_, it);
  out.answer.status = it->status;
  out.answer.headers.reserve(it->headers.size() + 1);
  out.answer.headers = it->headers;
  out.answer.headers.emplace_back("Age", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count()));
  out.answer.body = it->body;
  return out;
}

bool IslandCache::store(const std::string& key, const HttpRequest& request, const Response& answer,
                        std::uint64_t epoch, Clock::time_point now) {
  const std::string* cache_control = answer.header("Cache-Control");
  const CacheDirectives d = cache_control ? parse_cache_control(*cache_control) : CacheDirectives{};
  Entry e;
  bool vary_any = false;
  bool sets_cookie = false;
  e.bytes = kEntryOverhead + 2 * key.size() + (answer.body ? answer.body->size() : 0);
  for (const auto& [name, value] : answer.headers) {
    e.bytes += name.size() + value.size();
    if (iequals(name, "Set-Cookie")) sets_cookie = true;
    if (iequals(name, "Vary")) {
      for (std::string_view v : split_list(value)) {
        if (v == "*") vary_any = true;
        else e.vary_names.push_back(lower(v));
      }
    }
    if (iequals(name, "Cache-Tag")) {
      for (std::string_view t : split_list(value)) e.tags.emplace_back(t);
    }
  }
  e.fresh_for = d.shared_lifetime();
  e.stale_for = d.must_revalidate ? std::chrono::seconds(0) : d.stale_while_revalidate.value_or(std::chrono::seconds(0));
  const bool storable = cache_control != nullptr && cacheable_status(answer.status) && !d.is_private && !d.no_store &&
                        !d.no_cache && (d.is_public || d.s_maxage) && e.fresh_for + e.stale_for > Clock::duration(0) &&
                        !vary_any && !sets_cookie && e.bytes <= capacity_ / 8;
  const std::size_t hash = std::hash<std::string>{}(key);
  std::lock_guard lock(mutex_);
  if (!storable) {
    erase_key_locked(key, nullptr);
    if (pass_until_.size() >= kMaxPassKeys) pass_until_.clear();
    pass_until_[hash] = now + kPassFor;
    return false;
  }
  if (!e.tags.empty() && epoch != epoch_.load()) {
    erase_key_locked(key, &request);  // a purge ran during the render: the answer may predate it
    return false;
  }
  pass_until_.erase(hash);
  erase_key_locked(key, &request);  // the answer this request was given until now
  for (const std::string& name : e.vary_names) {
    e.vary_values.push_back(request_value(request, name));
    e.bytes += name.size() + (e.vary_values.back() ? e.vary_values.back()->size() : 0);
  }
  e.key = key;
  e.status = answer.status;
  e.headers = answer.headers;
  if (answer.header("Date") == nullptr) e.headers.emplace_back("Date", current_http_date());
  e.body = answer.body;
  e.stored = now;
  bytes_ += e.bytes;
  lru_.push_front(std::move(e));
  index_[key].push_back(lru_.begin());
  counters_.stores.fetch_add(1, std::memory_order_relaxed);
  while (bytes_ > capacity_ && lru_.size() > 1) {
    erase_locked(std::prev(lru_.end()));
    counters_.evictions.fetch_add(1, std::memory_order_relaxed);
  }
  counters_.bytes.store(bytes_, std::memory_order_relaxed);
  counters_.entries.store(lru_.size(), std::memory_order_relaxed);
  return true;
}

void IslandCache::erase_locked(Lru::iterator it) {
  const auto slot = index_.find(it->key);
  if (slot != index_.end()) {
    auto& variants = slot->second;
    variants.erase(std::remove(variants.begin(), variants.end(), it), variants.end());
    if (variants.empty()) index_.erase(slot);
  }
  bytes_ -= it->bytes;
  lru_.erase(it);
  counters_.bytes.store(bytes_, std::memory_order_relaxed);
  counters_.entries.store(lru_.size(), std::memory_order_relaxed);
}

void IslandCache::erase_key_locked(const std::string& key, const HttpRequest* matching) {
  for (;;) {
    const auto slot = index_.find(key);
    if (slot == index_.end()) return;
    const Lru::iterator it = matching ? find_locked(key, *matching) : slot->second.front();
    if (it == lru_.end()) return;
    erase_locked(it);
  }
}

bool IslandCache::begin_render(const std::string& key, std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  const auto [it, first] = rendering_.try_emplace(key);
  if (!first) it->second.push_back(std::move(wake));
  return first;
}

void IslandCache::end_render(const std::string& key) {
  std::vector<std::function<void()>> waiting;
  {
    std::lock_guard lock(mutex_);
    const auto it = rendering_.find(key);
    if (it == rendering_.end()) return;
    waiting = std::move(it->second);
    rendering_.erase(it);
  }
  for (auto& wake : waiting) wake();
}

std::size_t IslandCache::purge(std::string_view tag) {
  std::size_t dropped = 0;
  std::lock_guard lock(mutex_);
  epoch_.fetch_add(1);
  for (auto it = lru_.begin(); it != lru_.end();) {
    const auto next = std::next(it);
    if (std::find(it->tags.begin(), it->tags.end(), tag) != it->tags.end()) {
      erase_locked(it);
      ++dropped;
    }
    it = next;
  }
  counters_.purged.fetch_add(dropped, std::memory_order_relaxed);
  return dropped;
}

std::size_t IslandCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t purge_tag_everywhere(std::string_view tag) {
  std::lock_guard lock(registry().mutex);
  std::size_t dropped = 0;
  for (IslandCache* cache : registry().caches) dropped += cache->purge(tag);
  return dropped;
}

}  // namespace isl::server::detail
