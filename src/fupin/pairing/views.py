"""Pairing pages: the list, one pairing with its visits, entering and ending a pairing, the cadre's own
households, recording a visit on a phone, and the coverage of the 行动月."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.jobs.selectors import recent_import_jobs
from fupin.jobs.views import queue_upload
from fupin.lib.forms import BackgroundSheetUploadForm
from fupin.lib.http import attachment, saved
from fupin.lib.list_export import names, wants_xlsx, xlsx_list, xlsx_sheets
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import roots_for

from . import columns, pairing_sheet, selectors, services
from .coverage_views import coverage, coverage_unit
from .forms import EndPairingForm, PairingForm, VisitForm
from .models import PairingKind, VisitKind
from .permissions import access_pairing, access_visit, access_visit_photo

VISIT_KINDS = {
    PairingKind.CADRE_HOUSEHOLD: [VisitKind.HOME_VISIT, VisitKind.LEADER_VISIT],
    PairingKind.UNIT_VILLAGE: [VisitKind.LEADER_VISIT],
    PairingKind.ENTERPRISE_VILLAGE: [VisitKind.LEADER_VISIT],
    PairingKind.SCHOOL_SCHOOL: [VisitKind.JOINT_ACTIVITY, VisitKind.LEADER_VISIT],
    PairingKind.STUDENT_STUDENT: [VisitKind.LEADER_VISIT],
}


@login_required
def pairing_list(request):
    if not can_anywhere(request.user, "pairing.view"):
        raise Http404
    kind = request.GET.get("kind", "")
    pairings = selectors.visible_pairings(request.user, kind=kind if kind in PairingKind.values else "")
    if wants_xlsx(request):
        return xlsx_list(scope=names(roots_for(request.user)), name=_("结对"), columns=columns.PAIRINGS, rows=pairings)
    context = {"pairings": pairings[:500], "kind": kind, "kinds": PairingKind.choices}
    context["can_manage"] = can_anywhere(request.user, "pairing.manage")
    return render(request, "pairing/pairing_list.html", context)


@login_required
def pairing_create(request):
    units = selectors.pairing_units(request.user)
    if not units.exists():
        raise Http404
    form = PairingForm(
        request.POST or None,
        units=units,
        cadres=selectors.pairing_cadres(request.user),
        households=selectors.pairable_households(request.user),
        partners=selectors.partner_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        if pairing := saved(request, form, services.create_pairing, _("已建立结对")):
            return redirect("pairing_detail", pairing.pk)
    return render(request, "pairing/pairing_form.html", {"form": form})


@login_required
def pairing_import(request):
    if not can_anywhere(request.user, "pairing.manage"):
        raise Http404
    if request.GET.get("template"):
        return attachment(pairing_sheet.pairing_template(), _("干部包户结对模板.xlsx"))
    form = BackgroundSheetUploadForm(request.POST or None, request.FILES or None)
    if (queued := queue_upload(request, "cadre_pairing", form)) is not None:
        return queued
    context = {
        "form": form,
        "columns": pairing_sheet.COLUMNS,
        "recent_jobs": recent_import_jobs(request.user, "cadre_pairing"),
    }
    return render(request, "pairing/pairing_import.html", context)


@login_required
def pairing_detail(request, pk):
    pairing = access_pairing(request.user, pk)
    context = {
        "pairing": pairing,
        "visits": selectors.pairing_visits(pairing),
        "history": selectors.household_pairings(pairing),
        "may_record": services.may_record(request.user, pairing),
        "can_manage": can(request.user, "pairing.manage", pairing.unit.path) and pairing.ended_on is None,
        "can_view": can_anywhere(request.user, "pairing.view"),
        "end_form": EndPairingForm(initial={"ended_on": timezone.localdate()}),
    }
    return render(request, "pairing/pairing_detail.html", context)


@login_required
@require_POST
def pairing_end(request, pk):
    pairing = access_pairing(request.user, pk, "pairing.manage")
    form = EndPairingForm(request.POST)
    if form.is_valid() and saved(request, form, services.end_pairing, _("已结束结对"), pairing=pairing):
        return redirect("pairing_detail", pairing.pk)
    return render(request, "pairing/pairing_end.html", {"pairing": pairing, "form": form})


@login_required
def my_pairings(request):
    pairings = selectors.my_pairings(request.user)
    if wants_xlsx(request):
        return xlsx_sheets(request.user.name, [columns.my_sheet(pairings)])
    return render(request, "pairing/my_pairings.html", {"pairings": pairings, "today": timezone.localdate()})


@login_required
def visit_create(request, pk):
    pairing = access_pairing(request.user, pk)
    if not services.may_record(request.user, pairing):
        raise Http404
    initial = {"visited_on": timezone.localdate(), "visitors": request.user.name or request.user.username}
    form = VisitForm(request.POST or None, request.FILES or None, kinds=VISIT_KINDS[pairing.kind], initial=initial)
    if request.method == "POST" and form.is_valid():
        if visit := saved(request, form, services.record_visit, _("已登记走访"), pairing=pairing):
            return redirect("visit_detail", visit.pk)
    return render(request, "pairing/visit_form.html", {"form": form, "pairing": pairing})


@login_required
def visit_detail(request, pk):
    visit = access_visit(request.user, pk)
    return render(request, "pairing/visit_detail.html", {"visit": visit, "pairing": visit.pairing})


@login_required
def visit_photo(request, pk):
    photo = access_visit_photo(request.user, pk)
    return FileResponse(photo.file.open("rb"), content_type="image/jpeg")


urlpatterns = [
    path("pairings/", pairing_list, name="pairing_list"),
    path("pairings/new/", pairing_create, name="pairing_create"),
    path("pairings/mine/", my_pairings, name="my_pairings"),
    path("pairings/import/", pairing_import, name="pairing_import"),
    path("pairings/coverage/", coverage, name="coverage"),
    path("pairings/coverage/<int:pk>/", coverage_unit, name="coverage_unit"),
    path("pairings/<int:pk>/", pairing_detail, name="pairing_detail"),
    path("pairings/<int:pk>/end/", pairing_end, name="pairing_end"),
    path("pairings/<int:pk>/visits/new/", visit_create, name="visit_create"),
    path("visits/<int:pk>/", visit_detail, name="visit_detail"),
    path("visits/photos/<int:pk>/", visit_photo, name="visit_photo"),
]
