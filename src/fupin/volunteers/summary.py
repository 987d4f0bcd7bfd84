"""The 志愿服务 section of a unit's 活动总结: the campaign's volunteer services organised in its subtree, with the
figures the statistics tables show."""

from datetime import datetime

from django.db.models import Count

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q
from fupin.orgs.models import Unit

from .models import Opportunity, VolunteerKind
from .sources import hour_count, opportunity_count, volunteer_count


def volunteer_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    services = opportunity_count(unit, campaign)
    if not services:
        return []
    kinds = (
        Opportunity.objects.filter(campaign_lineage_q(campaign, "campaign"), organiser__path__startswith=unit.path)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    )
    named = "、".join(f"{VolunteerKind(k['kind']).label}{k['n']}项" for k in kinds)
    return [
        f"{unit.name}及所属单位组织志愿服务{services}项({named}),"
        f"经组织单位确认到场志愿者{volunteer_count(unit, campaign)}人次,服务时长约{hour_count(unit, campaign)}小时。"
    ]
