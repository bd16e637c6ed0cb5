#!/usr/bin/env bash
# bench/report_screenshot.sh [PREFLIGHT_BIN] [OUT_DIR]
#
# Checks report.html in a real browser (headless Chromium from Debian, offline):
# runs `batch --openreview` over the OpenReview fixture export
# (testdata/openreview/notes.json, the same files as tests/test_openreview.cpp),
# then
#   1. takes screenshots: OUT_DIR/report.png (the page as opened) and
#      OUT_DIR/report-anonymity.png (opened at #reason=anonymity, i.e. the
#      "Not anonymous" bar clicked);
#   2. dumps the DOM after the page's script ran, and checks that the filter
#      shows exactly the papers the bar counts, for every reason;
#   3. checks the page is one file: no http(s) URL but the rows' links to
#      their OpenReview forum, no <link>, no external script.
# Look at the PNGs yourself: the bars, the counts, the rows that stay.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/preflight}")
OUT=$(realpath -m "${2:-build/screenshots}")
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
mkdir -p "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pdfs"
while read -r src dst; do cp "testdata/$src" "$work/pdfs/$dst"; done <<'EOF'
anon-name.pdf 1.pdf
anon-clean.pdf 2.pdf
page-limit-5p0.pdf 3.pdf
page-limit-5p0.pdf 4.pdf
sample-pass.pdf Hx7kTq2WbE.pdf
sample-a4.pdf 7.pdf
anon-author-block.pdf 8c1f0e4b2a7d9e3f5a6b8c0d1e2f3a4b5c6d7e8f.pdf
anon-email.pdf 9.pdf
margins-overflow.pdf 10.pdf
fonts-small.pdf late-upload.pdf
bad/encrypted.pdf 11.pdf
EOF
"$BIN" batch "$work/pdfs" --openreview testdata/openreview/notes.json --jobs 2 --out "$work/out" || true
html="$work/out/report.html"
cp "$html" "$OUT/report.html"

chrome() {
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>/dev/null
}
chrome --screenshot="$OUT/report.png" --window-size=1400,1000 "file://$html"
chrome --screenshot="$OUT/report-anonymity.png" --window-size=1400,1000 "file://$html#reason=anonymity"
chrome --screenshot="$OUT/report-1000.png" --window-size=1000,900 "file://$html"
echo "screenshots: $OUT/report.png $OUT/report-anonymity.png $OUT/report-1000.png (1000 px wide)"

fail=0
# For every reason bar: open the page at #reason=ID and count the rows left visible.
for reason in $(grep -o 'data-reason="[^"]*"' "$html" | sed 's/data-reason="\(.*\)"/\1/'); do
  want=$(grep -o "data-reason=\"$reason\" [^>]*>.*</tr>" "$html" | head -1 | sed 's/.*<td class="cnt"><b>\([0-9]*\)<\/b>.*/\1/')
  dom=$(chrome --dump-dom "file://$html#reason=$reason")
  shown=$(printf '%s' "$dom" | grep -o 'id="shown">[0-9]*<' | grep -o '[0-9]*')
  rows=$(printf '%s' "$dom" | grep -c '<tr data-reasons=' || true)
  hidden=$(printf '%s' "$dom" | grep -c '<tr data-reasons="[^"]*" style="display: none;"' || true)
  visible=$((rows - hidden))
  status=ok
  if [ "$want" != "$shown" ] || [ "$shown" != "$visible" ]; then status=MISMATCH; fail=1; fi
  printf '%-28s bar %2s papers, filter shows %2s (%s of %s rows visible)  %s\n' "$reason" "$want" "$shown" "$visible" "$rows" "$status"
done
if grep -oE '(src|href|action)="[a-z]+:[^"]{0,22}|<link|<script src|url\(|@import' "$html" |
   grep -v '^src="data:image/png;base64,' | grep -v '^href="https://openreview\.net/' | grep -q .; then
  echo "report.html refers to something outside itself"; fail=1
else
  echo "report.html: one file, $(wc -c <"$html") bytes, no external reference"
fi
exit $fail
