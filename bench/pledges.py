"""Public pledges served by the production server reach at least half the throughput of their floor: the same
inserts (the pledge row and its audit row, in the same tables, in one transaction) made by a minimal WSGI app
straight through psycopg (`bench/_floor_wsgi.py`), on the same gunicorn settings (deploy/gunicorn.conf.py).

Needs PostgreSQL (`scripts/bench` starts one). The data are made through the services the tests use: a new
city bureau as the root of its own unit tree and a drive open today with public channels (unique names, so
the benchmark runs again on the same database). Both servers run with the production settings on loopback
ports; `wrk`, a second process, POSTs pledges to each with the same threads and connections, each POST with
its own idempotency key (the product's with the CSRF cookie and token fetched once from the pledge page).
Everything is warmed up first; the floor is measured before and after the product and the better counts.
Every POST must be answered with the redirect to the pledge's page (any other answer fails the run), and the
Pledge rows each server stored must equal the POSTs it answered with that redirect in its access log.
"""

import itertools
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from django.db import connection

from bench import _serving as serving
from bench._result import Result, analyze, scaled

WARMUP_SECONDS, SECONDS = scaled(3), scaled(8, least=2)
_RUNS = itertools.count(1)
TARGET = 0.5


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
    return open_drive_today(user, unit, channels=("transfer", "onsite", "goods")), unit


def _poster(server: serving.Server, page: str, work: Path, prefix: str):
    cookie, token = serving.csrf_pair(server.base + page) if "floor" not in server.log.name else ("-", "-")
    origin = server.base.replace("http://", "https://")

    def post(seconds: int) -> serving.Load:
        run, base = f"{prefix}-{time.monotonic_ns()}", next(_RUNS) * 10_000_000  # no amount seen twice
        return serving.wrk(server.base + page, seconds, work, "post", origin, cookie, token, run, str(base))

    return post


def _measure(product, floor, page: str, work: Path, prefixes: dict[str, str]) -> dict[str, list[serving.Load]]:
    post_product = _poster(product, page, work, prefixes["product"])
    post_floor = _poster(floor, page, work, prefixes["floor"])
    serving.wrk(product.base + page, WARMUP_SECONDS, work, "get")
    loads = {"floor": [post_floor(WARMUP_SECONDS)], "product": [post_product(WARMUP_SECONDS)]}
    loads["floor"].append(post_floor(SECONDS))
    loads["product"].append(post_product(SECONDS))
    loads["floor"].append(post_floor(SECONDS))
    return loads


def _problems(loads: dict[str, list[serving.Load]], rows: dict[str, int], logged: dict[str, dict]) -> list[str]:
    problems = []
    for name in ("product", "floor"):
        problems += serving.load_problems(f"{name} POST", loads[name])
        answered, sent = sum(r.good for r in loads[name]), sum(r.sent for r in loads[name])
        if logged[name]["other"]:
            problems.append(f"{name}: {logged[name]['other']} POSTs answered with something other than a redirect")
        if rows[name] != logged[name]["redirect"] or not answered <= rows[name] <= sent:
            problems.append(
                f"{name}: {rows[name]} Pledge rows, but {logged[name]['redirect']} POSTs redirected in the access "
                f"log ({answered} redirects seen by wrk, {sent} sent)"
            )
    return problems


def _serve_and_measure(drive, unit, work: Path, prefixes: dict[str, str]):
    from fupin.donations.models import Pledge

    page = f"/give/drives/{drive.pk}/"
    floor_env = {"FUPIN_FLOOR_DRIVE": str(drive.pk), "FUPIN_FLOOR_UNIT_PATH": unit.path}
    floor = serving.start("bench._floor_wsgi:application", work, "floor", FUPIN_FLOOR_UNIT_NAME=unit.name, **floor_env)
    try:
        product = serving.start("fupin.wsgi:application", work, "product")
        try:
            loads = _measure(product, floor, page, work, prefixes)
            counted = Pledge.objects.filter(drive=drive)
            rows = {
                k: serving.settle(lambda p=p: counted.filter(idempotency_key__startswith=p).count())
                for k, p in prefixes.items()
            }
        finally:
            serving.stop(product)
    finally:
        serving.stop(floor)
    logged = {"product": serving.logged_posts(product.log, page), "floor": serving.logged_posts(floor.log, page)}
    return loads, rows, logged


def run() -> Result:
    if connection.vendor != "postgresql":
        return Result(
            0, 0, TARGET, failure="refused: needs PostgreSQL: DATABASE_URL=postgres://… (scripts/bench starts one)"
        )
    if not shutil.which("wrk"):
        return Result(0, 0, TARGET, failure="refused: needs wrk (Debian package wrk; scripts/bench installs it)")
    drive, unit = _drive()
    analyze()
    work, tag = Path(tempfile.mkdtemp(prefix="fupin-bench-pledges-")), secrets.token_hex(4)
    prefixes = {"product": f"p{tag}", "floor": f"f{tag}"}
    loads, rows, logged = _serve_and_measure(drive, unit, work, prefixes)
    post, floor = loads["product"][-1].rate, max(r.rate for r in loads["floor"][1:])
    print(
        f"pledges: {serving.THREADS} wrk thread(s), {serving.CONNECTIONS} connections, {SECONDS} s each; floor "
        f"{floor:.1f} req/s (before {loads['floor'][1].rate:.1f}, after {loads['floor'][2].rate:.1f}); "
        f"product {post:.1f} req/s; rows {rows}, access-log redirects "
        f"{ {k: v['redirect'] for k, v in logged.items()} }"
    )
    failure = "; ".join(_problems(loads, rows, logged))
    return Result(post, floor, TARGET, unit="req/s", higher_is_better=True, failure=failure)
