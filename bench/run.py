#!/usr/bin/env python3
"""Benchmark of `preflight batch` against pdftotext over the same files.

Usage: bench/run.py [PREFLIGHT_BIN] [CORPUS_DIR]
  PREFLIGHT_BIN  default build/preflight
  CORPUS_DIR     default ../shared/corpus (next to the repository) when present,
                 else the committed fixtures in testdata/

Prints, in one run: the CPU-time ratio preflight / pdftotext for
`batch --no-images` and for the default batch (with the thumbnails and finding
images of report.html, whose cost is also shown apart), both with one job;
the fixed cost of `check` on a 1-page paper against pdftotext on the same file
(start-up included; BENCH_ONE_PAGE picks the file, default
testdata/template-final.pdf) and of the bare start-up (`--version` against
`pdftotext -v`); the speed-up of the wall-clock time from 1 to 2 jobs; and the
peak memory (RSS) of a worker. pdftotext runs before and after preflight, so
that drift of the machine during the run shows. BENCH_BASELINE=BIN adds the
same CPU numbers for another binary (say, a build of main) in the same run. CPU times come from
getrusage(RUSAGE_CHILDREN) around each run, so they include every worker.
Each run is repeated (BENCH_REPEAT, default 3) and the fastest is kept: the
numbers are for a quiet machine, and the minimum is the least noisy estimate.
"""
import glob
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "preflight"))
if len(sys.argv) > 2:
    CORPUS = sys.argv[2]
elif os.path.isdir(os.path.join(ROOT, "..", "shared", "corpus")):
    CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
else:
    CORPUS = os.path.join(ROOT, "testdata")
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))

files = sorted(glob.glob(os.path.join(CORPUS, "**", "*.pdf"), recursive=True))
if not files:
    sys.exit(f"no PDF in {CORPUS}")
if not shutil.which("pdftotext"):
    sys.exit("pdftotext is missing (apt-get install poppler-utils)")
for f in files:  # warm the page cache so that neither side pays for the disk
    with open(f, "rb") as fh:
        fh.read()


def timed(cmd, after=lambda: None):
    """(wall seconds, CPU seconds of the children, after()) of the fastest of REPEAT runs."""
    best = None
    for _ in range(REPEAT):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if best is None or wall < best[0]:
            best = (wall, cpu, after())
    return best


def rows_of(out):
    return lambda: [json.loads(line) for line in open(os.path.join(out, "results.jsonl"))]


def cpu_best(cmd, n=20):
    """Best-of-n CPU seconds of one command (short runs: many repeats)."""
    best = None
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best = c if best is None or c < best else best
    return best


ONE_PAGE = os.environ.get("BENCH_ONE_PAGE", os.path.join(ROOT, "testdata", "template-final.pdf"))
BASELINE = os.environ.get("BENCH_BASELINE")

