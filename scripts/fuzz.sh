#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, seeded from the fixtures and from
# fuzz/seeds/ (inputs that once failed: regression seeds); crashing inputs land
# in fuzz/artifacts/. Usage: scripts/fuzz.sh BUILD_DIR SECONDS
# Exits 1 when a target crashed (a crash-* artifact written by this run, or the
# fuzzer's own failure), so `.ci/run` fails on it; timeouts and out-of-memory
# inputs are listed but do not fail the run (see below).
set -uo pipefail
BUILD=${1:-build-fuzz}
SECONDS_PER=${2:-60}
cd "$(dirname "$0")/.."
mkdir -p fuzz/artifacts fuzz/corpus/check fuzz/corpus/parsers
cp -n testdata/*.pdf testdata/bad/*.pdf fuzz/corpus/check/ 2>/dev/null || true
# the small hostile fixtures too (graphics, crop box, rotation, broken fonts)
find testdata/robust -name '*.pdf' -size -64k -exec cp -n {} fuzz/corpus/check/ \; 2>/dev/null || true
i=0
for f in rules/*.toml testdata/*.tex; do cp -n "$f" "fuzz/corpus/parsers/seed$i" 2>/dev/null || true; i=$((i+1)); done
# fuzz_parsers picks the parser by the first byte (mod 8): 6 = OpenReview notes, 7 = CSV / submissions.
{ printf '\006'; cat testdata/openreview/notes.json; } > fuzz/corpus/parsers/seed-notes
printf '\007file,track,authors,handles,emails,number,id,title\n"a,""b"".pdf",long,Jane Doe;Bo Li,github:jd,j@u.edu,12,ab,"T, x"\r\n' \
  > fuzz/corpus/parsers/seed-csv
for t in check parsers; do
  [ -d "fuzz/seeds/$t" ] && cp -n fuzz/seeds/$t/* "fuzz/corpus/$t/" 2>/dev/null
done
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
failed=()
# -fork=1: a slow input (a timeout) or an out-of-memory is written to
# fuzz/artifacts/ and the run goes on; a crash stops it. Under ASan, Poppler
# can take 20-45 s on an input that a release build reads in 0.14 s (growing a
# ToUnicode map by realloc), which would otherwise end a long run early.
for t in fuzz_check fuzz_parsers; do
  dir=fuzz/corpus/${t#fuzz_}
  echo "== $t for ${SECONDS_PER}s"
  start=$(date +%s)
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    "$BUILD/$t" "$dir" -fork=1 -max_total_time="$SECONDS_PER" -timeout=20 -rss_limit_mb=2560 \
    -max_len=262144 -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 >"$BUILD/$t.log" 2>&1
  rc=$?
  # libFuzzer's status lines ("#N: cov: ... exec/s ...") and anything it reported.
  grep -E '^#[0-9]+:|ERROR|SUMMARY|^INFO: (fuzzed|exiting)|^(CRASH|TIMEOUT|OOM)' "$BUILD/$t.log" | tail -n 12
  execs=$(grep -oE '^#[0-9]+' "$BUILD/$t.log" | tail -n 1 | tr -d '#')
  echo "== $t: exit $rc after $(( $(date +%s) - start ))s; executions ${execs:-?}; corpus $(ls "$dir" | wc -l) inputs"
  [ "$rc" -eq 0 ] || failed+=("$t (exit $rc)")
done
echo "== artifacts of this run (crash-* are bugs; timeout-* and oom-* need a look with a release build):"
find fuzz/artifacts -type f -newer "$stamp" | sort
new_crashes=$(find fuzz/artifacts -type f -name 'crash-*' -newer "$stamp" | wc -l)
[ "$new_crashes" -eq 0 ] || failed+=("$new_crashes crash artifact(s)")
if [ ${#failed[@]} -gt 0 ]; then
  echo "== fuzz: FAILED: ${failed[*]}; reproduce with $BUILD/TARGET fuzz/artifacts/crash-…" >&2
  exit 1
fi
echo "== fuzz: no crash"
