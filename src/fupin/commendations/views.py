"""选树典型 pages: a unit nominates an advanced individual or collective with deeds, photos and evidence and
submits it; the office above reviews it (selected, not selected or returned, with the reason) and forwards what
it selected to the office above. Commendation lists are in list_views, the public pages in public_views."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from fupin.campaigns.selectors.campaigns import visible_campaigns
from fupin.lib.http import acted, flash_form_errors, saved
from fupin.lib.list_export import Column, names, wants_xlsx, xlsx_list
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import roots_for

from . import list_views, public_views, selectors, services
from .forms import (
    EvidenceForm,
    LibraryPhotoForm,
    NewNominationForm,
    NominationForm,
    NominationPhotoForm,
    OfficeForm,
    ReviewForm,
)
from .models import NominationStatus
from .permissions import access_evidence, access_nomination

NOMINATION_COLUMNS = [
    Column(_l("姓名或名称"), lambda n: n.name),
    Column(_l("类别"), lambda n: n.get_category_display()),
    Column(_l("类型"), lambda n: n.get_kind_display()),
    Column(_l("所在单位"), lambda n: n.nominee_unit),
    Column(_l("推荐单位"), lambda n: n.unit.name),
    Column(_l("状态"), lambda n: n.get_status_display()),
    Column(_l("审核单位"), lambda n: n.office.name if n.office else ""),
    Column(_l("审核意见"), lambda n: n.reason),
    Column(_l("上报至"), lambda n: n.forwarded_to.name if n.forwarded_to else ""),
    Column(_l("先进事迹"), lambda n: n.deeds),
]


@login_required
def nomination_list(request):
    if not can_anywhere(request.user, "commendations.view"):
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in NominationStatus.values else ""
    nominations = selectors.visible_nominations(request.user, status=status).order_by("-created_at", "-pk")
    if wants_xlsx(request):
        scope = names(roots_for(request.user))
        return xlsx_list(scope=scope, name=_("先进典型推荐"), columns=NOMINATION_COLUMNS, rows=nominations)
    context = {
        "nominations": nominations[:300],
        "status": status,
        "statuses": NominationStatus.choices,
        "awaiting": selectors.awaiting_review(request.user)[:300],
        "forwarded": selectors.forwarded_to_me(request.user)[:300],
        "can_nominate": can_anywhere(request.user, "commendations.nominate"),
        "can_publish": can_anywhere(request.user, "commendations.publish"),
    }
    return render(request, "commendations/nomination_list.html", context)


@login_required
def nomination_create(request):
    units = selectors.nominating_units(request.user)
    if not units.exists():
        raise Http404
    campaigns = visible_campaigns(request.user)
    form = NewNominationForm(request.POST or None, units=units, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        if made := saved(request, form, services.nominate, _("已保存推荐,可继续添加照片和证明材料")):
            return redirect("honour_nomination_detail", made.pk)
    return render(request, "commendations/nomination_form.html", {"form": form})


@login_required
def nomination_edit(request, pk):
    nomination = access_nomination(request.user, pk, "commendations.nominate")
    initial = {f: getattr(nomination, f) for f in ("category", "kind", "name", "nominee_unit", "deeds")}
    form = NominationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.update_nomination, _("已修改推荐"), nomination=nomination):
            return redirect("honour_nomination_detail", nomination.pk)
    return render(request, "commendations/nomination_form.html", {"form": form, "nomination": nomination})


@login_required
def nomination_detail(request, pk):
    nomination = access_nomination(request.user, pk)
    offices = selectors.reviewing_offices(request.user, nomination)
    can_edit = nomination.is_editable and can(request.user, "commendations.nominate", nomination.unit.path)
    context = {
        "nomination": nomination,
        "photos": selectors.nomination_photos(nomination),
        "evidence": nomination.evidence.all(),
        "can_edit": can_edit,
        "library_form": _library_form(request, nomination) if can_edit else None,
        "review_form": ReviewForm(offices=offices) if nomination.status == "submitted" and offices else None,
        "can_forward": _may_forward(nomination, offices),
        "entries": nomination.entries.filter(commendation_list__published_at__isnull=False),
    }
    return render(request, "commendations/nomination_detail.html", context)


def _library_form(request, nomination, data=None):
    photos = selectors.library_choices(request.user, nomination)
    return LibraryPhotoForm(data, photos=photos) if data is not None or photos.exists() else None


@login_required
@require_POST
def nomination_photo_pick(request, pk):
    nomination = access_nomination(request.user, pk, "commendations.nominate")
    form = _library_form(request, nomination, request.POST)
    picked = form.is_valid() and saved(request, form, services.attach_library_photo, _("已选用"), nomination=nomination)
    if not picked:
        flash_form_errors(request, form, _("选用照片"))
    return redirect("honour_nomination_detail", nomination.pk)


def _may_forward(nomination, offices) -> bool:
    return nomination.status == "selected" and not nomination.forwarded_to_id and nomination.office in offices


def _upload(request, pk, form_class, service, success):
    nomination = access_nomination(request.user, pk, "commendations.nominate")
    initial = {"taken_on": timezone.localdate()}
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, service, success, nomination=nomination):
            return redirect("honour_nomination_detail", nomination.pk)
    return render(request, "commendations/upload_form.html", {"form": form, "nomination": nomination})


@login_required
def nomination_photo_add(request, pk):
    return _upload(request, pk, NominationPhotoForm, services.add_nomination_photo, _("已添加照片"))


@login_required
def nomination_evidence_add(request, pk):
    return _upload(request, pk, EvidenceForm, services.add_evidence, _("已上传证明材料"))


@login_required
def evidence_file(request, pk):
    evidence = access_evidence(request.user, pk)
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.name)


@login_required
@require_POST
def nomination_submit(request, pk):
    nomination = access_nomination(request.user, pk, "commendations.nominate")
    acted(request, services.submit_nomination, _("已报送上级审核"), nomination=nomination)
    return redirect("honour_nomination_detail", nomination.pk)


@login_required
@require_POST
def nomination_review(request, pk):
    nomination = access_nomination(request.user, pk, "commendations.review")
    form = ReviewForm(request.POST, offices=selectors.reviewing_offices(request.user, nomination))
    if not form.is_valid() or not saved(request, form, services.review_nomination, _("已审核"), nomination=nomination):
        flash_form_errors(request, form, _("审核"))
    return redirect("honour_nomination_detail", nomination.pk)


@login_required
@require_POST
def nomination_forward(request, pk):
    nomination = access_nomination(request.user, pk, "commendations.review")
    form = OfficeForm(request.POST, offices=selectors.reviewing_offices(request.user, nomination))
    forwarded = form.is_valid() and saved(
        request, form, services.forward_nomination, _("已上报"), nomination=nomination
    )
    if not forwarded:
        flash_form_errors(request, form, _("上报"))
    return redirect("honour_nomination_detail", nomination.pk)


urlpatterns = [
    path("honours/nominations/", nomination_list, name="honour_nomination_list"),
    path("honours/nominations/new/", nomination_create, name="honour_nomination_create"),
    path("honours/nominations/<int:pk>/", nomination_detail, name="honour_nomination_detail"),
    path("honours/nominations/<int:pk>/edit/", nomination_edit, name="nomination_edit"),
    path("honours/nominations/<int:pk>/photo/", nomination_photo_add, name="nomination_photo_add"),
    path("honours/nominations/<int:pk>/pick/", nomination_photo_pick, name="nomination_photo_pick"),
    path("honours/nominations/<int:pk>/evidence/", nomination_evidence_add, name="nomination_evidence_add"),
    path("honours/nominations/<int:pk>/submit/", nomination_submit, name="nomination_submit"),
    path("honours/nominations/<int:pk>/review/", nomination_review, name="nomination_review"),
    path("honours/nominations/<int:pk>/forward/", nomination_forward, name="nomination_forward"),
    path("honours/evidence/<int:pk>/", evidence_file, name="evidence_file"),
    *list_views.urlpatterns,
    *public_views.urlpatterns,
]
