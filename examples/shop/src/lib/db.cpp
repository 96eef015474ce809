// The pool, the process's default pool, transactions and the first-start setup. The two
// back ends are db_sqlite.cpp and db_postgres.cpp.
#include "lib/db.hpp"

#include <sodium.h>

#include <cstdlib>

namespace db {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : "";
}

std::size_t pool_size() {
  std::string v = env("SHOP_DB_POOL");
  if (v.empty()) return 4;
  long n = std::strtol(v.c_str(), nullptr, 10);
  if (n < 1 || n > 64) throw Error("SHOP_DB_POOL must be between 1 and 64, not " + v);
  return static_cast<std::size_t>(n);
}

std::unique_ptr<Pool> from_environment() {
  std::string url = env("SHOP_DATABASE_URL");
  if (!url.empty()) return std::make_unique<Pool>([url] { return open_postgres(url); }, pool_size());
  std::string file = path();
  return std::make_unique<Pool>([file] { return open_sqlite(file); }, pool_size());
}

std::mutex default_mutex;
std::unique_ptr<Pool> default_pool;

Pool& default_pool_ref() {
  std::lock_guard lock(default_mutex);
  if (!default_pool) default_pool = from_environment();
  return *default_pool;
}

}  // namespace

std::string path() {
  std::string file = env("SHOP_DB");
  return file.empty() ? "shop.db" : file;
}

std::string describe() { return env("SHOP_DATABASE_URL").empty() ? "sqlite:" + path() : "postgresql"; }

// ---------------------------------------------------------------- Pool

Pool::Pool(Opener open, std::size_t size, std::chrono::milliseconds wait)
    : open_(std::move(open)), size_(size), wait_(wait) {}

Lease Pool::lease() {
  std::unique_ptr<Connection> c;
  {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_count_ < size_; }))
      throw Error("no free database connection after " + std::to_string(wait_.count()) + " ms");
    if (!idle_.empty()) {
      c = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_count_;  // reserved; opened below, outside the lock
    }
  }
  if (!c) {
    try {
      c = open_();
    } catch (...) {
      std::lock_guard lock(mutex_);
      --open_count_;
      freed_.notify_one();
      throw;
    }
  }
  Lease lease(*this, std::move(c));
  set_up(*lease);
  return lease;
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mutex_);
  if (c->healthy()) {
    idle_.push_back(std::move(c));
  } else {
    --open_count_;  // the next lease opens a fresh one
  }
  freed_.notify_one();
}

// Once per pool, under the database's own lock (BEGIN IMMEDIATE in SQLite, an advisory
// lock in PostgreSQL): three instances starting at once create the tables and seed once.
// A failure leaves set_up_ false, so the next lease tries again.
void Pool::set_up(Connection& c) {
  std::lock_guard lock(setup_mutex_);
  if (set_up_) return;
  if (sodium_init() < 0) throw Error("libsodium failed to initialise");
  Transaction t(c);
  c.lock_for_setup();
  c.exec(c.schema());
  bool empty = false;
  {
    auto count = c.prepare("SELECT count(*) FROM products");
    count.next();
    empty = count.integer(0) == 0;
  }
  if (empty) seed(c);
  t.commit();
  set_up_ = true;
}

Lease::~Lease() {
  if (c_) pool_->give_back(std::move(c_));
}

// ---------------------------------------------------------------- the process's pool

Lease lease() { return default_pool_ref().lease(); }

void use(std::unique_ptr<Pool> pool) {
  std::lock_guard lock(default_mutex);
  default_pool = std::move(pool);
}

void check() {
  auto c = lease();
  auto s = c->prepare("SELECT count(*) FROM products");
  if (!s.next()) throw Error("the database did not answer");
}

// ---------------------------------------------------------------- Transaction

Transaction::Transaction(Connection& c) : c_(c) { c_.begin(); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      c_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}

void Transaction::commit() {
  c_.exec("COMMIT");
  done_ = true;
}

}  // namespace db
