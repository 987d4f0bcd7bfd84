"""The progress dashboard's data costs at most 1.5x one hand-written SQL aggregate over the same rows.

A synthetic province: 20,000 units (province → 14 cities → 126 counties → 19,859 schools), one campaign
with 10 requirements asked of every unit (200,000 tasks), 150,000 of them handed in (one submission each,
a fifth late, some returned, some approved). The dashboard's selector for the province office is timed
against a single GROUP BY written by hand. The data is deleted again at the end (the PostgreSQL database
of `scripts/pg-up` outlives the run).
"""

import random
import sys
import time
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bench._result import Result, analyze, best_of, scaled
from fupin.campaigns.models import Campaign, CampaignStatus, Requirement, Submission, Task, TaskStatus
from fupin.campaigns.selectors.progress import COUNT_FIELDS, campaign_progress, grouped_counts
from fupin.orgs.models import PATH_STEP, Membership, Unit, User, path_segment

CITIES, COUNTIES_PER_CITY, REQUIREMENTS = 14, 9, 10
UNITS, HANDED_IN = scaled(20_000, least=1_000), scaled(150_000, least=7_500)
MARK = "BENCH-DASH"
BATCH = 5_000


def _unit(pk: int, parent: Unit | None, kind: str) -> Unit:
    path = (parent.path if parent else "") + path_segment(pk)
    depth = parent.depth + 1 if parent else 0
    code = f"{MARK}-{pk}"
    return Unit(id=pk, name=code, code=code, kind=kind, parent=parent, path=path, depth=depth)


