"""Collect once: the donation figures statistics tables show prefilled, read from recorded gifts (in 分).

A gift counts for the giver's unit when it names one, else for the drive's organising unit; a drive counts
for a campaign when it was opened under the campaign or under a child campaign derived from it.
"""

from django.db.models import Q, QuerySet, Sum

from fupin.campaigns.sources import campaign_lineage_q, register_source
from fupin.orgs.models import Unit

from .models import Channel, Donation


def gifts(unit: Unit, campaign) -> QuerySet[Donation]:
    """The campaign's gifts still standing (a reversed one is left out, as on the disclosure) for the subtree."""
    where = Q(unit__path__startswith=unit.path) | Q(unit__isnull=True, drive__organiser__path__startswith=unit.path)
    return Donation.objects.filter(
        where, campaign_lineage_q(campaign, "drive__campaign"), transaction__reversed_by__isnull=True
    )


def donors(unit: Unit, campaign) -> int:
    return gifts(unit, campaign).exclude(channel=Channel.BOX).count()


def _sum(channels, field: str = "amount_fen"):
    def compute(unit: Unit, campaign) -> int:
        total = gifts(unit, campaign).filter(channel__in=channels).aggregate(s=Sum(field))["s"]
        return total or 0

    return compute


MONEY = [c for c in Channel.values if c != Channel.GOODS]


def register() -> None:
    register_source("donations.donors", "捐赠登记:捐赠人次", donors)
    register_source("donations.money_fen", "捐赠登记:捐款金额", _sum(MONEY))
    register_source("donations.one_day_pay_fen", "捐赠登记:一日捐金额", _sum([Channel.ONE_DAY_PAY]))
    register_source("donations.one_yuan_fen", "捐赠登记:一元捐金额", _sum([Channel.ONE_YUAN]))
    register_source("donations.box_fen", "开箱清点:募捐箱金额", _sum([Channel.BOX]))
    register_source("donations.goods_fen", "捐赠登记:物资估值", _sum([Channel.GOODS], "goods_value_fen"))
