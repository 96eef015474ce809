// isl::escape_html_append: bytes per second on text with nothing, a little and a lot to escape.
#include <benchmark/benchmark.h>

#include <string>

#include "isl/html.hpp"

namespace {

constexpr std::size_t kSize = 64 * 1024;

// Prose made of `pattern` repeated to 64 KiB.
std::string text_of(std::string_view pattern) {
  std::string s;
  while (s.size() < kSize) s += pattern;
  s.resize(kSize);
  return s;
}

void escape(benchmark::State& state, const std::string& input) {
  std::string out;
  out.reserve(input.size() * 6);
  for (auto _ : state) {
    out.clear();
    isl::escape_html_append(out, input);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
  std::size_t special = 0;
  for (char c : input) special += (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'');
  state.counters["escaped_share"] = static_cast<double>(special) / static_cast<double>(input.size());
  state.counters["output_ratio"] = static_cast<double>(out.size()) / static_cast<double>(input.size());
}

// Nothing to escape: the common case of text in a page.
void BM_Escape_Plain(benchmark::State& state) {
  static const std::string input =
      text_of("A dependable piece for the daily ritual, made to last and easy to clean. Ships in one day. ");
  escape(state, input);
}
BENCHMARK(BM_Escape_Plain);

// About 2 % of the bytes escaped: names like "Smith & Sons", a quote here and there.
void BM_Escape_Some(benchmark::State& state) {
  static const std::string input =
      text_of("Smith & Sons' \"Heron\" kettle: 0.9 litres, <b>gooseneck</b> spout, and a handle that stays cool. ");
  escape(state, input);
}
BENCHMARK(BM_Escape_Some);

// Markup as text: every few bytes escaped (the worst case).
void BM_Escape_Dense(benchmark::State& state) {
  static const std::string input = text_of("<a href=\"x\">&'</a>");
  escape(state, input);
}
BENCHMARK(BM_Escape_Dense);

}  // namespace
