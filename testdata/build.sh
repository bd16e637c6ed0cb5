#!/usr/bin/env bash
# Rebuild preflight's fixture PDFs from their LaTeX sources.
#
#   testdata/build.sh               build every testdata/*.tex, then regenerate bad/
#   testdata/build.sh NAME.tex ...  build only these fixtures (bad/ is regenerated
#                                   too when sample-pass.tex is among them)
#   testdata/build.sh --bad         only regenerate bad/ from sample-pass.pdf
#
# Runs from any directory. Each fixture is compiled with latexmk/pdflatex in a
# temporary directory; only NAME.pdf is copied back next to NAME.tex. If
# NAME.post.sh exists it is run afterwards (cwd = testdata/) with the path of the
# freshly built PDF as $1 and may rewrite that file in place (e.g. with qpdf).
# A fixture whose source contains the line "% build-allow-errors: yes" is built
# with latexmk -f and without -halt-on-error (for fixtures that reproduce LaTeX
# errors of the real template); it still must produce a PDF.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export SOURCE_DATE_EPOCH=1700000000   # fixed /CreationDate and /ModDate
export FORCE_SOURCE_DATE=1
export TZ=UTC
export TEXINPUTS="$here:"             # find preflight-*.sty; ":" keeps the default path
export PREFLIGHT_TESTDATA="$here"

for tool in latexmk pdflatex qpdf; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found" >&2; exit 2; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

build_one() {
  local src="$1" name dir opts allow=no
  name="$(basename "$src" .tex)"
  [[ -f "$here/$name.tex" ]] || { echo "build.sh: no such fixture: $here/$name.tex" >&2; exit 2; }
  dir="$tmp/$name"
  mkdir -p "$dir"
  cp "$here/$name.tex" "$dir/"
  opts=(-pdf -interaction=nonstopmode -halt-on-error)
  if grep -qE '^% build-allow-errors:[[:space:]]*yes' "$here/$name.tex"; then
    opts=(-pdf -f -interaction=nonstopmode)
    allow=yes
  fi
  echo "build.sh: $name.tex"
  if ! (cd "$dir" && latexmk "${opts[@]}" "$name.tex" >latexmk.out 2>&1) \
     && ! [[ $allow == yes && -s "$dir/$name.pdf" ]]; then
    echo "build.sh: FAILED to build $name.tex; end of $name.log:" >&2
    tail -n 30 "$dir/$name.log" >&2 || tail -n 30 "$dir/latexmk.out" >&2
    exit 1
  fi
  if [[ -f "$here/$name.post.sh" ]]; then
    (cd "$here" && bash "$here/$name.post.sh" "$dir/$name.pdf")
  fi
  cp "$dir/$name.pdf" "$here/$name.pdf"
}

build_bad() {
  local bad="$here/bad" src="$here/sample-pass.pdf" size
  [[ -f "$src" ]] || build_one sample-pass.tex
  echo "build.sh: bad/"
  mkdir -p "$bad"
  : >"$bad/empty.pdf"
  printf 'This is not a PDF file.\nIt is plain text with a .pdf name,\nas produced by a failed download.\n' \
    >"$bad/not-a-pdf.pdf"
  size=$(wc -c <"$src")
  head -c $((size / 2)) "$src" >"$bad/truncated.pdf"
  # AES-256 (R6), user password "secret", owner password "owner". qpdf always
  # draws a random file key for R6, so the bytes differ on every run even with
  # --static-id/--static-aes-iv: keep the old file if it decrypts to the same PDF.
  qpdf --static-id --static-aes-iv --encrypt secret owner 256 -- \
    "$src" "$tmp/encrypted.pdf"
  if [[ -f "$bad/encrypted.pdf" ]] \
     && qpdf --static-id --password=secret --decrypt "$bad/encrypted.pdf" "$tmp/old-dec.pdf" 2>/dev/null \
     && qpdf --static-id --password=secret --decrypt "$tmp/encrypted.pdf" "$tmp/new-dec.pdf" \
     && cmp -s "$tmp/old-dec.pdf" "$tmp/new-dec.pdf"; then
    : # unchanged content: keep the committed bytes
  else
    cp "$tmp/encrypted.pdf" "$bad/encrypted.pdf"
  fi
  { printf '%%PDF-1.5\n'; head -c 2048 /dev/zero | tr '\0' 'x'; } \
    >"$bad/garbage-after-header.pdf"
  printf '%s\t%s\n' \
    empty.pdf empty \
    not-a-pdf.pdf not-pdf \
    truncated.pdf damaged \
    encrypted.pdf encrypted \
    garbage-after-header.pdf damaged >"$bad/expect.tsv"
}

if [[ $# -eq 0 ]]; then
  shopt -s nullglob
  for f in "$here"/*.tex; do build_one "$f"; done
  build_bad
elif [[ $# -eq 1 && "$1" == --bad ]]; then
  build_bad
else
  rebuild_bad=no
  for f in "$@"; do
    build_one "$f"
    [[ "$(basename "$f" .tex)" == sample-pass ]] && rebuild_bad=yes
  done
  if [[ $rebuild_bad == yes ]]; then build_bad; fi
fi
echo "build.sh: done"