def _build_units() -> Unit:
    """The tree, with ids chosen here so every path is known before the one bulk insert."""
    next_id = (Unit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    province = _unit(next_id, None, "other")
    units = [province]
    cities = [_unit(next_id + 1 + i, province, "city_bureau") for i in range(CITIES)]
    units += cities
    counties = [
        _unit(len(units) + next_id + i, cities[i // COUNTIES_PER_CITY], "county_bureau")
        for i in range(CITIES * COUNTIES_PER_CITY)
    ]
    units += counties
    for i in range(UNITS - len(units)):
        units.append(_unit(len(units) + next_id, counties[i % len(counties)], "school"))
    for unit in units:
        unit.stage = "primary" if unit.kind == "school" else ""
    Unit.objects.bulk_create(units, batch_size=BATCH)
    return province


def _build_campaign(province: Unit, now) -> tuple[Campaign, list[Requirement]]:
    campaign = Campaign.objects.create(
        unit=province, year=2026, title=f"{MARK} 扶贫日活动", status=CampaignStatus.PUBLISHED, published_at=now
    )
    requirements = [
        Requirement.objects.create(
            campaign=campaign, kind="summary", title=f"报送要求{i + 1}", due_at=now + timedelta(days=i - 5)
        )
        for i in range(REQUIREMENTS)
    ]
    return campaign, requirements


def _handed_in(rng: random.Random, requirement: Requirement) -> tuple[str, object]:
    status = rng.choices([TaskStatus.SUBMITTED, TaskStatus.APPROVED, TaskStatus.RETURNED], [45, 45, 10])[0]
    late = rng.random() < 0.2
    offset = timedelta(hours=rng.randint(1, 96))
    return status, requirement.due_at + offset if late else requirement.due_at - offset


def _build_tasks(requirements: list[Requirement], province: Unit, user: User) -> None:
    """Every unit has every requirement; HANDED_IN of the tasks have one submission each."""
    rng = random.Random(2026)
    unit_ids = list(Unit.objects.filter(path__startswith=province.path).values_list("id", flat=True))
    handed_in = set(rng.sample(range(len(unit_ids) * len(requirements)), HANDED_IN))
    tasks, n = [], 0
    for requirement in requirements:
        for unit_id in unit_ids:
            task = Task(requirement=requirement, origin=requirement, unit_id=unit_id)
            if n in handed_in:
                task.status, task.first_submitted_at = _handed_in(rng, requirement)
                task.submitted_at = task.first_submitted_at
            tasks.append(task)
            n += 1
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    Submission.objects.bulk_create(
        (
            Submission(task_id=t.pk, version=1, submitted_by=user, submitted_at=t.first_submitted_at)
            for t in tasks
            if t.first_submitted_at
        ),
        batch_size=BATCH,
    )


def _sql(campaign: Campaign, root: Unit, now) -> tuple[str, list]:
    """The dashboard's numbers as one GROUP BY, written by hand."""
    task, req, unit = Task._meta.db_table, Requirement._meta.db_table, Unit._meta.db_table
    width = len(root.path) + PATH_STEP + 1
    handed_in = "t.status IN ('submitted', 'approved')"
    sums = [
        "t.status = 'submitted'",
        f"{handed_in} AND t.first_submitted_at <= r.due_at",
        f"{handed_in} AND (t.first_submitted_at IS NULL OR t.first_submitted_at > r.due_at)",
        "t.status = 'returned'",
        "t.status = 'approved'",
        "t.status = 'pending'",
        "t.status IN ('pending', 'returned') AND r.due_at < %s",
    ]
    columns = ", ".join(f"COUNT(*) FILTER (WHERE {c})" for c in sums)
    sql = (
        f"SELECT t.requirement_id, SUBSTR(u.path, 1, {width}), COUNT(*), {columns} "
        f"FROM {task} t JOIN {req} r ON r.id = t.requirement_id JOIN {unit} u ON u.id = t.unit_id "
        f"WHERE r.campaign_id = %s AND u.path LIKE %s GROUP BY t.requirement_id, SUBSTR(u.path, 1, {width})"
    )
    return sql, [connection.ops.adapt_datetimefield_value(now), campaign.pk, root.path + "%"]


def _baseline(campaign: Campaign, root: Unit, now) -> dict:
    sql, params = _sql(campaign, root, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(r[0], r[1]): tuple(int(x or 0) for x in r[2:]) for r in cursor.fetchall()}


def _check_same(user: User, campaign: Campaign, root: Unit, now) -> None:
    grouped = grouped_counts(user, campaign, root, now)
    selector = {key: tuple(getattr(c, name) for name in COUNT_FIELDS) for key, c in grouped.items()}
    assert selector == _baseline(campaign, root, now), "the selector and the hand-written SQL disagree"


def _cleanup() -> None:
    """Delete this benchmark's rows (from this run or one that was interrupted), children first."""
    task, sub, req = Task._meta.db_table, Submission._meta.db_table, Requirement._meta.db_table
    campaigns = list(Campaign.objects.filter(title__startswith=MARK).values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        for pk in campaigns:
            tasks = f"SELECT t.id FROM {task} t JOIN {req} r ON r.id = t.requirement_id WHERE r.campaign_id = %s"
            cursor.execute(f"DELETE FROM {sub} WHERE task_id IN ({tasks})", [pk])
            requirements = f"SELECT id FROM {req} WHERE campaign_id = %s"
            cursor.execute(f"DELETE FROM {task} WHERE requirement_id IN ({requirements})", [pk])
        Requirement.objects.filter(campaign_id__in=campaigns).delete()
        Campaign.objects.filter(pk__in=campaigns).delete()
        Membership.objects.filter(unit__code__startswith=MARK).delete()
        # one statement: the parent foreign key is checked at commit, when the whole tree is gone
        cursor.execute(f"DELETE FROM {Unit._meta.db_table} WHERE code LIKE %s", [f"{MARK}-%"])
        User.objects.filter(username=MARK.lower()).delete()


def run() -> Result:
    _cleanup()
    started, now = time.perf_counter(), timezone.now()
    try:
        with transaction.atomic():
            province = _build_units()
            campaign, requirements = _build_campaign(province, now)
            user = User.objects.create(username=MARK.lower(), name="省扶贫办")
            Membership.objects.create(user=user, unit=province, role="office_admin")
            _build_tasks(requirements, province, user)
        analyze()
        took = time.perf_counter() - started
        print(f"dashboard: built the province on {connection.vendor} in {took:.0f}s", file=sys.stderr)
        _check_same(user, campaign, province, now)
        value = best_of(lambda: campaign_progress(user, campaign, root=province, now=now))
        baseline = best_of(lambda: _baseline(campaign, province, now))
    finally:
        _cleanup()
    return Result(value=value, baseline=baseline, target=1.5)
