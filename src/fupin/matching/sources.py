"""Collect once: the 微心愿 and 认领项目 figures a statistics table may draw on, per unit subtree and campaign
(with the campaigns derived from it): wishes posted, vetted, claimed, fulfilled, confirmed, expired claims and
the value fulfilled; projects claimed by the subtree's units and the amount."""

from collections.abc import Callable

from django.db.models import QuerySet, Sum

from fupin.campaigns.sources import campaign_lineage_q, register_source
from fupin.orgs.models import Unit

from .models import ClaimStatus, MicroWish, ProjectClaim, WishClaim, WishStatus

FULFILLED = (WishStatus.DELIVERED, WishStatus.CONFIRMED)


def wishes(unit: Unit, campaign) -> QuerySet[MicroWish]:
    return MicroWish.objects.filter(campaign_lineage_q(campaign, "campaign"), unit__path__startswith=unit.path)


def wish_figures(unit: Unit, campaign) -> dict[str, int]:
    """Every wish figure of the subtree in one place, for the statistics tables and the 活动总结."""
    qs = wishes(unit, campaign)
    vetted = qs.exclude(status__in=[WishStatus.PENDING, WishStatus.RETURNED])
    expired = WishClaim.objects.filter(wish__in=qs.values("pk"), status=ClaimStatus.EXPIRED)
    return {
        "posted": qs.count(),
        "vetted": vetted.count(),
        "claimed": qs.filter(claims__isnull=False).distinct().count(),
        "fulfilled": qs.filter(status__in=FULFILLED).count(),
        "confirmed": qs.filter(status=WishStatus.CONFIRMED).count(),
        "expired": expired.count(),
        "confirmed_fen": qs.filter(status=WishStatus.CONFIRMED).aggregate(s=Sum("value_fen"))["s"] or 0,
    }


def project_claims(unit: Unit, campaign) -> QuerySet[ProjectClaim]:
    """Claims made by the subtree's units on the campaign's projects."""
    return ProjectClaim.objects.filter(
        campaign_lineage_q(campaign, "project__campaign"), unit__path__startswith=unit.path
    )


def _projects_claimed(unit: Unit, campaign) -> int:
    return project_claims(unit, campaign).values("project").distinct().count()


def _wish(name: str) -> Callable[[Unit, object], int]:
    return lambda unit, campaign: wish_figures(unit, campaign)[name]


def register() -> None:
    register_source("matching.wishes_posted", "微心愿:发布数", _wish("posted"))
    register_source("matching.wishes_vetted", "微心愿:审核通过数", _wish("vetted"))
    register_source("matching.wishes_claimed", "微心愿:认领数", _wish("claimed"))
    register_source("matching.wishes_fulfilled", "微心愿:已送达数", _wish("fulfilled"))
    register_source("matching.wishes_confirmed", "微心愿:已实现数", _wish("confirmed"))
    register_source("matching.wish_claims_expired", "微心愿:认领过期次数", _wish("expired"))
    register_source("matching.wishes_confirmed_fen", "微心愿:已实现价值", _wish("confirmed_fen"))
    register_source(
        "matching.projects_claimed",
        "认领项目:认领项目数",
        lambda u, c: project_claims(u, c).values("project").distinct().count(),
    )
    register_source(
        "matching.project_claims_fen",
        "认领项目:认领金额",
        lambda u, c: project_claims(u, c).aggregate(s=Sum("amount_fen"))["s"] or 0,
    )
