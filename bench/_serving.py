"""What the benchmarks that load a running server share: the server started on the production settings
(gunicorn with deploy/gunicorn.conf.py, or the sign-in server's deploy/gunicorn.login.conf.py; FUPIN_PRODUCTION,
collected static files) on a free loopback port, as
behind a TLS-terminating proxy (`X-Forwarded-Proto: https`), and `wrk`, a second process, driving it."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"
LOGIN_CONF = GUNICORN_CONF.with_name("gunicorn.login.conf.py")
THREADS, CONNECTIONS = 1, 4
PROXY = {"X-Forwarded-Proto": "https"}  # production sits behind a TLS-terminating proxy
_collected: list[bool] = []

LUA = r"""
-- args: mode (get|post), origin, csrf cookie, csrf token, idempotency key prefix, first amount (yuan)
-- Each pledge has its own amount, so none looks like the one just made (each pays the look-alike check).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  mode, origin, cookie, token, prefix, base = args[1], args[2], args[3], args[4], args[5], tonumber(args[6] or "0")
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
    .. "&channel=transfer&amount=" .. string.format("%d", base + tid * 1000000 + sent)
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
  io.write(string.format("BENCH sent=%d good=%d bad=%d errors=%d p95=%d\n", s, g, b,
    e.connect + e.read + e.write + e.timeout, latency:percentile(95.0)))
end
"""


@dataclass
class Load:
    rate: float  # requests per second
    sent: int
    good: int  # 200 for a GET, the redirect to the pledge's page for a POST
    bad: int
    errors: int  # connect, read, write and timeout errors
    p95_us: int = 0  # the 95th percentile of the answers' latency, in microseconds


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    log: Path


def production_env(**extra: str) -> dict[str, str]:
    return (
        os.environ
        | {
            "FUPIN_PRODUCTION": "1",
            "FUPIN_SECRET_KEY": secrets.token_urlsafe(50),
            "FUPIN_PERSONAL_DATA_KEY": Fernet.generate_key().decode(),
            "FUPIN_ALLOWED_HOSTS": "127.0.0.1",
            "FUPIN_DEBUG": "0",
            # every POST of the run comes from one address; the limit is still counted, as in production
            "FUPIN_PUBLIC_WRITE_RATE": "1000000/s",
        }
        | extra
    )


def _collectstatic(env: dict[str, str]) -> None:
    """Once per run: the production settings serve the collected, hashed static files."""
    if not _collected:
        command = [sys.executable, "-m", "fupin.cli", "collectstatic", "--noinput", "-v0"]
        subprocess.run(command, env=env, check=True, stdin=subprocess.DEVNULL)
        _collected.append(True)


def start(app: str, work: Path, name: str, conf: Path = GUNICORN_CONF, **extra_env: str) -> Server:
    """gunicorn serving `app` with the production configuration `conf`, its access log in `work`."""
    env = production_env(**extra_env)
    if app.startswith("fupin."):
        _collectstatic(env)
    port, log = _free_port(), work / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", app, "-c", str(conf), "--bind", f"127.0.0.1:{port}"]
    command += ["--access-logfile", str(log), "--error-logfile", str(work / f"{name}.err")]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_up(server, work / f"{name}.err")
    except BaseException:
        stop(server)
        raise
    return server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(server: Server, errors: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{errors.read_text()[-2000:]}")
        try:
            get(server.base + "/healthz")
            return
        except OSError:  # not listening yet, or still starting its workers
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within 180 s:\n{errors.read_text()[-2000:]}")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def get(url: str):
    with urllib.request.urlopen(urllib.request.Request(url, headers=PROXY), timeout=60) as response:
        return response.headers, response.read().decode()


def csrf_pair(url: str) -> tuple[str, str]:
    """The CSRF cookie and the form's token, as a browser gets them from the pledge page."""
    headers, page = get(url)
    cookies = " ".join(headers.get_all("Set-Cookie") or [])
    cookie = re.search(r"csrftoken=([^;]+)", cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not (cookie and token):
        raise RuntimeError(f"no CSRF cookie and token on {url}")
    return cookie.group(1), token.group(1)


def wrk(url: str, seconds: int, work: Path, *args: str) -> Load:
    script = work / "load.lua"
    if not script.exists():
        script.write_text(LUA)
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(script), url, "--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    counts = re.search(r"BENCH sent=(\d+) good=(\d+) bad=(\d+) errors=(\d+) p95=(\d+)", out)
    if not (rate and counts):
        raise RuntimeError(f"unexpected wrk output:\n{out}")
    return Load(float(rate.group(1)), *(int(n) for n in counts.groups()))


def settle(count: Callable[[], int]) -> int:
    """The count once the requests still in flight when wrk stopped have finished on the server."""
    last, current = -1, count()
    while current != last:
        time.sleep(0.5)
        last, current = current, count()
    return current


def logged_posts(log: Path, page: str) -> dict[str, int]:
    """POSTs to `page` in gunicorn's access log: answered with 302, or otherwise."""
    statuses = re.findall(rf'"POST {re.escape(page)} HTTP/1\.1" (\d+)', log.read_text(errors="replace"))
    return {"redirect": statuses.count("302"), "other": sum(s != "302" for s in statuses)}


def load_problems(name: str, loads: list[Load]) -> list[str]:
    """Wrong answers and socket errors; a run that got no answer at all has no rate or latency to compare."""
    problems = [f"{name}: {r.bad} wrong answers, {r.errors} socket errors" for r in loads if r.bad or r.errors]
    return problems + [f"{name}: no answer within the run ({r.sent} sent)" for r in loads if not r.good]
