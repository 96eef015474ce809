#!/usr/bin/env bash
# Builds isl and the example shop, then serves it on http://127.0.0.1:4321 (Ctrl-C stops).
#   scripts/example.sh [--port P]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target isl
build/isl build examples/shop
exec build/isl serve examples/shop --port "${2:-4321}"
