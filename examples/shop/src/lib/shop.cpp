#include "lib/shop.hpp"

#include <sodium.h>

#include <charconv>
#include <cstdio>

#include "lib/db.hpp"
#include "lib/timestamps.hpp"

namespace shop {
namespace {

constexpr const char* kProductColumns =
    "id, name, tagline, description, category, hue, price_cents, stock";

Product read_product(const db::Statement& s, int at = 0) {
  Product p;
  p.id = s.integer(at + 0);
  p.name = s.text(at + 1);
  p.tagline = s.text(at + 2);
  p.description = s.text(at + 3);
  p.category = s.text(at + 4);
  p.hue = static_cast<int>(s.integer(at + 5));
  p.price_cents = s.integer(at + 6);
  p.stock = static_cast<int>(s.integer(at + 7));
  return p;
}

// "3 hours ago" for a stored timestamp.
std::string ago_text(const std::string& stamp) { return ago(db::seconds_since(stamp)); }

}  // namespace

std::vector<Product> products() {
  auto c = db::lease();
  auto s = c->prepare(std::string("SELECT ") + kProductColumns + " FROM products ORDER BY id");
  std::vector<Product> out;
  while (s.next()) out.push_back(read_product(s));
  return out;
}

std::optional<Product> product(std::string_view id) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  auto c = db::lease();
  auto s = c->prepare(std::string("SELECT ") + kProductColumns + " FROM products WHERE id = ?");
  s.bind(1, n);
  if (!s.next()) return std::nullopt;
  return read_product(s);
}

std::vector<Product> related(const Product& p, int limit) {
  auto c = db::lease();
  auto s = c->prepare(std::string("SELECT ") + kProductColumns +
                                         " FROM products WHERE id != ? ORDER BY category != ?, id LIMIT ?");
  s.bind(1, p.id).bind(2, p.category).bind(3, limit);
  std::vector<Product> out;
  while (s.next()) out.push_back(read_product(s));
  return out;
}

std::string money(std::int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

Stock stock(std::int64_t product_id) {
  auto c = db::lease();
  auto s = c->prepare("SELECT stock FROM products WHERE id = ?");
  s.bind(1, product_id);
  Stock out;
  if (s.next()) out.quantity = static_cast<int>(s.integer(0));
  return out;
}

// ---------------------------------------------------------------- customers

std::string User::initials() const {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (start && c != ' ') out += c;
    start = c == ' ';
  }
  return out.substr(0, 2);
}

std::optional<User> user_for_session(std::string_view token) {
  if (token.empty()) return std::nullopt;
  auto c = db::lease();
  auto s = c->prepare(
      "SELECT u.id, u.username, u.name, u.is_admin, u.member_since, u.last_login "
      "FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token = ? AND s.expires_at > ?");
  s.bind(1, token).bind(2, db::timestamp());
  if (!s.next()) return std::nullopt;
  User u;
  u.id = s.integer(0);
  u.username = s.text(1);
  u.name = s.text(2);
  u.is_admin = s.integer(3) != 0;
  u.member_since = s.text(4);
  u.last_login = s.is_null(5) ? "" : ago_text(s.text(5));
  return u;
}

std::optional<std::string> log_in(std::string_view username, std::string_view password) {
  auto c = db::lease();
  std::int64_t id = 0;
  std::string hash;
  {
    std::string lower(username);
    for (char& ch : lower)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    auto s = c->prepare("SELECT id, password_hash FROM users WHERE lower(username) = ?");
    s.bind(1, lower);
    if (!s.next()) return std::nullopt;
    id = s.integer(0);
    hash = s.text(1);
  }
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) return std::nullopt;

  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  std::string token = hex;

  const std::string now = db::timestamp();
  db::Transaction t(*c);
  // The greeting shows the visit before this one: the current login becomes the last.
  c->prepare("UPDATE users SET last_login = current_login, current_login = ? WHERE id = ?")
      .bind(1, now)
      .bind(2, id)
      .run();
  c->prepare("INSERT INTO sessions (token, user_id, expires_at) VALUES (?, ?, ?)")
      .bind(1, token)
      .bind(2, id)
      .bind(3, db::timestamp(std::int64_t{kSessionDays} * 86400))
      .run();
  c->prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now).run();
  t.commit();
  return token;
}

void log_out(std::string_view token) {
  db::lease()->prepare("DELETE FROM sessions WHERE token = ?").bind(1, token).run();
}

Stats stats_for(std::int64_t user_id) {
  auto c = db::lease();
  auto s = c->prepare(
      "SELECT count(DISTINCT o.id), coalesce(sum(i.quantity * i.price_cents), 0), coalesce(sum(i.quantity), 0) "
      "FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.user_id = ?");
  s.bind(1, user_id);
  Stats out;
  if (s.next()) {
    out.orders = static_cast<int>(s.integer(0));
    out.spent_cents = s.integer(1);
    out.items = static_cast<int>(s.integer(2));
    out.points = static_cast<int>(out.spent_cents / 100);
  }
  return out;
}

