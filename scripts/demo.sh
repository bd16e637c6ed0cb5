#!/usr/bin/env bash
# Checks the bundled sample papers, so a newcomer sees a PASS and a FAIL report.
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
exit 0
