#!/usr/bin/env python3
"""Precision of preflight's verdicts against a program chair's, on the real corpus.

    python3 bench/corpus_verdicts.py BUILD/preflight CORPUS_DIR [-- EXTRA PREFLIGHT ARGS]

For every paper judged in bench/corpus_verdicts.json (by hand, once: what a chair
of the NeurIPS 2025 Mechanistic Interpretability Workshop would act on, with one
line of reason each), runs `preflight check --format json` with the default
(workshop) profile and no options, and compares the *families* of its error
findings (page-limit, page-size, template, anonymity, margins, fonts, ...; a rule
id's part before the first '.') with the chair's reasons.

Prints one line per paper, then a confusion table:
  - verdict right: preflight's pass/fail equals the chair's;
  - reasons right: the verdict is right and the error families are exactly the
    chair's (errors listed as 'acceptable' are neither required nor false);
  - false errors by family: papers where preflight gives an error of a family
    the chair would not act on;
  - missed errors by family: papers where the chair acts on a family and
    preflight gives no error of it.
Exit code 0 always (a measurement, not a test). Standard library only.
"""
import collections
import json
import os
import subprocess
import sys


def family(rule):
    return rule.split(".", 1)[0]


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus = argv[1], argv[2]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "corpus_verdicts.json"), encoding="utf-8") as fh:
        judged = json.load(fh)["papers"]

    verdict_right = reasons_right = 0
    false_by = collections.Counter()
    missed_by = collections.Counter()
    false_findings = collections.Counter()
    rows = []
    for name in sorted(judged):
        want = judged[name]
        expected = set(want.get("errors", {}))
        acceptable = set(want.get("acceptable", {}))
        path = os.path.join(corpus, name)
        if not os.path.exists(path):
            rows.append((name, "absent", "", "", ""))
            continue
        out = subprocess.run([binary, "check", "--format", "json", *extra, path],
                             capture_output=True, text=True)
        try:
            report = json.loads(out.stdout)
        except json.JSONDecodeError:
            rows.append((name, "no-json", "", "", out.stderr.strip()[:80]))
            continue
        errors = [f for f in report.get("findings", [])
                  if f.get("severity") == "error" and not f.get("waived")]
        got = {family(f["rule"]) for f in errors}
        want_verdict = "fail" if expected else "pass"
        got_verdict = report.get("verdict")
        false = got - expected - acceptable
        missed = expected - got
        ok_v = got_verdict == want_verdict
        ok_r = ok_v and not false and not missed
        verdict_right += ok_v
        reasons_right += ok_r
        for fam in false:
            false_by[fam] += 1
            false_findings[fam] += sum(1 for f in errors if family(f["rule"]) == fam)
        for fam in missed:
            missed_by[fam] += 1
        rows.append((name, f"{want_verdict}/{got_verdict}", "ok" if ok_r else "",
                     ",".join(sorted(false)), ",".join(sorted(missed))))

    w = max(len(r[0]) for r in rows)
    print(f"{'paper':<{w}}  chair/preflight  reasons  false errors            missed errors")
    for name, v, ok, false, missed in rows:
        print(f"{name:<{w}}  {v:<15}  {ok:<7}  {false or '-':<22}  {missed or '-'}")
    n = len(rows)
    print()
    print(f"verdict right: {verdict_right}/{n}")
    print(f"reasons right (verdict right, no false and no missed error family): {reasons_right}/{n}")
    fams = sorted(set(false_by) | set(missed_by))
    if fams:
        print()
        print(f"{'family':<12}  papers with a false error (findings)  papers with a missed error")
        for fam in fams:
            print(f"{fam:<12}  {false_by[fam]:>3} ({false_findings[fam]:>3}){'':<27}  {missed_by[fam]:>3}")
    else:
        print("no false and no missed error family")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
