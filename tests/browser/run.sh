#!/usr/bin/env bash
# ctest `browser`: the self-check page in headless Chromium (page_test.mjs).
# Needs Debian's chromium and playwright-core (npm ci here); `make test` installs
# both (scripts/install-test-deps.sh). Skips (exit 77) only when they are missing.
# Usage: run.sh PREFLIGHT_BIN TESTDATA_DIR SCREENSHOT.png
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is not installed (make test installs it: scripts/install-test-deps.sh)"; exit 77
fi
if ! command -v node >/dev/null; then echo "SKIP: node is not installed"; exit 77; fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  if command -v npm >/dev/null; then (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || true; fi
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "SKIP: playwright-core is not installed (cd tests/browser && npm ci)"; exit 77
fi
exec node "$here/page_test.mjs" "$1" "$2/anon-email.pdf" "$3"
