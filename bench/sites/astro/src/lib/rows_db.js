// The on-demand page's data: bench/sites/isl/src/lib/rows_db.hpp for Node (node:sqlite):
// one read-only connection and prepared statement for the process, a query per request.
import { DatabaseSync } from 'node:sqlite';

let statement;

export function rows(first, count) {
  if (!statement) {
    const db = new DatabaseSync(process.env.BENCH_DB, { readOnly: true });
    statement = db.prepare(
      'SELECT id, name, sku, price_cents AS priceCents, quantity FROM products WHERE id >= ? ORDER BY id LIMIT ?');
  }
  return statement.all(first, count);
}
