// The on-demand page's data: `count` products from the SQLite file $BENCH_DB (written by
// bench/tools/http_bench.py), read on every request. One read-only connection and prepared
// statement per server thread, as a pool would hand out; bench/sites/astro/src/lib/rows_db.js
// is the same for Node.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "lib/catalog.hpp"

namespace rows_db {

class Reader {
 public:
  Reader() {
    const char* path = std::getenv("BENCH_DB");
    if (!path || sqlite3_open_v2(path, &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db_, "SELECT id, name, sku, price_cents, quantity FROM products WHERE id >= ? "
                                "ORDER BY id LIMIT ?", -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("BENCH_DB: ") + (db_ ? sqlite3_errmsg(db_) : "not set"));
    }
  }
  ~Reader() {
    sqlite3_finalize(stmt_);
    sqlite3_close(db_);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  std::vector<catalog::Row> rows(std::int64_t first, int count) {
    std::vector<catalog::Row> out;
    out.reserve(static_cast<std::size_t>(count));
    sqlite3_reset(stmt_);
    sqlite3_bind_int64(stmt_, 1, first);
    sqlite3_bind_int(stmt_, 2, count);
    while (sqlite3_step(stmt_) == SQLITE_ROW) {
      out.push_back({sqlite3_column_int64(stmt_, 0), text(1), text(2), sqlite3_column_int64(stmt_, 3),
                     sqlite3_column_int(stmt_, 4)});
    }
    return out;
  }

 private:
  std::string text(int column) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

inline std::vector<catalog::Row> rows(std::int64_t first, int count) {
  thread_local Reader reader;
  return reader.rows(first, count);
}

}  // namespace rows_db
