"""Public pledges served by the production server keep at least half the throughput of a trivial view.

Needs PostgreSQL (`scripts/bench` starts one). The data are made through the services the tests use: a new
city bureau as the root of its own unit tree and a drive open today with public channels. `fupin serve`
(gunicorn, its workers, its access log) then serves the site with the production settings
(FUPIN_PRODUCTION, a secret key, collectstatic) on a free loopback port, as behind a TLS-terminating proxy
(`X-Forwarded-Proto: https`). `wrk`, a second process, drives it with the same threads and connections for
every measurement: the trivial `/healthz`, a GET of the public pledge page `/give/drives/<pk>/`, and POSTs
of a pledge to that URL, each with its own idempotency key and the CSRF cookie and token fetched once from
the pledge page. Everything is warmed up first; the trivial view is measured before and after and the
better counts. The value is the POST throughput, the baseline the trivial one; the page GET ratio is
printed too. Every POST must be answered with the redirect to the pledge's page (any other answer fails
the run), and afterwards the drive's Pledge rows must equal the POSTs the server answered with that
redirect, counted in its access log (wrk's count, plus those still in flight when wrk stopped).
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from bench._result import Result, analyze

THREADS, CONNECTIONS = 1, 4
WARMUP_SECONDS, SECONDS = 3, 8
TARGET = 0.5
PROXY = {"X-Forwarded-Proto": "https"}  # production sits behind a TLS-terminating proxy

LUA = r"""
-- args: mode (get|post), origin, csrf cookie, csrf token, idempotency key prefix
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  mode, origin, cookie, token, prefix = args[1], args[2], args[3], args[4], args[5]
  sent, good, bad = 0, 0, 0
  wrk.headers["X-Forwarded-Proto"] = "https"
  if mode == "post" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Cookie"] = "csrftoken=" .. cookie
    wrk.headers["Origin"] = origin
  end
end

