#!/usr/bin/env bash
# What `make test` needs beyond the build: Debian's chromium, node/npm and
# python3 (through install-deps.sh, only when missing), and playwright-core
# from npm (tests/browser, from its lockfile), for the test of the self-check
# page. `make demo` does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
extra=(chromium python3)
command -v node >/dev/null || extra+=(nodejs)
command -v npm >/dev/null || extra+=(npm)
scripts/install-deps.sh "${extra[@]}"
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
