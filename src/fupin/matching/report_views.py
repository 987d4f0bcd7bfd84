"""The office's reports of a campaign: 微心愿 and 认领项目 per county (with a chart and .xlsx), and the project
claims against the deadline the notice sets (which units claimed, when, late or missing)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.lib.list_export import Column, Sheet, wants_xlsx, when, xlsx_sheets
from fupin.lib.list_export import yuan as xlsx_yuan

from . import reports
from .permissions import access_report_campaign

STATES = {
    "on_time": gettext_lazy("按时认领"),
    "late": gettext_lazy("逾期认领"),
    "missing": gettext_lazy("未认领"),
    "waiting": gettext_lazy("尚未认领"),
    "claimed": gettext_lazy("已认领"),
}

REPORT_COLUMNS = [
    Column(gettext_lazy("县(区)"), lambda r: r.label),
    Column(gettext_lazy("发布"), lambda r: r.posted),
    Column(gettext_lazy("审核通过"), lambda r: r.vetted),
    Column(gettext_lazy("被认领"), lambda r: r.ever_claimed),
    Column(gettext_lazy("已送达"), lambda r: r.fulfilled),
    Column(gettext_lazy("已实现"), lambda r: r.confirmed),
    Column(gettext_lazy("认领过期"), lambda r: r.expired),
    Column(gettext_lazy("已实现价值(元)"), lambda r: xlsx_yuan(r.confirmed_fen), "#,##0.00"),
    Column(gettext_lazy("项目"), lambda r: r.projects),
    Column(gettext_lazy("已有认领的项目"), lambda r: r.projects_claimed),
    Column(gettext_lazy("认领满额的项目"), lambda r: r.projects_funded),
    Column(gettext_lazy("项目认领金额(元)"), lambda r: xlsx_yuan(r.claimed_fen), "#,##0.00"),
]

DEADLINE_COLUMNS = [
    Column(gettext_lazy("单位"), lambda line: line.unit.name),
    Column(gettext_lazy("通知要求认领"), lambda line: _("是") if line.expected else _("否")),
    Column(gettext_lazy("首次认领时间"), lambda line: when(line.first_at)),
    Column(gettext_lazy("认领笔数"), lambda line: line.claims),
    Column(gettext_lazy("认领金额(元)"), lambda line: xlsx_yuan(line.amount_fen), "#,##0.00"),
    Column(gettext_lazy("情况"), lambda line: str(STATES[line.state])),
]


def _chart(report: reports.CountyReport) -> dict:
    rows = report.rows
    return {
        "labels": [r.label for r in rows],
        "series": [
            {"key": "approved", "label": str(_("已实现")), "data": [r.confirmed for r in rows]},
            {"key": "awaiting", "label": str(_("已送达待确认")), "data": [r.delivered for r in rows]},
            {"key": "explained", "label": str(_("认领中")), "data": [r.claimed_now for r in rows]},
            {"key": "pending", "label": str(_("待认领")), "data": [r.open for r in rows]},
        ],
    }


@login_required
def matching_report(request, pk):
    campaign = access_report_campaign(request.user, pk)
    root = reports.report_root(request.user, campaign)
    report = reports.county_report(campaign, root)
    if wants_xlsx(request):
        name = str(_("微心愿与认领项目统计"))
        return xlsx_sheets(f"{campaign.title} {root.name}", [Sheet(name, REPORT_COLUMNS, [*report.rows, report.total])])
    context = {"campaign": campaign, "root": root, "report": report, "chart": _chart(report)}
    return render(request, "matching/matching_report.html", context)


@login_required
def claims_deadline(request, pk):
    campaign = access_report_campaign(request.user, pk)
    root = reports.report_root(request.user, campaign)
    result = reports.claims_deadline(campaign, root, timezone.now())
    if wants_xlsx(request):
        due = [(_("截止时间"), when(result.due_at))] if result.due_at else []
        sheet = Sheet(str(_("项目认领情况")), DEADLINE_COLUMNS, result.lines, due)
        return xlsx_sheets(f"{campaign.title} {root.name}", [sheet])
    context = {"campaign": campaign, "root": root, "result": result, "states": STATES}
    return render(request, "matching/claims_deadline.html", context)


urlpatterns = [
    path("matching/campaigns/<int:pk>/report/", matching_report, name="matching_report"),
    path("matching/campaigns/<int:pk>/claims-deadline/", claims_deadline, name="claims_deadline"),
]
