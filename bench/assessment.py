"""Scoring every unit of a campaign costs at most 2x one hand-written SQL pass over the same facts.

A synthetic city: `FUPIN_BENCH_ASSESS_UNITS` units (20,000 by default: city → 14 counties → schools), one
campaign with 3 requirements asked of every unit, three quarters of the tasks handed in (a fifth of those
late), a tenth of the handed-in tasks returned once (a review row) and half approved. The scheme scores
按时报送 and 一次通过: scoring as computing the results does it (the scheme and its rules read, the units chosen
and every rule measured for all of them with aggregate queries, then turned to lines with points and reasons)
is timed against one GROUP BY written by hand that reads the same facts and a loop that applies the same
formulas. Both must give the same totals.

The machine may be shared, so each side is warmed up, then the two are timed in alternation, `REPEATS` times
each, and the fastest of each side is compared (the least disturbed run: noise only ever adds time); the
median ratio is printed beside it. Writing the results, then recomputing them (every line rewritten, the
results kept), is timed apart (printed, not compared). The data is deleted again at the end.
"""

import gc
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bench._result import Result, analyze, best_of, scaled
from fupin.assessment.models import AssessmentScheme, SchemeRule
from fupin.assessment.services import compute_results, score_campaign
from fupin.campaigns.models import Campaign, CampaignStatus, Requirement, Review, Task, TaskStatus
from fupin.orgs.models import Unit, User, path_segment

UNITS = int(os.environ.get("FUPIN_BENCH_ASSESS_UNITS", "0")) or scaled(20_000, least=100)
COUNTIES, REQUIREMENTS, REPEATS = 14, 3, 60
MARK = "BENCH-ASSESS"
BATCH = 5_000
WEIGHTS = {"campaigns.timeliness": Decimal(40), "campaigns.first_approval": Decimal(20)}


def _unit(pk: int, parent: Unit | None, kind: str) -> Unit:
    path = (parent.path if parent else "") + path_segment(pk)
    code = f"{MARK}-{pk}"
    stage = "primary" if kind == "school" else ""
    return Unit(
        id=pk, name=code, code=code, kind=kind, stage=stage, parent=parent, path=path, depth=path.count("/") - 1
    )


def _build_units() -> Unit:
    next_id = (Unit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    city = _unit(next_id, None, "city_bureau")
    counties = [_unit(next_id + 1 + i, city, "county_bureau") for i in range(COUNTIES)]
    units = [city, *counties]
    for i in range(UNITS - len(units)):
        units.append(_unit(next_id + len(units), counties[i % COUNTIES], "school"))
    Unit.objects.bulk_create(units, batch_size=BATCH)
    return city


def _build_tasks(city: Unit, user: User, now) -> AssessmentScheme:
    campaign = Campaign.objects.create(
        unit=city, year=2026, title=f"{MARK} 扶贫日活动", status=CampaignStatus.PUBLISHED, published_at=now
    )
    requirements = [
        Requirement.objects.create(campaign=campaign, kind="summary", title=f"要求{i}", due_at=now - timedelta(days=i))
        for i in range(REQUIREMENTS)
    ]
    rng = random.Random(2026)
    unit_ids = list(Unit.objects.filter(path__startswith=city.path).exclude(pk=city.pk).values_list("id", flat=True))
    tasks, returned = [], []
    for requirement in requirements:
        for unit_id in unit_ids:
            task = Task(requirement=requirement, origin=requirement, unit_id=unit_id)
            if rng.random() < 0.75:
                late = rng.random() < 0.2
                task.first_submitted_at = requirement.due_at + timedelta(hours=rng.randint(1, 48) * (1 if late else -1))
                task.submitted_at = task.first_submitted_at
                task.status = TaskStatus.APPROVED if rng.random() < 0.5 else TaskStatus.SUBMITTED
                if rng.random() < 0.1:
                    returned.append(task)
            tasks.append(task)
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    Review.objects.bulk_create(
        (Review(task=t, decision="return", comment="请补充", by=user) for t in returned), batch_size=BATCH
    )
    scheme = AssessmentScheme.objects.create(campaign=campaign, created_by=user)
    SchemeRule.objects.bulk_create(
        SchemeRule(scheme=scheme, rule_key=key, weight=w, position=i) for i, (key, w) in enumerate(WEIGHTS.items())
    )
    return scheme


SQL = """
SELECT t.unit_id, COUNT(*),
  COUNT(*) FILTER (WHERE t.status IN ('submitted', 'approved') AND t.first_submitted_at <= r.due_at),
  COUNT(*) FILTER (WHERE t.status IN ('submitted', 'approved') AND t.first_submitted_at > r.due_at),
  COUNT(*) FILTER (WHERE t.status = 'approved' OR v.task_id IS NOT NULL),
  COUNT(*) FILTER (WHERE t.status = 'approved' AND v.task_id IS NULL)
FROM {task} t JOIN {req} r ON r.id = t.requirement_id
LEFT JOIN (SELECT DISTINCT task_id FROM {review} WHERE decision = 'return') v ON v.task_id = t.id
WHERE r.campaign_id = %s GROUP BY t.unit_id
"""


def _share(weight: Decimal, earned: Decimal, possible: int) -> Decimal:
    raw = weight if not possible else weight * earned / possible
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _baseline(campaign: Campaign) -> dict[int, Decimal]:
    sql = SQL.format(task=Task._meta.db_table, req=Requirement._meta.db_table, review=Review._meta.db_table)
    totals = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.pk])
        for unit_id, total, on_time, late, reviewed, first in cursor.fetchall():
            timely = _share(WEIGHTS["campaigns.timeliness"], on_time + Decimal("0.5") * late, total)
            totals[unit_id] = timely + _share(WEIGHTS["campaigns.first_approval"], Decimal(first), reviewed)
    return totals


