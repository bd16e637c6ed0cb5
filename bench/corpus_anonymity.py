#!/usr/bin/env python3
"""Evaluate the anonymity.* rules on the real-paper corpus.

usage: bench/corpus_anonymity.py PATH/TO/preflight CORPUS_DIR

For every paper of CORPUS_DIR/manifest.json the checker runs with
`--select anonymity --format json`, and with `--author NAME` for each name the
manifest says is printed. Then:

- anonymous submissions (anonymous: true): every finding is listed, to be
  judged by hand (the script cannot know whether it is real);
- other papers: each printed author name must be reported by
  anonymity.author-name as an error, each e-mail address by anonymity.email
  as an error, a non-empty
  Info Author by anonymity.metadata; each GitHub / HuggingFace URL of the
  manifest is shown with what anonymity.handle said about it (error, warning,
  or nothing: judged third-party).

Standard library only. Exit code 0 unless the checker could not run.
"""
import json
import os
import subprocess
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def account_of(url):
    """The user account of a github / huggingface / github.io URL."""
    parts = url.split("/")
    if ".github.io" in parts[0]:
        return parts[0].split(".")[0]
    rest = parts[1:]
    if rest and rest[0] in ("datasets", "spaces", "models"):
        rest = rest[1:]
    return rest[0] if rest else ""


def run(binary, pdf, authors):
    cmd = [binary, "check", pdf, "--format", "json", "--select", "anonymity"]
    for a in authors:
        cmd += ["--author", a]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def show(f):
    page = f.get("page")
    where = f"p{page}" if page else "meta"
    return f"  {f['severity']:7} {f['rule']:26} {where:5} {f['message']}\n          evidence: {f['evidence'][:160]}"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus = sys.argv[1], sys.argv[2]
    manifest = json.load(open(os.path.join(corpus, "manifest.json")))
    totals = {"names": [0, 0], "emails": [0, 0], "info_author": [0, 0], "urls_flagged": [0, 0]}
    anon_findings = 0
    for paper in manifest["papers"]:
        pdf = os.path.join(corpus, paper["file"])
        if not os.path.exists(pdf):
            continue
        authors = paper.get("authors_printed") or []
        rep = run(binary, pdf, authors)
        findings = rep["findings"]
        scan = rep.get("facts", {}).get("anonymity", {})
        print(f"== {paper['file']}  anonymous={paper['anonymous']} mode={paper['mode']} "
              f"(scanned {scan.get('text_chars')} chars, {scan.get('links')} links, "
              f"metadata {scan.get('metadata_fields')}, {scan.get('embedded_files')} embedded files)")
        if paper["anonymous"]:
            anon_findings += len(findings)
            if not findings:
                print("  no finding")
            for f in findings:
                print(show(f))
            for u in paper.get("github_hf_urls") or []:
                said = [f for f in findings if f'account "{norm(account_of(u))}"' in norm(f["message"])]
                print(f"  manifest url {u}: " + (said[0]["severity"] if said else "not reported"))
            continue
        by_rule = {}
        for f in findings:
            by_rule.setdefault(f["rule"], []).append(f)
        def text_of(rule, severity="error"):
            return norm(" ".join(f["message"] + " " + f["evidence"] for f in by_rule.get(rule, [])
                                 if f["severity"] == severity))
        names = text_of("anonymity.author-name")
        for a in authors:
            ok = norm(a) in names
            totals["names"][0] += ok
            totals["names"][1] += 1
            print(f"  name   {'FOUND ' if ok else 'MISSED'} {a}")
        emails = text_of("anonymity.email")
        for e in paper.get("emails") or []:
            ok = norm(e) in emails
            totals["emails"][0] += ok
            totals["emails"][1] += 1
            print(f"  email  {'FOUND ' if ok else 'MISSED'} {e}")
        if paper.get("info_author"):
            ok = bool(by_rule.get("anonymity.metadata")) and "author" in text_of("anonymity.metadata")
            totals["info_author"][0] += ok
            totals["info_author"][1] += 1
            print(f"  meta   {'FOUND ' if ok else 'MISSED'} Info Author = {paper['info_author']}")
        handles = by_rule.get("anonymity.handle", [])
        for u in paper.get("github_hf_urls") or []:
            acc = account_of(u)
            said = [f for f in handles if f'account "{norm(acc)}"' in norm(f["message"])]
            sev = said[0]["severity"] if said else "-"
            totals["urls_flagged"][0] += bool(said)
            totals["urls_flagged"][1] += 1
            print(f"  url    {sev:7} {u}")
        print(f"  ({len(findings)} anonymity findings in all: "
              + ", ".join(f"{r.split('.')[1]} {len(v)}" for r, v in sorted(by_rule.items())) + ")")
    print()
    print(f"anonymous submissions: {anon_findings} findings listed above, to be judged")
    for k, (ok, n) in totals.items():
        print(f"non-anonymous papers: {k}: {ok}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
