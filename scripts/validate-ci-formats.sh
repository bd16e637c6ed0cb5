#!/usr/bin/env bash
# Validates preflight's CI formats with the validators their consumers use
# (not needed by CI; the suite keeps structural tests of both formats):
#   SARIF from `check` and `batch`: Microsoft's SARIF multitool (npm package
#     @microsoft/sarif-multitool, run with npx; needs node and the npm registry);
#   JUnit from `check` and `batch`: xmllint (Debian libxml2-utils) against
#     Jenkins' junit-10.xsd (jenkinsci/xunit-plugin) and the Ant JUnit schema
#     JUnit.xsd (windyroad/JUnit-Schema).
#
#   scripts/validate-ci-formats.sh [BIN]        (default build/preflight)
#
# The schemas: $JENKINS_XSD and $ANT_XSD if set (files), else taken from local
# clones $JENKINS_GIT / $ANT_GIT (git dirs, bare or not), else downloaded from
# raw.githubusercontent.com.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/preflight}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
JENKINS_PATH=src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd
ANT_PATH=JUnit.xsd

schema() {  # NAME FILE_VAR GIT_VAR PATH URL
  local out=$T/$1 file=${!2:-} git=${!3:-}
  if [ -n "$file" ]; then cp "$file" "$out"
  elif [ -n "$git" ]; then git --git-dir="$git" show "HEAD:$4" >"$out" 2>/dev/null ||
                           git -C "$git" show "HEAD:$4" >"$out"
  else curl -fsSL "$5" -o "$out"
  fi
  echo "$out"
}
jenkins=$(schema junit-10.xsd JENKINS_XSD JENKINS_GIT $JENKINS_PATH \
  "https://raw.githubusercontent.com/jenkinsci/xunit-plugin/master/$JENKINS_PATH") || exit 2
ant=$(schema JUnit.xsd ANT_XSD ANT_GIT $ANT_PATH \
  "https://raw.githubusercontent.com/windyroad/JUnit-Schema/master/$ANT_PATH") || exit 2

# Inputs: a failing and a passing paper, a waived finding, an unreadable PDF.
D=testdata
PDFS=("$D/sample-a4.pdf" "$D/sample-pass.pdf" "$D/page-limit-5p0.pdf" "$D/bad/truncated.pdf")
export PREFLIGHT_CONFIG=none
"$BIN" check --format sarif "${PDFS[@]}" >"$T/check.sarif"
"$BIN" check -v --format sarif "${PDFS[@]}" >"$T/check-verbose.sarif"
"$BIN" check --format junit "${PDFS[@]}" >"$T/check.xml"
"$BIN" batch --no-images --out "$T/batch-sarif" --format sarif "${PDFS[@]}" >"$T/batch.sarif" 2>/dev/null
"$BIN" batch --no-images --out "$T/batch-junit" --format junit "${PDFS[@]}" >"$T/batch.xml" 2>/dev/null

status=0
for f in check.sarif check-verbose.sarif batch.sarif; do
  echo "== SARIF multitool: $f"
  npx --yes @microsoft/sarif-multitool validate "$T/$f" || status=1
done
for f in check.xml batch.xml; do
  echo "== xmllint, Jenkins junit-10.xsd: $f"
  xmllint --noout --schema "$jenkins" "$T/$f" || status=1
  echo "== xmllint, Ant JUnit.xsd: $f"
  xmllint --noout --schema "$ant" "$T/$f" || status=1
done
[ $status -eq 0 ] && echo "all valid" || echo "INVALID (see above)"
exit $status
