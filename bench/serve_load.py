#!/usr/bin/env python3
"""Load test of `preflight serve` on loopback, against `batch` on the same files.

Usage: bench/serve_load.py BIN [--jobs 2] [--clients 16] [--rounds 3] [DIR_OR_PDF ...]
       (default inputs: /work/shared/corpus and testdata/robust)

1. `BIN batch FILES --jobs N --no-images` (fresh --out): wall time, and the mean
   time of one check (the rows' batch.seconds).
2. `BIN serve --jobs N --listen 127.0.0.1:0`, then CLIENTS threads post every file
   ROUNDS times (raw application/pdf; the list repeated, so that p99 rests on
   more than a hundred requests) until the list is done: wall time, each
   request's latency and status. The server's and its workers' resident memory
   is sampled every 50 ms from /proc; the mean time of a check in the server's
   workers is read from its /metrics at the end.
Reports throughput (papers/s) of both, p50/p99 latency against what an ideal
queue gives (clients / jobs x the mean check time, from the server's own checks
in this run; the same figure from batch's mean is shown beside it), the p50/p99
of the same requests in a simulated ideal first-come, first-served queue (each
file taking its batch check time: what no server overhead would give), peak RSS,
and whether every request was answered (200, 4xx or 503; a dropped connection
counts as a failure). Exits 1 when a request went unanswered or the server died.
Loopback only; every request and the whole run are bounded in time.
"""
import argparse
import glob
import heapq
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

# Loopback only: no proxy from the environment.
urllib.request.install_opener(urllib.request.build_opener(urllib.request.ProxyHandler({})))


def pdfs(args):
    out = []
    for a in args:
        if os.path.isdir(a):
            out += sorted(glob.glob(os.path.join(a, "**", "*.pdf"), recursive=True))
        elif os.path.isfile(a):
            out.append(a)
    return out


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    # Workers are forked by the request threads: the children of every task.
    out = []
    for task in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(task) as f:
                out += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def simulate_fifo(service, clients, jobs):
    """Latencies in an ideal first-come, first-served queue: `clients` closed-loop
    clients take the next request as soon as their last one is answered, `jobs`
    workers, no overhead; service[i] is the check time of request i."""
    workers = [0.0] * jobs  # when each worker is next free
    heapq.heapify(workers)
    ready = [0.0] * clients  # when each client posts its next request
    heapq.heapify(ready)
    lat = []
    for t in service:
        posted = heapq.heappop(ready)
        free = heapq.heappop(workers)
        done = max(posted, free) + t
        heapq.heappush(workers, done)
        heapq.heappush(ready, done)
        lat.append(done - posted)
    return lat


