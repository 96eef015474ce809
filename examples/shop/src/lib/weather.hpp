// The weather at our stores, from a (pretend) weather service. It has no station near
// Hallstatt, and says so by throwing: callers show the error and offer a retry.
#pragma once

#include <stdexcept>
#include <string>

namespace weather {

struct Report {
  std::string city;
  int celsius = 0;
  std::string condition;  // "Sunny", "Light rain", …
  std::string icon;       // sun, cloud, rain, fog
  int wind_kmh = 0;
};

struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws weather::Unavailable when the service cannot answer for `city`.
Report fetch(const std::string& city);

}  // namespace weather