function request()
  sent = sent + 1
  if mode ~= "post" then
    return wrk.format()
  end
  local body = "csrfmiddlewaretoken=" .. token .. "&idempotency_key=" .. prefix .. "-" .. tid .. "-" .. sent
    .. "&donor_type=individual&donor_name=%E5%BC%A0%E5%B0%8F%E4%B8%89&phone=13912341234"
    .. "&channel=transfer&amount=100"
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local ok
  if mode == "post" then
    ok = status == 302 and string.find(headers["Location"] or "", "/give/pledges/", 1, true) ~= nil
  else
    ok = status == 200
  end
  if ok then good = good + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
  local s, g, b = 0, 0, 0
  for _, t in ipairs(threads) do
    s, g, b = s + t:get("sent"), g + t:get("good"), b + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format("BENCH sent=%d good=%d bad=%d errors=%d\n", s, g, b,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Load:
    rate: float  # requests per second
    sent: int
    good: int  # 200 for a GET, the redirect to the pledge's page for a POST
    bad: int
    errors: int  # connect, read, write and timeout errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _drive():
    """A drive open today with public channels, in a unit tree of its own (the database may be reused)."""
    from fupin.donations.tests.public_data import open_drive_today
    from fupin.orgs.models import Membership, User
    from fupin.orgs.services import create_unit

    tag = secrets.token_hex(4)
    user = User.objects.create(username=f"bench-pledges-{tag}", name="办公室", is_superuser=True)
    unit = create_unit(
        by=user, parent=None, name=f"基准认捐市教育局{tag}", code=f"BENCH-PLEDGE-{tag}", kind="city_bureau"
    )
    Membership.objects.create(user=user, unit=unit, role="office_admin")
    return open_drive_today(user, unit, channels=("transfer", "onsite", "goods"))


def _start_server(port: int, log: Path) -> subprocess.Popen:
    """`fupin serve` with the production settings; it runs collectstatic and execs gunicorn."""
    env = os.environ | {
        "FUPIN_PRODUCTION": "1",
        "FUPIN_SECRET_KEY": secrets.token_urlsafe(50),
        "FUPIN_ALLOWED_HOSTS": "127.0.0.1",
        "FUPIN_DEBUG": "0",
    }
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "fupin.cli", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_until_up(server, port, log)
    except BaseException:
        _stop(server)
        raise
    return server


def _wait_until_up(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"fupin serve exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            _get(f"http://127.0.0.1:{port}/healthz")
            return
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.3)
    raise RuntimeError(f"fupin serve did not answer within 180 s:\n{log.read_text()[-2000:]}")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _get(url: str):
    with urllib.request.urlopen(urllib.request.Request(url, headers=PROXY), timeout=60) as response:
        return response.headers, response.read().decode()


def _csrf_pair(url: str) -> tuple[str, str]:
    """The CSRF cookie and the form's token, as a browser gets them from the pledge page."""
    headers, page = _get(url)
    cookies = " ".join(headers.get_all("Set-Cookie") or [])
    cookie = re.search(r"csrftoken=([^;]+)", cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not (cookie and token):
        raise RuntimeError(f"no CSRF cookie and token on {url}")
    return cookie.group(1), token.group(1)


def _wrk(url: str, seconds: int, script: Path, *args: str) -> Load:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(script), url, "--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    counts = re.search(r"BENCH sent=(\d+) good=(\d+) bad=(\d+) errors=(\d+)", out)
    if not (rate and counts):
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    return Load(float(rate.group(1)), *(int(n) for n in counts.groups()))


def _settle(count) -> int:
    """The count once the requests still in flight when wrk stopped have finished on the server."""
    last, current = -1, count()
    while current != last:
        time.sleep(0.5)
        last, current = current, count()
    return current


def _measure(base: str, page: str, script: Path) -> tuple[dict[str, Load], list[Load]]:
    cookie, token = _csrf_pair(base + page)
    origin, run = base.replace("http://", "https://"), secrets.token_hex(6)

    def load(kind: str, seconds: int) -> Load:
        if kind == "post":
            return _wrk(base + page, seconds, script, "post", origin, cookie, token, f"{run}-{time.monotonic_ns()}")
        return _wrk(base + ("/healthz" if kind == "trivial" else page), seconds, script, "get")

    posts = [load(kind, WARMUP_SECONDS) for kind in ("trivial", "page", "post")][2:]
    before = load("trivial", SECONDS)
    measured = {"page": load("page", SECONDS), "post": load("post", SECONDS)}
    posts.append(measured["post"])
    after = load("trivial", SECONDS)
    measured["trivial"] = max(before, after, key=lambda r: r.rate)
    measured["before"], measured["after"] = before, after
    return measured, posts


def _problems(loads: dict[str, Load], posts: list[Load], rows: int, logged: dict[str, int]) -> list[str]:
    problems = [f"{k}: {r.bad} wrong answers, {r.errors} socket errors" for k, r in loads.items() if r.bad or r.errors]
    problems += [f"POST: {r.bad} answers other than the redirect to the pledge page" for r in posts if r.bad]
    answered, sent = sum(r.good for r in posts), sum(r.sent for r in posts)
    if logged["other"]:
        problems.append(f"the server answered {logged['other']} POSTs with something other than a redirect")
    if rows != logged["redirect"] or not answered <= rows <= sent:
        problems.append(
            f"{rows} Pledge rows, but {logged['redirect']} POSTs redirected in the access log "
            f"({answered} redirects seen by wrk, {sent} sent)"
        )
    return problems


def _logged_posts(log: Path, page: str) -> dict[str, int]:
    """POSTs to the pledge page in gunicorn's access log: answered with 302, or otherwise."""
    statuses = re.findall(rf'"POST {re.escape(page)} HTTP/1\.1" (\d+)', log.read_text(errors="replace"))
    return {"redirect": statuses.count("302"), "other": sum(s != "302" for s in statuses)}


def run() -> Result:
    if connection.vendor != "postgresql":
        return Result(
            0, 0, TARGET, failure="refused: needs PostgreSQL: DATABASE_URL=postgres://… (scripts/bench starts one)"
        )
    if not shutil.which("wrk"):
        return Result(0, 0, TARGET, failure="refused: needs wrk (Debian package wrk; scripts/bench installs it)")
    from fupin.donations.models import Pledge

    drive = _drive()
    analyze()
    work = Path(tempfile.mkdtemp(prefix="fupin-bench-pledges-"))
    script, log = work / "pledges.lua", work / "serve.log"
    script.write_text(LUA)
    port, page = _free_port(), f"/give/drives/{drive.pk}/"
    server = _start_server(port, log)
    try:
        loads, posts = _measure(f"http://127.0.0.1:{port}", page, script)
        rows = _settle(lambda: Pledge.objects.filter(drive=drive).count())
        logged = _logged_posts(log, page)
    finally:
        _stop(server)
    trivial, get, post = loads["trivial"].rate, loads["page"].rate, loads["post"].rate
    print(
        f"pledges: {THREADS} wrk thread(s), {CONNECTIONS} connections, {SECONDS} s each; "
        f"trivial /healthz {trivial:.1f} req/s (before {loads['before'].rate:.1f}, after {loads['after'].rate:.1f})"
    )
    print(f"pledges: pledge page GET {get:.1f} req/s, ratio {get / trivial:.2f} to trivial")
    print(f"pledges: pledge POST {post:.1f} req/s, ratio {post / trivial:.2f} to trivial (target >= {TARGET})")
    print(
        f"pledges: {sum(r.good for r in posts)} POSTs answered with the redirect to the pledge page, "
        f"{sum(r.bad for r in posts)} otherwise; {rows} Pledge rows = {logged['redirect']} redirects in the "
        f"server's access log"
    )
    if problems := _problems(loads, posts, rows, logged):
        return Result(post, trivial, TARGET, unit="req/s", higher_is_better=True, failure="; ".join(problems))
    return Result(post, trivial, TARGET, unit="req/s", higher_is_better=True)
