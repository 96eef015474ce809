// Rows for the table micro benchmark (bench/micro/render_bench.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace table_data {

struct Row {
  std::int64_t id = 0;
  std::string name;   // some names need escaping ("&")
  std::string sku;
  double price = 0;
  int quantity = 0;
};

inline std::vector<Row> make_rows(int count) {
  static const char* adjectives[] = {"Slow", "Bright", "Quiet", "Copper", "Smoky"};
  static const char* nouns[] = {"Kettle", "Dripper", "Grinder", "Mug", "Teapot", "Scale", "Filter"};
  std::vector<Row> rows;
  for (int i = 0; i < count; ++i)
    rows.push_back({i + 1, std::string(adjectives[i % 5]) + " " + nouns[i % 7] + (i % 3 == 0 ? " & Co" : ""),
                    "SKU-" + std::to_string(100000 + i), 4.5 + (i * 137 % 9500) / 100.0, (i * 7919) % 23});
  return rows;
}

}  // namespace table_data
