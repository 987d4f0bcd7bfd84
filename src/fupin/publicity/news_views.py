"""信息报送 pages: units send news of their activities; the office reads them by date and unit and forwards the
best to the office above."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.campaigns.selectors.campaigns import visible_campaigns
from fupin.lib.http import saved
from fupin.orgs.policy import can_anywhere
from fupin.orgs.selectors import visible_units

from . import selectors, services
from .forms import ForwardForm, NewsFilterForm, NewsForm
from .permissions import access_news


@login_required
def news_list(request):
    if not can_anywhere(request.user, "publicity.view"):
        raise Http404
    form = NewsFilterForm(request.GET or None, units=visible_units(request.user))
    where = form.cleaned_data if form.is_valid() else {}
    context = {"form": form, "news": selectors.visible_news(request.user, **where)[:300]}
    context["can_record"] = can_anywhere(request.user, "publicity.record")
    return render(request, "publicity/news_list.html", context)


@login_required
def news_create(request):
    units = selectors.recording_units(request.user)
    if not units.exists():
        raise Http404
    form = NewsForm(request.POST or None, request.FILES or None, units=units, campaigns=visible_campaigns(request.user))
    if request.method == "POST" and form.is_valid():
        if item := saved(request, form, services.send_news, _("已报送信息")):
            return redirect("news_detail", item.pk)
    return render(request, "publicity/news_form.html", {"form": form})


def _offices_above(request, item):
    above = [int(pk) for pk in item.unit.path.split("/") if pk]
    return selectors.office_units(request.user).filter(pk__in=above).exclude(parent__isnull=True)


@login_required
def news_detail(request, pk):
    item = access_news(request.user, pk)
    context = {"item": item, "offices": _offices_above(request, item), "photos": item.photos.all()}
    context["forwards"] = item.forwards.select_related("office")
    return render(request, "publicity/news_detail.html", context)


@login_required
@require_POST
def news_forward(request, pk):
    item = access_news(request.user, pk)
    form = ForwardForm(request.POST, offices=_offices_above(request, item))
    if not form.is_valid():
        raise Http404
    saved(request, form, services.forward_news, _("已转报上级"), news_item=item)
    for message in form.non_field_errors():
        messages.error(request, message)
    return redirect("news_detail", item.pk)


urlpatterns = [
    path("news/", news_list, name="news_list"),
    path("news/new/", news_create, name="news_create"),
    path("news/<int:pk>/", news_detail, name="news_detail"),
    path("news/<int:pk>/forward/", news_forward, name="news_forward"),
]
