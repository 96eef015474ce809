#include "lib/db.hpp"

#include <sodium.h>
#include <sqlite3.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace db {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS products (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  tagline     TEXT NOT NULL,
  description TEXT NOT NULL,
  category    TEXT NOT NULL,   -- kettle, dripper, mug, grinder, tea
  hue         INTEGER NOT NULL, -- the colour of its picture
  price_cents INTEGER NOT NULL,
  stock       INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,  -- libsodium crypto_pwhash_str
  is_admin      INTEGER NOT NULL DEFAULT 0,
  member_since  TEXT NOT NULL,
  last_login    TEXT,           -- the login before the current one
  current_login TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
  token      TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  placed_at   TEXT NOT NULL,
  status      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS order_items (
  order_id    INTEGER NOT NULL REFERENCES orders(id),
  product_id  INTEGER NOT NULL REFERENCES products(id),
  quantity    INTEGER NOT NULL,
  price_cents INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  unread     INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS activity (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  kind       TEXT NOT NULL,     -- order, review, wishlist, account
  body       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stores (
  id      INTEGER PRIMARY KEY,
  city    TEXT NOT NULL,
  address TEXT NOT NULL,
  hours   TEXT NOT NULL
);
)sql";

std::once_flag setup_once;

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw Error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

}  // namespace

std::string path() {
  const char* env = std::getenv("SHOP_DB");
  return env && *env ? env : "shop.db";
}

// ---------------------------------------------------------------- Statement

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  check(db_, sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr), "prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  check(db_, sqlite3_bind_int64(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  check(db_, sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT), "bind");
  return *this;
}

bool Statement::next() {
  int rc = sqlite3_step(stmt_);
  check(db_, rc, "step");
  return rc == SQLITE_ROW;
}

void Statement::run() {
  while (next()) {}
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

// ---------------------------------------------------------------- Connection

Connection::Connection(const std::string& file) {
  int rc = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    throw Error("cannot open database " + file + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
}

Connection::~Connection() { sqlite3_close(db_); }

Connection& Connection::get() {
  // One connection per thread: renders run on several threads, and a SQLite connection
  // is best used by one thread at a time. WAL lets readers and a writer work side by side.
  // The first connection of the process creates the schema and, in an empty database,
  // the seed data; BEGIN IMMEDIATE keeps two processes from seeding at once.
  thread_local std::unique_ptr<Connection> conn;
  if (!conn) {
    std::unique_ptr<Connection> fresh(new Connection(path()));
    std::call_once(setup_once, [&] {
      if (sodium_init() < 0) throw Error("libsodium failed to initialise");
      Transaction t(*fresh);
      fresh->exec(kSchema);
      bool empty = false;
      {
        auto count = fresh->prepare("SELECT count(*) FROM products");
        count.next();
        empty = count.integer(0) == 0;
      }
      if (empty) seed(*fresh);
      t.commit();
    });
    conn = std::move(fresh);
  }
  return *conn;
}

void Connection::exec(std::string_view sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error("sql: " + msg);
  }
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Connection::changes() const { return sqlite3_changes(db_); }

// ---------------------------------------------------------------- Transaction

Transaction::Transaction(Connection& c) : c_(c) { c_.exec("BEGIN IMMEDIATE"); }

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
