#!/usr/bin/env python3
"""Template detection accuracy on the real-paper corpus.

    bench/corpus_template.py BUILD/preflight /work/shared/corpus

Runs `preflight check --format json` on every paper of the corpus manifest and
compares facts.template (family, year, mode, notice) and the line-number /
Type 3 findings with the manifest's ground truth (fields template, mode,
notice, line_numbers, type3_fonts). Prints expected vs got per paper and the
totals. Python 3 standard library only; needs no network.

Scoring:
- family: manifest "template" names the family first (neurips_2025, iclr_2024,
  "acl (EMNLP ...)", "plain article", "elsevier journal" -> unknown).
- year: the first 4-digit year of "template" (or of the notice for ACL); for
  unknown families none. A null year where the manifest itself says the year
  cannot be told from the PDF (the April-2025 style's "Preprint. Under
  review.") counts as correct: preflight is asked to abstain there.
- mode: scored only for papers of a known template family; "final/arXiv" is
  "final".
- notice: exact string equality (after collapsing white space), where the
  manifest has one and the family is NeurIPS.
- line numbers: the template evidence mentions lineno or ruler numbers.
- Type 3: the number of Type 3 fonts the fonts rule reports (0 vs > 0 is what
  matters; counts may differ where one PDF font object is used in several
  resources).
"""
import json
import os
import re
import subprocess
import sys

FAMILIES = ("neurips", "iclr", "icml", "acl", "cvpr")


def expected(p):
    tmpl = p.get("template") or ""
    fam = "unknown"
    for f in FAMILIES:
        if tmpl.lower().startswith(f):
            fam = f
    year = None
    if fam != "unknown":
        m = re.search(r"(20\d\d)", tmpl) or re.search(r"(20\d\d)", p.get("notice") or "")
        year = int(m.group(1)) if m else None
    mode = p.get("mode")
    if mode and mode.startswith("final"):
        mode = "final"
    if fam == "unknown":
        mode = None
    cannot_tell = "2025-04" in tmpl or "cannot be told" in (p.get("notes") or "")
    return {"family": fam, "year": year, "mode": mode, "notice": p.get("notice"),
            "line_numbers": bool(p.get("line_numbers")), "type3": int(p.get("type3_fonts") or 0),
            "year_cannot_tell": cannot_tell and "2025-04" in tmpl}


def run(binary, pdf):
    r = subprocess.run([binary, "check", pdf, "--format", "json"], capture_output=True, text=True, timeout=300)
    try:
        return json.loads(r.stdout)
    except json.JSONDecodeError:
        return {"facts": {}, "findings": [], "error": r.stderr.strip()[:200]}


def type3_reported(report):
    n = 0
    for f in report.get("findings", []):
        if f.get("rule") != "fonts":
            continue
        msg = f.get("message", "")
        m = re.match(r"(\d+) more Type 3 fonts", msg)
        if m:
            n += int(m.group(1))
        elif "Type 3" in msg:
            m = re.search(r", (\d+) font objects", msg)
            n += int(m.group(1)) if m else 1
    return n


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        sys.exit(2)
    binary, corpus = sys.argv[1], sys.argv[2]
    manifest = json.load(open(os.path.join(corpus, "manifest.json")))
    totals = {k: [0, 0] for k in ("family", "year", "mode", "notice", "line_numbers", "type3")}
    misses = []
    print(f"{'paper':26} {'field':12} {'expected':40} {'got':40} ok")
    for p in manifest["papers"]:
        exp = expected(p)
        rep = run(binary, os.path.join(corpus, p["file"]))
        t = rep.get("facts", {}).get("template", {})
        evidence = " ".join(t.get("evidence", []))
        got = {
            "family": t.get("family"),
            "year": t.get("year"),
            "mode": t.get("mode"),
            "notice": t.get("notice"),
            "line_numbers": "line numbers" in evidence,
            "type3": type3_reported(rep),
        }
        checks = {
            "family": exp["family"] == got["family"],
            "year": exp["year"] == got["year"] or (got["year"] is None and exp["year_cannot_tell"]),
            "line_numbers": exp["line_numbers"] == got["line_numbers"],
            "type3": (exp["type3"] > 0) == (got["type3"] > 0),
        }
        if exp["family"] != "unknown":
            checks["mode"] = exp["mode"] == got["mode"]
        if exp["family"] == "neurips" and exp["notice"]:
            checks["notice"] = norm(exp["notice"]) == norm(got["notice"])
        for field, ok in checks.items():
            totals[field][0] += ok
            totals[field][1] += 1
            e = exp[field] if field != "year" or not exp["year_cannot_tell"] else f"{exp['year']} (PDF cannot tell)"
            print(f"{p['file'][:26]:26} {field:12} {str(e)[:40]:40} {str(got[field])[:40]:40} {'ok' if ok else 'MISS'}")
            if not ok:
                misses.append((p["file"], field, e, got[field]))
        if rep.get("error"):
            print(f"{p['file'][:26]:26} ERROR {rep['error']}")
    print()
    print("totals:")
    for field, (ok, n) in totals.items():
        print(f"  {field:12} {ok}/{n}" + (f" ({100.0 * ok / n:.0f}%)" if n else ""))
    if misses:
        print("misses:")
        for f, field, e, g in misses:
            print(f"  {f}: {field} expected {e!r}, got {g!r}")


if __name__ == "__main__":
    main()
