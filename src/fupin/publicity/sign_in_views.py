"""QR sign-in for larger events: the organiser opens sign-in and shows the QR code; each participant scans it on
a phone and counts themselves in (no account needed)."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import saved

from . import services
from .forms import SignInForm
from .models import Event
from .permissions import access_event


@login_required
@require_POST
def event_sign_in_open(request, pk):
    event = access_event(request.user, pk, "publicity.record")
    services.open_sign_in(by=request.user, event=event)
    messages.success(request, _("已开启扫码签到"))
    return redirect("event_detail", event.pk)


@login_required
def event_qr(request, pk):
    event = access_event(request.user, pk)
    if not event.sign_in_token:
        raise Http404
    url = request.build_absolute_uri(reverse("event_sign_in", args=[event.sign_in_token]))
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, title=event.title)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def event_sign_in(request, token):
    event = Event.objects.filter(sign_in_token=token).exclude(sign_in_token="").select_related("unit").first()
    if event is None:
        raise Http404
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, _sign_in, _("签到成功"), event=event):
            return render(request, "publicity/sign_in_done.html", {"event": event})
    return render(request, "publicity/sign_in.html", {"event": event, "form": form})


def _sign_in(*, by, **kwargs):
    """The participant is not signed in to the site: the sign-in records no account."""
    return services.sign_in(**kwargs)


urlpatterns = [
    path("events/<int:pk>/sign-in/open/", event_sign_in_open, name="event_sign_in_open"),
    path("events/<int:pk>/qr.svg", event_qr, name="event_qr"),
    path("events/sign-in/<str:token>/", event_sign_in, name="event_sign_in"),
]
