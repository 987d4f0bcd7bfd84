"""The rules the campaign itself knows: timeliness, first-time approval and photo compliance of every task.

Timeliness and first-time approval read one aggregate over the campaign's tasks per unit (`task_facts`, made
once per scoring run); photo compliance is its own aggregate. Each is measured for all assessed units at once
(a derived county plan's task counts for the city's requirement it answers, as on the progress page)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db import connections
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.campaigns.lineage import answering_tasks, derived_from
from fupin.campaigns.models import (
    Campaign,
    FileKind,
    Requirement,
    Review,
    ReviewDecision,
    Submission,
    SubmissionFile,
    Task,
    TaskStatus,
)

from .rules import Measured, Rule, RuleKind, register_rule, url_for

HANDED_IN = (TaskStatus.SUBMITTED, TaskStatus.APPROVED)
HALF = Decimal("0.5")


# where a campaign object keeps its requirements' derivations while it is being scored (one scoring run)
_MAPPING_CACHE = "_assessment_requirement_mapping"


def campaign_tasks(campaign: Campaign) -> QuerySet[Task]:
    """Every task of the campaign and of the plans derived from it (all in the issuing unit's subtree: tasks
    go only to the units below the issuing unit), but the issuing unit's own."""
    mapping: dict[int, int] | None = getattr(campaign, _MAPPING_CACHE, None)
    if mapping is None:
        mapping = derived_from(Requirement.objects.filter(campaign=campaign).order_by().values_list("pk", flat=True))
        setattr(campaign, _MAPPING_CACHE, mapping)
    return answering_tasks(mapping).exclude(unit_id=campaign.unit_id)


# one unit's task facts, as the facts query returns them (plain tuples: a scoring run reads one per unit):
# (unit id, tasks, on time, late, worst, reviewed, first, example). `reviewed` counts tasks approved or ever
# returned, `first` those approved without ever being returned. `worst` is the timeliness evidence (a missing
# task, else a late one, else any) and `example` the first-approval evidence (a returned task, else a reviewed
# one, None when none was reviewed), each picked by one MIN over a packed key (see `_packed`).
type TaskFacts = tuple[int, int, int, int, int, int, int, int | None]

# the task facts of the campaigns scored in the current run (`scoring_run`); None outside one
_RUN: ContextVar[dict[int, list[TaskFacts]] | None] = ContextVar("assessment_scoring_run", default=None)


@contextmanager
def scoring_run() -> Iterator[None]:
    """Within one scoring run each campaign's tasks are aggregated once, whatever rules read them."""
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


# a task id and a preference packed into one integer, so that one MIN picks the preferred task: preference ×
# 2^40 + id (task ids stay far below 2^40)
PACK = 1 << 40

# Each task is classified once (s: 2 on time, 1 late, 0 missing; a: approved), joined to the set of tasks ever
# returned (hashed once), then only these codes are counted per unit.
FACTS_SQL = """
SELECT f.u, COUNT(*), COUNT(*) FILTER (WHERE f.s = 2), COUNT(*) FILTER (WHERE f.s = 1),
  MIN(f.s * {pack} + f.t) %% {pack},
  COUNT(*) FILTER (WHERE f.a = 1 OR v.task_id IS NOT NULL),
  COUNT(*) FILTER (WHERE f.a = 1 AND v.task_id IS NULL),
  MIN(CASE WHEN v.task_id IS NOT NULL THEN f.t WHEN f.a = 1 THEN {pack} + f.t END) %% {pack}
FROM (
  SELECT t.u, t.t,
    CASE WHEN t.st IN (%s, %s) AND t.first_at <= t.due THEN 2 WHEN t.st IN (%s, %s) THEN 1 ELSE 0 END AS s,
    CASE WHEN t.st = %s THEN 1 ELSE 0 END AS a
  FROM ({tasks}) t
) f LEFT JOIN (SELECT DISTINCT task_id FROM {review} WHERE decision = %s) v ON v.task_id = f.t
GROUP BY f.u
"""


def _task_rows(campaign: Campaign) -> list[TaskFacts]:
    """One GROUP BY over the campaign's tasks, written out (the ORM's expressions cost more to build than the
    query takes to run); `campaign_tasks` still says which tasks."""
    tasks = campaign_tasks(campaign).values(
        u=F("unit_id"), t=F("pk"), st=F("status"), first_at=F("first_submitted_at"), due=F("requirement__due_at")
    )
    tasks_sql, tasks_params = tasks.order_by().query.sql_with_params()
    handed_in = [status.value for status in HANDED_IN]
    params = (*handed_in, *handed_in, TaskStatus.APPROVED.value, *tasks_params, ReviewDecision.RETURN.value)
    with connections[tasks.db].cursor() as cursor:  # integers only: Django's per-value converters change nothing
        cursor.execute(FACTS_SQL.format(pack=PACK, tasks=tasks_sql, review=Review._meta.db_table), params)
        return cursor.fetchall()


def task_facts(campaign: Campaign) -> list[TaskFacts]:
    """Every unit's task facts in one GROUP BY over the campaign's tasks, once per scoring run."""
    run = _RUN.get()
    if run is not None and campaign.pk in run:
        return run[campaign.pk]
    facts = _task_rows(campaign)
    if run is not None:
        run[campaign.pk] = facts
    return facts


