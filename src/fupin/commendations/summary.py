"""The 选树典型 section of a unit's 活动总结: the individuals and collectives of its subtree commended on
published lists of the campaign, with the figures the statistics table shows."""

from datetime import datetime

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit

from .sources import collective_count, individual_count


def commendation_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    individuals = individual_count(unit, campaign)
    collectives = collective_count(unit, campaign)
    if not individuals and not collectives:
        return []
    return [
        f"{unit.name}及所属单位挖掘、宣传工作中涌现的先进典型,受表彰先进个人{individuals}名、先进集体{collectives}个。"
    ]