def _scored(scheme_id: int) -> dict[int, tuple]:
    """Scoring as `compute_results` does it, without writing, from the scheme's id: its rules with the scheme
    and campaign (one statement), then every unit's lines."""
    chosen = list(SchemeRule.objects.filter(scheme_id=scheme_id).select_related("scheme__campaign"))
    return score_campaign(chosen[0].scheme.campaign, chosen)


def _totals(scored: dict[int, tuple]) -> dict[int, Decimal]:
    return {pk: sum((line[3] for line in lines), Decimal(0)) for pk, lines in scored.items()}


def _timed(fn) -> float:
    gc.collect()  # a collection started by the other side's garbage is not this side's cost
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _alternating(value, baseline) -> tuple[list[float], list[float]]:
    """Both sides warmed up, then timed in turn, so that a busy spell of the machine falls on both."""
    value(), baseline()
    values, baselines = [], []
    for _ in range(REPEATS):
        values.append(_timed(value))
        baselines.append(_timed(baseline))
    return values, baselines


def _cleanup() -> None:
    schemes = AssessmentScheme.objects.filter(campaign__title__startswith=MARK)
    with transaction.atomic(), connection.cursor() as cursor:
        for scheme in schemes:
            scheme.results.all().delete()
            SchemeRule.objects.filter(scheme=scheme).delete()
        schemes.delete()
        campaigns = list(Campaign.objects.filter(title__startswith=MARK).values_list("pk", flat=True))
        Review.objects.filter(task__requirement__campaign_id__in=campaigns).delete()
        Task.objects.filter(requirement__campaign_id__in=campaigns).delete()
        Requirement.objects.filter(campaign_id__in=campaigns).delete()
        Campaign.objects.filter(pk__in=campaigns).delete()
        cursor.execute(f"DELETE FROM {Unit._meta.db_table} WHERE code LIKE %s", [f"{MARK}-%"])
        User.objects.filter(username=MARK.lower()).delete()


def run() -> Result:
    _cleanup()
    started, now = time.perf_counter(), timezone.now()
    try:
        with transaction.atomic():
            user = User.objects.create(username=MARK.lower(), name="市扶贫办")
            scheme = _build_tasks(_build_units(), user, now)
        analyze()
        print(
            f"assessment: built {UNITS} units on {connection.vendor} in {time.perf_counter() - started:.0f}s",
            file=sys.stderr,
        )
        if _totals(_scored(scheme.pk)) != _baseline(scheme.campaign):
            return Result(0, 0, 2.0, failure="the assessment and the hand-written SQL give different totals")
        values, baselines = _alternating(lambda: _scored(scheme.pk), lambda: _baseline(scheme.campaign))
        median = statistics.median(v / b for v, b in zip(values, baselines, strict=True))
        print(f"assessment: median ratio of {REPEATS} alternating runs {median:.2f}", file=sys.stderr)
        writing = best_of(lambda: compute_results(by=None, scheme=scheme), repeat=1)
        print(f"assessment: computing and writing {UNITS} results took {writing:.0f}ms", file=sys.stderr)
        rewriting = best_of(lambda: compute_results(by=None, scheme=scheme), repeat=1)
        print(f"assessment: recomputing them (every line rewritten) took {rewriting:.0f}ms", file=sys.stderr)
    finally:
        _cleanup()
    return Result(value=min(values), baseline=min(baselines), target=2.0)
