// The shop's data layer on both back ends: SQLite in a temporary file, PostgreSQL in a
// throwaway cluster (pg_cluster.hpp). The same checks run against each.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "lib/db.hpp"
#include "lib/shop.hpp"
#include "pg_cluster.hpp"

namespace {

namespace fs = std::filesystem;

std::int64_t count(db::Pool& pool, const std::string& table) {
  auto c = pool.lease();
  auto s = c->prepare("SELECT count(*) FROM " + table);
  EXPECT_TRUE(s.next());
  return s.integer(0);
}

// One database per back end for the whole process (seeding hashes three passwords, and a
// cluster takes a while to start): the tests below do not depend on each other's changes.
// The binary runs as one ctest test (tests/CMakeLists.txt).
struct Database {
  std::unique_ptr<shop_test::PgCluster> cluster;  // postgresql
  fs::path dir;                                   // sqlite
  int fresh = 0;

  // `name` empty: the shared database; else a new, empty one.
  db::Pool::Opener opener(const std::string& name = "") {
    if (cluster) {
      std::string database = "postgres";
      if (!name.empty()) cluster->create_database(database = name + std::to_string(++fresh));
      std::string url = cluster->url(database);
      return [url] { return db::open_postgres(url); };
    }
    std::string file = (dir / ((name.empty() ? std::string("shop") : name + std::to_string(++fresh)) + ".db")).string();
    return [file] { return db::open_sqlite(file); };
  }
  ~Database() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

Database& database(const std::string& backend) {
  static std::map<std::string, std::unique_ptr<Database>> all;
  auto& d = all[backend];
  if (!d) {
    d = std::make_unique<Database>();
    if (backend == "postgresql") {
      d->cluster = std::make_unique<shop_test::PgCluster>();
    } else {
      d->dir = fs::temp_directory_path() / ("isl-shop-" + std::to_string(getpid()));
      fs::create_directories(d->dir);
    }
  }
  return *d;
}

class Backend : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_ = database(GetParam()).opener();
    db::use(std::make_unique<db::Pool>(open_, 3));
  }
  void TearDown() override { db::use(nullptr); }

  db::Pool::Opener open_;
};

TEST_P(Backend, FirstLeaseCreatesSchemaAndSeed) {
  EXPECT_NO_THROW(db::check());
  auto products = shop::products();
  ASSERT_EQ(products.size(), 8u);
  EXPECT_EQ(products[0].id, 1);
  EXPECT_EQ(products[0].name, "Heron Gooseneck Kettle");
  EXPECT_EQ(shop::stores().size(), 4u);
  EXPECT_EQ(shop::overview().customers, 2);  // ada and sam; grace is an administrator
}

TEST_P(Backend, LoginSessionAndLogout) {
  EXPECT_FALSE(shop::log_in("ada", "wrong"));
  auto token = shop::log_in("ADA", "espresso");  // usernames ignore case
  ASSERT_TRUE(token);
  auto user = shop::user_for_session(*token);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->name, "Ada Lovelace");
  EXPECT_FALSE(user->is_admin);
  EXPECT_EQ(user->last_login, "2 days ago");  // the seeded login before this one
  shop::log_out(*token);
  EXPECT_FALSE(shop::user_for_session(*token));
  EXPECT_FALSE(shop::user_for_session("not-a-token"));
}

TEST_P(Backend, RestockChangesStockAndReportsMissingProducts) {
  EXPECT_EQ(shop::stock(4).quantity, 0);
  EXPECT_TRUE(shop::restock(4, 10));
  EXPECT_EQ(shop::stock(4).quantity, 10);
  EXPECT_FALSE(shop::restock(999, 10));
}

TEST_P(Backend, QueriesOfTheIslandsAnswer) {
  auto sellers = shop::best_sellers(4);
  ASSERT_EQ(sellers.size(), 4u);
  EXPECT_EQ(sellers[0].product.name, "Dusk Stoneware Mug");  // 8 sold in the last 30 days
  EXPECT_EQ(shop::stats_for(1).orders, 3);
  EXPECT_EQ(shop::unread_count(1), 2);
  auto notes = shop::notifications_for(1, 4);
  ASSERT_EQ(notes.size(), 4u);
  EXPECT_EQ(notes[0].when, "3 hours ago");
  auto feed = shop::activity_for(1, 5);
  ASSERT_FALSE(feed.empty());
  EXPECT_EQ(feed[0].body, "Placed order #1052: 4 items, $96.00");
  auto related = shop::related(*shop::product("1"), 3);
  ASSERT_EQ(related.size(), 3u);
  EXPECT_EQ(related[0].category, "kettle");
  auto low = shop::low_stock(3);  // the dripper (3) and the stovetop kettle (2); the grinder unless restocked
  ASSERT_GE(low.size(), 2u);
  for (const auto& p : low) EXPECT_LE(p.stock, 3) << p.name;
}

TEST_P(Backend, QuestionMarkInsideAStringIsNotAPlaceholder) {
  auto c = db::lease();
  auto s = c->prepare("SELECT 'why?', ?");
  s.bind(1, "because");
  ASSERT_TRUE(s.next());
  EXPECT_EQ(s.text(0), "why?");
  EXPECT_EQ(s.text(1), "because");
}

TEST_P(Backend, TransactionLeftByAnExceptionRollsBack) {
  db::check();
  try {
    auto c = db::lease();
    db::Transaction t(*c);
    c->prepare("UPDATE products SET stock = 77 WHERE id = 1").run();
    throw std::runtime_error("abandon");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(shop::stock(1).quantity, 12);
}

TEST_P(Backend, PoolHandsOutAtMostItsSizeThenTimesOut) {
  db::Pool pool(open_, 2, std::chrono::milliseconds(100));
  auto a = pool.lease();
  auto b = pool.lease();
  EXPECT_THROW(pool.lease(), db::Error);
  { auto moved = std::move(a); }  // back to the pool
  EXPECT_NO_THROW(pool.lease());
}

// Three instances starting at once on an empty database: one schema, one seed.
TEST_P(Backend, ThreePoolsStartingAtOnceSeedOnce) {
  auto empty = database(GetParam()).opener("race");
  std::vector<std::unique_ptr<db::Pool>> pools;
  for (int i = 0; i < 3; ++i) pools.push_back(std::make_unique<db::Pool>(empty, 1));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (auto& pool : pools)
    threads.emplace_back([&failures, p = pool.get()] {
      try {
        p->lease();
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count(*pools[0], "products"), 8);
  EXPECT_EQ(count(*pools[1], "users"), 3);
  EXPECT_EQ(count(*pools[2], "stores"), 4);
}

INSTANTIATE_TEST_SUITE_P(, Backend, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// Readiness: an unreachable database makes check() throw (and the site not ready), with
// libpq's reason; nothing is cached, so the next call connects again.
TEST(PostgresBackend, UnreachableServerFailsTheCheckWithItsReason) {
  db::use(std::make_unique<db::Pool>(
      [] { return db::open_postgres("host=/nonexistent-isl-socket-dir port=5432 user=shop connect_timeout=2"); }, 1));
  try {
    db::check();
    ADD_FAILURE() << "check() passed without a server";
  } catch (const db::Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot connect to PostgreSQL"), std::string::npos) << e.what();
  }
  db::use(nullptr);
}

}  // namespace
