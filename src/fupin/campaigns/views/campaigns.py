"""Campaign pages: issue a campaign, its items, requirements and contacts; publish, copy, derive."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.lib.http import saved
from fupin.lib.list_export import Column, names, wants_xlsx, when, xlsx_list
from fupin.orgs.permissions import access_unit
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import roots_for

from ..deadlines import describe, resolve_deadline, unresolved_reason, year_warning
from ..forms.campaigns import CampaignForm, ContactForm, IssuingUnitForm, ItemForm, RequirementForm, YearForm
from ..permissions import access_campaign, access_item, access_requirement
from ..selectors import campaigns as selectors
from ..services import campaigns as services


def _link(name: str, *args) -> str | None:
    """A link to a page another part of the product provides, if it is there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


CAMPAIGN_COLUMNS = (
    Column(gettext_lazy("活动"), lambda c: c.title),
    Column(gettext_lazy("年度"), lambda c: c.year),
    Column(gettext_lazy("第几个扶贫日"), lambda c: c.edition),
    Column(gettext_lazy("发文单位"), lambda c: c.unit.name),
    Column(gettext_lazy("细化自"), lambda c: c.parent.unit.name if c.parent else ""),
    Column(gettext_lazy("活动内容(项)"), lambda c: c.item_count),
    Column(gettext_lazy("开始日期"), lambda c: when(c.starts_on)),
    Column(gettext_lazy("结束日期"), lambda c: when(c.ends_on)),
    Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
    Column(gettext_lazy("发布时间"), lambda c: when(c.published_at)),
)


@login_required
def campaign_list(request):
    campaigns = selectors.visible_campaigns(request.user).order_by("-year", "unit__path", "-id")
    if wants_xlsx(request):
        scope = names(roots_for(request.user))
        return xlsx_list(scope=scope, name=_("扶贫日活动"), columns=CAMPAIGN_COLUMNS, rows=campaigns)
    context = {
        "campaigns": campaigns,
        "can_issue": can_anywhere(request.user, "campaign.manage"),
        "import_url": _link("notice_import"),
    }
    return render(request, "campaigns/campaign_list.html", context)


@login_required
def campaign_create(request):
    units = selectors.issuing_units(request.user)
    if not units.exists():
        raise Http404
    form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year})
    unit_form = IssuingUnitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid() and unit_form.is_valid():
        unit = access_unit(request.user, unit_form.cleaned_data["unit"].pk, "campaign.manage")
        done = _("已创建活动草稿,请添加活动内容和报送要求")
        if campaign := saved(request, form, services.create_campaign, done, unit=unit):
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "unit_form": unit_form})


@login_required
def campaign_detail(request, pk):
    campaign = access_campaign(request.user, pk)
    context = {
        "campaign": campaign,
        "items": selectors.campaign_items(campaign),
        "requirements": selectors.campaign_requirements(campaign),
        "children": selectors.child_campaigns(request.user, campaign),
        "derivable": selectors.derivable_units(request.user, campaign),
        "can_manage": can(request.user, "campaign.manage", campaign.unit.path),
        "progress_url": _link("campaign_progress", campaign.pk),
        "stats_url": _link("stat_tables", campaign.pk),
        "plan_url": _link("campaign_plan_docx", campaign.pk),
        "summary_url": _link("unit_summary_docx", campaign.pk),
        "tasks_xlsx_url": _link("export_campaign_tasks", campaign.pk),
        "archive_url": _link("campaign_archive", campaign.pk) if can_anywhere(request.user, "archive.view") else None,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_edit(request, pk):
    campaign = access_campaign(request.user, pk, "campaign.manage")
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.update_campaign, _("已保存"), campaign=campaign):
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def item_create(request, pk):
    campaign = access_campaign(request.user, pk, "campaign.manage")
    form = ItemForm(request.POST or None, units=selectors.selectable_units(campaign))
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.add_item, _("已添加活动内容"), campaign=campaign):
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/item_form.html", {"form": form, "campaign": campaign})


@login_required
def item_edit(request, pk):
    item = access_item(request.user, pk)
    form = ItemForm(request.POST or None, instance=item, units=selectors.selectable_units(item.campaign))
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.update_item, _("已保存"), item=item):
            return redirect("campaign_detail", item.campaign_id)
    return render(request, "campaigns/item_form.html", {"form": form, "campaign": item.campaign, "item": item})


