// The shop's data: catalogue, stock, customers and their sessions, orders, notifications.
// Everything reads the database of db.hpp (SQLite or PostgreSQL); nothing here knows about HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shop {

struct Product {
  std::int64_t id = 0;
  std::string name;
  std::string tagline;
  std::string description;
  std::string category;  // kettle, dripper, mug, grinder, tea: picks its picture
  int hue = 0;           // the colour of its picture
  std::int64_t price_cents = 0;
  int stock = 0;
};

std::vector<Product> products();
std::optional<Product> product(std::string_view id);
// Other products of the same category first, then the rest; never `p` itself.
std::vector<Product> related(const Product& p, int limit);

// "$24.00"
std::string money(std::int64_t cents);

// Live stock, read on every request.
struct Stock {
  int quantity = 0;
  bool available() const { return quantity > 0; }
  bool low() const { return quantity > 0 && quantity <= 3; }
};
Stock stock(std::int64_t product_id);

// ---------------------------------------------------------------- customers

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string name;
  bool is_admin = false;
  std::string member_since;  // "March 2024"
  std::string last_login;    // "2 days ago", or "" for never
  std::string first_name() const { return name.substr(0, name.find(' ')); }
  std::string initials() const;
};

// The user a session cookie belongs to, if the session is still valid.
std::optional<User> user_for_session(std::string_view token);
// Checks the password; on success opens a session and gives its token.
std::optional<std::string> log_in(std::string_view username, std::string_view password);
void log_out(std::string_view token);
constexpr int kSessionDays = 7;

struct Stats {
  int orders = 0;
  std::int64_t spent_cents = 0;
  int points = 0;  // one point per whole dollar spent
  int items = 0;
};
Stats stats_for(std::int64_t user_id);

struct Notification {
  std::string title;
  std::string body;
  std::string when;  // "3 hours ago"
  bool unread = false;
};
std::vector<Notification> notifications_for(std::int64_t user_id, int limit);
int unread_count(std::int64_t user_id);

struct Activity {
  std::string kind;  // order, review, wishlist, account
  std::string body;
  std::string when;
};
std::vector<Activity> activity_for(std::int64_t user_id, int limit);

// ---------------------------------------------------------------- shop-wide

struct BestSeller {
  Product product;
  int sold = 0;
};
std::vector<BestSeller> best_sellers(int limit);

struct Store {
  std::string city;
  std::string address;
  std::string hours;
};
std::vector<Store> stores();

struct Overview {
  int customers = 0;
  int products = 0;
  int low_stock = 0;
  int orders_this_week = 0;
  std::int64_t revenue_this_week_cents = 0;
};
Overview overview();
std::vector<Product> low_stock(int threshold);
// Adds `amount` to a product's stock; false when there is no such product.
bool restock(std::int64_t product_id, int amount);

// "just now", "5 minutes ago", "yesterday", "3 days ago" for a number of seconds.
std::string ago(std::int64_t seconds);

}  // namespace shop
