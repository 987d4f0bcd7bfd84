"""The registry's pages: list (masked, .xlsx masked), one household, register, members, status, import, and
the one 「查看完整」 action that shows the 身份证号 in full and logs it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.jobs.selectors import recent_import_jobs
from fupin.jobs.views import queue_upload
from fupin.lib.http import attachment, flash_form_errors, saved
from fupin.lib.list_export import MAX_ROWS, Column, names, wants_xlsx, xlsx_list
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import roots_for

from . import ledger_sheet, selectors, services
from .forms import HouseholdForm, LedgerUploadForm, MemberForm, StatusForm
from .models import Category
from .permissions import access_household

COLUMNS = [
    Column(_("所在村"), lambda h: h.village.name),
    Column(_("户主姓名"), lambda h: h.head_name),
    Column(_("户主身份证号"), lambda h: h.head_id_masked),
    Column(_("户类别"), lambda h: h.get_category_display()),
    Column(_("致贫原因"), lambda h: "、".join(h.cause_labels())),
    Column(_("状态"), lambda h: h.get_status_display()),
    Column(_("家庭人口"), lambda h: h.member_count),
]

PAGE_SIZE = 50  # households a page of the list shows

FULL_COLUMNS = [
    Column(_("所在村"), lambda pair: pair[0].village.name),
    Column(_("户主姓名"), lambda pair: pair[0].head_name),
    Column(_("户主身份证号"), lambda pair: pair[1]),
    Column(_("户类别"), lambda pair: pair[0].get_category_display()),
    Column(_("致贫原因"), lambda pair: "、".join(pair[0].cause_labels())),
    Column(_("状态"), lambda pair: pair[0].get_status_display()),
    Column(_("家庭人口"), lambda pair: pair[0].member_count),
]


def _export(request, households):
    """Masked, or with the full numbers for those allowed (`full=1`), that export being logged."""
    scope = names(roots_for(request.user))
    if request.GET.get("full") == "1" and can_anywhere(request.user, "household.reveal"):
        rows = services.export_id_numbers(by=request.user, households=households, limit=MAX_ROWS)
        return xlsx_list(scope=scope, name=_("帮扶户(完整身份证号)"), columns=FULL_COLUMNS, rows=rows)
    return xlsx_list(scope=scope, name=_("帮扶户"), columns=COLUMNS, rows=households)


@login_required
def household_list(request):
    if not can_anywhere(request.user, "household.view"):
        raise Http404
    text, category = request.GET.get("q", "").strip()[:60], request.GET.get("category", "")
    households = selectors.visible_households(request.user, text=text, category=category)
    if wants_xlsx(request):
        return _export(request, households)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": text, "category": category, "categories": Category.choices}
    context["can_manage"] = can_anywhere(request.user, "household.manage")
    context["can_reveal"] = can_anywhere(request.user, "household.reveal")
    return render(request, "households/household_list.html", context)


@login_required
def household_detail(request, pk):
    household = access_household(request.user, pk)
    path_ = household.village.path
    context = {
        "household": household,
        "members": selectors.household_members(household),
        "history": selectors.household_history(household),
        "can_manage": can(request.user, "household.manage", path_),
        "can_reveal": can(request.user, "household.reveal", path_),
        "member_form": MemberForm(),
        "status_form": StatusForm(),
    }
    return render(request, "households/household_detail.html", context)


@login_required
@require_POST
def household_reveal(request, pk):
    household = access_household(request.user, pk, "household.reveal")
    number = services.reveal_id_number(by=request.user, household=household)
    return render(request, "households/household_reveal.html", {"household": household, "number": number})


@login_required
def household_create(request):
    villages = selectors.villages_for(request.user)
    if not villages.exists():
        raise Http404
    form = HouseholdForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        if household := saved(request, form, services.register_household, _("已登记帮扶户")):
            return redirect("household_detail", household.pk)
    return render(request, "households/household_form.html", {"form": form})


@login_required
@require_POST
def household_member_add(request, pk):
    household = access_household(request.user, pk, "household.manage")
    form = MemberForm(request.POST)
    if form.is_valid() and saved(request, form, services.add_member, _("已添加家庭成员"), household=household):
        return redirect("household_detail", household.pk)
    flash_form_errors(request, form, _("添加家庭成员"))
    return redirect("household_detail", household.pk)


@login_required
@require_POST
def household_status(request, pk):
    household = access_household(request.user, pk, "household.manage")
    form = StatusForm(request.POST)
    if form.is_valid() and saved(request, form, services.record_status, _("已记录状态变化"), household=household):
        return redirect("household_detail", household.pk)
    flash_form_errors(request, form, _("记录状态变化"))
    return redirect("household_detail", household.pk)


@login_required
def household_import(request):
    if not can_anywhere(request.user, "household.manage"):
        raise Http404
    if request.GET.get("template"):
        return attachment(ledger_sheet.ledger_template(), _("帮扶户台账模板.xlsx"))
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if (queued := queue_upload(request, "household_ledger", form)) is not None:
        return queued
    context = {
        "form": form,
        "columns": ledger_sheet.COLUMNS,
        "recent_jobs": recent_import_jobs(request.user, "household_ledger"),
    }
    return render(request, "households/household_import.html", context)


urlpatterns = [
    path("households/", household_list, name="household_list"),
    path("households/new/", household_create, name="household_create"),
    path("households/import/", household_import, name="household_import"),
    path("households/<int:pk>/", household_detail, name="household_detail"),
    path("households/<int:pk>/reveal/", household_reveal, name="household_reveal"),
    path("households/<int:pk>/members/", household_member_add, name="household_member_add"),
    path("households/<int:pk>/status/", household_status, name="household_status"),
]
