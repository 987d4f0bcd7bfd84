"""The 年度考核 section of next year's 实施方案: the weak points the last published assessment found (the rules
under which units lost points, how many units and points), quoting the lowest lines. Only the office drafting
the plan sees it: it names other units' results."""

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.models import Campaign
from fupin.orgs.policy import AnyUser

from .rules import RuleKind, fmt
from .selectors import WeakPoint, assessed_count, earlier_scheme, weak_points

HEADING = "上年度考核发现的薄弱环节"
QUOTED = 3  # lines quoted per rule, the lowest first; the other units are counted

type Part = tuple[str, list[str]]


def _part(point: WeakPoint) -> Part:
    """「按时报送（满分40分）：12个单位失分，共失分150分」 and its lowest lines, quoted."""
    if point.kind == RuleKind.DEDUCTION:
        heading = f"{point.label}：{point.units}个单位被扣分，共扣{fmt(point.lost)}分"
    else:
        heading = f"{point.label}（满分{fmt(point.full)}分）：{point.units}个单位失分，共失分{fmt(point.lost)}分"
    paragraphs = [f"{line.result.unit.name}得{fmt(line.points)}分：{line.explanation}。" for line in point.lowest]
    if point.units > len(point.lowest):
        paragraphs.append(f"另有{point.units - len(point.lowest)}个单位在此项失分。")
    return heading, paragraphs


def weak_points_section(campaign: Campaign, user: AnyUser | None) -> tuple[str, list[Part]] | None:
    """(heading, [(sub-heading, paragraphs)]) for the plan, or None when there is nothing to cite."""
    if user is None:
        return None
    scheme = earlier_scheme(user, campaign)
    if scheme is None:
        return None
    points = weak_points(user, scheme, campaign.unit, quoted=QUOTED)
    if not points:
        return None
    earlier, published = scheme.campaign, (scheme.published_at or scheme.created_at).astimezone(SHANGHAI)
    intro = (
        f"{earlier.unit.name}《{earlier.title}》年度考核结果于{published.year}年{published.month}月{published.day}日"
        "发布，"
        f"{campaign.unit.name}及所属单位共{assessed_count(scheme, campaign.unit)}个单位参加考核，"
        f"在以下{len(points)}个考核项失分，本年度活动须重点改进："
    )
    return HEADING, [("", [intro]), *(_part(point) for point in points)]
