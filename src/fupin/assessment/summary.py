"""The 年度考核 section of a unit's 活动总结: its published result under the campaign (or the campaign above
it), citing every line with the reason for its points. A draft is never cited: it may still change."""

from datetime import datetime

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit

from .models import AssessmentResult, ResultStatus
from .rules import fmt
from .selectors import peer_rank


def _campaign_chain(campaign: Campaign) -> list[int]:
    chain: list[int] = []
    current: Campaign | None = campaign
    while current is not None and len(chain) < 4:
        chain.append(current.pk)
        current = current.parent
    return chain


def assessment_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    result = (
        AssessmentResult.objects.filter(
            unit=unit, status=ResultStatus.PUBLISHED, scheme__campaign_id__in=_campaign_chain(campaign)
        )
        .select_related("unit", "scheme__campaign__unit")
        .order_by("-published_at")
        .first()
    )
    if result is None:
        return []
    rank, peers = peer_rank(result)
    office = result.scheme.campaign.unit.name
    lines = [
        f"在{office}组织的年度考核中,{unit.name}得分{fmt(result.total)}分,"
        f"在同类单位中排名第{rank}位(共{peers}个单位)。各项得分如下:"
    ]
    for line in result.lines.order_by("position", "rule_key"):
        lines.append(f"{line.label}{fmt(line.points)}分:{line.explanation}。")
    return lines
