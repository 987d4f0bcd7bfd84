"""The progress page's tables as .xlsx (by unit, the units still missing for one requirement, and the
requirements), built the same way in the request or by the worker from the filters kept with the job."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.jobs.registry import ExportFile, ExportProgress
from fupin.lib.list_export import MAX_ROWS, Column, Sheet, sheets_workbook
from fupin.orgs.models import User

from .models import Requirement
from .permissions import access_campaign, access_progress_unit
from .selectors import progress as selectors

UNIT_COLUMNS = (
    Column(gettext_lazy("单位"), lambda r: f"{r.unit.name}({_('本级')})" if r.is_root else r.unit.name),
    Column(gettext_lazy("联系人"), lambda r: r.unit.contact_person),
    Column(gettext_lazy("联系电话"), lambda r: r.unit.contact_phone),
    Column(gettext_lazy("应报"), lambda r: r.counts.total),
    Column(gettext_lazy("已报送"), lambda r: r.counts.submitted),
    Column(gettext_lazy("逾期报送"), lambda r: r.counts.late),
    Column(gettext_lazy("已退回"), lambda r: r.counts.returned),
    Column(gettext_lazy("未报送"), lambda r: r.counts.missing),
    Column(gettext_lazy("逾期未报"), lambda r: r.counts.overdue),
    Column(gettext_lazy("报送率(%)"), lambda r: r.counts.percent),
)
MISSING_COLUMNS = (
    Column(gettext_lazy("单位"), lambda t: t.unit.name),
    Column(gettext_lazy("上级单位"), lambda t: t.unit.parent.name if t.unit.parent else ""),
    Column(gettext_lazy("联系人"), lambda t: t.unit.contact_person),
    Column(gettext_lazy("联系电话"), lambda t: t.unit.contact_phone),
    Column(gettext_lazy("状态"), lambda t: t.get_status_display()),
)
REQUIREMENT_COLUMNS = (
    Column(gettext_lazy("报送要求"), lambda r: r.requirement.title),
    Column(gettext_lazy("报送至"), lambda r: r.requirement.recipient.name if r.requirement.recipient else ""),
    Column(gettext_lazy("截止时间"), lambda r: r.due),
    Column(gettext_lazy("应报"), lambda r: r.counts.total),
    Column(gettext_lazy("已报送"), lambda r: r.counts.submitted),
    Column(gettext_lazy("按时"), lambda r: r.counts.on_time),
    Column(gettext_lazy("逾期报送"), lambda r: r.counts.late),
    Column(gettext_lazy("已退回"), lambda r: r.counts.returned),
    Column(gettext_lazy("待审核"), lambda r: r.counts.awaiting),
    Column(gettext_lazy("已通过"), lambda r: r.counts.approved),
    Column(gettext_lazy("未报送"), lambda r: r.counts.missing),
    Column(gettext_lazy("报送率(%)"), lambda r: r.counts.percent),
    Column(gettext_lazy("纸质版已收"), lambda r: "" if r.paper_received is None else r.paper_received),
)


def progress_params(progress: selectors.Progress, focus: Requirement | None, *, now: datetime) -> dict[str, Any]:
    return {
        "campaign": progress.campaign.pk,
        "root": progress.root.pk,
        "requirement": focus.pk if focus else None,
        "now": now.isoformat(),
    }


def _sheets(user: User, progress: selectors.Progress, focus: Requirement | None) -> list[Sheet]:
    scope = [(_("范围"), progress.root.name)]
    filters = [*scope, (_("报送要求"), focus.title if focus else _("全部"))]
    sheets = [Sheet(_("报送进度(按单位)"), UNIT_COLUMNS, progress.units, filters)]
    if focus:
        missing = selectors.missing_tasks(user, focus, root=progress.root, limit=MAX_ROWS + 1)
        sheets.append(Sheet(_("尚未报送的单位"), MISSING_COLUMNS, missing, filters))
    sheets.append(Sheet(_("各项报送要求"), REQUIREMENT_COLUMNS, progress.requirements, scope))
    return sheets


def progress_rows(user: User, progress: selectors.Progress, focus: Requirement | None) -> int:
    """How many rows the export writes: the page's units and requirements, and the units still missing."""
    missing = len(selectors.missing_tasks(user, focus, root=progress.root, limit=MAX_ROWS + 1)) if focus else 0
    return len(progress.units) + len(progress.requirements) + min(missing, MAX_ROWS)


def build_progress_sheet(*, by: User, params: dict[str, Any], progress: ExportProgress) -> ExportFile:
    """The progress export, in the request or in the worker: the person's own view of the campaign."""
    campaign = access_campaign(by, params["campaign"])
    root = access_progress_unit(by, campaign, params["root"])
    focus = campaign.requirements.get(pk=params["requirement"]) if params["requirement"] else None
    now = datetime.fromisoformat(params["now"])
    data = selectors.campaign_progress(by, campaign, root=root, requirement=focus, now=now)
    sheets = _sheets(by, data, focus)
    total = sum(min(len(sheet.rows), MAX_ROWS) for sheet in sheets)
    progress(0, total)
    content, filename = sheets_workbook(campaign.title, sheets)
    progress(total, total)
    return ExportFile(content, filename)
