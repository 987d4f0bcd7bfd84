from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.http import attachment
from fupin.lib.xlsx import write_table
from fupin.orgs.policy import can_anywhere

from . import selectors
from .forms import AuditSearchForm
from .models import AuditEvent


def _searched(request):
    if not can_anywhere(request.user, "audit.view"):
        raise Http404
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, AuditEvent.objects.none()  # a refused filter shows nothing, not everything
    return form, selectors.search_events(request.user, **(form.cleaned_data if form.is_bound else {}))


@login_required
def audit_list(request):
    form, events = _searched(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"form": form, "page": page})


@login_required
def export_audit(request):
    _form, events = _searched(request)
    rows = (
        [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_username,
            e.ip or "",
            e.get_action_display(),
            e.target_type,
            e.target_repr,
            e.unit_name,
            str(e.changes or ""),
            e.note,
        ]
        for e in events[:50000]
    )
    headers = ["时间", "账号", "来源地址", "操作", "对象类型", "对象", "所属单位", "变更内容", "说明"]
    return attachment(write_table(title=_("审计日志"), headers=headers, rows=rows), _("审计日志.xlsx"))
