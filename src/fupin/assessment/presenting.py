"""What the ranking page shows besides the rows: the peer group chosen, the county filter and the chart."""

from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser

from .models import AssessmentResult, AssessmentScheme
from .rules import RULES, fmt
from .selectors import PeerGroup, RankedRow, scheme_of, score_bands


def scheme_or_404(campaign: Campaign) -> AssessmentScheme:
    scheme = scheme_of(campaign)
    if scheme is None:
        raise Http404
    return scheme


def choose_group(groups: list[PeerGroup], wanted: str) -> PeerGroup | None:
    """`kind:stage` from the query string, else the county bureaus, else the first group."""
    for group in groups:
        if f"{group.kind}:{group.stage}" == wanted:
            return group
    counties = [g for g in groups if g.kind == UnitKind.COUNTY_BUREAU]
    chosen = counties or groups
    return chosen[0] if chosen else None


def county_filter(user: AnyUser, campaign: Campaign, wanted: str) -> tuple[list[Unit], Unit | None]:
    """The county bureaus under the issuing unit, and the one chosen (an id outside them answers 404)."""
    counties = list(Unit.objects.filter(parent=campaign.unit, kind=UnitKind.COUNTY_BUREAU).order_by("path"))
    if not wanted:
        return counties, None
    if not wanted.isdigit():
        raise Http404
    return counties, get_object_or_404(Unit.objects.filter(pk__in=[c.pk for c in counties]), pk=int(wanted))


def rule_columns(scheme: AssessmentScheme) -> list[tuple[str, str]]:
    return [(r.rule_key, str(RULES[r.rule_key].label)) for r in scheme.rules.all() if r.rule_key in RULES]


def table(scheme: AssessmentScheme, rows: list[RankedRow]) -> list[tuple[RankedRow, list[object]]]:
    """Each row with its points in the order of the scheme's rules."""
    keys = [key for key, _label in rule_columns(scheme)]
    return [(row, [row.points.get(key) for key in keys]) for row in rows]


def chart(results: QuerySet[AssessmentResult]) -> dict:
    """How the listed units' totals spread: a bar per band of 10 points, the highest band on top, each the
    number of units in it (the table below pages through the units themselves)."""
    bands = score_bands(results)
    label = _("%(low)s–%(high)s 分")
    return {
        "labels": [label % {"low": low, "high": fmt(Decimal(low + 10) - Decimal("0.01"))} for low, _n in bands],
        "series": [{"key": "approved", "label": str(_("单位数")), "data": [n for _low, n in bands]}],
    }
