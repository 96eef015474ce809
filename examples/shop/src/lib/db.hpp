// A thin layer over SQLite: one connection per thread, prepared statements with RAII.
// The database file is $SHOP_DB, or shop.db in the working directory; it is created with
// its schema and seed data the first time it is opened (db.cpp, seed.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace db {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A prepared statement. Bind with bind(1, x), step with next(), read columns by index.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }

  // Steps once: true while there is a row to read.
  bool next();
  // Runs a statement that returns no rows.
  void run();

  std::int64_t integer(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// This thread's connection, opened (and on first use in the process, set up) on demand.
class Connection {
 public:
  static Connection& get();
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  void exec(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;  // rows changed by the last statement
  sqlite3* handle() { return db_; }
  ~Connection();

 private:
  explicit Connection(const std::string& path);
  sqlite3* db_ = nullptr;
};

// The database file in use.
std::string path();

// BEGIN IMMEDIATE … COMMIT, rolled back if the scope is left by an exception.
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
