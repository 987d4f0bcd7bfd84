"""Statistics-table pages: a campaign's tables, defining one, a unit filling its report (in the browser or
by uploading the Excel template), and a subtree's totals with drill-down and the Excel export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.jobs.views import deliver_export
from fupin.lib.http import attachment
from fupin.lib.list_export import Column, wants_xlsx, xlsx_list
from fupin.lib.xlsx import SheetError
from fupin.orgs.permissions import access_unit
from fupin.orgs.policy import can, scope_q
from fupin.orgs.selectors import ancestors, roots_for

from ..deadlines import describe
from ..forms.stats import (
    AttachTableForm,
    StatColumnFormSet,
    StatReportForm,
    StatSheetForm,
    StatTableForm,
    TemplateChoiceForm,
)
from ..models import CampaignStatus
from ..permissions import access_campaign, access_requirement, access_stat_table, access_stat_task
from ..selectors import stats as selectors
from ..selectors.stat_totals import totals_page
from ..services import stats as services
from ..sources import SOURCES
from ..stat_export import stat_export_params, stat_export_rows
from ..stat_sheet import SheetCellErrors, import_report_sheet, report_template

STAT_TABLE_COLUMNS = (
    Column(gettext_lazy("统计表"), lambda t: t.title),
    Column(gettext_lazy("填报方式"), lambda t: t.get_row_mode_display()),
    Column(gettext_lazy("所属活动"), lambda t: t.campaign.title if t.campaign else ""),
    Column(gettext_lazy("栏目"), lambda t: "、".join(c.label for c in t.columns.all())),
    Column(gettext_lazy("已填报单位数"), lambda t: t.report_count),
    Column(gettext_lazy("填表说明"), lambda t: t.note),
)


@login_required
def stat_tables(request, pk):
    campaign = access_campaign(request.user, pk)
    if campaign.status == CampaignStatus.DRAFT and not can(request.user, "stat.view", campaign.unit.path):
        raise Http404
    if wants_xlsx(request):
        tables = selectors.campaign_stat_tables(campaign)
        return xlsx_list(scope=campaign.title, name=_("统计表"), columns=STAT_TABLE_COLUMNS, rows=tables)
    tables = list(selectors.campaign_stat_tables(campaign))
    can_define = can(request.user, "stat.define", campaign.unit.path)
    context = {
        "campaign": campaign,
        "tables": tables,
        "can_define": can_define,
        "my_tasks": selectors.my_stat_tasks(request.user, tables),
        "unattached": selectors.unattached_requirements(campaign) if can_define else [],
        "attach_form": AttachTableForm(tables=selectors.stat_table_choices(campaign)),
        "automatic": SOURCES.keys(),
    }
    return render(request, "campaigns/stat_tables.html", context)


@login_required
def stat_define(request, pk):
    campaign = access_campaign(request.user, pk, "stat.define")
    templates = selectors.ready_templates()
    form = TemplateChoiceForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            table = services.copy_template(by=request.user, campaign=campaign, template=form.cleaned_data["template"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已将「%(t)s」加入本活动") % {"t": table.title})
            return redirect("stat_tables", campaign.pk)
    context = {"campaign": campaign, "form": form, "templates": templates, "automatic": SOURCES.keys()}
    return render(request, "campaigns/stat_define.html", context)


@login_required
def stat_build(request, pk):
    campaign = access_campaign(request.user, pk, "stat.define")
    form = StatTableForm(request.POST or None)
    columns = StatColumnFormSet(request.POST or None, prefix="col")
    if request.method == "POST" and form.is_valid() and columns.is_valid():
        specs = [spec for f in columns if (spec := f.spec()) is not None]
        try:
            table = services.define_table(by=request.user, campaign=campaign, columns=specs, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已新建「%(t)s」") % {"t": table.title})
            return redirect("stat_tables", campaign.pk)
    return render(request, "campaigns/stat_build.html", {"campaign": campaign, "form": form, "columns": columns})


@login_required
@require_POST
def stat_attach(request, pk):
    requirement = access_requirement(request.user, pk, "stat.define")
    form = AttachTableForm(request.POST, tables=selectors.stat_table_choices(requirement.campaign))
    try:
        if not form.is_valid():
            raise ValidationError(_("请选择统计表"))
        services.attach_table(by=request.user, requirement=requirement, table=form.cleaned_data["table"])
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("「%(r)s」已设置统计表") % {"r": requirement.title})
    return redirect("stat_tables", requirement.campaign_id)


def _fill(request, task, form) -> bool:
    """Hand in what the form holds; False (with the reasons on the form) when something is wrong."""
    try:
        services.fill_report(by=request.user, task=task, rows=form.rows())
    except services.CellErrors as exc:
        form.add_cell_errors(exc.problems)
        form.add_error(None, _("有 %(n)d 处需要改正,未保存任何数据") % {"n": len(exc.problems)})
    except ValidationError as exc:
        form.add_error(None, exc.messages)
    else:
        return True
    return False


@login_required
def stat_fill(request, pk):
    task = access_stat_task(request.user, pk, "stat.view")
    sheet = selectors.report_sheet(task)
    can_fill = can(request.user, "stat.fill", task.unit.path) and not sheet.locked
    form = StatReportForm(sheet, request.POST if request.method == "POST" and can_fill else None)
    if form.is_bound and form.is_valid() and "more" not in request.POST and _fill(request, task, form):
        messages.success(request, _("已报送「%(t)s」") % {"t": sheet.table.title})
        return redirect("stat_fill", task.pk)
    context = {
        "task": task,
        "sheet": sheet,
        "form": form,
        "can_fill": can_fill,
        "due": describe(task.requirement.due_at),
    }
    return render(request, "campaigns/stat_fill.html", context)


@login_required
def stat_template(request, pk):
    task = access_stat_task(request.user, pk, "stat.view")
    content = report_template(selectors.report_sheet(task))
    return attachment(content, f"{task.requirement.stat_table.title}-{task.unit.name}.xlsx")


@login_required
def stat_import(request, pk):
    task = access_stat_task(request.user, pk, "stat.fill")
    form = StatSheetForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            import_report_sheet(by=request.user, task=task, data=form.cleaned_data["file"].read())
        except SheetCellErrors as exc:
            errors = exc.errors
        except (SheetError, ValidationError) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        else:
            messages.success(request, _("已导入并报送「%(t)s」") % {"t": task.requirement.stat_table.title})
            return redirect("stat_fill", task.pk)
    return render(request, "campaigns/stat_import.html", {"task": task, "form": form, "errors": errors})


def _totals_unit(request):
    """The unit whose subtree is shown: one the user may see (?unit=, for drill-down) or the user's own."""
    wanted = request.GET.get("unit", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        return access_unit(request.user, int(wanted), "stat.view")
    roots = roots_for(request.user)
    if not roots:
        raise Http404
    return roots[0]


@login_required
def stat_totals(request, pk):
    table = access_stat_table(request.user, pk)
    unit = _totals_unit(request)
    context = {
        "table": table,
        "page": totals_page(table, unit),
        "can_choose": table.campaign is not None and can(request.user, "stat.define", table.campaign.unit.path),
        "ancestors": ancestors(unit).filter(scope_q(request.user, "stat.view")),
    }
    return render(request, "campaigns/stat_totals.html", context)


@login_required
def stat_export(request, pk):
    table = access_stat_table(request.user, pk)
    unit = _totals_unit(request)
    rows, params = stat_export_rows(table, unit), stat_export_params(table, unit)
    title = _("%(t)s 汇总(%(u)s)") % {"t": table.title, "u": unit.name}
    return deliver_export(request, kind="stat_table", unit=unit, params=params, rows=rows, title=title)


@login_required
@require_POST
def stat_choose_figure(request, pk):
    table = access_stat_table(request.user, pk, "stat.define")
    unit = access_unit(request.user, request.POST.get("unit"))
    column = table.columns.filter(pk=request.POST.get("column") or 0).first()
    if column is None:
        raise Http404
    try:
        services.choose_figure(
            by=request.user, table=table, unit=unit, column=column, choice=request.POST.get("choice")
        )
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("已选定,合计和活动总结按此取数"))
    return redirect(reverse("stat_totals", args=[table.pk]) + f"?unit={request.POST.get('back') or unit.pk}")


urlpatterns = [
    path("campaigns/<int:pk>/stat-tables/", stat_tables, name="stat_tables"),
    path("campaigns/<int:pk>/stat-tables/new/", stat_define, name="stat_define"),
    path("campaigns/<int:pk>/stat-tables/build/", stat_build, name="stat_build"),
    path("requirements/<int:pk>/stat-table/", stat_attach, name="stat_attach"),
    path("tasks/<int:pk>/stat/", stat_fill, name="stat_fill"),
    path("tasks/<int:pk>/stat/template.xlsx", stat_template, name="stat_template"),
    path("tasks/<int:pk>/stat/import/", stat_import, name="stat_import"),
    path("stat-tables/<int:pk>/totals/", stat_totals, name="stat_totals"),
    path("stat-tables/<int:pk>/export.xlsx", stat_export, name="stat_export"),
    path("stat-tables/<int:pk>/choose/", stat_choose_figure, name="stat_choose_figure"),
]
