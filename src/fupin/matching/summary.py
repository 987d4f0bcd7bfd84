"""The 微心愿与认领项目 section of a unit's 活动总结, from the same figures as the statistics tables."""

from datetime import datetime

from django.db.models import Sum

from fupin.campaigns.models import Campaign
from fupin.lib.money import yuan
from fupin.orgs.models import Unit

from .sources import project_claims, wish_figures


def matching_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    w = wish_figures(unit, campaign)
    claims = project_claims(unit, campaign)
    lines = []
    if w["posted"]:
        lines.append(
            f"{unit.name}及所属单位共发布微心愿{w['posted']}个,审核通过{w['vetted']}个,已被认领{w['claimed']}个,"
            f"已实现{w['confirmed']}个,价值{yuan(w['confirmed_fen'])}元。"
        )
        if w["expired"]:
            lines.append(f"有{w['expired']}次认领未在期限内送达而失效,相关心愿已重新开放认领。")
    if claims.exists():
        total = claims.aggregate(s=Sum("amount_fen"))["s"] or 0
        projects = claims.values("project").distinct().count()
        lines.append(f"认领扶贫项目{projects}个,认领金额{yuan(total)}元。")
    return lines
