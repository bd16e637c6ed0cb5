#!/usr/bin/env python3
"""Preflight's verdicts against a program chair's, on the real corpus.

    python3 bench/corpus_verdicts.py BUILD/preflight CORPUS_DIR [-v] [-- EXTRA PREFLIGHT ARGS]

CORPUS_DIR holds the PDFs and `manifest.json`; each paper's `chair` record says
how a chair of the NeurIPS 2025 Mechanistic Interpretability Workshop judged it
(workshop profile, no options):
  verdict               PASS or FAIL;
  true_error_families   what a chair acts on ("template", "anonymity.email", ...);
  debatable_errors      errors that may go either way ({kind, page, why});
  false_errors          errors that are wrong ({kind, page, why});
  false_warnings        warnings that are wrong ({kind, page or account, why}).
Where we disagree with a chair record, bench/corpus_overrides.json says so, with
the reason; it is applied on top (same fields) and printed.

A finding's kind matches a family when it equals it or starts with it and a dot
("anonymity.email.text" is in "anonymity.email" and in "anonymity").

For every paper, runs `preflight check --format json` and prints a line, then:
  - verdict right: preflight's PASS/FAIL equals the chair's;
  - verdict and reasons right: verdict right, every error is in a true family or
    debatable, and every true family has an error;
  - false errors by kind: errors in no true family and not debatable (the
    listed false errors among them are marked), papers (findings);
  - false warnings by kind: the chair's listed false warnings that come back;
  - missed error families: true families with no error.
Exit code 0 always (a measurement, not a test). Standard library only.
"""
import collections
import json
import os
import subprocess
import sys


def in_family(kind, fam):
    return kind == fam or kind.startswith(fam + ".")


def kind_of(f):
    return f.get("kind") or f.get("rule", "")


def matches(f, entry):
    """A finding matches a chair entry {kind, page?, account?}."""
    if not in_family(kind_of(f), entry["kind"]):
        return False
    if "page" in entry and entry["page"] is not None and f.get("page") != entry["page"]:
        return False
    if "account" in entry:
        text = json.dumps(f, ensure_ascii=False)
        if entry["account"] not in text:
            return False
    return True


def load_judgements(corpus, here):
    with open(os.path.join(corpus, "manifest.json"), encoding="utf-8") as fh:
        papers = {p["file"]: p["chair"] for p in json.load(fh)["papers"] if "chair" in p}
    overrides_path = os.path.join(here, "corpus_overrides.json")
    overrides = {}
    if os.path.exists(overrides_path):
        with open(overrides_path, encoding="utf-8") as fh:
            overrides = json.load(fh).get("papers", {})
    for name, o in overrides.items():
        if name in papers:
            papers[name] = {**papers[name], **{k: v for k, v in o.items() if k != "why"}}
    return papers, overrides


def main(argv):
    args = argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus = args[0], args[1]
    here = os.path.dirname(os.path.abspath(__file__))
    judged, overrides = load_judgements(corpus, here)

    verdict_right = reasons_right = 0
    compliant = compliant_pass = 0
    false_err_papers = collections.Counter()
    false_err_findings = collections.Counter()
    listed_false_back = collections.Counter()
    false_warn = collections.Counter()
    missed = collections.Counter()
    debatable_seen = collections.Counter()
    confusion = collections.Counter()
    rows = []
    for name in sorted(judged):
        chair = judged[name]
        path = os.path.join(corpus, name)
        if not os.path.exists(path):
            rows.append((name, "absent", "", "", "", ""))
            continue
        out = subprocess.run([binary, "check", "--format", "json", *extra, path],
                             capture_output=True, text=True)
        try:
            report = json.loads(out.stdout)
        except json.JSONDecodeError:
            rows.append((name, "no-json", "", "", "", out.stderr.strip()[:80]))
            continue
        findings = [f for f in report.get("findings", []) if not f.get("waived")]
        errors = [f for f in findings if f.get("severity") == "error"]
        warnings = [f for f in findings if f.get("severity") == "warning"]
        true_fams = chair.get("true_error_families", [])
        debatable = chair.get("debatable_errors", [])
        listed_false = chair.get("false_errors", [])

        wrong = []
        for f in errors:
            k = kind_of(f)
            if any(in_family(k, fam) for fam in true_fams):
                continue
            if any(matches(f, d) for d in debatable):
                debatable_seen[k] += 1
                continue
            wrong.append(f)
            if any(matches(f, e) for e in listed_false):
                listed_false_back[k] += 1
        for k in sorted({kind_of(f) for f in wrong}):
            false_err_papers[k] += 1
            false_err_findings[k] += sum(1 for f in wrong if kind_of(f) == k)
        lost = [fam for fam in true_fams if not any(in_family(kind_of(f), fam) for f in errors)]
        for fam in lost:
            missed[fam] += 1
        back = []
        for w in chair.get("false_warnings", []):
            if any(matches(f, w) for f in warnings):
                false_warn[w["kind"]] += 1
                back.append(w["kind"] + (":" + w["account"] if "account" in w else ""))

        want = chair["verdict"].upper()
        got = str(report.get("verdict", "")).upper()
        confusion[(want, got)] += 1
        ok_v = want == got
        ok_r = ok_v and not wrong and not lost
        verdict_right += ok_v
        reasons_right += ok_r
        if want == "PASS":
            compliant += 1
            compliant_pass += got == "PASS"
        rows.append((name, f"{want}/{got}", "ok" if ok_r else "",
                     ",".join(sorted({kind_of(f) for f in wrong})) or "-",
                     ",".join(lost) or "-",
                     ",".join(back) or "-"))

    w = max(len(r[0]) for r in rows)
    print(f"{'paper':<{w}}  chair/ours  reasons  false errors | missed families | false warnings back")
    for name, v, ok, false, lost, back in rows:
        if verbose or ok != "ok":
            print(f"{name:<{w}}  {v:<10}  {ok:<7}  {false} | {lost} | {back}")
    n = len(rows)
    print()
    print("confusion (chair -> preflight):", ", ".join(
        f"{a}->{b}: {c}" for (a, b), c in sorted(confusion.items())))
    print(f"compliant papers that pass: {compliant_pass}/{compliant}")
    print(f"verdict right: {verdict_right}/{n}")
    print(f"verdict and reasons right: {reasons_right}/{n}")
    print(f"false errors (kind: papers (findings), listed false by the chair): "
          + (", ".join(f"{k}: {false_err_papers[k]} ({false_err_findings[k]}, {listed_false_back[k]})"
                       for k in sorted(false_err_papers)) or "none"))
    print("false warnings back (kind: chair entries): "
          + (", ".join(f"{k}: {c}" for k, c in sorted(false_warn.items())) or "none"))
    print("missed error families (family: papers): "
          + (", ".join(f"{k}: {c}" for k, c in sorted(missed.items())) or "none"))
    print("debatable errors given (kind: findings): "
          + (", ".join(f"{k}: {c}" for k, c in sorted(debatable_seen.items())) or "none"))
    if overrides:
        print()
        print("where we disagree with the chair record (bench/corpus_overrides.json):")
        for name, o in sorted(overrides.items()):
            print(f"  {name}: {o.get('why', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
