"""Collect once: figures the product already holds, which statistics tables show prefilled.

Each domain registers the figures it knows (`register_source`) when it starts; a statistics column names
its source by key, and the table shows the value with where it came from instead of asking for it again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from fupin.orgs.models import Membership, Unit, UnitKind


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # where the figure comes from, shown beside it
    compute: Callable[[Unit, object], int]  # (unit, campaign) -> the figure for the unit's subtree


SOURCES: dict[str, Source] = {}


def register_source(key: str, label: str, compute: Callable[[Unit, object], int]) -> None:
    SOURCES[key] = Source(key, label, compute)


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