def measure_timeliness(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    """On time (first hand-in by the deadline) earns a task's share, late half of it, missing nothing."""
    measures: dict[int, Measured] = {}
    page = url_for("task_detail")
    template = _("应报 %(t)d 项:按时 %(o)d 项得全分,逾期 %(l)d 项得一半,未报 %(m)d 项不得分")
    short, full = _("逾期或未报的任务"), _("报送任务")
    said: dict[tuple[int, int, int], tuple[Decimal, str, str]] = {}  # one explanation per distinct count
    for unit_id, total, on_time, late, worst, _reviewed, _first, _example in task_facts(campaign):
        known = said.get((total, on_time, late))
        if known is None:
            text = template % {"t": total, "o": on_time, "l": late, "m": total - on_time - late}
            known = said[(total, on_time, late)] = (on_time + HALF * late, text, short if on_time < total else full)
        measures[unit_id] = (known[0], total, known[1], page(worst), known[2])
    return measures


def measure_first_approval(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    """A reviewed task approved without ever being returned earns its share; a returned one does not."""
    nothing: Measured = (Decimal(0), 0, _("尚无审核过的报送,本项按满分计"), "", "")
    measures, page = dict.fromkeys(unit_ids, nothing), url_for("task_detail")
    template = _("已审核 %(t)d 项:一次通过 %(f)d 项得分,曾被退回 %(r)d 项不得分")
    sent_back, all_first = _("被退回的任务"), _("审核记录")
    said: dict[tuple[int, int], tuple[Decimal, str, str]] = {}  # one explanation per distinct count
    for unit_id, _total, _on_time, _late, _worst, reviewed, first, example in task_facts(campaign):
        if not reviewed:
            continue
        known = said.get((reviewed, first))
        if known is None:
            text = template % {"t": reviewed, "f": first, "r": reviewed - first}
            known = said[(reviewed, first)] = (Decimal(first), text, sent_back if first < reviewed else all_first)
        url, label = (page(example), known[2]) if example else ("", "")
        measures[unit_id] = (known[0], reviewed, known[1], url, label)
    return measures


def _latest_files(**conditions: object) -> Coalesce:
    """The number of files of a task's latest hand-in that meet the conditions."""
    latest = Submission.objects.filter(task=OuterRef(OuterRef("pk"))).order_by("-version").values("pk")[:1]
    files = (
        SubmissionFile.objects.filter(submission=Subquery(latest), kind=FileKind.PHOTO, **conditions)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(files, output_field=IntegerField()), Value(0))


def measure_photos(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measured]:
    """A requirement asking for photos is met by a hand-in with at least the asked number, each captioned
    where captions are required."""
    asks = Q(requirement__photo_min_count__gt=0) | Q(requirement__caption_required=True)
    captioned = Q(requirement__caption_required=False) | Q(bare=0)
    compliant = Q(status__in=HANDED_IN, photos__gte=F("requirement__photo_min_count")) & captioned
    rows = (
        campaign_tasks(campaign)
        .filter(asks)
        .annotate(photos=_latest_files(), bare=_latest_files(caption=""))
        .values("unit_id")
        .annotate(asked=Count("pk"), ok=Count("pk", filter=compliant), example=Min("pk", filter=~compliant))
        .order_by()
        .values_list("unit_id", "asked", "ok", "example")
    )
    page = url_for("task_detail")
    template = _("要求报送照片 %(t)d 项:照片张数和文字说明合格 %(o)d 项得分,不合格或未报 %(b)d 项不得分")
    short = _("照片不合格的任务")
    said: dict[tuple[int, int], tuple[Decimal, str]] = {}  # one explanation per distinct count
    nothing: Measured = (Decimal(0), 0, _("本活动未要求本单位报送照片,本项按满分计"), "", "")
    measures: dict[int, Measured] = dict.fromkeys(unit_ids, nothing)
    for unit_id, asked, ok, example in rows:
        known = said.get((asked, ok)) or said.setdefault(
            (asked, ok), (Decimal(ok), template % {"t": asked, "o": ok, "b": asked - ok})
        )
        url, label = (page(example), short) if example else ("", "")
        measures[unit_id] = (known[0], asked, known[1], url, label)
    return measures


def register() -> None:
    register_rule(
        Rule(
            "campaigns.timeliness",
            gettext_lazy("按时报送"),
            RuleKind.RATIO,
            gettext_lazy("每项报送任务按时得全分,逾期得一半,未报不得分"),
            Decimal(40),
            None,
            measure_timeliness,
            order=10,
        )
    )
    register_rule(
        Rule(
            "campaigns.first_approval",
            gettext_lazy("一次通过"),
            RuleKind.RATIO,
            gettext_lazy("已审核的报送一次通过得分,被退回的不得分"),
            Decimal(20),
            None,
            measure_first_approval,
            order=20,
        )
    )
    register_rule(
        Rule(
            "campaigns.photos",
            gettext_lazy("照片规范"),
            RuleKind.RATIO,
            gettext_lazy("要求报送照片的,张数达到要求且每张配文字说明得分"),
            Decimal(10),
            None,
            measure_photos,
            order=30,
        )
    )
