"""Every read of the assessment, already scoped: the office's campaigns and rankings, a unit's own results."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import batched
from typing import NamedTuple

from django.db.models import Count, FloatField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Floor, Length

from fupin.campaigns.models import Campaign, CampaignStatus
from fupin.campaigns.permissions import ancestor_paths
from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser, can, scope_q

from .models import AssessmentLine, AssessmentQuery, AssessmentResult, AssessmentScheme, ResultStatus
from .permissions import result_q
from .rules import RULES, full_points


def assessable_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Published campaigns the user's office issued, newest first, with their scheme if any."""
    return (
        Campaign.objects.filter(scope_q(user, "assessment.manage", "unit__path"))
        .exclude(status=CampaignStatus.DRAFT)
        .select_related("unit", "assessment_scheme")
        .order_by("-year", "unit__path")
    )


def visible_results(user: AnyUser) -> QuerySet[AssessmentResult]:
    """The results the user's own units may see (drafts in the query window, then frozen ones)."""
    return (
        AssessmentResult.objects.filter(result_q(user))
        .filter(scope_q(user, "assessment.view", "unit__path"))
        .select_related("unit", "scheme__campaign__unit")
        .order_by("-scheme__campaign__year", "unit__path")
    )


def scheme_of(campaign: Campaign) -> AssessmentScheme | None:
    return AssessmentScheme.objects.filter(campaign=campaign).prefetch_related("rules").first()


@dataclass(frozen=True)
class PeerGroup:
    kind: str
    stage: str
    label: str
    count: int


def peer_groups(scheme: AssessmentScheme) -> list[PeerGroup]:
    """Same unit kind and school stage: those ranked together."""
    rows = (
        scheme.results.values("unit__kind", "unit__stage").annotate(n=Count("pk")).order_by("unit__kind", "unit__stage")
    )
    groups = []
    for r in rows:
        unit = Unit(kind=r["unit__kind"], stage=r["unit__stage"])
        label = unit.get_kind_display() + (f"({unit.get_stage_display()})" if r["unit__stage"] else "")
        groups.append(PeerGroup(r["unit__kind"], r["unit__stage"], label, r["n"]))
    return groups


@dataclass
class RankedRow:
    result: AssessmentResult
    rank: int
    points: dict[str, Decimal] = field(default_factory=dict)


EXPORT_CHUNK = 500  # results read at a time when a whole group is exported, with their lines


class ListedResult(NamedTuple):
    """A result as the exported ranking lists it: its unit's name, total, rank and points per rule."""

    unit_name: str
    total: Decimal
    rank: int
    points: dict[str, Decimal]


