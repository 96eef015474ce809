#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds isl, then
# runs every test through ctest — unit and socket tests, the browser conformance corpus,
# the example site in the browser, a bounded fuzz run, and the suite again under
# AddressSanitizer and UndefinedBehaviorSanitizer.
#   scripts/test.sh [--fast]    --fast: skip the sanitizer build and the fuzz run
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
[[ "${1:-}" == "--fast" ]] && fast=1
# Where the time goes (CI keeps the whole run under 30 minutes on 2 cores).
phase() { echo "test.sh: $* (at $((SECONDS / 60))m$((SECONDS % 60))s)"; }

scripts/install-deps.sh --test
jobs=$(nproc)
phase "dependencies present"

# The unit-test executables that run under the sanitizers below; the optimized tree leaves
# them out (not built twice, not run twice).
sanitized=(isl_compiler_tests isl_seal_tests isl_server_tests isl_render_tests isl_shop_tests)
elsewhere=""
((fast)) || elsewhere=$(IFS=';'; echo "${sanitized[*]}")
# Line tables only (-g1), here and in the sanitizer tree: file:line in a backtrace is what a
# test run needs, and full debug info of the Beast/Asio templates was half the compile time
# of the heaviest files (runtime/server/tls.cpp: 163 s at -O2 -g, 80 s at -O2 -g1).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DISL_TESTS_RUN_ELSEWHERE="$elsewhere" >/dev/null
cmake --build build -j"$jobs"
phase "optimized build done"

if ((!fast)); then
  # The same unit tests under ASan/UBSan, and the parsers fuzzed for a bounded time.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1" -DISL_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs" --target "${sanitized[@]}"
  phase "sanitizer build done"
  (cd build-asan && ctest --output-on-failure -j"$jobs" -L unit)
  phase "unit tests under the sanitizers done"
  if command -v clang++ >/dev/null; then
    # -O1 with line tables only: the fuzzers want speed and file:line in a report, not full
    # debug info, which made this build 4.5 of CI's 30 minutes.
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DISL_FUZZ=ON -DISL_BUILD_TESTS=OFF >/dev/null
    cmake --build build-fuzz -j"$jobs" --target isl_fuzz_templates isl_fuzz_requests isl_fuzz_session
    # Seeds: every template of the corpus and of the tests; for requests, one input per parser.
    rm -rf build-fuzz/corpus build-fuzz/request-corpus build-fuzz/session-corpus && mkdir -p build-fuzz/corpus
    seed_dirs=()
    for d in ../shared/conformance tests examples; do if [[ -d "$d" ]]; then seed_dirs+=("$d"); fi; done
    find "${seed_dirs[@]}" -type f -name '*.isl' -not -path '*/.isl/*' | while read -r f; do
      cp "$f" "build-fuzz/corpus/$(echo "$f" | tr '/' '_')"
    done
    cp -r tests/fuzz/request-seeds build-fuzz/request-corpus
    cp -r tests/fuzz/session-seeds build-fuzz/session-corpus
    fuzz() {  # target, corpus, seconds, more flags
      "build-fuzz/tests/fuzz/$1" -max_total_time="$3" -timeout=5 -rss_limit_mb=2048 "${@:4}" "$2" >/dev/null \
        2>"build-fuzz/$1.log" || { tail -50 "build-fuzz/$1.log"; exit 1; }
      echo "$1: $(grep -E "^Done|DONE" "build-fuzz/$1.log" | tail -1)"
    }
    phase "fuzz build done"
    # Two at a time, one a core: the templates on one, requests then sessions on the other.
    fuzz isl_fuzz_templates build-fuzz/corpus "${ISL_FUZZ_SECONDS:-45}" &
    templates=$!
    fuzz isl_fuzz_requests build-fuzz/request-corpus "${ISL_FUZZ_SECONDS:-20}"
    # A bounded read buffer keeps every allocation far below 2 MB, whatever the input.
    fuzz isl_fuzz_session build-fuzz/session-corpus "${ISL_FUZZ_SECONDS:-25}" -malloc_limit_mb=2 -max_len=16384
    wait "$templates"
    phase "fuzzing done"
  fi
fi

# Everything else, optimized.
(cd build && ctest --output-on-failure -j"$jobs")
phase "all tests done"
