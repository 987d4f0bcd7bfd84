"""Collect once: figures the product already holds, which statistics tables show prefilled.

Each domain registers the figures it knows (`register_source`) when it starts; a statistics column names
its source by key, and the table shows the value with where it came from instead of asking for it again.
A figure is a whole number for the unit's whole subtree, in the column's stored unit (分 for money).

The ready templates (migration 0003_stats_ready_templates) already name the figures the domains will know;
until a domain registers a key, the column is an ordinary input:
    donations.units, donations.donors, donations.money_fen, donations.one_day_pay_fen, donations.one_yuan_fen,
    donations.box_fen, donations.goods_fen; pairing.villages, pairing.households,
    pairing.visited_households, pairing.visits; publicity.media_reports.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from fupin.orgs.models import Membership, Unit, UnitKind

from .models import FileKind, Submission, SubmissionFile


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # where the figure comes from, shown beside it
    compute: Callable[[Unit, object], int]  # (unit, campaign) -> the figure for the unit's subtree


SOURCES: dict[str, Source] = {}


def register_source(key: str, label: str, compute: Callable[[Unit, object], int]) -> None:
    SOURCES[key] = Source(key, label, compute)


@dataclass(frozen=True)
class RowSource:
    """The rows of a many-rows table (by its template code) that a domain already holds, one dict of
    {column key: value} per row in the columns' stored units (分 for money, dates as dates)."""

    table_code: str
    label: str
    compute: Callable[[Unit, object], list[dict[str, object]]]  # (unit, campaign) -> rows for the unit's subtree


ROW_SOURCES: dict[str, RowSource] = {}


def register_row_source(
    table_code: str, label: str, compute: Callable[[Unit, object], list[dict[str, object]]]
) -> None:
    ROW_SOURCES[table_code] = RowSource(table_code, label, compute)


def row_source_for(code: str) -> RowSource | None:
    """The row source of a table copied from a template (its code, or the code with a 「-N」 suffix)."""
    return ROW_SOURCES.get(code) or ROW_SOURCES.get(code.rsplit("-", 1)[0])


def source_value(key: str, unit: Unit, campaign) -> int | None:
    source = SOURCES.get(key)
    return None if source is None else source.compute(unit, campaign)


def _count_units(kind: str, **extra):
    def compute(unit: Unit, campaign) -> int:
        return Unit.objects.filter(Q(path__startswith=unit.path), kind=kind, **extra).count()

    return compute


register_source("orgs.schools", "单位名册:学校数", _count_units(UnitKind.SCHOOL))
register_source("orgs.rural_schools", "单位名册:农村学校数", _count_units(UnitKind.SCHOOL, area="rural"))
register_source("orgs.villages", "单位名册:村数", _count_units(UnitKind.VILLAGE))
register_source(
    "orgs.accounts",
    "账号名册:在册人员数",
    lambda unit, campaign: (
        Membership.objects.filter(unit__path__startswith=unit.path).values("user").distinct().count()
    ),
)


def campaign_lineage_q(campaign, field: str = "requirement__campaign") -> Q:
    """The campaign and the child campaigns derived from it (方案细化), three levels down."""
    q = Q()
    for depth in range(4):
        q |= Q(**{field + "__parent" * depth: campaign})
    return q


def _photos(unit: Unit, campaign) -> int:
    """Photos in the latest hand-in of every task of the campaign (and its child campaigns) in the subtree."""
    latest = Submission.objects.filter(task=OuterRef("submission__task")).order_by("-version").values("pk")[:1]
    return (
        SubmissionFile.objects.filter(
            campaign_lineage_q(campaign, "submission__task__requirement__campaign"),
            kind=FileKind.PHOTO,
            submission__task__unit__path__startswith=unit.path,
            submission=Subquery(latest),
        )
        .values("sha256", "submission__task")
        .distinct()
        .count()
    )


register_source("campaigns.photos", "本活动报送:活动照片张数", _photos)
