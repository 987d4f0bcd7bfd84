"""The coverage page: the 行动月 (or the period asked for) for one unit, drillable to its children, with a chart
and the .xlsx of both tables."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.list_export import Sheet, wants_xlsx, xlsx_sheets
from fupin.orgs.permissions import access_unit

from . import columns
from .coverage import Period
from .coverage import coverage as count_coverage
from .selectors import coverage_roots


def _period(request) -> tuple[Period, str]:
    default = Period.action_month(timezone.localdate())
    try:
        start = date.fromisoformat(request.GET.get("start") or default.start.isoformat())
        end = date.fromisoformat(request.GET.get("end") or default.end.isoformat())
    except ValueError:
        return default, _("日期格式应为 2026-10-01,已按行动月(10月1日至31日)统计")
    if end < start or (end - start).days > 366:
        return default, _("结束日期须不早于开始日期且不超过一年,已按行动月统计")
    return Period(start, end), ""


def _chart(result) -> dict:
    lines = result.units
    return {
        "labels": [t.label for t in lines],
        "series": [
            {"key": "visited", "label": str(_("已走访户")), "data": [t.visited_count for t in lines]},
            {"key": "unvisited", "label": str(_("未走访户")), "data": [t.unvisited for t in lines]},
        ],
    }


@login_required
def coverage(request):
    roots = coverage_roots(request.user)
    if not roots:
        raise Http404
    return redirect("coverage_unit", roots[0].pk)


@login_required
def coverage_unit(request, pk):
    unit = access_unit(request.user, pk, "pairing.view")
    period, problem = _period(request)
    result = count_coverage(unit, period, timezone.localdate())
    if wants_xlsx(request):
        span = f"{period.start:%Y-%m-%d}—{period.end:%Y-%m-%d}"
        sheets = [
            Sheet(str(_("各单位")), columns.coverage_columns(str(_("单位"))), result.units, [(_("期间"), span)]),
            Sheet(str(_("帮扶责任人")), columns.coverage_columns(str(_("帮扶责任人")), phone=True), result.cadres),
        ]
        return xlsx_sheets(unit.name + str(_("结对帮扶走访覆盖")), sheets)
    context = {"unit": unit, "result": result, "period": period, "problem": problem, "chart": _chart(result)}
    context["ancestors"] = [a for a in coverage_roots(request.user, within=unit) if a.pk != unit.pk]
    return render(request, "pairing/coverage.html", context)
