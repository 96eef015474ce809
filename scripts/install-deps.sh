#!/usr/bin/env bash
# Installs what building and testing isl needs, when it is missing (Debian 12 packages;
# playwright-core from npm is installed by the browser test runners themselves).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-url1.81-dev libsodium-dev nlohmann-json3-dev libfmt-dev
  libspdlog-dev libcli11-dev libgtest-dev libbenchmark-dev zlib1g-dev libbrotli-dev libssl-dev libsqlite3-dev
  esbuild  # isl build bundles client code and <script>s with it (docs/client-islands.md)
)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium nodejs npm clang libclang-rt-14-dev esbuild)  # esbuild: the loader check
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (this image has its own): use what works.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
