#!/usr/bin/env python3
"""Measure preflight against the real-paper corpus and its manifest.

    python3 bench/corpus_eval.py BUILD/preflight CORPUS_DIR [-- EXTRA PREFLIGHT ARGS]

Runs `preflight check --format json` on every PDF listed in CORPUS_DIR/manifest.json
and prints, per paper and per measured property, what the manifest expects and
what preflight reported, then the number right for each property. Exit code 0
always (this is a measurement, not a test).

To measure a new property, write one function `measure_NAME(entry, report)`
that returns (expected, got) and add it to PROPERTIES; the table and the totals
pick it up. Standard library only.
"""
import json
import os
import subprocess
import sys


def measure_main_pages(entry, report):
    """The number of pages holding main text (facts.main_pages)."""
    return entry.get("main_pages"), report.get("facts", {}).get("main_pages")


def measure_main_end_page(entry, report):
    """The page of the heading that ends the main text, by the manifest's marker
    (references, appendix, checklist): manifest {marker}_page against
    preflight's facts.sections.{marker} (the page of that heading)."""
    marker = entry.get("main_end")
    expected = entry.get(f"{marker}_page") if marker else None
    got = (report.get("facts", {}).get("sections") or {}).get(marker) if marker else None
    return expected, got


def measure_references_page(entry, report):
    return entry.get("references_page"), (report.get("facts", {}).get("sections") or {}).get("references")


def measure_appendix_page(entry, report):
    return entry.get("appendix_page"), (report.get("facts", {}).get("sections") or {}).get("appendix")


def measure_checklist_page(entry, report):
    return entry.get("checklist_page"), (report.get("facts", {}).get("sections") or {}).get("checklist")


# name -> function(entry, report) -> (expected, got)
PROPERTIES = {
    "main_pages": measure_main_pages,
    "main_end_page": measure_main_end_page,
    "appendix_page": measure_appendix_page,
    "checklist_page": measure_checklist_page,
}


def run_preflight(binary, pdf, extra):
    proc = subprocess.run([binary, "check", pdf, "--format", "json", *extra],
                          capture_output=True, text=True, timeout=300)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"verdict": "error", "error": {"kind": "no-json", "message": proc.stderr.strip()[:200]}}


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 2
    binary, corpus = argv[1], argv[2]
    extra = argv[4:] if len(argv) > 3 and argv[3] == "--" else argv[3:]
    with open(os.path.join(corpus, "manifest.json")) as f:
        manifest = json.load(f)
    papers = manifest["papers"] if isinstance(manifest, dict) and "papers" in manifest else manifest
    if isinstance(papers, dict):
        papers = list(papers.values())
    right = {name: 0 for name in PROPERTIES}
    counted = {name: 0 for name in PROPERTIES}
    header = f"{'paper':28}" + "".join(f" {name:>15}" for name in PROPERTIES) + "  main_end (preflight)"
    print(header)
    for entry in papers:
        report = run_preflight(binary, os.path.join(corpus, entry["file"]), extra)
        cells = []
        for name, fn in PROPERTIES.items():
            expected, got = fn(entry, report)
            counted[name] += 1
            ok = expected == got
            right[name] += ok
            cells.append(f" {('' if ok else '*') + f'{expected} / {got}':>15}")
        end = report.get("facts", {}).get("main_end") or {}
        note = f"{end.get('marker')} {end.get('heading')!r} p{end.get('page')}" if end else report.get("error")
        print(f"{entry['file'][:28]:28}" + "".join(cells) + f"  {note}")
    print()
    print("expected / got; * marks a miss")
    for name in PROPERTIES:
        print(f"{name}: {right[name]}/{counted[name]} right")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
