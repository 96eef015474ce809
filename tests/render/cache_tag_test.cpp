// ctx.cache_tag (the Cache-Tag header it builds, the tags it refuses) and isl::purge_tag
// reaching the server's island cache.
#include "isl/context.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "render/state.hpp"
#include "server/island_cache.hpp"

namespace isl {
namespace {

TEST(CacheTag, BuildsOneCommaSeparatedHeader) {
  Context ctx;
  ctx.cache_tag("prices");
  ctx.cache_tag(" stock ");
  ctx.cache_tag("prices");  // once is enough
  const std::string* tags = detail::ContextAccess::response(ctx).find_header("cache-tag");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(*tags, "prices,stock");
  EXPECT_EQ(detail::ContextAccess::response(ctx).headers.size(), 1u);
}

TEST(CacheTag, RefusesTagsThatWouldBreakTheList) {
  Context ctx;
  EXPECT_THROW(ctx.cache_tag("a,b"), std::invalid_argument);
  EXPECT_THROW(ctx.cache_tag("a\r\nSet-Cookie: x=1"), std::invalid_argument);
  EXPECT_THROW(ctx.cache_tag("  "), std::invalid_argument);
  EXPECT_EQ(detail::ContextAccess::response(ctx).find_header("Cache-Tag"), nullptr);
}

TEST(CacheTag, PurgeTagDropsTaggedAnswersOfTheServersCache) {
  server::detail::IslandCacheCounters counters;
  server::detail::IslandCache cache(1 << 20, counters);
  server::HttpRequest request;
  request.method = "GET";
  request.path = "/_server-islands/Prices";
  server::detail::Response answer;
  answer.headers = {{"Cache-Control", "public, max-age=60"}, {"Cache-Tag", "prices"}};
  answer.body = std::make_shared<const std::string>("<p>1</p>");
  const std::string key = server::detail::IslandCache::key_of(request);
  ASSERT_TRUE(cache.store(key, request, answer, cache.lookup(key, request).epoch));
  EXPECT_EQ(cache.lookup(key, request).found, server::detail::IslandCache::Found::fresh);
  purge_tag("other");
  EXPECT_EQ(cache.lookup(key, request).found, server::detail::IslandCache::Found::fresh);
  purge_tag("prices");
  EXPECT_EQ(cache.lookup(key, request).found, server::detail::IslandCache::Found::none);
  EXPECT_EQ(counters.purged.load(), 1u);
}

}  // namespace
}  // namespace isl