def percentile(values, p):
    v = sorted(values)
    if not v:
        return 0.0
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin")
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3, help="post every file this many times")
    ap.add_argument("--request-timeout", type=float, default=300)
    ap.add_argument("--max-seconds", type=float, default=1800, help="stop posting after this long")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    inputs = a.inputs or ["/work/shared/corpus", os.path.join(here, "..", "testdata", "robust")]
    files = pdfs(inputs)
    if not files:
        sys.exit("no PDF in the inputs")
    bin_ = os.path.abspath(a.bin)
    tmp = tempfile.mkdtemp(prefix="serve-load-")
    try:
        # 1. batch
        t0 = time.monotonic()
        subprocess.run([bin_, "batch", *files, "--jobs", str(a.jobs), "--no-images", "--out", os.path.join(tmp, "batch")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=a.max_seconds)
        batch_wall = time.monotonic() - t0
        rows = [json.loads(l) for l in open(os.path.join(tmp, "batch", "results.jsonl"))]
        mean_check = statistics.mean(r["batch"]["seconds"] for r in rows)
        check_time = {os.path.abspath(r["file"]): r["batch"]["seconds"] for r in rows}

        # 2. serve
        server = subprocess.Popen([bin_, "serve", "--listen", "127.0.0.1:0", "--jobs", str(a.jobs), "--queue", "64",
                                   "--log-level", "warn"], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  text=True)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stdout.readline())
        if not m:
            server.kill()
            sys.exit("the server did not start")
        url = f"http://127.0.0.1:{m.group(1)}/api/check"
        peak = {"server": 0, "total": 0, "worker": 0}
        sampling = True

        def sample():
            while sampling:
                s = rss_kb(server.pid)
                kids = [rss_kb(c) for c in children(server.pid)]
                peak["server"] = max(peak["server"], s)
                peak["total"] = max(peak["total"], s + sum(kids))
                peak["worker"] = max([peak["worker"], *kids])
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        todo = list(files) * max(1, a.rounds)
        posted = len(todo)
        lock = threading.Lock()
        results = []  # (status, seconds, file)
        deadline = time.monotonic() + a.max_seconds

        def client():
            while time.monotonic() < deadline:
                with lock:
                    if not todo:
                        return
                    f = todo.pop(0)
                with open(f, "rb") as fh:
                    data = fh.read()
                req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/pdf"})
                t = time.monotonic()
                try:
                    with urllib.request.urlopen(req, timeout=a.request_timeout) as r:
                        r.read()
                        status = r.status
                except urllib.error.HTTPError as e:
                    e.read()
                    status = e.code
                except Exception as e:  # a dropped connection, a timeout: not answered
                    status = f"no answer ({type(e).__name__})"
                with lock:
                    results.append((status, time.monotonic() - t, f))

        t0 = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(a.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        serve_wall = time.monotonic() - t0
        sampling = False
        sampler.join()
        alive = server.poll() is None
        served = {}
        try:
            with urllib.request.urlopen(url.replace("/api/check", "/metrics"), timeout=30) as r:
                for line in r.read().decode().splitlines():
                    if line.startswith("preflight_check_seconds_sum ") or line.startswith("preflight_check_seconds_count "):
                        k, v = line.split()
                        served[k] = float(v)
        except Exception:
            pass
        mean_served = (served.get("preflight_check_seconds_sum", 0) / served["preflight_check_seconds_count"]
                       if served.get("preflight_check_seconds_count") else float("nan"))
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

        lat = [s for st, s, _ in results]
        by_status = {}
        for st, _, _ in results:
            by_status[str(st)] = by_status.get(str(st), 0) + 1
        unanswered = [f for st, _, f in results if not isinstance(st, int)]
        ideal = a.clients / a.jobs * mean_served
        ideal_batch = a.clients / a.jobs * mean_check
        n = len(files)
        p99 = percentile(lat, 99)
        print(f"files: {n} ({', '.join(inputs)}), posted {a.rounds}x = {posted} requests; jobs {a.jobs}, clients {a.clients}")
        print(f"batch --jobs {a.jobs} --no-images: {batch_wall:.1f} s, {n / batch_wall:.2f} papers/s; "
              f"mean check {mean_check:.2f} s")
        print(f"serve: {serve_wall:.1f} s, {len(results) / serve_wall:.2f} papers/s "
              f"({100 * (len(results) / serve_wall) / (n / batch_wall):.0f}% of batch); "
              f"mean check in the server's workers {mean_served:.2f} s")
        print(f"latency: p50 {percentile(lat, 50):.2f} s, p99 {p99:.2f} s, max {max(lat):.2f} s")
        print(f"ideal queue (clients / jobs x mean check): {ideal:.2f} s from the server's checks: "
              f"p99 = {p99 / ideal:.2f}x ideal; {ideal_batch:.2f} s from batch's: p99 = {p99 / ideal_batch:.2f}x")
        # The same requests in an ideal first-come, first-served queue, each
        # taking its file's check time in batch, scaled to the server's mean.
        scale = mean_served / mean_check if mean_check > 0 and not math.isnan(mean_served) else 1.0
        service = [check_time.get(os.path.abspath(f), mean_check) * scale for f in list(files) * max(1, a.rounds)]
        sim = simulate_fifo(service, a.clients, a.jobs)
        print(f"the same requests in an ideal first-come, first-served queue (each file's batch check time x {scale:.2f}): "
              f"p50 {percentile(sim, 50):.2f} s, p99 {percentile(sim, 99):.2f} s = {percentile(sim, 99) / ideal:.2f}x ideal; "
              f"measured p99 = {p99 / percentile(sim, 99):.2f}x that")
        print(f"peak RSS: server {peak['server'] / 1024:.0f} MB, one worker {peak['worker'] / 1024:.0f} MB, "
              f"server + workers {peak['total'] / 1024:.0f} MB")
        print(f"answers: {len(results)} of {posted}: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())))
        print(f"server alive at the end: {'yes' if alive else 'NO'}; unanswered: {len(unanswered)}")
        ok = alive and not unanswered and len(results) == posted
        sys.exit(0 if ok else 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