tmp = tempfile.mkdtemp(prefix="preflight-bench-")
try:
    listing = os.path.join(tmp, "files.txt")
    with open(listing, "w") as fh:
        fh.write("\n".join(files) + "\n")
    with open(os.path.join(tmp, "files0"), "w") as fh:
        fh.write("".join(f + "\0" for f in files))
    script = 'for f in "$@"; do pdftotext -q "$f" /dev/null; done'
    p_wall, p_cpu, _ = timed(["sh", "-c", script, "sh", *files])
    # The same pdftotext loop split over 2 processes: what this machine gives any
    # program from 1 to 2 jobs (the reference for preflight's speed-up).
    p2_wall, _, _ = timed(["sh", "-c", 'xargs -0 -P 2 -I{} pdftotext -q {} /dev/null < "$0"', os.path.join(tmp, "files0")])
    out1, out2 = os.path.join(tmp, "j1"), os.path.join(tmp, "j2")

    def batch(binary, out, jobs, images, after=lambda: None):
        cmd = [binary, "batch", "@" + listing, "--jobs", str(jobs), "--force", "--out", out]
        if not images:
            cmd.append("--no-images")
        return timed(cmd, after)

    # The check itself, as pdftotext reads words: without the thumbnails and
    # finding images that batch renders for report.html (their cost is shown apart).
    j1_wall, j1_cpu, rows = batch(BIN, out1, 1, False, rows_of(out1))
    j2_wall, j2_cpu, _ = batch(BIN, out2, 2, False)
    img_wall, img_cpu, _ = batch(BIN, os.path.join(tmp, "img"), 1, True)
    base = None
    if BASELINE:
        base = (batch(BASELINE, os.path.join(tmp, "b1"), 1, False)[1], batch(BASELINE, os.path.join(tmp, "bi"), 1, True)[1])
    # Fixed cost: a 1-page paper, and the bare start-up.
    one_p = cpu_best(["pdftotext", "-q", ONE_PAGE, "/dev/null"])
    one_c = cpu_best([BIN, "check", ONE_PAGE, "--format", "json"])
    one_b = cpu_best([BASELINE, "check", ONE_PAGE, "--format", "json"]) if BASELINE else None
    up_p = cpu_best(["pdftotext", "-v"])
    up_c = cpu_best([BIN, "--version"])
    # pdftotext again: the machine may have changed under the run.
    pa_wall, pa_cpu, _ = timed(["sh", "-c", script, "sh", *files])
    p_ref = min(p_cpu, pa_cpu)

    ok = [r for r in rows if r.get("pages")]
    largest = max(ok, key=lambda r: r["pages"]) if ok else None
    pages = sum(r.get("pages", 0) for r in rows)
    worst = max(rows, key=lambda r: r["batch"]["max_rss_mb"])
    worker_cpu = sum(r["batch"]["cpu_seconds"] for r in rows)

    print(f"corpus: {os.path.abspath(CORPUS)}: {len(files)} PDFs, {pages} pages; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; best of {REPEAT}")
    print(f"pdftotext before : {p_wall:6.2f} s wall, {p_cpu:6.2f} s CPU  ({len(files) / p_wall:.1f} papers/s)")
    print(f"pdftotext after  : {pa_wall:6.2f} s wall, {pa_cpu:6.2f} s CPU  (drift {pa_cpu / p_cpu - 1:+.0%}; ratios use the lower)")
    print(f"preflight -j 1   : {j1_wall:6.2f} s wall, {j1_cpu:6.2f} s CPU  ({len(files) / j1_wall:.1f} papers/s; "
          f"workers {worker_cpu:.2f} s CPU)  --no-images")
    print(f"preflight -j 2   : {j2_wall:6.2f} s wall, {j2_cpu:6.2f} s CPU  ({len(files) / j2_wall:.1f} papers/s)  --no-images")
    print(f"with images, -j 1: {img_wall:6.2f} s wall, {img_cpu:6.2f} s CPU  (page-1 thumbnail + up to 6 error/warning "
          f"regions a paper, for report.html: {img_cpu - j1_cpu:+.2f} s CPU, {(img_cpu - j1_cpu) / len(files) * 1000:.0f} ms a paper)")
    print(f"CPU ratio preflight/pdftotext, batch --no-images, 1 job : {j1_cpu / p_ref:.2f}   (target <= 1.2)")
    print(f"CPU ratio preflight/pdftotext, batch with images, 1 job : {img_cpu / p_ref:.2f}   (target <= 2.0)")
    if base:
        print(f"  baseline {BASELINE}: --no-images {base[0] / p_ref:.2f}, with images {base[1] / p_ref:.2f}")
    print(f"1-page check ({os.path.basename(ONE_PAGE)}), start-up included: {one_c * 1000:.1f} ms CPU vs pdftotext "
          f"{one_p * 1000:.1f} ms: {one_c / one_p:.2f}x  (target <= 1.5)"
          + (f"; baseline {one_b * 1000:.1f} ms: {one_b / one_p:.2f}x" if one_b else ""))
    print(f"  bare start-up: preflight --version {up_c * 1000:.1f} ms vs pdftotext -v {up_p * 1000:.1f} ms "
          f"(mostly loading libpoppler and what it links, as pdftotext does)")
    print(f"speed-up 1 -> 2 jobs (wall)         : {j1_wall / j2_wall:.2f}x  (needs 2 idle cores)")
    print(f"  pdftotext 1 -> 2 processes        : {p_wall / p2_wall:.2f}x  (what this machine gives any program now)")
    # What 2 idle cores would give: the pool hands the papers, in order, to
    # whichever worker is free; the parent's own CPU is added to the slower one.
    free = [0.0, 0.0]
    for r in rows:
        i = free.index(min(free))
        free[i] += r["batch"]["cpu_seconds"]
    ideal = (worker_cpu + (j1_cpu - worker_cpu)) / (max(free) + (j1_cpu - worker_cpu))
    print(f"  expected on 2 idle cores          : {ideal:.2f}x  (from each paper's CPU time; parent "
          f"{j1_cpu - worker_cpu:.2f} s CPU; extra CPU at 2 jobs {j2_cpu / j1_cpu - 1:+.0%})")
    if largest:
        print(f"peak RSS of a worker, largest paper : {largest['batch']['max_rss_mb']:.0f} MB "
              f"({os.path.basename(largest['file'])}, {largest['pages']} pages)  (target < 150 MB at 30 pages)")
    if ok:
        near30 = min(ok, key=lambda r: abs(r["pages"] - 30))
        print(f"peak RSS of a worker, ~30 pages     : {near30['batch']['max_rss_mb']:.0f} MB "
              f"({os.path.basename(near30['file'])}, {near30['pages']} pages)")
    print(f"peak RSS of a worker, any paper     : {worst['batch']['max_rss_mb']:.0f} MB "
          f"({os.path.basename(worst['file'])}, {worst.get('pages', 0)} pages)")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
