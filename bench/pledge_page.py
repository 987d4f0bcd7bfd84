"""The public pledge page, served by the production server on PostgreSQL, keeps at least 0.3× the throughput
of a trivial view (`/healthz`, answered before the rest of the middleware) on the same server.

A drive open today in a unit tree of its own (unique names, so the benchmark runs again on the same
database); gunicorn with deploy/gunicorn.conf.py and the production settings; `wrk` GETs each URL with the
same threads and connections. The trivial view is measured before and after the page and the better counts;
every answer must be 200."""

import shutil
import tempfile
from pathlib import Path

from django.db import connection

from bench import _serving as serving
from bench._result import Result, analyze, scaled
from bench.pledges import _drive

WARMUP_SECONDS, SECONDS = scaled(3), scaled(8, least=2)
TARGET = 0.3


def run() -> Result:
    if connection.vendor != "postgresql":
        return Result(
            0, 0, TARGET, failure="refused: needs PostgreSQL: DATABASE_URL=postgres://… (scripts/bench starts one)"
        )
    if not shutil.which("wrk"):
        return Result(0, 0, TARGET, failure="refused: needs wrk (Debian package wrk; scripts/bench installs it)")
    drive, _unit = _drive()
    analyze()
    work = Path(tempfile.mkdtemp(prefix="fupin-bench-pledge-page-"))
    server = serving.start("fupin.wsgi:application", work, "product")
    page, trivial = f"{server.base}/give/drives/{drive.pk}/", f"{server.base}/healthz"
    try:
        serving.wrk(page, WARMUP_SECONDS, work, "get")
        serving.wrk(trivial, WARMUP_SECONDS, work, "get")
        loads = [serving.wrk(url, SECONDS, work, "get") for url in (trivial, page, trivial)]
    finally:
        serving.stop(server)
    before, got, after = loads
    best = max(before.rate, after.rate)
    print(f"pledge_page: trivial {best:.1f} req/s (before {before.rate:.1f}, after {after.rate:.1f}); ", end="")
    print(f"page {got.rate:.1f} req/s")
    failure = "; ".join(serving.load_problems("GET", loads))
    return Result(got.rate, best, TARGET, unit="req/s", higher_is_better=True, failure=failure)
