"""Publicity pages: the photo library (upload, filter, one photo, choosing outstanding works and forwarding
them upward), events with their photos and media reports. Exhibitions are in exhibition_views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.campaigns.selectors.campaigns import visible_campaigns
from fupin.campaigns.selectors.tasks import task_file
from fupin.lib.http import flash_form_errors, saved
from fupin.orgs.models import Unit
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import visible_units

from . import banner_views, exhibition_views, handover_views, library, news_views, selectors, services, sign_in_views
from .forms import (
    EventForm,
    ForwardForm,
    MediaReportForm,
    PhotoFilterForm,
    PhotoForm,
    PublishableForm,
    SelectForm,
    TakeInForm,
)
from .permissions import access_event, access_photo


@login_required
def photo_list(request):
    if not can_anywhere(request.user, "publicity.view"):
        raise Http404
    campaigns = visible_campaigns(request.user)
    form = PhotoFilterForm(request.GET or None, units=visible_units(request.user), campaigns=campaigns)
    where = selectors.PhotoFilter(**form.cleaned_data) if form.is_valid() else None
    context = {"form": form, "photos": selectors.visible_photos(request.user, where)[:300]}
    handed_in = selectors.with_library_ids(list(selectors.handed_in_library(request.user, where)[:100]))
    context |= {"handed_in": handed_in, "take_form": TakeInForm()}
    context["can_record"] = can_anywhere(request.user, "publicity.record")
    context["can_take"] = selectors.office_units(request.user).exists()
    return render(request, "publicity/photo_list.html", context)


def _photo_form(request, initial):
    units = selectors.recording_units(request.user)
    if not units.exists():
        raise Http404
    events = selectors.visible_events(request.user)
    campaigns = visible_campaigns(request.user)
    return PhotoForm(
        request.POST or None, request.FILES or None, units=units, campaigns=campaigns, events=events, initial=initial
    )


@login_required
def photo_upload(request):
    initial = {"taken_on": timezone.localdate(), "event": request.GET.get("event")}
    form = _photo_form(request, initial)
    if request.method == "POST" and form.is_valid():
        if photo := saved(request, form, services.add_photo, _("已上传照片")):
            return redirect("event_detail", photo.event_id) if photo.event_id else redirect("photo_detail", photo.pk)
    return render(request, "publicity/photo_upload.html", {"form": form})


def _detail_context(request, photo, **forms):
    offices = selectors.office_units(request.user).filter(pk__in=_above(photo.unit))
    context = {"photo": photo, "selections": photo.selections.select_related("office")}
    context["select_form"] = SelectForm(offices=offices) if offices else None
    context["publishable_form"] = PublishableForm(offices=offices) if offices and not photo.may_be_public else None
    return context | forms


@login_required
def photo_detail(request, pk):
    photo = access_photo(request.user, pk)
    return render(request, "publicity/photo_detail.html", _detail_context(request, photo))


@login_required
@require_POST
def photo_mark_publishable(request, pk):
    photo = access_photo(request.user, pk)
    offices = selectors.office_units(request.user).filter(pk__in=_above(photo.unit))
    form = PublishableForm(request.POST, offices=offices)
    if form.is_valid() and saved(request, form, library.mark_publishable, _("已标为可公开"), photo=photo):
        return redirect("photo_detail", photo.pk)
    context = _detail_context(request, photo, publishable_form=form)
    return render(request, "publicity/photo_detail.html", context)


def _above(unit: Unit) -> list[int]:
    return [int(pk) for pk in unit.path.split("/") if pk]


@login_required
def photo_file(request, pk):
    photo = access_photo(request.user, pk)
    return FileResponse(photo.file.open("rb"), content_type="image/jpeg")


@login_required
def photo_thumbnail(request, pk):
    photo = access_photo(request.user, pk)
    return FileResponse(photo.thumbnail.open("rb"), content_type="image/jpeg")


@login_required
@require_POST
def photo_select(request, pk):
    photo = access_photo(request.user, pk)
    offices = selectors.office_units(request.user).filter(pk__in=_above(photo.unit))
    form = SelectForm(request.POST, offices=offices)
    if form.is_valid() and saved(request, form, services.select_photo, _("已选为优秀作品"), photo=photo):
        return redirect("selection_list")
    return render(request, "publicity/photo_detail.html", _detail_context(request, photo, select_form=form))


@login_required
@require_POST
def handed_in_take(request, pk):
    file = task_file(request.user, pk)
    office = selectors.nearest_office(request.user, file.submission.task.unit)
    if office is None:
        raise Http404
    form = TakeInForm(request.POST)
    taken = form.is_valid() and saved(
        request, form, library.take_in_handed_in_photo, _("已收入图片库"), office=office, file=file
    )
    if taken:
        return redirect("photo_detail", taken.pk)
    flash_form_errors(request, form, _("收入图片库"))
    return redirect("photo_list")


@login_required
def selection_list(request):
    offices = selectors.office_units(request.user)
    if not offices.exists():
        raise Http404
    rows = [
        {"office": o, "mine": selectors.selections_of(o), "below": selectors.forwarded_to(request.user, o)}
        for o in offices
    ]
    return render(request, "publicity/selection_list.html", {"rows": rows})


@login_required
@require_POST
def selection_forward(request):
    form = ForwardForm(request.POST, offices=selectors.office_units(request.user))
    if not form.is_valid():
        raise Http404
    try:
        count = services.forward_selections(by=request.user, office=form.cleaned_data["office"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已向上级上报 %(n)d 件优秀作品") % {"n": count})
    return redirect("selection_list")


@login_required
def event_list(request):
    if not can_anywhere(request.user, "publicity.view"):
        raise Http404
    context = {
        "events": selectors.visible_events(request.user)[:300],
        "reports": selectors.visible_reports(request.user)[:300],
        "can_record": can_anywhere(request.user, "publicity.record"),
    }
    return render(request, "publicity/event_list.html", context)


@login_required
def event_create(request):
    units = selectors.recording_units(request.user)
    if not units.exists():
        raise Http404
    initial = {"held_on": timezone.localdate()}
    form = EventForm(request.POST or None, units=units, campaigns=visible_campaigns(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        if event := saved(request, form, services.record_event, _("已登记活动")):
            return redirect("event_detail", event.pk)
    return render(request, "publicity/event_form.html", {"form": form})


@login_required
def event_detail(request, pk):
    event = access_event(request.user, pk)
    context = {
        "event": event,
        "photos": selectors.event_photos(event),
        "reports": selectors.event_reports(event),
        "handovers": selectors.event_handovers(event),
        "can_record": can(request.user, "publicity.record", event.unit.path),
    }
    return render(request, "publicity/event_detail.html", context)


@login_required
def media_report_create(request):
    units = selectors.recording_units(request.user)
    if not units.exists():
        raise Http404
    initial = {"published_on": timezone.localdate(), "event": request.GET.get("event")}
    events = selectors.visible_events(request.user)
    campaigns = visible_campaigns(request.user)
    form = MediaReportForm(
        request.POST or None, request.FILES or None, units=units, events=events, campaigns=campaigns, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        if report := saved(request, form, services.record_media_report, _("已登记媒体报道")):
            return redirect("event_detail", report.event_id) if report.event_id else redirect("event_list")
    return render(request, "publicity/media_report_form.html", {"form": form})


urlpatterns = [
    path("photos/", photo_list, name="photo_list"),
    path("photos/new/", photo_upload, name="photo_upload"),
    path("photos/selected/", selection_list, name="selection_list"),
    path("photos/handed-in/<int:pk>/take/", handed_in_take, name="handed_in_take"),
    path("photos/selected/forward/", selection_forward, name="selection_forward"),
    path("photos/<int:pk>/", photo_detail, name="photo_detail"),
    path("photos/<int:pk>/file/", photo_file, name="photo_file"),
    path("photos/<int:pk>/thumb/", photo_thumbnail, name="photo_thumbnail"),
    path("photos/<int:pk>/select/", photo_select, name="photo_select"),
    path("photos/<int:pk>/publishable/", photo_mark_publishable, name="photo_mark_publishable"),
    path("events/", event_list, name="event_list"),
    path("events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("reports/new/", media_report_create, name="media_report_create"),
    *exhibition_views.urlpatterns,
    *news_views.urlpatterns,
    *sign_in_views.urlpatterns,
    *handover_views.urlpatterns,
    *banner_views.urlpatterns,
]
