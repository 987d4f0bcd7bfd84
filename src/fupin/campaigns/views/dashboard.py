"""The office's progress dashboard, 一键催报, and marking reminders read. Thin: parse, authorise, call one
selector or service, respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.jobs.views import deliver_export
from fupin.lib.list_export import wants_xlsx
from fupin.orgs.models import Unit
from fupin.orgs.policy import can

from ..models import CampaignStatus
from ..permissions import access_campaign, access_progress_unit, access_requirement, can_review
from ..progress_sheet import progress_params, progress_rows
from ..selectors import progress as selectors
from ..services import reminders as services

MISSING_SHOWN = 200  # the missing-units list shows this many; 一键催报 reaches all of them


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _campaign(request, pk):
    """A draft has no tasks yet; below the issuing office it does not exist."""
    campaign = access_campaign(request.user, pk)
    if campaign.status == CampaignStatus.DRAFT and not can(request.user, "campaign.view", campaign.unit.path):
        raise Http404
    return campaign


def _root(request, campaign) -> Unit:
    """The drilled-into unit (`?unit=`) if the viewer may see it and it lies in the campaign's tree, else
    the viewer's own starting point; 404 for anything else."""
    if request.GET.get("unit"):
        return access_progress_unit(request.user, campaign, _int(request.GET["unit"]))
    unit = selectors.default_root(request.user, campaign)
    if unit is None:
        raise Http404
    return unit


def _focus(request, campaign):
    if not request.GET.get("requirement"):
        return None
    focus = campaign.requirements.filter(pk=_int(request.GET["requirement"])).first()
    if focus is None:
        raise Http404
    return focus


def _chart(progress) -> dict:
    """The stacked bar chart's data (drawn by static/fupin/stacked-bar-chart.js), one bar per requirement."""
    rows = progress.requirements
    return {
        "labels": [r.requirement.title for r in rows],
        "series": [
            {"key": "approved", "label": _("已通过"), "data": [r.counts.approved for r in rows]},
            {"key": "awaiting", "label": _("待审核"), "data": [r.counts.awaiting for r in rows]},
            {"key": "returned", "label": _("已退回"), "data": [r.counts.returned for r in rows]},
            {"key": "pending", "label": _("未报送"), "data": [r.counts.missing for r in rows]},
        ],
    }


def _progress_export(request, progress, focus):
    """The page's tables as .xlsx: in the request, or by the worker when they hold many rows."""
    params = progress_params(progress, focus, now=timezone.now())
    rows = progress_rows(request.user, progress, focus)
    title = _("%(c)s 报送进度(%(u)s)") % {"c": progress.campaign.title, "u": progress.root.name}
    return deliver_export(request, kind="campaign_progress", unit=progress.root, params=params, rows=rows, title=title)


@login_required
def campaign_progress(request, pk):
    campaign = _campaign(request, pk)
    root, focus = _root(request, campaign), _focus(request, campaign)
    progress = selectors.campaign_progress(request.user, campaign, root=root, requirement=focus)
    if wants_xlsx(request):
        return _progress_export(request, progress, focus)
    focus_row = next((r for r in progress.requirements if r.requirement == focus), None)
    context = {
        "campaign": campaign,
        "progress": progress,
        "focus": focus_row,
        "missing": selectors.missing_tasks(request.user, focus, root=root, limit=MISSING_SHOWN) if focus else [],
        "crumbs": selectors.drill_path(request.user, campaign, root),
        "chart": _chart(progress),
        "can_remind": focus is not None and can_review(request.user, focus, "task.remind"),
    }
    return render(request, "campaigns/campaign_progress.html", context)


@login_required
@require_POST
def remind_missing(request, pk):
    requirement = access_requirement(request.user, pk, "task.remind")
    unit = request.POST.get("unit") and access_progress_unit(
        request.user, requirement.campaign, _int(request.POST["unit"])
    )
    try:
        reminders = services.remind_missing(by=request.user, requirement=requirement, units=[unit] if unit else None)
    except PermissionDenied:
        raise Http404 from None
    if reminders:
        messages.success(request, _("已向 %(n)d 个未报单位发出催报(站内提醒和邮件)") % {"n": len(reminders)})
    else:
        messages.info(request, _("没有需要催报的单位(半小时内已催报过的单位不再重复催报)"))
    query = f"?requirement={requirement.pk}" + (f"&unit={unit.pk}" if unit else "")
    return redirect(reverse("campaign_progress", args=[requirement.campaign_id]) + query)


@login_required
@require_POST
def mark_reminders_read(request):
    ids = [_int(v) for v in request.POST.getlist("reminder")] or None
    count = services.mark_reminders_read(by=request.user, reminder_ids=ids)
    if count:
        messages.success(request, _("已将 %(n)d 条提醒标为已读") % {"n": count})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("home")
    return redirect(back)


urlpatterns = [
    path("campaigns/<int:pk>/progress/", campaign_progress, name="campaign_progress"),
    path("requirements/<int:pk>/remind/", remind_missing, name="remind_missing"),
    path("reminders/read/", mark_reminders_read, name="mark_reminders_read"),
]
