"""Statistics-table test data, built through the services as an office would."""

from fupin.campaigns.models import StatTable, Task
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.services import stats as stat_services
from fupin.campaigns.services.stats import ColumnSpec
from fupin.campaigns.stat_templates import ensure_ready_templates


def template(code: str) -> StatTable:
    """A ready template. The migration creates them; a browser test before this one (a transactional test)
    empties every table when it ends, so they are put back the same way."""
    ensure_ready_templates()
    return StatTable.objects.get(campaign=None, code=code)


def stat_campaign(by, unit, *, table=None, columns=None, unit_kinds=("school",), row_mode="one_per_unit", **extra):
    """A published campaign of `unit` asking `unit_kinds` for one statistics table; returns (campaign, table).

    The table is a copy of the ready template `table` (a code), or built from `columns` (ColumnSpecs)."""
    campaign = campaign_services.create_campaign(by=by, unit=unit, year=2026, title="2026年扶贫日活动统计")
    if columns is not None:
        stat_table = stat_services.define_table(
            by=by, campaign=campaign, title="测试统计表", columns=columns, row_mode=row_mode
        )
    else:
        stat_table = stat_services.copy_template(
            by=by, campaign=campaign, template=template(table or "fupin_day_activity")
        )
    campaign_services.add_requirement(
        by=by,
        campaign=campaign,
        kind="stat_table",
        title=stat_table.title,
        due_text="10月19日前",
        unit_kinds=list(unit_kinds),
        stat_table=stat_table,
        **extra,
    )
    campaign_services.publish_campaign(by=by, campaign=campaign)
    return campaign, stat_table


def simple_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec(label="开展活动(次)", type="integer", required=True, key="activities"),
        ColumnSpec(label="参与人数", type="integer", key="people"),
        ColumnSpec(label="帮扶资金(元)", type="money", key="money"),
        ColumnSpec(label="覆盖率(%)", type="percent", key="rate"),
        ColumnSpec(label="活动日期", type="date", key="day"),
        ColumnSpec(label="活动形式", type="choice", choices=["线上", "线下"], key="form"),
        ColumnSpec(label="备注", type="text", key="remark"),
    ]


def task_of(table: StatTable, unit) -> Task:
    return Task.objects.get(requirement__stat_table=table, unit=unit)
