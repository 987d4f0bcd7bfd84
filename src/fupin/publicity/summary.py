"""The 宣传活动 section of a unit's 活动总结: the campaign's events, participants, media reports and photos of
its subtree, with the figures the statistics table shows."""

from datetime import datetime

from django.db.models import Count

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit

from .models import EventKind
from .sources import campaign_events, event_count, participant_count, photo_count, report_count


def publicity_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    events = event_count(unit, campaign)
    reports = report_count(unit, campaign)
    if not events and not reports:
        return []
    kinds = campaign_events(unit, campaign).values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    named = "、".join(f"{EventKind(k['kind']).label}{k['n']}场" for k in kinds)
    lines = (
        [
            f"{unit.name}及所属单位共开展宣传教育活动{events}场({named}),"
            f"参与{participant_count(unit, campaign)}人次,上传活动图片{photo_count(unit, campaign)}张。"
        ]
        if events
        else []
    )
    if reports:
        lines.append(f"各类媒体刊发报道{reports}篇。")
    return lines
