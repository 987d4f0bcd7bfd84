"""应助尽助 pages: coverage by school with the school's contact and a chart by county, the gap list, a reason
recorded for a student who is not aided, and the .xlsx of both lists (names and numbers masked)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import saved
from fupin.lib.list_export import Column, Sheet, names, wants_xlsx, xlsx_sheets
from fupin.orgs.policy import can_anywhere
from fupin.orgs.selectors import roots_for

from .coverage import coverage_by_county, coverage_by_school, gap_students
from .forms import ReturnForm
from .permissions import access_student
from .services.students import record_coverage_reason

SCHOOL_COLUMNS = [
    Column(_("县(区)"), lambda r: r.county),
    Column(_("学校"), lambda r: r.school.name),
    Column(_("联系人"), lambda r: r.school.contact_person),
    Column(_("联系电话"), lambda r: r.school.contact_phone),
    Column(_("建档立卡在读学生"), lambda r: r.registered),
    Column(_("已资助"), lambda r: r.aided),
    Column(_("已说明原因"), lambda r: r.explained),
    Column(_("缺口"), lambda r: r.gaps),
]
GAP_COLUMNS = [
    Column(_("学校"), lambda s: s.school.name),
    Column(_("姓名"), lambda s: s.name),
    Column(_("身份证号"), lambda s: s.id_masked),
    Column(_("学段"), lambda s: s.get_stage_display()),
    Column(_("年级"), lambda s: s.grade),
]


def _chart(counties):
    keys = [("aided", _("已资助")), ("explained", _("已说明原因")), ("gaps", _("缺口"))]
    return {
        "labels": list(counties),
        "series": [{"key": k, "label": str(label), "data": [t[k] for t in counties.values()]} for k, label in keys],
    }


@login_required
def aid_coverage(request):
    if not can_anywhere(request.user, "aid.view"):
        raise Http404
    rows, gaps = coverage_by_school(request.user), gap_students(request.user).select_related("school")
    if wants_xlsx(request):
        sheets = [Sheet(_("应助尽助(按学校)"), SCHOOL_COLUMNS, rows), Sheet(_("未资助学生"), GAP_COLUMNS, gaps)]
        return xlsx_sheets(names(roots_for(request.user)), sheets)
    counties = coverage_by_county(rows)
    context = {"rows": rows, "gaps": gaps[:300], "chart": _chart(counties), "form": ReturnForm()}
    context["can_manage"] = can_anywhere(request.user, "aid.manage")
    return render(request, "aid/aid_coverage.html", context)


@login_required
@require_POST
def coverage_reason(request, pk):
    student = access_student(request.user, pk, "aid.manage")
    form = ReturnForm(request.POST)
    if form.is_valid():
        saved(request, form, record_coverage_reason, _("已记录未资助原因"), student=student)
    return redirect("aid_coverage")


urlpatterns = [
    path("aid/coverage/", aid_coverage, name="aid_coverage"),
    path("aid/students/<int:pk>/coverage-reason/", coverage_reason, name="coverage_reason"),
]