std::vector<Notification> notifications_for(std::int64_t user_id, int limit) {
  auto c = db::lease();
  auto s = c->prepare(
      "SELECT title, body, created_at, unread FROM notifications WHERE user_id = ? "
      "ORDER BY created_at DESC LIMIT ?");
  s.bind(1, user_id).bind(2, limit);
  std::vector<Notification> out;
  while (s.next()) out.push_back({s.text(0), s.text(1), ago_text(s.text(2)), s.integer(3) != 0});
  return out;
}

int unread_count(std::int64_t user_id) {
  auto c = db::lease();
  auto s = c->prepare("SELECT count(*) FROM notifications WHERE user_id = ? AND unread <> 0");
  s.bind(1, user_id);
  return s.next() ? static_cast<int>(s.integer(0)) : 0;
}

std::vector<Activity> activity_for(std::int64_t user_id, int limit) {
  auto c = db::lease();
  auto s = c->prepare(
      "SELECT kind, body, created_at FROM activity WHERE user_id = ? ORDER BY created_at DESC LIMIT ?");
  s.bind(1, user_id).bind(2, limit);
  std::vector<Activity> out;
  while (s.next()) out.push_back({s.text(0), s.text(1), ago_text(s.text(2))});
  return out;
}

// ---------------------------------------------------------------- shop-wide

std::vector<BestSeller> best_sellers(int limit) {
  auto c = db::lease();
  auto s = c->prepare(
      "SELECT p.id, p.name, p.tagline, p.description, p.category, p.hue, p.price_cents, p.stock, "
      "sum(i.quantity) AS sold FROM order_items i JOIN products p ON p.id = i.product_id "
      "JOIN orders o ON o.id = i.order_id WHERE o.placed_at > ? "
      "GROUP BY p.id ORDER BY sold DESC, p.id LIMIT ?");
  s.bind(1, db::timestamp(-30 * 86400)).bind(2, limit);
  std::vector<BestSeller> out;
  while (s.next()) out.push_back({read_product(s), static_cast<int>(s.integer(8))});
  return out;
}

std::vector<Store> stores() {
  auto c = db::lease();
  auto s = c->prepare("SELECT city, address, hours FROM stores ORDER BY id");
  std::vector<Store> out;
  while (s.next()) out.push_back({s.text(0), s.text(1), s.text(2)});
  return out;
}

Overview overview() {
  auto c = db::lease();
  auto s = c->prepare(
      "SELECT (SELECT count(*) FROM users WHERE is_admin = 0), (SELECT count(*) FROM products), "
      "(SELECT count(*) FROM products WHERE stock <= 3), "
      "(SELECT count(*) FROM orders WHERE placed_at > ?), "
      "(SELECT coalesce(sum(i.quantity * i.price_cents), 0) FROM order_items i JOIN orders o ON o.id = i.order_id "
      " WHERE o.placed_at > ?)");
  const std::string week_ago = db::timestamp(-7 * 86400);
  s.bind(1, week_ago).bind(2, week_ago);
  Overview o;
  if (s.next()) {
    o.customers = static_cast<int>(s.integer(0));
    o.products = static_cast<int>(s.integer(1));
    o.low_stock = static_cast<int>(s.integer(2));
    o.orders_this_week = static_cast<int>(s.integer(3));
    o.revenue_this_week_cents = s.integer(4);
  }
  return o;
}

std::vector<Product> low_stock(int threshold) {
  auto c = db::lease();
  auto s = c->prepare(std::string("SELECT ") + kProductColumns +
                                         " FROM products WHERE stock <= ? ORDER BY stock, id");
  s.bind(1, threshold);
  std::vector<Product> out;
  while (s.next()) out.push_back(read_product(s));
  return out;
}

bool restock(std::int64_t product_id, int amount) {
  auto c = db::lease();
  c->prepare("UPDATE products SET stock = stock + ? WHERE id = ?").bind(1, amount).bind(2, product_id).run();
  return c->changes() > 0;
}

std::string ago(std::int64_t seconds) {
  if (seconds < 60) return "just now";
  auto plural = [](std::int64_t n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " ago";
  };
  if (seconds < 3600) return plural(seconds / 60, "minute");
  if (seconds < 86400) return plural(seconds / 3600, "hour");
  std::int64_t days = seconds / 86400;
  if (days == 1) return "yesterday";
  if (days < 30) return plural(days, "day");
  if (days < 365) return plural(days / 30, "month");
  return plural(days / 365, "year");
}

}  // namespace shop