def ranking(
    scheme: AssessmentScheme, *, kind: str, stage: str = "", within: Unit | None = None
) -> Iterator[ListedResult]:
    """The peers' results best first (one county's when `within` is given), ranked 1, 2, 2, 4 on equal totals
    among all peers of the scheme, each with its points per rule: read a chunk at a time as plain values,
    never the whole group at once (a city's schools are thousands)."""
    above = 0
    rank: dict[Decimal, int] = {}
    group = scheme.results.filter(unit__kind=kind, unit__stage=stage)
    for total, n in group.order_by("-total").values("total").annotate(n=Count("pk")).values_list("total", "n"):
        rank[total], above = above + 1, above + n
    listed = peers(scheme, kind=kind, stage=stage, within=within).values_list("pk", "unit__name", "total")
    for chunk in batched(listed.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
        points: dict[int, dict[str, Decimal]] = {pk: {} for pk, _name, _total in chunk}
        lines = AssessmentLine.objects.filter(result__in=list(points)).values_list("result_id", "rule_key", "points")
        for result_id, key, got in lines:
            points[result_id][key] = got
        yield from (ListedResult(name, total, rank[total], points[pk]) for pk, name, total in chunk)


def longest_name(scheme: AssessmentScheme, *, kind: str, stage: str = "", within: Unit | None = None) -> str:
    """The longest unit name among the peers listed (for the width of a column of names)."""
    listed = peers(scheme, kind=kind, stage=stage, within=within).order_by(Length("unit__name").desc(), "pk")
    return str(listed.values_list("unit__name", flat=True).first() or "")


def peers(
    scheme: AssessmentScheme, *, kind: str, stage: str = "", within: Unit | None = None
) -> QuerySet[AssessmentResult]:
    """The peers' results best first (one county's when `within` is given), to be read a page at a time."""
    results = scheme.results.filter(unit__kind=kind, unit__stage=stage)
    if within is not None:
        results = results.filter(unit__path__startswith=within.path)
    return results.select_related("unit").order_by("-total", "unit__path", "pk")


def ranked_page(scheme: AssessmentScheme, page: Sequence[AssessmentResult]) -> list[RankedRow]:
    """One page of `peers` as ranked rows with their points per rule, in two queries whatever the group's size:
    a rank is 1 + the peers of the whole scheme (every county) with a higher total, so 1, 2, 2, 4 on ties."""
    if not page:
        return []
    unit = page[0].unit
    totals = sorted({result.total for result in page})
    better = AssessmentResult.objects.filter(scheme=scheme, unit__kind=unit.kind, unit__stage=unit.stage).aggregate(
        **{f"t{i}": Count("pk", filter=Q(total__gt=total)) for i, total in enumerate(totals)}
    )
    rank = {total: better[f"t{i}"] + 1 for i, total in enumerate(totals)}
    points: dict[int, dict[str, Decimal]] = {result.pk: {} for result in page}
    lines = AssessmentLine.objects.filter(result__in=list(points)).values_list("result_id", "rule_key", "points")
    for result_id, key, got in lines:
        points[result_id][key] = got
    return [RankedRow(result, rank[result.total], points[result.pk]) for result in page]


def score_bands(results: QuerySet[AssessmentResult], width: int = 10) -> list[tuple[int, int]]:
    """(lowest total of a band `width` points wide, number of results in it), highest band first, empty bands
    between the lowest and the highest included: one GROUP BY however many results."""
    rows = (
        results.order_by()
        .annotate(band=Floor(Cast("total", FloatField()) / Value(float(width))))
        .values("band")
        .annotate(n=Count("pk"))
        .values_list("band", "n")
    )
    counts = {int(band): n for band, n in rows}
    if not counts:
        return []
    return [(band * width, counts.get(band, 0)) for band in range(max(counts), min(counts) - 1, -1)]


def peer_rank(result: AssessmentResult) -> tuple[int, int]:
    """(rank, number of peers) of a result among the same kind and stage."""
    peers = AssessmentResult.objects.filter(
        scheme_id=result.scheme_id, unit__kind=result.unit.kind, unit__stage=result.unit.stage
    ).aggregate(better=Count("pk", filter=Q(total__gt=result.total)), all=Count("pk"))
    return peers["better"] + 1, peers["all"]


def result_lines(result: AssessmentResult) -> list[AssessmentLine]:
    queries = AssessmentQuery.objects.select_related("raised_by", "answered_by")
    return list(result.lines.prefetch_related(Prefetch("queries", queryset=queries)).order_by("position", "rule_key"))


def open_queries(scheme: AssessmentScheme) -> QuerySet[AssessmentQuery]:
    return (
        AssessmentQuery.objects.filter(line__result__scheme=scheme, answered_at__isnull=True)
        .select_related("line__result__unit", "raised_by")
        .order_by("raised_at", "id")
    )


def readable_results(user: AnyUser, *, campaign_id: int | None = None) -> QuerySet[AssessmentResult]:
    """Every result the user may read (the office's campaigns, the unit's own once shown), in tree order."""
    qs = AssessmentResult.objects.filter(result_q(user)).select_related("unit", "scheme")
    if campaign_id is not None:
        qs = qs.filter(scheme__campaign_id=campaign_id)
    return qs.order_by("scheme__campaign_id", "unit__path")


def earlier_scheme(user: AnyUser, campaign: Campaign) -> AssessmentScheme | None:
    """The latest published assessment of an earlier year by the campaign's unit or a unit above it, for the
    office drafting the campaign (None for anyone else: it names other units' results)."""
    if not can(user, "assessment.manage", campaign.unit.path):
        return None
    return (
        AssessmentScheme.objects.filter(
            published_at__isnull=False,
            campaign__year__lt=campaign.year,
            campaign__unit__path__in=ancestor_paths(campaign.unit.path),
        )
        .select_related("campaign__unit")
        .order_by("-campaign__year", "-campaign__unit__depth", "-published_at")
        .first()
    )


@dataclass(frozen=True)
class WeakPoint:
    """A rule under which units lost points: how many units, how many points in all, the lowest lines."""

    label: str
    kind: str
    full: Decimal
    units: int
    lost: Decimal
    lowest: list[AssessmentLine]


def weak_points(user: AnyUser, scheme: AssessmentScheme, within: Unit, *, quoted: int = 3) -> list[WeakPoint]:
    """The rules of a published scheme under which units of `within`'s subtree lost points, most units
    first, each with its `quoted` lowest lines (and their units): two aggregate queries per rule."""
    lines = AssessmentLine.objects.filter(
        result_q(user, "result__"),
        result__scheme=scheme,
        result__status=ResultStatus.PUBLISHED,
        result__unit__path__startswith=within.path,
    )
    found: list[WeakPoint] = []
    for rule in scheme.rules.all():
        catalogued = RULES.get(rule.rule_key)
        full = full_points(catalogued.kind, rule.weight, rule.cap) if catalogued else None
        if catalogued is None or full is None:
            continue
        losing = lines.filter(rule_key=rule.rule_key, points__lt=full)
        counted = losing.aggregate(units=Count("pk"), points=Sum("points"))
        if counted["units"]:
            lowest = list(losing.select_related("result__unit").order_by("points", "result__unit__path")[:quoted])
            lost = full * counted["units"] - counted["points"]
            found.append(WeakPoint(lowest[0].label, catalogued.kind, full, counted["units"], lost, lowest))
    return sorted(found, key=lambda p: (-p.units, -p.lost))


def assessed_count(scheme: AssessmentScheme, within: Unit) -> int:
    return scheme.results.filter(status=ResultStatus.PUBLISHED, unit__path__startswith=within.path).count()
