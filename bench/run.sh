#!/bin/sh
# bench/run.sh [PREFLIGHT_BIN] [CORPUS_DIR]: see bench/run.py (`make bench` runs it).
exec python3 "$(dirname "$0")/run.py" "$@"
