"""A campaign's task list as .xlsx: one row per unit and requirement, with the filters written above it."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from fupin.campaigns.deadlines import SHANGHAI, describe, describe_delay, late_by
from fupin.campaigns.models import Campaign, Requirement, Task, TaskStatus
from fupin.campaigns.permissions import access_campaign
from fupin.jobs.registry import ExportFile, ExportProgress
from fupin.lib.xlsx import write_table
from fupin.orgs.models import Unit, User

from .selectors import MISSING, OVERDUE, campaign_tasks

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


def _counted(rows: Iterable[Task], total: int, progress: ExportProgress) -> Iterator[Task]:
    progress(0, total)
    for n, row in enumerate(rows, start=1):
        yield row
        if n % 100 == 0 or n == total:
            progress(min(n, total), total)


def task_sheet_params(*, campaign: Campaign, root: Unit, requirement: Requirement | None, status: str, now: datetime):
    """The filters of one export, as kept with its job: the worker rebuilds the very same sheet from them."""
    return {
        "campaign": campaign.pk,
        "root": root.pk,
        "requirement": requirement.pk if requirement else None,
        "status": status,
        "now": now.isoformat(),
    }


def build_task_sheet(*, by: User, params: dict[str, Any], progress: ExportProgress) -> ExportFile:
    """The task list export, in the request or in the worker: the person's own scope, as it is now."""
    campaign = access_campaign(by, params["campaign"])
    root = Unit.objects.get(pk=params["root"])
    requirement = campaign.requirements.get(pk=params["requirement"]) if params["requirement"] else None
    filters = {"root": root, "requirement": requirement, "status": params["status"]}
    now = datetime.fromisoformat(params["now"])
    tasks = campaign_tasks(by, campaign, now=now, **filters)
    rows = _counted(tasks.iterator(chunk_size=500), tasks.count(), progress)
    return ExportFile(task_sheet(campaign, rows, now=now, **filters), f"{campaign.title}-报送任务.xlsx")
