"""The 结对帮扶 section of a unit's 活动总结: the 行动月's pairings and visits for its subtree, with the figures
the coverage page and the statistics table show."""

from datetime import datetime

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit

from .coverage import coverage
from .sources import campaign_period, paired_villages


def pairing_paragraphs(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    result = coverage(unit, campaign_period(campaign), now.date())
    t = result.total
    if not t.paired and not t.leader_visits:
        return []
    lines = [
        f"结对帮扶行动月期间,{unit.name}及所属单位结对帮扶{paired_villages(unit, campaign)}个村、{t.paired}户,"
        f"入户走访{t.visited_count}户、{t.visits}人次,走访覆盖率{t.percent}%;"
        f"{t.with_measures}次走访与帮扶户商定了帮扶措施。"
    ]
    if t.leader_visits:
        lines.append(f"单位领导深入一线慰问调研{t.leader_visits}次。")
    if t.unvisited or t.overdue:
        lines.append(f"尚有{t.unvisited}户未走访、{t.overdue}次约定回访已逾期,将督促帮扶责任人尽快完成。")
    return lines
