"""Collect once: the 「结对帮扶活动月」统计表 figures, read from the pairings and visits of the campaign year's
行动月 (1–31 October), counted as the coverage page counts them (by the helping unit's subtree)."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from fupin.campaigns.sources import register_source
from fupin.orgs.models import Unit

from .coverage import Coverage, Period, coverage
from .models import Pairing, PairingKind


def campaign_period(campaign) -> Period:
    return Period(date(campaign.year, 10, 1), date(campaign.year, 10, 31))


def campaign_coverage(unit: Unit, campaign) -> Coverage:
    return coverage(unit, campaign_period(campaign), timezone.localdate())


def paired_villages(unit: Unit, campaign) -> int:
    """Villages paired with the subtree: by 单位包村/企业包村, or through a paired household's village."""
    period = campaign_period(campaign)
    open_then = Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
    pairings = Pairing.objects.filter(open_then, unit__path__startswith=unit.path)
    by_unit = pairings.filter(kind__in=[PairingKind.UNIT_VILLAGE, PairingKind.ENTERPRISE_VILLAGE]).values_list(
        "partner_unit_id", flat=True
    )
    by_household = pairings.filter(kind=PairingKind.CADRE_HOUSEHOLD).values_list("household__village_id", flat=True)
    return len(set(by_unit) | set(by_household))


def register() -> None:
    register_source("pairing.villages", "结对帮扶:结对村数", paired_villages)
    register_source("pairing.households", "结对帮扶:结对户数", lambda u, c: campaign_coverage(u, c).total.paired)
    register_source(
        "pairing.visited_households", "入户走访:已走访户数", lambda u, c: campaign_coverage(u, c).total.visited_count
    )
    register_source("pairing.visits", "入户走访:走访人次", lambda u, c: campaign_coverage(u, c).total.visits)
