"""Collect once: the volunteers and hours of a campaign's volunteer services, organised within the unit's subtree
(the campaign and the plans derived from it), for the statistics tables."""

from django.db.models import QuerySet, Sum

from fupin.campaigns.sources import campaign_lineage_q, register_source
from fupin.orgs.models import Unit

from .models import Opportunity, SignUp, SignUpStatus


def _confirmed(unit: Unit, campaign) -> QuerySet[SignUp]:
    return SignUp.objects.filter(
        campaign_lineage_q(campaign, "opportunity__campaign"),
        opportunity__organiser__path__startswith=unit.path,
        status=SignUpStatus.CONFIRMED,
    )


def opportunity_count(unit: Unit, campaign) -> int:
    return Opportunity.objects.filter(
        campaign_lineage_q(campaign, "campaign"), organiser__path__startswith=unit.path
    ).count()


def volunteer_count(unit: Unit, campaign) -> int:
    """人次: each confirmed sign-up counts once."""
    return _confirmed(unit, campaign).count()


def hour_count(unit: Unit, campaign) -> int:
    """Confirmed hours, rounded to whole hours (half up) as the tables hold whole numbers."""
    minutes = _confirmed(unit, campaign).aggregate(m=Sum("minutes"))["m"] or 0
    return (minutes + 30) // 60


def register() -> None:
    register_source("volunteers.opportunities", "志愿服务:服务项目数", opportunity_count)
    register_source("volunteers.volunteers", "志愿服务:确认到场志愿者(人次)", volunteer_count)
    register_source("volunteers.hours", "志愿服务:确认服务时长(小时)", hour_count)
