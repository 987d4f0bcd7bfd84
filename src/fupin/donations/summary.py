"""The 募捐情况 section of a unit's 活动总结: the gifts recorded for its subtree by channel, and what the funds
it manages paid out, each figure read from the recorded gifts and the ledger so that the parts add up to
the totals."""

from datetime import datetime

from django.db.models import Count, Sum

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q
from fupin.lib.money import yuan
from fupin.orgs.models import Unit

from . import ledger
from .models import Channel, Disbursement, DonationDrive
from .sources import gifts


def _giving(campaign: Campaign, unit: Unit) -> list[str]:
    rows = {
        row["channel"]: row
        for row in gifts(unit, campaign)
        .values("channel")
        .annotate(n=Count("id"), fen=Sum("amount_fen"), goods=Sum("goods_value_fen"))
    }
    money = [(Channel(c), rows[c]) for c in Channel.values if c != Channel.GOODS and c in rows]
    if not money and Channel.GOODS not in rows:
        return []
    lines = []
    if money:
        total_n, total_fen = sum(r["n"] for _, r in money), sum(r["fen"] for _, r in money)
        parts = "、".join(f"{c.label}{yuan(r['fen'])}元({r['n']}笔)" for c, r in money)
        lines.append(f"本次活动{unit.name}及所属单位共登记捐款{total_n}笔,合计{yuan(total_fen)}元,其中{parts}。")
    if goods := rows.get(Channel.GOODS):
        lines.append(f"登记捐赠物资{goods['n']}批,估值{yuan(goods['goods'])}元(物资不计入捐款)。")
    return lines


def _funds(campaign: Campaign, unit: Unit) -> list[str]:
    drives = DonationDrive.objects.filter(
        campaign_lineage_q(campaign, "campaign"), fund__unit__path__startswith=unit.path
    )
    lines = []
    for drive in drives.select_related("fund__unit").order_by("id"):
        paid = Disbursement.objects.filter(drive=drive, status=Disbursement.Status.PAID).aggregate(
            n=Count("id"), fen=Sum("amount_fen")
        )
        lines.append(
            f"{drive.fund.unit.name}统筹管理的「{drive.title}」专项已拨付{paid['n']}笔,共{yuan(paid['fen'] or 0)}元,"
            f"每笔均有拨付证明并已公示;现结余{yuan(ledger.balance_fen(drive))}元。"
        )
    return lines


def donation_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    return _giving(campaign, unit) + _funds(campaign, unit)
