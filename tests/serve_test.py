#!/usr/bin/env python3
"""ctest: `preflight serve` on an ephemeral loopback port, each endpoint and each
bad-input status, as a client sees them.

Usage: serve_test.py PREFLIGHT_BIN TESTDATA_DIR

Starts the server (port 0, printed on stdout) in an empty working directory with
the test fault hook on (PREFLIGHT_TEST_FAULT: uploads named crash-me / hang-me
make their worker crash or hang), and a second one with one worker and no queue
for the 503. Checks the answers, that the working directory stays empty (nothing
written to disk), and that the log names no uploaded file. Every wait is bounded.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

# Loopback only: no proxy from the environment.
urllib.request.install_opener(urllib.request.build_opener(urllib.request.ProxyHandler({})))

BIN, TESTDATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def start(workdir, *args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    # A sanitizer build: the exit status is the server's, not a leak report's.
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    env.pop("PREFLIGHT_LOG", None)
    log = open(os.path.join(tempfile.gettempdir(), f"serve-test-{os.getpid()}-{len(args)}.log"), "w+")
    p = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", *args], cwd=workdir, env=env,
                         stdout=subprocess.PIPE, stderr=log, text=True)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        p.kill()
        log.seek(0)
        sys.exit(f"the server did not start: {line!r} {log.read()}")
    return p, f"http://127.0.0.1:{m.group(1)}", log


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def request(url, data=None, headers=None, method=None, timeout=60):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def multipart(fields, pdf_name, pdf_bytes):
    b = "----preflight-test-boundary"
    parts = []
    for k, v in fields:
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    if pdf_bytes is not None:
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="pdf"; filename="{pdf_name}"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n".encode() + pdf_bytes + b"\r\n")
    parts.append(f"--{b}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={b}"}


def post_pdf(base, name, data, fields=(("track", "long"),)):
    body, headers = multipart(fields, name, data)
    status, h, raw = request(base + "/api/check", body, headers)
    try:
        return status, h, json.loads(raw)
    except ValueError:
        return status, h, {"raw": raw[:200]}


def fixture(name):
    with open(os.path.join(TESTDATA, name), "rb") as f:
        return f.read()


work = tempfile.mkdtemp(prefix="preflight-serve-test-")
server, base, log = start(work, "--jobs", "2", "--timeout", "15", "--max-upload", "1",
                          env_extra={"PREFLIGHT_TEST_FAULT": "crash:crash-me,hang:hang-me"})
try:
    # GET /: the page, self-contained, under a strict CSP, never cached.
    status, h, body = request(base + "/")
    page = body.decode()
    csp = h.get("Content-Security-Policy", "")
    check(status == 200 and "<form" in page, "GET / answers the page")
    check("default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp,
          "GET / has a strict Content-Security-Policy (hashes, no unsafe-inline)")
    check("connect-src 'self'" in csp, "the page may fetch from its own origin only")
    check(h.get("Cache-Control") == "no-store", "responses carry Cache-Control: no-store")
    check("checked in memory and not kept" in page, "the page says the PDF is checked in memory and not kept")
    check(not re.search(r'(src|href)="https?:', page), "the page loads nothing from elsewhere")

    status, h, body = request(base + "/healthz")
    check(status == 200 and body.strip() == b"ok", "GET /healthz is ok")

    status, h, body = request(base + "/api/profile")
    prof = json.loads(body)
    check(status == 200 and sorted(t["name"] for t in prof["tracks"]) == ["long", "short"], "GET /api/profile lists the tracks")
    check(prof["limits"]["max_upload_mb"] == 1 and prof["limits"]["timeout_seconds"] == 15, "GET /api/profile gives the limits")

    # A paper that passes, and one that fails, as check --format json says.
    status, h, r = post_pdf(base, "sample-pass.pdf", fixture("sample-pass.pdf"))
    check(status == 200 and r.get("verdict") == "pass", f"a passing paper: 200 pass (got {status} {r.get('verdict')})")
    check(h.get("Cache-Control") == "no-store", "the check's answer is not cached")
    expected = json.loads(subprocess.run([BIN, "check", os.path.join(TESTDATA, "anon-email.pdf"), "--format", "json",
                                          "--track", "long", "--no-config"], capture_output=True, text=True).stdout)
    status, h, r = post_pdf(base, "anon-email.pdf", fixture("anon-email.pdf"), [("track", "long"), ("images", "1")])
    check(status == 200 and r.get("verdict") == "fail", "a failing paper: 200 fail")
    rules = [f["rule"] for f in r.get("findings", [])]
    check("anonymity.email" in rules, "the failing paper's finding is there (anonymity.email)")
    check([(f["rule"], f["page"], f["message"]) for f in r.get("findings", [])] ==
          [(f["rule"], f["page"], f["message"]) for f in expected["findings"]],
          "the findings are those of `check --format json`")
    check(r.get("file") == "anon-email.pdf", "the report names the upload as the client named it")
    check(r.get("thumbnail", "").startswith("data:image/png;base64,"), "the answer holds the page-1 thumbnail inline")
    check(any(f.get("image", "").startswith("data:image/png;base64,") for f in r.get("findings", []) if f["severity"] == "error"),
          "errors come with their region image inline")

    # The same as a raw application/pdf body, fields in the query string.
    status, h, raw = request(base + "/api/check?track=long&author=Jane%20Doe", fixture("anon-email.pdf"),
                             {"Content-Type": "application/pdf"})
    check(status == 200 and json.loads(raw)["verdict"] == "fail", "a raw application/pdf upload: 200")

    # Authors and handles typed in the form are used for this check.
    status, h, r = post_pdf(base, "anon-name.pdf", fixture("anon-name.pdf"),
                            [("track", "long"), ("author", "Jane Doe\nBo Li")])
    check(status == 200, "author fields are accepted")

    # Bad input.
    status, h, r = post_pdf(base, "paper.pdf", b"this is a text file, not a PDF\n" * 10)
    check(status == 422 and r.get("error", {}).get("kind") == "not-pdf", f"not a PDF: 422 not-pdf (got {status})")
    status, h, r = post_pdf(base, "encrypted.pdf", fixture("bad/encrypted.pdf"))
    check(status == 422 and r.get("error", {}).get("kind") == "encrypted", f"encrypted: 422 encrypted (got {status})")
    check(r.get("error", {}).get("message", "").startswith("the PDF is encrypted"), "the message speaks of the upload, not a path")
    status, h, r = post_pdf(base, "truncated.pdf", fixture("bad/truncated.pdf"))
    check(status == 422 and r.get("error", {}).get("kind") == "damaged", f"damaged: 422 damaged (got {status})")
    status, h, r = post_pdf(base, "big.pdf", b"%PDF-1.5\n" + b"0" * (2 << 20))
    check(status == 413 and "1 MB" in r.get("error", {}).get("message", ""), f"over --max-upload: 413 (got {status})")
    status, h, r = post_pdf(base, "sample-pass.pdf", fixture("sample-pass.pdf"), [("track", "medium")])
    check(status == 400 and "unknown track" in r.get("error", {}).get("message", ""), "an unknown track: 400")
    status, h, r = post_pdf(base, "none", None)
    check(status == 400, "no PDF in the form: 400")
    status, h, raw = request(base + "/api/check", b"hello", {"Content-Type": "text/plain"})
    check(status == 400, "neither multipart nor application/pdf: 400")

    # A worker that crashes or hangs: a clear error, and the server goes on.
    status, h, r = post_pdf(base, "crash-me.pdf", fixture("sample-pass.pdf"))
    check(status == 500 and r.get("error", {}).get("kind") == "crash", f"a crashing worker: 500 crash (got {status})")
    status, h, r = post_pdf(base, "hang-me.pdf", fixture("sample-pass.pdf"))
    check(status == 422 and r.get("error", {}).get("kind") == "timeout", f"a worker past --timeout: 422 timeout (got {status})")
    status, h, r = post_pdf(base, "sample-pass.pdf", fixture("sample-pass.pdf"))
    check(status == 200 and r.get("verdict") == "pass", "after a crash and a timeout the server still checks")

    status, h, body = request(base + "/metrics")
    m = body.decode()
    check('preflight_requests_total{status="200",verdict="pass"}' in m, "/metrics counts requests by status and verdict")
    check('preflight_worker_failures_total{kind="crash"} 1' in m and 'preflight_worker_failures_total{kind="timeout"} 1' in m,
          "/metrics counts worker failures by kind")
    check("preflight_check_seconds_bucket{le=\"+Inf\"}" in m and "preflight_queue_depth 0" in m,
          "/metrics has the duration histogram and the queue depth")
    status, h, body = request(base + "/nothing-here")
    check(status == 404, "an unknown path: 404")
finally:
    stop(server)
check(server.returncode == 0, f"SIGTERM stops the server cleanly (exit {server.returncode})")
check(os.listdir(work) == [], "nothing was written to the server's working directory")
log.seek(0)
text = log.read()
check("POST /api/check" in text, "the log records the requests")
check(not any(n in text for n in ("sample-pass", "anon-email", "crash-me", "hang-me", "encrypted.pdf", "Jane")),
      "the log names no uploaded file and no author")

# 503: one worker, no queue, the worker busy with a hanging upload.
server, base, log = start(work, "--jobs", "1", "--queue", "0", "--timeout", "8",
                          env_extra={"PREFLIGHT_TEST_FAULT": "hang:hang-me"})
try:
    t = threading.Thread(target=post_pdf, args=(base, "hang-me.pdf", fixture("sample-pass.pdf")))
    t.start()
    busy = False
    for _ in range(200):  # up to 20 s for the hanging worker to start
        if "preflight_workers_busy 1" in request(base + "/metrics")[2].decode():
            busy = True
            break
        time.sleep(0.1)
    check(busy, "the hanging upload holds the one worker")
    status, h, r = post_pdf(base, "sample-pass.pdf", fixture("sample-pass.pdf"))
    check(status == 503 and int(h.get("Retry-After", "0")) >= 1, f"queue full: 503 with Retry-After (got {status})")
    status, h, body = request(base + "/healthz")
    check(status == 200, "/healthz answers while every worker is busy")
finally:
    stop(server)
    t.join(timeout=30)

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all serve checks passed")
