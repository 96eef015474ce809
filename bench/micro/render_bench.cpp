// Rendering a 100-row table with the code isl generates for bench/micro/site/src/components/Table.isl.
#include <benchmark/benchmark.h>

#include "bench_table.hpp"  // namespace bench_table = the generated component's namespace
#include "isl/context.hpp"
#include "isl/output.hpp"

namespace {

void BM_RenderTable(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  const bench_table::Props props{.title = "Today's prices", .rows = table_data::make_rows(rows)};
  const isl::Slots no_slots;
  std::size_t bytes = 0;
  for (auto _ : state) {
    isl::Context ctx;  // one per render, as the server makes one per request
    isl::Output out;
    bench_table::render(ctx, props, no_slots, out);
    bytes = out.size();
    benchmark::DoNotOptimize(out.buffer().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(state.iterations() * rows);  // rows per second
  state.counters["html_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderTable)->Arg(100)->ArgName("rows");

}  // namespace
