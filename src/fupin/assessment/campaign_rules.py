"""The rules the campaign itself knows: timeliness, first-time approval and photo compliance of every task.

Timeliness and first-time approval read one aggregate over the campaign's tasks per unit (`task_facts`, made
once per scoring run); photo compliance is its own aggregate. Each is measured for all assessed units at once
(a derived county plan's task counts for the city's requirement it answers, as on the progress page)."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import NamedTuple

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

from .rules import Measure, Rule, RuleKind, register_rule, url_for

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


def _evidence(page: Callable[[int], str], task_id: int | None, label: str) -> tuple[str, str]:
    return (page(task_id), label) if task_id else ("", "")


class TaskFacts(NamedTuple):
    """What a unit's tasks of the campaign come to: what every rule on the tasks themselves reads."""

    total: int
    on_time: int
    late: int
    worst: int  # a missing task, else a late one, else any: the timeliness evidence
    reviewed: int  # approved, or ever returned
    first: int  # approved without ever being returned
    example: int | None  # a returned task, else a reviewed one: the first-approval evidence


# the task facts of the campaigns scored in the current run (`scoring_run`); None outside one
_RUN: ContextVar[dict[int, dict[int, TaskFacts]] | None] = ContextVar("assessment_scoring_run", default=None)


@contextmanager
def scoring_run() -> Iterator[None]:
    """Within one scoring run each campaign's tasks are aggregated once, whatever rules read them."""
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def _task_rows(campaign: Campaign) -> list[tuple[int, ...]]:
    handed_in = Q(status__in=HANDED_IN)
    on_time = handed_in & Q(first_submitted_at__lte=F("requirement__due_at"))
    late = handed_in & ~Q(first_submitted_at__lte=F("requirement__due_at"))
    # a set the database hashes once, not a subquery per task
    returned = Q(pk__in=Review.objects.filter(decision=ReviewDecision.RETURN).values("task_id"))
    reviewed = Q(status=TaskStatus.APPROVED) | returned
    query = (
        campaign_tasks(campaign)
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            worst=Coalesce(Min("pk", filter=~on_time & ~late), Min("pk", filter=late), Min("pk")),
            reviewed=Count("pk", filter=reviewed),
            first=Count("pk", filter=Q(status=TaskStatus.APPROVED) & ~returned),
            example=Coalesce(Min("pk", filter=returned), Min("pk", filter=reviewed)),
        )
        .order_by()
        .values_list("unit_id", "total", "on_time", "late", "worst", "reviewed", "first", "example")
    )
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:  # integers only: Django's per-value converters change nothing
        cursor.execute(sql, params)
        return cursor.fetchall()


def task_facts(campaign: Campaign) -> dict[int, TaskFacts]:
    """{unit id: its task facts} in one GROUP BY over the campaign's tasks, once per scoring run."""
    run = _RUN.get()
    if run is not None and campaign.pk in run:
        return run[campaign.pk]
    facts = {row[0]: TaskFacts(*row[1:]) for row in _task_rows(campaign)}
    if run is not None:
        run[campaign.pk] = facts
    return facts


def measure_timeliness(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measure]:
    """On time (first hand-in by the deadline) earns a task's share, late half of it, missing nothing."""
    measures, page = {}, url_for("task_detail")
    template = _("应报 %(t)d 项:按时 %(o)d 项得全分,逾期 %(l)d 项得一半,未报 %(m)d 项不得分")
    short, full = _("逾期或未报的任务"), _("报送任务")
    said: dict[tuple[int, int, int], tuple[Decimal, str, str]] = {}  # one explanation per distinct count
    for unit_id, f in task_facts(campaign).items():
        counts = (f.total, f.on_time, f.late)
        if counts not in said:
            text = template % {"t": f.total, "o": f.on_time, "l": f.late, "m": f.total - f.on_time - f.late}
            said[counts] = (f.on_time + HALF * f.late, text, short if f.on_time < f.total else full)
        earned, text, label = said[counts]
        measures[unit_id] = Measure(earned, f.total, text, *_evidence(page, f.worst, label))
    return measures


def measure_first_approval(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measure]:
    """A reviewed task approved without ever being returned earns its share; a returned one does not."""
    measures, page = {}, url_for("task_detail")
    template = _("已审核 %(t)d 项:一次通过 %(f)d 项得分,曾被退回 %(r)d 项不得分")
    sent_back, all_first = _("被退回的任务"), _("审核记录")
    said: dict[tuple[int, int], tuple[Decimal, str, str]] = {}  # one explanation per distinct count
    for unit_id, f in task_facts(campaign).items():
        if not f.reviewed:
            continue
        if (f.reviewed, f.first) not in said:
            text = template % {"t": f.reviewed, "f": f.first, "r": f.reviewed - f.first}
            said[(f.reviewed, f.first)] = (Decimal(f.first), text, sent_back if f.first < f.reviewed else all_first)
        earned, text, label = said[(f.reviewed, f.first)]
        measures[unit_id] = Measure(earned, f.reviewed, text, *_evidence(page, f.example, label))
    nothing = Measure(Decimal(0), 0, _("尚无审核过的报送,本项按满分计"))
    return {pk: measures.get(pk, nothing) for pk in unit_ids}


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


def measure_photos(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measure]:
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
    )
    measures, page = {}, url_for("task_detail")
    template = _("要求报送照片 %(t)d 项:照片张数和文字说明合格 %(o)d 项得分,不合格或未报 %(b)d 项不得分")
    short = _("照片不合格的任务")
    for r in rows:
        text = template % {"t": r["asked"], "o": r["ok"], "b": r["asked"] - r["ok"]}
        url, label = _evidence(page, r["example"], short)
        measures[r["unit_id"]] = Measure(Decimal(r["ok"]), r["asked"], text, url, label)
    nothing = Measure(Decimal(0), 0, _("本活动未要求本单位报送照片,本项按满分计"))
    return {pk: measures.get(pk, nothing) for pk in unit_ids}


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
