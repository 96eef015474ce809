// The data a new database starts with: the catalogue, three accounts, a few weeks of orders.
// Times are relative to the moment of seeding, so the site always looks lived in.
#include <sodium.h>

#include <cstdio>
#include <utility>
#include <vector>

#include "lib/db.hpp"
#include "lib/timestamps.hpp"

namespace db {
namespace {

std::string hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.c_str(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw Error("out of memory while hashing a password");
  return out;
}

struct SeedProduct {
  const char* name;
  const char* tagline;
  const char* description;
  const char* category;
  int hue;
  int price_cents;
  int stock;
};

constexpr SeedProduct kProducts[] = {
    {"Heron Gooseneck Kettle", "A slow, steady pour",
     "A 0.9 litre stainless kettle with a long, narrow spout for the slow, even pour that pour-over "
     "coffee wants. Works on gas, electric and induction; the handle stays cool.",
     "kettle", 200, 8900, 12},
    {"No. 2 Ceramic Dripper", "Hand-thrown in Arita",
     "A cone dripper for one or two cups, thrown in porcelain and glazed inside and out. The spiral ribs "
     "let the coffee breathe; the single hole keeps the flow even.",
     "dripper", 18, 3200, 3},
    {"Dusk Stoneware Mug", "Holds 350 ml, and its heat",
     "Thick-walled stoneware with a speckled glaze the colour of late evening. Dishwasher safe, and heavy "
     "enough that it doesn't tip when the cat walks past.",
     "mug", 262, 2400, 40},
    {"Mill 38 Hand Grinder", "Steel burrs, forty clicks",
     "A conical steel burr grinder with forty clicks between espresso and French press. Grinds 20 g in "
     "under a minute and packs into a kettle for travel.",
     "grinder", 28, 14500, 0},
    {"First Flush Sencha", "Spring harvest, 80 g tin",
     "Steamed green tea from the first spring picking in Shizuoka: grassy, sweet and bright. Brew at 70 °C "
     "for a minute; the leaves give three good infusions.",
     "tea", 112, 1850, 25},
    {"Double-Wall Glass Mug", "Cool outside, hot inside",
     "Borosilicate glass with an air gap between its walls, so your tea stays hot and your hands don't. "
     "Lets you watch the leaves unfurl.",
     "mug", 192, 2800, 7},
    {"Harbour Stovetop Kettle", "Enamel, two litres",
     "A classic enamelled kettle with a whistle you can switch off. Two litres for a household; the "
     "enamel is fired twice so it lasts for years.",
     "kettle", 352, 6400, 2},
    {"Ember Hojicha", "Roasted green tea, 60 g tin",
     "Green tea roasted over charcoal until it turns the colour of autumn leaves: toasty, low in caffeine, "
     "lovely after dinner. Brew hot, at 95 °C.",
     "tea", 20, 1600, 18},
};

}  // namespace

void seed(Connection& c) {
  for (const auto& p : kProducts)
    c.prepare("INSERT INTO products (name, tagline, description, category, hue, price_cents, stock) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, p.name)
        .bind(2, p.tagline)
        .bind(3, p.description)
        .bind(4, p.category)
        .bind(5, p.hue)
        .bind(6, p.price_cents)
        .bind(7, p.stock)
        .run();

  struct SeedUser {
    int id;
    const char* username;
    const char* name;
    const char* password;
    bool admin;
    const char* since;
    const char* current_login;
  };
  const SeedUser users[] = {
      {1, "ada", "Ada Lovelace", "espresso", false, "March 2024", "-2 days"},
      {2, "grace", "Grace Hopper", "hopper", true, "January 2023", "-1 day"},
      {3, "sam", "Sam Okafor", "matcha", false, "August 2025", "-5 days"},
  };
  for (const auto& u : users) {
    c.prepare("INSERT INTO users (id, username, name, password_hash, is_admin, member_since, current_login) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, u.id)
        .bind(2, u.username)
        .bind(3, u.name)
        .bind(4, hash_password(u.password))
        .bind(5, u.admin ? 1 : 0)
        .bind(6, u.since)
        .bind(7, timestamp(offset(u.current_login)))
        .run();
  }

  struct SeedOrder {
    int id;
    int user;
    const char* placed;
    const char* status;
    std::vector<std::pair<int, int>> items;  // product, quantity
  };
  const SeedOrder orders[] = {
      {1041, 1, "-40 days", "delivered", {{1, 1}, {3, 2}}},
      {1043, 3, "-26 days", "delivered", {{5, 2}, {3, 1}}},
      {1044, 3, "-20 days", "delivered", {{4, 1}, {3, 2}}},
      {1046, 2, "-15 days", "delivered", {{8, 2}}},
      {1047, 1, "-12 days", "delivered", {{2, 1}, {5, 2}}},
      {1048, 3, "-9 days", "delivered", {{6, 2}, {8, 1}}},
      {1049, 2, "-6 days", "delivered", {{7, 1}, {5, 1}}},
      {1050, 3, "-5 days", "shipped", {{1, 1}, {5, 3}}},
      {1052, 1, "-2 days", "shipped", {{6, 2}, {8, 1}, {3, 1}}},
      {1053, 3, "-1 day", "processing", {{3, 4}, {2, 1}}},
  };
  for (const auto& o : orders) {
    std::string placed = timestamp(offset(o.placed));
    c.prepare("INSERT INTO orders (id, user_id, placed_at, status) VALUES (?, ?, ?, ?)")
        .bind(1, o.id)
        .bind(2, o.user)
        .bind(3, placed)
        .bind(4, o.status)
        .run();
    int items = 0;
    std::int64_t total = 0;
    for (auto [product, quantity] : o.items) {
      const int price = kProducts[product - 1].price_cents;  // products are seeded with ids 1, 2, …
      c.prepare("INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES (?, ?, ?, ?)")
          .bind(1, o.id)
          .bind(2, product)
          .bind(3, quantity)
          .bind(4, price)
          .run();
      items += quantity;
      total += static_cast<std::int64_t>(quantity) * price;
    }
    // Each order shows in its customer's activity feed.
    char body[96];
    std::snprintf(body, sizeof body, "Placed order #%d: %d items, $%lld.%02lld", o.id, items,
                  static_cast<long long>(total / 100), static_cast<long long>(total % 100));
    c.prepare("INSERT INTO activity (user_id, created_at, kind, body) VALUES (?, ?, 'order', ?)")
        .bind(1, o.user)
        .bind(2, placed)
        .bind(3, body)
        .run();
  }

  struct SeedNote {
    int user;
    const char* when;
    const char* title;
    const char* body;
    bool unread;
  };
  const SeedNote notes[] = {
      {1, "-3 hours", "Order #1052 is on its way", "Two glass mugs, Ember Hojicha and a Dusk mug left our Lisbon "
                                                   "warehouse this morning.", true},
      {1, "-1 day", "Mill 38 is nearly back", "The grinder on your wishlist is due back in stock next week.", true},
      {1, "-4 days", "Your review is live", "Thanks for reviewing the No. 2 Ceramic Dripper.", false},
      {1, "-9 days", "Brewing class in Edinburgh", "Pour-over basics, Saturday at 10: two seats left.", false},
      {2, "-2 hours", "Stock is running low", "Two products have three units or fewer left.", true},
      {2, "-2 days", "Weekly report ready", "Sales are up 12% on last week.", false},
      {3, "-1 day", "Order #1053 received", "We're packing four Dusk mugs and a No. 2 dripper.", true},
  };
  for (const auto& n : notes)
    c.prepare("INSERT INTO notifications (user_id, created_at, title, body, unread) "
              "VALUES (?, ?, ?, ?, ?)")
        .bind(1, n.user)
        .bind(2, timestamp(offset(n.when)))
        .bind(3, n.title)
        .bind(4, n.body)
        .bind(5, n.unread ? 1 : 0)
        .run();

  struct SeedActivity {
    int user;
    const char* when;
    const char* kind;
    const char* body;
  };
  const SeedActivity activity[] = {
      {1, "-4 days", "review", "Reviewed No. 2 Ceramic Dripper: five stars"},
      {1, "-6 days", "wishlist", "Added Mill 38 Hand Grinder to the wishlist"},
      {1, "-400 days", "account", "Opened a Steep & Grind account"},
      {2, "-3 days", "review", "Reviewed Harbour Stovetop Kettle: four stars"},
      {3, "-7 days", "wishlist", "Added Heron Gooseneck Kettle to the wishlist"},
  };
  for (const auto& a : activity)
    c.prepare("INSERT INTO activity (user_id, created_at, kind, body) VALUES (?, ?, ?, ?)")
        .bind(1, a.user)
        .bind(2, timestamp(offset(a.when)))
        .bind(3, a.kind)
        .bind(4, a.body)
        .run();

  struct SeedStore {
    const char* city;
    const char* address;
    const char* hours;
  };
  const SeedStore stores[] = {
      {"Lisbon", "Rua das Flores 28, Chiado", "Mon–Sat 9:00–19:00"},
      {"Edinburgh", "14 Victoria Street, Old Town", "Tue–Sun 10:00–18:00"},
      {"Kyoto", "Sanjō-dōri 112, Nakagyō", "Daily 8:00–20:00"},
      {"Hallstatt", "Seestraße 7, by the ferry pier", "Thu–Sun 10:00–16:00"},
  };
  for (const auto& s : stores)
    c.prepare("INSERT INTO stores (city, address, hours) VALUES (?, ?, ?)")
        .bind(1, s.city)
        .bind(2, s.address)
        .bind(3, s.hours)
        .run();
}

}  // namespace db
