"""A campaign's task list as .xlsx: one row per unit and requirement, with the filters written above it."""

from datetime import datetime

from fupin.campaigns.deadlines import SHANGHAI, describe, describe_delay, late_by
from fupin.campaigns.models import Campaign, Requirement, Task, TaskStatus
from fupin.lib.xlsx import write_table
from fupin.orgs.models import Unit

from .selectors import MISSING, OVERDUE

HEADERS = ["单位", "报送要求", "截止时间", "状态", "报送时间", "逾期情况"]


def status_label(status: str) -> str:
    return "已逾期未报" if status == OVERDUE else str(TaskStatus(status).label)


def _lateness(task: Task, now: datetime) -> str:
    """「逾期2天3小时」 for a late hand-in, 「未报,逾期3天」 for one still missing after the deadline."""
    if task.first_submitted_at is not None:
        delay = late_by(task.first_submitted_at, task.requirement.due_at)
        return describe_delay(delay) if delay else "按时"
    if task.status in MISSING and now > task.requirement.due_at:
        return "未报，" + describe_delay(now - task.requirement.due_at)
    return ""


def _row(task: Task, now: datetime) -> list:
    submitted = task.submitted_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if task.submitted_at else ""
    return [
        task.unit.name,
        task.requirement.title,
        describe(task.requirement.due_at),
        str(TaskStatus(task.status).label),
        submitted,
        _lateness(task, now),
    ]


def task_sheet(
    campaign: Campaign, tasks, *, root: Unit, requirement: Requirement | None, status: str, now: datetime
) -> bytes:
    """The filtered task list with a title row and a row naming the filters, so a printout explains itself."""
    note = "；".join(
        [
            f"范围：{root.name}及所属单位",
            f"报送要求：{requirement.title if requirement else '全部'}",
            f"状态：{status_label(status) if status else '全部'}",
            f"导出时间：{describe(now)}",
        ]
    )
    return write_table(
        title=f"{campaign.title} 报送任务清单",
        headers=HEADERS,
        rows=(_row(task, now) for task in tasks),
        note=note,
        sheet_name="报送任务",
    )
