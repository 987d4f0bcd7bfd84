"""Collect once: the donation figures statistics tables show prefilled, read from recorded gifts (in 分).

A gift counts for the giver's unit when it names one, else for the drive's organising unit; a drive counts
for a campaign when it was opened under the campaign or under a child campaign derived from it.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.campaigns.sources import campaign_lineage_q, register_row_source, register_source
from fupin.orgs.models import Unit

from .models import Channel, Donation, DonationDrive, DonorType
from .services import designated_uses


def gifts(unit: Unit, campaign) -> QuerySet[Donation]:
    """The campaign's gifts still standing (a reversed one is left out, as on the disclosure) for the subtree."""
    where = Q(unit__path__startswith=unit.path) | Q(unit__isnull=True, drive__organiser__path__startswith=unit.path)
    return Donation.objects.filter(
        where, campaign_lineage_q(campaign, "drive__campaign"), transaction__reversed_by__isnull=True
    )


def donors(unit: Unit, campaign) -> int:
    return gifts(unit, campaign).exclude(channel=Channel.BOX).count()


def giving_units(unit: Unit, campaign) -> int:
    """参与捐赠单位数: the units of the subtree that gave (the giver's unit, else the drive's organiser)."""
    giver = Coalesce("unit_id", "drive__organiser_id")
    return gifts(unit, campaign).aggregate(n=Count(giver, distinct=True))["n"]


def designated_aid_rows(unit: Unit, campaign) -> list[dict[str, object]]:
    """定点帮扶单位扶贫捐赠款物统计表, one row per standing gift of a unit, enterprise or organisation, and one row
    per drive and channel for individuals' gifts together (一日捐 of a thousand staff is one line, not a thousand).
    The 受赠村(户) is the drive's designated use, as its money may go nowhere else."""
    rows = []
    standing = gifts(unit, campaign).select_related("drive", "recorded_by").order_by("received_at", "id")
    for gift in standing.exclude(donor_type=DonorType.INDIVIDUAL)[:MAX_GIFT_ROWS]:
        rows.append(_gift_row(gift))
    people = (
        standing.filter(donor_type=DonorType.INDIVIDUAL)
        .values("drive_id", "channel")
        .annotate(n=Count("id"), money=Sum("amount_fen"), value=Sum("goods_value_fen"), last=Max("received_at"))
        .order_by("drive_id", "channel")
    )
    drives = {d.pk: d for d in DonationDrive.objects.filter(pk__in={p["drive_id"] for p in people})}
    for group in people:
        rows.append(_people_row(drives[group["drive_id"]], group))
    return rows


MAX_GIFT_ROWS = 400  # the table holds 500 rows; people's gifts come in a handful of summed rows


def _recipient(drive: DonationDrive) -> str:
    uses = designated_uses(drive)
    return uses[0] if len(uses) == 1 else (drive.designated_uses.strip()[:200] or drive.title)


def _gift_row(gift: Donation) -> dict[str, object]:
    is_goods = gift.channel == Channel.GOODS
    return {
        "donor": _("匿名") if gift.is_anonymous else (gift.donor_name or str(Channel(gift.channel).label)),
        "recipient": _recipient(gift.drive),
        "donated_on": timezone.localdate(gift.received_at),
        "kind": _("物资") if is_goods else _("资金"),
        "money": None if is_goods else gift.amount_fen,
        "goods": f"{gift.goods_description} {gift.goods_quantity}{gift.goods_unit}" if is_goods else "",
        "goods_value": gift.goods_value_fen if is_goods else None,
        "handler": (gift.recorded_by.name or gift.recorded_by.username) if gift.recorded_by else "",
        "remark": str(Channel(gift.channel).label),
    }


def _people_row(drive: DonationDrive, group: Mapping[str, Any]) -> dict[str, object]:
    is_goods = group["channel"] == Channel.GOODS
    label = str(Channel(group["channel"]).label)
    return {
        "donor": _("个人(%(n)d 人次)") % {"n": group["n"]},
        "recipient": _recipient(drive),
        "donated_on": timezone.localdate(group["last"]),
        "kind": _("物资") if is_goods else _("资金"),
        "money": None if is_goods else group["money"],
        "goods_value": group["value"] if is_goods else None,
        "remark": _("%(c)s合计,截至该日") % {"c": label},
    }


def _sum(channels, field: str = "amount_fen"):
    def compute(unit: Unit, campaign) -> int:
        total = gifts(unit, campaign).filter(channel__in=channels).aggregate(s=Sum(field))["s"]
        return total or 0

    return compute


MONEY = [c for c in Channel.values if c != Channel.GOODS]


def register() -> None:
    register_source("donations.units", "捐赠登记:参与捐赠单位数", giving_units)
    register_source("donations.donors", "捐赠登记:捐赠人次", donors)
    register_source("donations.money_fen", "捐赠登记:捐款金额", _sum(MONEY))
    register_source("donations.one_day_pay_fen", "捐赠登记:一日捐金额", _sum([Channel.ONE_DAY_PAY]))
    register_source("donations.one_yuan_fen", "捐赠登记:一元捐金额", _sum([Channel.ONE_YUAN]))
    register_source("donations.box_fen", "开箱清点:募捐箱金额", _sum([Channel.BOX]))
    register_source("donations.goods_fen", "捐赠登记:物资估值", _sum([Channel.GOODS], "goods_value_fen"))
    register_row_source(
        "designated_aid_donation", "捐赠登记(每笔单位捐赠一行,个人捐款按活动和方式合计)", designated_aid_rows
    )
