// The benchmark's data: made up, deterministic, in memory. bench/sites/astro/src/lib/catalog.js
// is the same in JavaScript, so that both servers do the same work for the same request.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace catalog {

inline constexpr const char* kAdjectives[] = {"Slow", "Bright", "Quiet", "Copper", "Smoky",
                                              "Golden", "Little", "Rustic", "Misty", "Crisp"};
inline constexpr const char* kNouns[] = {"Kettle", "Dripper", "Grinder", "Mug", "Teapot",
                                         "Scale", "Filter", "Tin", "Whisk", "Carafe"};

struct Stock {
  int quantity = 0;
  bool available() const { return quantity > 0; }
  bool low() const { return quantity > 0 && quantity <= 3; }
};

inline Stock stock(std::int64_t product_id) { return {static_cast<int>((product_id * 7919) % 23)}; }

struct Row {
  std::int64_t id = 0;
  std::string name;
  std::string sku;
  std::int64_t price_cents = 0;
  int quantity = 0;
};

inline std::string money(std::int64_t cents) {
  std::string frac = std::to_string(cents % 100);
  return "$" + std::to_string(cents / 100) + "." + (frac.size() < 2 ? "0" : "") + frac;
}

// `count` rows starting at product `first`, built on every call (as a query would).
inline std::vector<Row> rows(std::int64_t first, int count) {
  std::vector<Row> out;
  out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = first; i < first + count; ++i) {
    std::string sku = std::to_string(100000 + i);
    out.push_back({i, std::string(kAdjectives[i % 10]) + " " + kNouns[(i * 3) % 10] + " & Co",
                   "SKU-" + sku, 500 + (i * 137) % 9500, static_cast<int>((i * 7919) % 23)});
  }
  return out;
}

}  // namespace catalog
