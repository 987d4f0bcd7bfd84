from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.lib.list_export import Column, wants_xlsx, xlsx_list
from fupin.orgs.policy import can_anywhere

from . import selectors
from .forms import AuditSearchForm
from .models import AuditEvent
from .readable import beijing, changes_of, changes_text, object_type_label

COLUMNS = (
    Column(gettext_lazy("时间(北京时间)"), lambda e: beijing(e.at)),
    Column(gettext_lazy("账号"), lambda e: e.actor_username),
    Column(gettext_lazy("姓名"), lambda e: e.actor.name if e.actor else ""),
    Column(gettext_lazy("操作"), lambda e: e.get_action_display()),
    Column(gettext_lazy("对象类型"), lambda e: object_type_label(e.target_type)),
    Column(gettext_lazy("对象"), lambda e: e.target_repr),
    Column(gettext_lazy("所属单位"), lambda e: e.unit_name),
    Column(gettext_lazy("变更内容"), changes_text),
    Column(gettext_lazy("说明"), lambda e: e.note),
    Column(gettext_lazy("来源地址"), lambda e: e.ip or ""),
)


def _searched(request):
    if not can_anywhere(request.user, "audit.view"):
        raise Http404
    form = AuditSearchForm(request.GET or None, units=selectors.event_units(request.user))
    if form.is_bound and not form.is_valid():
        return form, AuditEvent.objects.none()  # a refused filter shows nothing, not everything
    return form, selectors.search_events(request.user, **(form.cleaned_data if form.is_bound else {}))


def _xlsx(form, events):
    filters = form.filters() if form.is_bound and form.is_valid() else []
    return xlsx_list(scope="", name=_("审计日志"), columns=COLUMNS, rows=events, filters=filters)


@login_required
def audit_list(request):
    form, events = _searched(request)
    if wants_xlsx(request):
        return _xlsx(form, events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page:
        event.readable = changes_of(event)
        event.type_label = object_type_label(event.target_type)
    return render(request, "audit/audit_list.html", {"form": form, "page": page})


@login_required
def export_audit(request):
    """The address of the earlier export button: the same list as .xlsx."""
    return _xlsx(*_searched(request))
