// The shop's data access: one interface, two back ends.
//   SHOP_DATABASE_URL set  → PostgreSQL (libpq; a conninfo string or postgresql:// URI),
//                            shared by every instance of the site (db_postgres.cpp);
//   otherwise              → SQLite, the file $SHOP_DB or shop.db (db_sqlite.cpp).
// Each process holds a small pool of connections (SHOP_DB_POOL, default 4); a lease gives
// one to a single thread for as long as it lives. The schema and seed data are created the
// first time a pool hands out a connection, safely when several instances start at once.
//
// SQL is written once for both: `?` placeholders, no date functions (timestamps are
// "YYYY-MM-DD HH:MM:SS" UTC text computed in C++: timestamps.hpp), integers for booleans.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace db {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a back end implements for one prepared statement.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, std::string_view value) = 0;
  virtual bool next() = 0;  // runs the statement on first call; true while there is a row
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual bool is_null(int column) const = 0;
};

// A prepared statement. Bind with bind(1, x), step with next(), read columns by index.
class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}

  Statement& bind(int index, std::int64_t value) {
    impl_->bind(index, value);
    return *this;
  }
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value) {
    impl_->bind(index, value);
    return *this;
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }

  // Steps once: true while there is a row to read.
  bool next() { return impl_->next(); }
  // Runs a statement that returns no rows.
  void run() {
    while (next()) {}
  }

  std::int64_t integer(int column) const { return impl_->integer(column); }
  std::string text(int column) const { return impl_->text(column); }
  bool is_null(int column) const { return impl_->is_null(column); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

// One connection to the database, used by one thread at a time (the pool sees to it).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Statement prepare(std::string_view sql) = 0;
  virtual void exec(std::string_view sql) = 0;  // one or more statements, no parameters
  virtual int changes() const = 0;              // rows changed by the last statement
  virtual void begin() = 0;                     // a write transaction (Transaction)
  // Inside a transaction: waits until no other process is setting the schema up.
  virtual void lock_for_setup() = 0;
  virtual std::string_view schema() const = 0;  // CREATE TABLE IF NOT EXISTS … in its dialect
  // False once the connection is unusable (the server went away): the pool drops it.
  virtual bool healthy() const = 0;
};

std::unique_ptr<Connection> open_sqlite(const std::string& path);  // db_sqlite.cpp
std::unique_ptr<Connection> open_postgres(const std::string& url); // db_postgres.cpp

class Pool;

// A connection borrowed from a pool; it goes back when the lease is destroyed.
class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection* operator->() { return c_.get(); }
  Connection& operator*() { return *c_; }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> c_;
};

// At most `size` connections, opened on demand. The first connection handed out creates
// the schema and, in an empty database, the seed data (seed()).
class Pool {
 public:
  using Opener = std::function<std::unique_ptr<Connection>()>;
  Pool(Opener open, std::size_t size, std::chrono::milliseconds wait = std::chrono::seconds(10));
  // Waits up to `wait` for a free connection; throws Error when there is none, or when the
  // database cannot be reached.
  Lease lease();
  std::size_t size() const { return size_; }

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> c);
  void set_up(Connection& c);

  Opener open_;
  const std::size_t size_;
  const std::chrono::milliseconds wait_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_count_ = 0;  // idle + leased
  bool set_up_ = false;
  std::mutex setup_mutex_;
};

// The process's pool, made from the environment on first use (see the top of this file).
Lease lease();
// Replaces the process's pool (tests; a tool pointing at another database).
void use(std::unique_ptr<Pool> pool);
// Which back end the environment selects: "postgresql" or "sqlite:<path>", for logs.
std::string describe();
// The SQLite file in use when SHOP_DATABASE_URL is not set.
std::string path();
// Throws unless the database answers (and its schema is set up): the readiness check.
void check();

// BEGIN … COMMIT, rolled back if the scope is left by an exception.
class Transaction {
 public:
  explicit Transaction(Connection& c);
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
};

// Fills an empty database: the shop's catalogue, its customers, their orders (seed.cpp).
void seed(Connection& c);

}  // namespace db
