"""How the hot pages' cost grows with the province: each page's median time per request and its query count in
provinces of 2,000 and 20,000 units by default (`fupin synth`, households, students and gifts as many as units),
printed as a table with the growth ratios.

The pages: the progress dashboard (the city office, every unit's tasks), the public disclosure of the drive, the
public pledge page, 我的任务 (a school's reporter) and the review queue (the office that receives the hand-ins).
Requests go through the whole middleware stack in this process (Django's test client), so the figures are the
server's work without the network. Each province is built in a transaction that is rolled back, so the run
leaves nothing behind. `FUPIN_BENCH_GROWTH_UNITS` sets the sizes (comma-separated; 200000 takes about ten times
as long to build as 20,000, about three minutes); `FUPIN_BENCH_SCALE` shrinks them for a quick check.

The table gives each page's growth from each size to the next. The line's figure is the worst growth over one
such step among the pages whose content does not grow with the province (the disclosure's totals, the pledge page,
one school's tasks); target: at most 1.5× for ten times the units. The dashboard counts, and the review queue
pages through, every unit's hand-ins, so theirs grow by design.
"""

import itertools
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench._result import Result, analyze, scaled
from fupin.ops.synth import Province, build_province

# each size at least ten times the one before, so a quick run (FUPIN_BENCH_SCALE=0.01) still compares two sizes
SIZES = [
    scaled(int(n), least=200 * 10**i)
    for i, n in enumerate(sorted(int(n) for n in os.environ.get("FUPIN_BENCH_GROWTH_UNITS", "2000,20000").split(",")))
]
ROUNDS = 15
SEED = 902_000  # far from the seeds people choose, so a database that holds their province still takes this one
FLAT = ["公示", "认捐页", "我的任务"]  # pages whose content does not grow with the province


def _pages(province: Province) -> dict[str, tuple[str, Callable[[], Client]]]:
    def as_user(user) -> Callable[[], Client]:
        def client() -> Client:
            c = Client()
            c.force_login(user)
            return c

        return client

    drive, campaign = province.drive, province.campaign
    assert drive is not None
    return {
        "进度看板": (reverse("campaign_progress", args=[campaign.pk]), as_user(province.accounts.office)),
        "公示": (reverse("drive_disclosure", args=[drive.pk]), Client),
        "认捐页": (reverse("make_pledge", args=[drive.pk]), Client),
        "我的任务": (reverse("my_tasks"), as_user(province.accounts.reporter)),
        "审核队列": (reverse("review_queue"), as_user(province.accounts.office)),
    }


def _measure(targets: dict[int, tuple[str, Client]]) -> dict[int, tuple[float, int]]:
    """Per size, the median milliseconds of ROUNDS requests (after one to warm up) and the queries of one; the
    sizes take turns, so a busy moment of the shared machine falls on every size alike."""
    times: dict[int, list[float]] = {units: [] for units in targets}
    for url, client in targets.values():
        assert client.get(url).status_code == 200, url
    for _ in range(ROUNDS):
        for units, (url, client) in targets.items():
            start = time.perf_counter()
            client.get(url)
            times[units].append((time.perf_counter() - start) * 1000)
    costs = {}
    for units, (url, client) in targets.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        costs[units] = (statistics.median(times[units]), len(queries.captured_queries))
    return costs


def _costs() -> dict[int, dict[str, tuple[float, int]]]:
    """Every size's province in one transaction (rolled back), then each page measured at every size."""
    with transaction.atomic():
        pages = {}
        for units in SIZES:
            started = time.perf_counter()
            province = build_province(
                seed=SEED + units, units=units, households=units, students=units, donations=units, allow_real_data=True
            )
            print(f"growth: built {units} units in {time.perf_counter() - started:.0f}s", file=sys.stderr)
            pages[units] = _pages(province)
        analyze()
        measured = {
            name: _measure({n: (p[name][0], p[name][1]()) for n, p in pages.items()}) for name in pages[SIZES[0]]
        }
        transaction.set_rollback(True)
    return {units: {name: measured[name][units] for name in measured} for units in SIZES}


def _table(costs: dict[int, dict[str, tuple[float, int]]]) -> str:
    """Markdown: each page's median ms / queries at every size, and its growth from each size to the next."""
    sizes = sorted(costs)
    steps = list(itertools.pairwise(sizes))
    head = ["页面", *(f"{n:,} 单位 ms / 查询" for n in sizes), *(f"增长 {b:,}/{a:,}" for a, b in steps)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page in costs[sizes[0]]:
        cells = [f"{costs[n][page][0]:.1f} / {costs[n][page][1]}" for n in sizes]
        growth = [f"{costs[b][page][0] / costs[a][page][0]:.2f}×" for a, b in steps]
        lines.append("| " + " | ".join([page, *cells, *growth]) + " |")
    return "\n".join(lines)


def run() -> Result:
    logging.getLogger("fupin.request").setLevel(logging.WARNING)  # a line per request would drown the table
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        costs = _costs()
    print(_table(costs), file=sys.stderr)
    if 200_000 not in SIZES:
        print(
            "growth: 200,000 units not measured (FUPIN_BENCH_GROWTH_UNITS=2000,20000,200000 to add it)", file=sys.stderr
        )
    sizes = sorted(costs)
    steps = [(costs[a][page][0], costs[b][page][0]) for a, b in itertools.pairwise(sizes) for page in FLAT]
    small, large = max(steps, key=lambda step: step[1] / step[0])  # the worst growth over one tenfold step
    return Result(value=large, baseline=small, target=1.5)
