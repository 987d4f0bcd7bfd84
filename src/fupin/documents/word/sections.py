"""The campaign's own sections of a unit's 活动总结 (hand-ins and statistics figures), registered in the
registry every domain writes its section to (fupin.campaigns.summary_sections)."""

from datetime import datetime
from decimal import Decimal

from fupin.campaigns.deadlines import describe
from fupin.campaigns.models import Campaign, ColumnType
from fupin.campaigns.summary_sections import register_section
from fupin.orgs.models import Unit

from .. import selectors


def _hand_ins(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    """「活动总结(截止…):应报3项,已通过1项、待审核1项、已退回0项、未报送1项(其中逾期1项)。」"""
    rows = selectors.requirement_counts(campaign, unit, now)
    if not rows:
        return []
    total = sum(r.total for r in rows)
    done = sum(r.approved + r.submitted for r in rows)
    lines = [f"本次活动{unit.name}及所属单位共承担报送任务{total}项，已报送{done}项，未报送或被退回{total - done}项。"]
    for r in rows:
        overdue = f"（其中逾期{r.overdue}项）" if r.overdue else ""
        lines.append(
            f"{r.title}（截止{describe(r.due_at)}）：应报{r.total}项，已通过{r.approved}项、待审核{r.submitted}项、"
            f"已退回{r.returned}项、未报送{r.pending}项{overdue}。"
        )
    return lines


def _figure(column, value: int) -> str:
    """「参与人数1,250」, 「帮扶资金3,000.00元」 (元 only where the column's label does not say it)."""
    if column.type == ColumnType.MONEY:
        return f"{column.label}{Decimal(value) / 100:,.2f}" + ("" if "元" in column.label else "元")
    return f"{column.label}{value:,}"


def _statistics(campaign: Campaign, unit: Unit, now: datetime) -> list[str]:
    """「《扶贫日活动统计表》：参与师生 1,250；捐款金额 3,000.00元。」 for the subtree."""
    return [
        f"《{table.title}》：" + "；".join(_figure(column, value) for column, value in figures) + "。"
        for table, figures in selectors.stat_figures(campaign, unit)
    ]


register_section("campaigns.hand_ins", "材料报送情况", _hand_ins, order=10)
register_section("campaigns.statistics", "统计数据", _statistics, order=20)
