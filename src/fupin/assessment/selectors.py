"""Every read of the assessment, already scoped: the office's campaigns and rankings, a unit's own results."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from fupin.campaigns.models import Campaign, CampaignStatus
from fupin.orgs.models import Unit
from fupin.orgs.policy import AnyUser, scope_q

from .models import AssessmentLine, AssessmentQuery, AssessmentResult, AssessmentScheme
from .permissions import result_q


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


def ranking(scheme: AssessmentScheme, *, kind: str, stage: str = "", within: Unit | None = None) -> list[RankedRow]:
    """The peers' results best first, ranked 1, 2, 2, 4 on equal totals, each with its points per rule; the
    rank is among all peers of the scheme even when only one county's units are listed."""
    results = (
        scheme.results.filter(unit__kind=kind, unit__stage=stage)
        .select_related("unit__parent")
        .prefetch_related(Prefetch("lines", queryset=AssessmentLine.objects.only("result_id", "rule_key", "points")))
        .order_by("-total", "unit__path")
    )
    rows: list[RankedRow] = []
    for position, result in enumerate(results, start=1):
        rank = rows[-1].rank if rows and rows[-1].result.total == result.total else position
        rows.append(RankedRow(result, rank, {ln.rule_key: ln.points for ln in result.lines.all()}))
    if within is not None:
        rows = [row for row in rows if row.result.unit.path.startswith(within.path)]
    return rows


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
