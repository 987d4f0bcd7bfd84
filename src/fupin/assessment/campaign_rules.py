"""The rules the campaign itself knows: timeliness, first-time approval and photo compliance of every task.

Each is measured for all assessed units in one aggregate query over their tasks (a derived county plan's
task counts for the city's requirement it answers, as on the progress page)."""

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
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


def measure_timeliness(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measure]:
    """On time (first hand-in by the deadline) earns a task's share, late half of it, missing nothing."""
    handed_in = Q(status__in=HANDED_IN)
    on_time = handed_in & Q(first_submitted_at__lte=F("requirement__due_at"))
    late = handed_in & ~Q(first_submitted_at__lte=F("requirement__due_at"))
    rows = (
        campaign_tasks(campaign)
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            worst=Coalesce(Min("pk", filter=~on_time & ~late), Min("pk", filter=late), Min("pk")),
        )
        .order_by()
        .values_list("unit_id", "total", "on_time", "late", "worst")
    )
    measures, page = {}, url_for("task_detail")
    template = _("应报 %(t)d 项:按时 %(o)d 项得全分,逾期 %(l)d 项得一半,未报 %(m)d 项不得分")
    short, full = _("逾期或未报的任务"), _("报送任务")
    said: dict[tuple[int, int, int], tuple[Decimal, str, str]] = {}  # one explanation per distinct count
    for unit_id, total, on_time_n, late_n, worst in rows:
        counts = (total, on_time_n, late_n)
        if counts not in said:
            text = template % {"t": total, "o": on_time_n, "l": late_n, "m": total - on_time_n - late_n}
            said[counts] = (on_time_n + HALF * late_n, text, short if on_time_n < total else full)
        earned, text, label = said[counts]
        measures[unit_id] = Measure(earned, total, text, *_evidence(page, worst, label))
    return measures


def measure_first_approval(campaign: Campaign, unit_ids: Sequence[int]) -> dict[int, Measure]:
    """A reviewed task approved without ever being returned earns its share; a returned one does not."""
    returned = Exists(Review.objects.filter(task=OuterRef("pk"), decision=ReviewDecision.RETURN))
    rows = (
        campaign_tasks(campaign)
        .annotate(was_returned=returned)
        .filter(Q(status=TaskStatus.APPROVED) | Q(was_returned=True))
        .values("unit_id")
        .annotate(
            reviewed=Count("pk"),
            first=Count("pk", filter=Q(was_returned=False)),
            example=Coalesce(Min("pk", filter=Q(was_returned=True)), Min("pk")),
        )
        .order_by()
        .values_list("unit_id", "reviewed", "first", "example")
    )
    measures, page = {}, url_for("task_detail")
    template = _("已审核 %(t)d 项:一次通过 %(f)d 项得分,曾被退回 %(r)d 项不得分")
    sent_back, all_first = _("被退回的任务"), _("审核记录")
    said: dict[tuple[int, int], tuple[Decimal, str, str]] = {}  # one explanation per distinct count
    for unit_id, reviewed, first, example in rows:
        if (reviewed, first) not in said:
            text = template % {"t": reviewed, "f": first, "r": reviewed - first}
            said[(reviewed, first)] = (Decimal(first), text, sent_back if first < reviewed else all_first)
        earned, text, label = said[(reviewed, first)]
        measures[unit_id] = Measure(earned, reviewed, text, *_evidence(page, example, label))
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
