"""The student registry's pages: list (masked, .xlsx masked unless permitted), one student with the history
of every change, register, update, import, the 工作台帐, and the logged 「查看完整」 action."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.jobs.selectors import recent_import_jobs
from fupin.jobs.views import queue_upload
from fupin.lib.http import attachment, flash_form_errors, saved
from fupin.lib.list_export import MAX_ROWS, Column, names, wants_xlsx, when, xlsx_list
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import roots_for

from . import selectors, student_sheet
from .forms import EvidenceForm, StudentForm, StudentUpdateForm, StudentUploadForm
from .models import StudentCategory
from .permissions import access_evidence, access_student
from .services import evidence as evidence_services
from .services import students as services


def _columns(number):
    return [
        Column(_("学校"), lambda s: s[0].school.name),
        Column(_("姓名"), lambda s: s[0].name),
        Column(_("身份证号"), number),
        Column(_("学段"), lambda s: s[0].get_stage_display()),
        Column(_("年级"), lambda s: s[0].grade),
        Column(_("新生"), lambda s: _("是") if s[0].is_new_student else _("否")),
        Column(_("就读状态"), lambda s: s[0].get_enrolment_display()),
        Column(_("资助类别"), lambda s: "、".join(s[0].category_labels())),
        Column(_("困难等级"), lambda s: s[0].get_difficulty_display()),
    ]


COLUMNS = _columns(lambda s: s[0].id_masked)
FULL_COLUMNS = _columns(lambda s: s[1])
LEDGER_COLUMNS = [
    Column(_("时间"), lambda c: when(c.recorded_at)),
    Column(_("学校"), lambda c: c.student.school.name),
    Column(_("学生"), lambda c: c.student.name),
    Column(_("身份证号"), lambda c: c.student.id_masked),
    Column(_("变更内容"), lambda c: ";".join(f"{label}:{old} → {new}" for label, old, new in c.lines())),
    Column(_("说明"), lambda c: c.note),
    Column(_("操作人"), lambda c: c.recorded_by.name if c.recorded_by else ""),
]


def _export(request, students):
    """Masked, or with the full numbers for those allowed (`full=1`), that export being logged."""
    scope = names(roots_for(request.user))
    if request.GET.get("full") == "1" and can_anywhere(request.user, "aid.reveal"):
        rows = services.export_student_ids(by=request.user, students=students, limit=MAX_ROWS)
        return xlsx_list(scope=scope, name=_("受助学生(完整身份证号)"), columns=FULL_COLUMNS, rows=rows)
    return xlsx_list(scope=scope, name=_("受助学生"), columns=COLUMNS, rows=[(s, "") for s in students[:MAX_ROWS]])


@login_required
def student_list(request):
    if not can_anywhere(request.user, "aid.view"):
        raise Http404
    text, category = request.GET.get("q", "").strip()[:60], request.GET.get("category", "")
    students = selectors.visible_students(request.user, text=text, category=category)
    if wants_xlsx(request):
        return _export(request, students)
    context = {"students": students[:500], "q": text, "category": category, "categories": StudentCategory.choices}
    context["can_manage"] = can_anywhere(request.user, "aid.manage")
    context["can_reveal"] = can_anywhere(request.user, "aid.reveal")
    return render(request, "aid/student_list.html", context)


@login_required
def student_detail(request, pk):
    student = access_student(request.user, pk)
    initial = {k: getattr(student, k) for k in StudentUpdateForm.base_fields if k != "note"}
    context = {
        "student": student,
        "history": selectors.student_history(student),
        "can_manage": can(request.user, "aid.manage", student.school.path),
        "can_reveal": can(request.user, "aid.reveal", student.school.path),
        "form": StudentUpdateForm(initial=initial),
        "evidence": selectors.student_evidence(student),
        "pairings": selectors.pairings_of(student),
        "evidence_form": EvidenceForm(categories=student.categories),
    }
    return render(request, "aid/student_detail.html", context)


@login_required
@require_POST
def student_evidence_add(request, pk):
    student = access_student(request.user, pk, "aid.manage")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and saved(
        request, form, evidence_services.add_student_evidence, _("已上传证明材料"), student=student
    ):
        return redirect("student_detail", student.pk)
    flash_form_errors(request, form, _("上传证明材料"))
    return redirect("student_detail", student.pk)


@login_required
def student_evidence_file(request, pk):
    evidence = evidence_services.open_student_evidence(by=request.user, evidence=access_evidence(request.user, pk))
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.name)


@login_required
@require_POST
def student_reveal(request, pk):
    student = access_student(request.user, pk, "aid.reveal")
    number = services.reveal_student_id(by=request.user, student=student)
    return render(request, "aid/student_reveal.html", {"student": student, "number": number})


@login_required
def student_create(request):
    schools = selectors.schools_for(request.user)
    if not schools.exists():
        raise Http404
    form = StudentForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        if student := saved(request, form, services.register_student, _("已登记学生")):
            return redirect("student_detail", student.pk)
    return render(request, "aid/student_form.html", {"form": form})


@login_required
@require_POST
def student_update(request, pk):
    student = access_student(request.user, pk, "aid.manage")
    form = StudentUpdateForm(request.POST)
    if form.is_valid() and saved(request, form, services.update_student, _("已更新学生信息"), student=student):
        return redirect("student_detail", student.pk)
    flash_form_errors(request, form, _("更新学生信息"))
    return redirect("student_detail", student.pk)


@login_required
def student_import(request):
    if not can_anywhere(request.user, "aid.manage"):
        raise Http404
    if request.GET.get("template"):
        return attachment(student_sheet.student_template(), _("受助学生台帐模板.xlsx"))
    form = StudentUploadForm(request.POST or None, request.FILES or None)
    if (queued := queue_upload(request, "student_sheet", form)) is not None:
        return queued
    context = {
        "form": form,
        "columns": student_sheet.COLUMNS,
        "recent_jobs": recent_import_jobs(request.user, "student_sheet"),
    }
    return render(request, "aid/student_import.html", context)


@login_required
def student_ledger(request):
    if not can_anywhere(request.user, "aid.view"):
        raise Http404
    changes = selectors.ledger_changes(request.user)
    if wants_xlsx(request):
        scope = names(roots_for(request.user))
        return xlsx_list(scope=scope, name=_("受助学生工作台帐"), columns=LEDGER_COLUMNS, rows=changes)
    return render(request, "aid/student_ledger.html", {"changes": changes[:300]})


urlpatterns = [
    path("aid/students/", student_list, name="student_list"),
    path("aid/students/new/", student_create, name="student_create"),
    path("aid/students/import/", student_import, name="student_import"),
    path("aid/students/ledger/", student_ledger, name="student_ledger"),
    path("aid/students/<int:pk>/", student_detail, name="student_detail"),
    path("aid/students/<int:pk>/reveal/", student_reveal, name="student_reveal"),
    path("aid/students/<int:pk>/update/", student_update, name="student_update"),
    path("aid/students/<int:pk>/evidence/", student_evidence_add, name="student_evidence_add"),
    path("aid/evidence/<int:pk>/", student_evidence_file, name="student_evidence_file"),
]
