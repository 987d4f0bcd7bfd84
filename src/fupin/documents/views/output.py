"""Documents out: a campaign's 实施方案 and a unit's 活动总结 draft as Word files, its task list as .xlsx."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.campaigns.models import TaskStatus
from fupin.campaigns.permissions import access_campaign
from fupin.campaigns.selectors.progress import default_root
from fupin.jobs.views import deliver_export
from fupin.lib.http import attachment
from fupin.orgs.permissions import access_unit

from .. import selectors
from ..task_sheet import task_sheet_params
from ..word.plan import build_plan
from ..word.summary import build_summary

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _int(value: str) -> int:
    if not value.isdigit():
        raise Http404
    return int(value)


def _unit(request, campaign):
    """?unit= (a unit the user may see, inside the campaign's tree), else the user's own unit in that tree
    (the issuing unit for its own office and those above it)."""
    wanted = request.GET.get("unit", "")
    unit = access_unit(request.user, _int(wanted), "task.view") if wanted else default_root(request.user, campaign)
    if unit is None or not unit.is_within(campaign.unit):
        raise Http404
    return unit


@login_required
def campaign_plan_docx(request, pk):
    campaign = access_campaign(request.user, pk)
    return attachment(build_plan(campaign, by=request.user), f"{campaign.title}.docx", DOCX)


@login_required
def unit_summary_docx(request, pk):
    campaign = access_campaign(request.user, pk)
    unit = _unit(request, campaign)
    return attachment(build_summary(campaign, unit), f"{unit.name}{campaign.year}年扶贫日活动总结.docx", DOCX)


@login_required
def export_campaign_tasks(request, pk):
    """Filters as on the progress page: ?unit= (subtree), ?requirement=, ?status= (a status or overdue)."""
    campaign = access_campaign(request.user, pk)
    root = _unit(request, campaign)
    wanted = request.GET.get("requirement", "")
    requirement = campaign.requirements.filter(pk=_int(wanted)).first() if wanted else None
    status = request.GET.get("status", "")
    if (wanted and requirement is None) or status not in {"", selectors.OVERDUE, *TaskStatus.values}:
        raise Http404
    filters = {"root": root, "requirement": requirement, "status": status, "now": timezone.now()}
    rows = selectors.campaign_tasks(request.user, campaign, **filters).count()
    params = task_sheet_params(campaign=campaign, **filters)
    title = _("%(c)s 报送任务清单(%(u)s)") % {"c": campaign.title, "u": root.name}
    return deliver_export(request, kind="campaign_tasks", unit=root, params=params, rows=rows, title=title)


urlpatterns = [
    path("campaigns/<int:pk>/plan.docx", campaign_plan_docx, name="campaign_plan_docx"),
    path("campaigns/<int:pk>/summary.docx", unit_summary_docx, name="unit_summary_docx"),
    path("campaigns/<int:pk>/tasks.xlsx", export_campaign_tasks, name="export_campaign_tasks"),
]
