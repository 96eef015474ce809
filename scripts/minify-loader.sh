#!/usr/bin/env bash
# Writes runtime/render/loader_js.inc, the island loader minified for the C++ string,
# from runtime/render/loader.js (esbuild --minify). With --check: says whether the
# checked-in copy is what loader.js minifies to (a ctest runs this), changes nothing.
# A site build never runs this: it uses the checked-in copy, so it needs no esbuild.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$here/runtime/render/loader.js"
inc="$here/runtime/render/loader_js.inc"
esbuild="${ESBUILD:-esbuild}"
command -v "$esbuild" >/dev/null || { echo "minify-loader: esbuild not found (scripts/install-deps.sh installs it)" >&2; exit 2; }

js="$("$esbuild" --minify --target=es2018 --log-level=warning < "$src")"
js="${js%$'\n'}"
case "$js" in *')isl_js"'*|*'</script'*|*'<!--'*) echo "minify-loader: the minified loader holds a sequence it cannot" >&2; exit 1;; esac
want="// Generated from loader.js by scripts/minify-loader.sh. Do not edit.
\"<script>\" R\"isl_js($js)isl_js\" \"</script>\""

if [[ "${1:-}" == "--check" ]]; then
  if [[ "$(cat "$inc")" != "$want" ]]; then
    echo "minify-loader: $inc is not the minified $src: run scripts/minify-loader.sh" >&2
    exit 1
  fi
  exit 0
fi
printf '%s\n' "$want" > "$inc"
echo "wrote $inc (${#js} bytes of script)"
