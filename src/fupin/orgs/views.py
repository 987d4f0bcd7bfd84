"""Pages of the unit tree and its members. Thin: parse, authorise, call a service or selector, respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.jobs.selectors import recent_import_jobs
from fupin.jobs.views import queue_upload
from fupin.lib.forms import BackgroundSheetUploadForm, SheetUploadForm
from fupin.lib.http import add_errors, attachment
from fupin.lib.sheet_import import SheetRowErrors
from fupin.lib.xlsx import SheetError

from . import selectors, services
from .forms import AccountForm, GrantRoleForm, MoveUnitForm, UnitForm, UnitSearchForm
from .member_sheet import export_members, import_member_sheet
from .models import Membership, Role, Unit, User
from .permissions import access_membership, access_unit
from .policy import can, can_anywhere, scope_q
from .unit_sheet import export_units
from .workbench import panels_for


@login_required
def home(request):
    memberships = selectors.memberships_of(request.user)
    roots = selectors.roots_for(request.user)
    cards = [{"unit": u, "summary": selectors.subtree_summary(u)} for u in roots]
    context = {"memberships": memberships, "cards": cards, "panels": panels_for(request.user)}
    return render(request, "orgs/home.html", context)


def _searched_units(request):
    form = UnitSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_search(
        request.user, text=filters.get("q", ""), kind=filters.get("kind", ""), stage=filters.get("stage", "")
    )
    return form, units


@login_required
def unit_list(request):
    form, units = _searched_units(request)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    can_manage = can_anywhere(request.user, "unit.manage")
    return render(request, "orgs/unit_list.html", {"form": form, "page": page, "can_manage": can_manage})


@login_required
def export_unit_sheet(request):
    _form, units = _searched_units(request)
    return attachment(export_units(units), _("单位名册.xlsx"))


@login_required
def unit_detail(request, pk):
    unit = access_unit(request.user, pk)
    context = {
        "unit": unit,
        "ancestors": selectors.ancestors(unit).filter(scope_q(request.user, "unit.view")),
        "children": selectors.children_of(unit),
        "members": selectors.unit_members(request.user, unit),
        "summary": selectors.subtree_summary(unit),
        "can_manage": can(request.user, "unit.manage", unit.path),
        "can_manage_members": can(request.user, "member.manage", unit.path),
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def unit_create(request, pk):
    parent = access_unit(request.user, pk, "unit.manage")
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(by=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已新增单位「%(n)s」") % {"n": unit.name})
            return redirect("unit_detail", unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "parent": parent})


@login_required
def unit_edit(request, pk):
    unit = access_unit(request.user, pk, "unit.manage")
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("unit_detail", unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
def move_unit(request, pk):
    unit = access_unit(request.user, pk, "unit.manage")
    form = MoveUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = (
            Unit.objects.filter(scope_q(request.user, "unit.manage"))
            .filter(code=form.cleaned_data["parent_code"].strip())
            .first()
        )
        try:
            if target is None:
                raise ValidationError({"parent_code": [_("找不到该代码的单位,或不在您的管辖范围内")]})
            services.move_unit(by=request.user, unit=unit, new_parent=target)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("已将「%(n)s」及其下级单位移到「%(p)s」之下") % {"n": unit.name, "p": target.name}
            )
            return redirect("unit_detail", unit.pk)
    return render(request, "orgs/move_unit.html", {"form": form, "unit": unit})


def _imported(request, importer):
    """Run an all-or-nothing sheet import from the upload: (form, the problems found, the result)."""
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, [], None
    upload = form.cleaned_data["file"]
    try:
        return form, [], importer(by=request.user, data=upload.read(), filename=upload.name)
    except SheetError as exc:
        return form, [str(exc)], None
    except SheetRowErrors as exc:
        return form, exc.errors, None


@login_required
def import_units(request):
    if not can_anywhere(request.user, "unit.manage"):
        raise Http404
    form = BackgroundSheetUploadForm(request.POST or None, request.FILES or None)
    if (queued := queue_upload(request, "unit_sheet", form)) is not None:
        return queued
    context = {"form": form, "recent_jobs": recent_import_jobs(request.user, "unit_sheet")}
    return render(request, "orgs/import_units.html", context)


@login_required
def import_members(request):
    if not can_anywhere(request.user, "member.manage"):
        raise Http404
    form, errors, result = _imported(request, import_member_sheet)
    if result is not None:
        return render(request, "orgs/import_members_done.html", {"result": result, "roles": Role.choices})
    return render(request, "orgs/import_members.html", {"form": form, "errors": errors})


@login_required
def export_member_sheet(request):
    if not can_anywhere(request.user, "member.view"):
        raise Http404
    memberships = Membership.objects.filter(scope_q(request.user, "member.view", "unit__path"))
    return attachment(export_members(memberships), _("人员名册.xlsx"))


@login_required
def member_create(request, pk):
    unit = access_unit(request.user, pk, "member.manage")
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.create_account(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return render(
                request, "orgs/temporary_password.html", {"account": user, "password": password, "unit": unit}
            )
    return render(request, "orgs/member_form.html", {"form": form, "unit": unit})


@login_required
def grant_role(request, pk):
    unit = access_unit(request.user, pk, "member.manage")
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = User.objects.filter(username=form.cleaned_data["username"].strip()).first()
        if account is None:
            form.add_error("username", _("没有这个账号"))
        else:
            services.grant_role(by=request.user, user=account, unit=unit, role=form.cleaned_data["role"])
            messages.success(request, _("已授予角色"))
            return redirect("unit_detail", unit.pk)
    return render(request, "orgs/member_form.html", {"form": form, "unit": unit, "grant": True})


@login_required
@require_POST
def revoke_role(request, pk):
    membership = access_membership(request.user, pk)
    services.revoke_role(by=request.user, membership=membership)
    messages.success(request, _("已撤销「%(m)s」") % {"m": membership})
    return redirect("unit_detail", membership.unit_id)


@login_required
@require_POST
def reset_password(request, pk):
    membership = access_membership(request.user, pk)
    password = services.reset_password(by=request.user, user=membership.user)
    return render(
        request,
        "orgs/temporary_password.html",
        {"account": membership.user, "password": password, "unit": membership.unit},
    )
