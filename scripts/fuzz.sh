#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, seeded from the fixtures; crashing
# inputs land in fuzz/artifacts/. Usage: scripts/fuzz.sh BUILD_DIR SECONDS
set -euo pipefail
BUILD=${1:-build-fuzz}
SECONDS_PER=${2:-60}
cd "$(dirname "$0")/.."
mkdir -p fuzz/artifacts fuzz/corpus/check fuzz/corpus/parsers
cp -n testdata/*.pdf testdata/bad/*.pdf fuzz/corpus/check/ 2>/dev/null || true
# the small hostile fixtures too (graphics, crop box, rotation, broken fonts)
find testdata/robust -name '*.pdf' -size -64k -exec cp -n {} fuzz/corpus/check/ \; 2>/dev/null || true
i=0
for f in rules/*.toml testdata/*.tex; do cp -n "$f" "fuzz/corpus/parsers/seed$i" 2>/dev/null || true; i=$((i+1)); done
for t in fuzz_check fuzz_parsers; do
  dir=fuzz/corpus/${t#fuzz_}
  echo "== $t for ${SECONDS_PER}s"
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    "$BUILD/$t" "$dir" -max_total_time="$SECONDS_PER" -timeout=20 -rss_limit_mb=2560 \
    -max_len=262144 -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 2>&1 | tail -15
done
