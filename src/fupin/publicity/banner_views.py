"""悬挂宣传标语: each unit records the banners and slogans it hung, with a photo; the office sees them by unit and
the statistics count them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.campaigns.selectors.campaigns import visible_campaigns
from fupin.lib.http import saved
from fupin.orgs.policy import can_anywhere

from . import selectors, services
from .forms import BannerForm


@login_required
def banner_list(request):
    if not can_anywhere(request.user, "publicity.view"):
        raise Http404
    context = {
        "banners": selectors.visible_banners(request.user)[:300],
        "can_record": can_anywhere(request.user, "publicity.record"),
    }
    return render(request, "publicity/banner_list.html", context)


@login_required
def banner_create(request):
    units = selectors.recording_units(request.user)
    if not units.exists():
        raise Http404
    initial = {"hung_on": timezone.localdate()}
    campaigns = visible_campaigns(request.user)
    form = BannerForm(request.POST or None, request.FILES or None, units=units, campaigns=campaigns, initial=initial)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.record_banner, _("已登记宣传标语")):
            return redirect("banner_list")
    return render(request, "publicity/banner_form.html", {"form": form})


urlpatterns = [
    path("banners/", banner_list, name="banner_list"),
    path("banners/new/", banner_create, name="banner_create"),
]
