#!/usr/bin/env bash
# Checks the bundled sample papers, so a newcomer sees a PASS report and FAIL
# reports of several kinds (paper size, page limit, an anonymity leak).
set -uo pipefail
BIN=${1:-build/preflight}
cd "$(dirname "$0")/.."
run() {
  echo "\$ preflight check $*"
  "$BIN" check "$@"
  echo "(exit code $?)"
  echo
}
run testdata/sample-pass.pdf --track short
run testdata/sample-a4.pdf --track short
run testdata/page-limit-4p3.pdf --track short
run testdata/anon-handle.pdf --track short --author "Jane Doe github:janedoe"
exit 0
