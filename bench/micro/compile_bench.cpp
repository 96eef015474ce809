// Template translation throughput: the isl compiler over a generated site of 1,000
// components (compile_site, as `isl build` runs it), and the parser alone (parse_file).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/parse/source.hpp"
#include "compiler/parse/template_parser.hpp"
#include "compiler/site_compiler.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kComponents = 1000;

// A typical component: props, a statement, a condition, a loop, attributes, a scoped style.
std::string component_source(int i) {
  std::string n = std::to_string(i);
  return "---\n"
         "// Component " + n + " of the translation benchmark.\n"
         "struct Props {\n"
         "  std::string title;\n"
         "  std::vector<std::string> items;\n"
         "  int highlight = " + n + " % 7;\n"
         "  std::optional<std::string> note;\n"
         "};\n"
         "\n"
         "auto count = props.items.size();\n"
         "---\n"
         "<section class=\"card card-" + n + "\" data-index={" + n + "}>\n"
         "  <h2>{props.title} <small>({count} items)</small></h2>\n"
         "  {#if count == 0}\n"
         "    <p class=\"empty\">Nothing to show yet.</p>\n"
         "  {:else if count > 10}\n"
         "    <p class=\"many\">Showing the first ten of {count}.</p>\n"
         "  {:else}\n"
         "    <p>All {count} of them:</p>\n"
         "  {/if}\n"
         "  <ul>\n"
         "    {#for std::size_t k = 0; const auto& item : props.items}\n"
         "      <li class={k++ == static_cast<std::size_t>(props.highlight) ? \"hl\" : \"\"}><a href={\"/item/\" + item}>{item}</a></li>\n"
         "    {:empty}\n"
         "      <li>none</li>\n"
         "    {/for}\n"
         "  </ul>\n"
         "  {#if props.note}<p class=\"note\">{*props.note}</p>{/if}\n"
         "  <slot name=\"footer\"><footer>Card " + n + "</footer></slot>\n"
         "</section>\n"
         "<style>\n"
         "  .card { border: 1px solid #ddd; padding: 1rem; }\n"
         "  .card h2 small { color: #777; }\n"
         "  li.hl a { font-weight: bold; }\n"
         "</style>\n";
}

// A page that imports and uses every tenth component, so the site check has work to do.
std::string page_source(int page) {
  std::string imports, uses;
  for (int i = page; i < kComponents; i += 10) {
    std::string n = std::to_string(i);
    imports += "import C" + n + " from \"../components/C" + n + ".isl\";\n";
    uses += "  <C" + n + " title=\"Card " + n + "\" items={{\"a\", \"b\"}} />\n";
  }
  return "---\n" + imports + "---\n<main>\n" + uses + "</main>\n";
}

struct GeneratedSite {
  fs::path dir;
  std::vector<std::string> sources;
  GeneratedSite() {
    dir = fs::temp_directory_path() / ("isl-bench-translate-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "src" / "components");
    fs::create_directories(dir / "src" / "pages");
    for (int i = 0; i < kComponents; ++i) {
      sources.push_back(component_source(i));
      std::ofstream(dir / "src" / "components" / ("C" + std::to_string(i) + ".isl")) << sources.back();
    }
    for (int p = 0; p < 10; ++p) std::ofstream(dir / "src" / "pages" / ("p" + std::to_string(p) + ".isl")) << page_source(p);
  }
  ~GeneratedSite() { fs::remove_all(dir); }
};

GeneratedSite& site() {
  static GeneratedSite s;
  return s;
}

void compile(benchmark::State& state, bool fresh_output) {
  isl::compiler::SiteCompileOptions options;
  options.site_dir = site().dir;
  options.out_dir = site().dir / "gen";
  options.display_base = site().dir;
  fs::remove_all(options.out_dir);
  for (auto _ : state) {
    if (fresh_output) {
      state.PauseTiming();
      fs::remove_all(options.out_dir);
      state.ResumeTiming();
    }
    auto result = isl::compiler::compile_site(options);
    if (!result.ok()) {
      state.SkipWithError(result.diagnostics.format(false).c_str());
      break;
    }
    benchmark::DoNotOptimize(result.files_written);
  }
  state.SetItemsProcessed(state.iterations() * kComponents);
  state.counters["components_per_second"] =
      benchmark::Counter(kComponents, benchmark::Counter::kIsIterationInvariantRate);
}

// Everything written anew (a cold build).
void BM_CompileSite_Fresh(benchmark::State& state) { compile(state, true); }
BENCHMARK(BM_CompileSite_Fresh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// Output already up to date (a rebuild: nothing to write).
void BM_CompileSite_Unchanged(benchmark::State& state) { compile(state, false); }
BENCHMARK(BM_CompileSite_Unchanged)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// The front end alone: 1,000 sources in memory, parsed.
void BM_ParseFile(benchmark::State& state) {
  const auto& sources = site().sources;
  for (auto _ : state) {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      isl::compiler::SourceFile file("C" + std::to_string(i) + ".isl", sources[i]);
      isl::compiler::Diagnostics diags;
      auto parsed = isl::compiler::parse_file(file, diags);
      benchmark::DoNotOptimize(parsed);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(sources.size()));
  state.counters["components_per_second"] =
      benchmark::Counter(static_cast<double>(sources.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ParseFile)->Unit(benchmark::kMillisecond);

}  // namespace
