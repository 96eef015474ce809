// Sealing and opening a 200-byte props payload (runtime/seal/seal.hpp).
#include <benchmark/benchmark.h>

#include <string>

#include "seal/keys.hpp"
#include "seal/seal.hpp"

namespace {

const isl::seal::KeyRing& ring() {
  static const isl::seal::KeyRing keys = isl::seal::KeyRing::generate();
  return keys;
}

std::string props_200() {
  std::string s;
  for (int i = 0; s.size() < 200; ++i) s += "productId=" + std::to_string(1000 + i) + ";";
  s.resize(200);
  return s;
}

void BM_Seal_200B(benchmark::State& state) {
  const std::string plaintext = props_200();
  for (auto _ : state) {
    auto sealed = isl::seal::seal(ring().sealing(), "StockStatus", isl::seal::Purpose::props, plaintext);
    benchmark::DoNotOptimize(sealed.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plaintext.size()));
}
BENCHMARK(BM_Seal_200B);

void BM_Open_200B(benchmark::State& state) {
  const std::string plaintext = props_200();
  const std::string sealed = isl::seal::seal(ring().sealing(), "StockStatus", isl::seal::Purpose::props, plaintext);
  for (auto _ : state) {
    auto opened = isl::seal::open(ring(), "StockStatus", isl::seal::Purpose::props, sealed);
    if (!opened.plaintext) {
      state.SkipWithError(opened.error.c_str());
      break;
    }
    benchmark::DoNotOptimize(opened.plaintext->data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * plaintext.size()));
  state.counters["sealed_chars"] = static_cast<double>(sealed.size());
}
BENCHMARK(BM_Open_200B);

}  // namespace