@login_required
def requirement_create(request, pk):
    campaign = access_campaign(request.user, pk, "campaign.manage")
    form = RequirementForm(request.POST or None, campaign=campaign, units=selectors.selectable_units(campaign))
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.add_requirement, _("已添加报送要求"), campaign=campaign):
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/requirement_form.html", {"form": form, "campaign": campaign})


@login_required
def requirement_edit(request, pk):
    requirement = access_requirement(request.user, pk, "campaign.manage")
    campaign = requirement.campaign
    initial = selectors.requirement_initial(requirement)
    units = selectors.selectable_units(campaign)
    form = RequirementForm(request.POST or None, campaign=campaign, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.update_requirement, _("已保存"), requirement=requirement):
            return redirect("campaign_detail", campaign.pk)
    context = {"form": form, "campaign": campaign, "requirement": requirement}
    return render(request, "campaigns/requirement_form.html", context)


@login_required
def contact_create(request, pk):
    campaign = access_campaign(request.user, pk, "campaign.manage")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.add_contact, _("已添加联系人"), campaign=campaign):
            return redirect("campaign_detail", campaign.pk)
    return render(request, "campaigns/contact_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def publish_campaign(request, pk):
    campaign = access_campaign(request.user, pk, "campaign.manage")
    try:
        given = services.publish_campaign(by=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("已发布,向各单位下发任务 %(n)d 项") % {"n": given})
    return redirect("campaign_detail", campaign.pk)


@login_required
@require_POST
def copy_campaign(request, pk):
    source = access_campaign(request.user, pk, "campaign.manage")
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("年度应在2014到2100之间"))
        return redirect("campaign_detail", source.pk)
    try:
        copy = services.copy_campaign(by=request.user, source=source, **form.cleaned_data)
    except ValidationError as exc:
        context = {"campaign": source, "year": form.cleaned_data["year"], "reasons": exc.messages}
        return render(request, "campaigns/campaign_copy_confirm.html", context)
    messages.success(request, _("已复制为%(y)d年的草稿,截止时间已顺延到当年") % {"y": copy.year})
    return redirect("campaign_detail", copy.pk)


@login_required
@require_POST
def derive_campaign(request, pk):
    parent = access_campaign(request.user, pk)
    unit = access_unit(request.user, request.POST.get("unit"), "campaign.manage")
    try:
        child = services.derive_child_campaign(by=request.user, parent=parent, unit=unit)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("campaign_detail", parent.pk)
    messages.success(request, _("已生成本单位的细化方案草稿,各项截止时间已提前,可修改后发布"))
    return redirect("campaign_detail", child.pk)


@login_required
def deadline_preview(request):
    """What a typed notice phrase resolves to, for the live preview beside the deadline box, with a warning
    when it lands outside the campaign's year."""
    try:
        year = int(request.GET.get("year", ""))
        if not 2014 <= year <= 2100:
            raise ValueError(year)
        anchor = date.fromisoformat(request.GET["anchor"]) if request.GET.get("anchor") else None
    except ValueError:
        year, anchor = timezone.localdate().year, None
    text, today = request.GET.get("text", "")[:100], timezone.localdate()
    deadline = resolve_deadline(text, year=year, anchor=anchor or date(year, 10, 17), today=today)
    if deadline is None:
        return JsonResponse({"ok": False, "text": unresolved_reason(text, year=year, today=today) or _("未识别出日期")})
    warning = deadline.warning or year_warning(deadline.at, year)
    return JsonResponse({"ok": True, "text": describe(deadline.at), "warning": warning})


urlpatterns = [
    path("campaigns/", campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_create, name="campaign_create"),
    path("campaigns/deadline-preview/", deadline_preview, name="deadline_preview"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/items/new/", item_create, name="item_create"),
    path("campaigns/<int:pk>/requirements/new/", requirement_create, name="requirement_create"),
    path("campaigns/<int:pk>/contacts/new/", contact_create, name="contact_create"),
    path("campaigns/<int:pk>/publish/", publish_campaign, name="publish_campaign"),
    path("campaigns/<int:pk>/copy/", copy_campaign, name="copy_campaign"),
    path("campaigns/<int:pk>/derive/", derive_campaign, name="derive_campaign"),
    path("items/<int:pk>/edit/", item_edit, name="item_edit"),
    path("requirements/<int:pk>/edit/", requirement_edit, name="requirement_edit"),
]
