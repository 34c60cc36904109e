#!/bin/sh
# Trunk post_build hook (see Trunk.toml): beside each wasm, js and css file of a release build,
# a brotli (-q 11) and a gzip (-9) copy, so that servers send the files compressed at the best
# ratio without compressing per request (obshell-sim, nginx `gzip_static`). Never index.html
# nor config.json: deployments edit those in place, and a stale compressed copy would win.
set -eu
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
dir="${TRUNK_STAGING_DIR:?run by trunk build}"
for tool in gzip brotli; do
    command -v "$tool" >/dev/null 2>&1 || { echo "precompress: $tool is missing (./dev setup installs it)" >&2; exit 1; }
done
for file in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
    [ -f "$file" ] || continue
    gzip -9 -n -k -f "$file"
    brotli -q 11 -k -f "$file"
done
