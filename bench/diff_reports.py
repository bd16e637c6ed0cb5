#!/usr/bin/env python3
"""Diff the JSON reports of two preflight binaries over folders of PDFs.

Usage: bench/diff_reports.py OLD_BIN NEW_BIN DIR_OR_PDF... [-- EXTRA CHECK ARGS]

Runs `BIN check FILE --format json` with each binary on every PDF (folders are
searched recursively) and compares the two reports field by field: verdict,
error, facts and findings (each finding's rule, severity, page, box, message,
evidence). Prints one block per file that differs, with the JSON path of each
difference and both values, then a summary line. Exit status: 0 when every
report is the same, 1 otherwise.

Boxes and other numbers are compared after rounding to 0.1 (the JSON already
rounds them), so that only real differences show. The `tool` field (the
version string) is ignored.
"""
import glob
import json
import os
import subprocess
import sys


def pdfs(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            out += sorted(glob.glob(os.path.join(a, "**", "*.pdf"), recursive=True))
        else:
            out.append(a)
    return out


def report(binary, pdf, extra):
    p = subprocess.run([binary, "check", pdf, "--format", "json", *extra], capture_output=True, text=True)
    try:
        r = json.loads(p.stdout)
    except ValueError:
        return {"__no_json__": True, "exit": p.returncode, "stderr": p.stderr.strip()[-300:]}
    if isinstance(r, list):
        r = r[0] if r else {}
    r.pop("tool", None)
    r["__exit__"] = p.returncode
    return r


def norm(v):
    if isinstance(v, float):
        return round(v, 1)
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append((f"{path}.{k}", "(absent)", b[k]))
            elif k not in b:
                out.append((f"{path}.{k}", a[k], "(absent)"))
            else:
                diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list) and path.endswith("findings"):
        # Findings: compare as multisets, so that one extra finding shows as one line.
        key = lambda f: json.dumps(f, sort_keys=True)
        ka, kb = [key(f) for f in a], [key(f) for f in b]
        for f in ka:
            if f in kb:
                kb.remove(f)
            else:
                out.append((f"{path}[-]", json.loads(f), ""))
        for f in kb:
            out.append((f"{path}[+]", "", json.loads(f)))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append((path, a, b))


def short(v):
    s = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
    return s if len(s) <= 240 else s[:237] + "..."


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    if len(argv) < 3:
        sys.exit(__doc__)
    old, new, targets = argv[0], argv[1], argv[2:]
    files = pdfs(targets)
    if not files:
        sys.exit("no PDF found")
    same = differ = 0
    for f in files:
        a, b = norm(report(old, f, extra)), norm(report(new, f, extra))
        d = []
        diff(a, b, "", d)
        if not d:
            same += 1
            continue
        differ += 1
        print(f"== {f}: {len(d)} difference(s)")
        for path, x, y in d:
            print(f"   {path or '.'}\n     old: {short(x)}\n     new: {short(y)}")
    print(f"{len(files)} PDFs: {same} same, {differ} different  (old {old}, new {new})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
