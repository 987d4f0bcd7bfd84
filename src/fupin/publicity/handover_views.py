"""物资交接: the goods of a city–rural exchange or a book donation handed to a school or community, recorded on
the event with the two people, the date and a photo."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.http import saved

from . import services
from .forms import GoodsFormSet, HandoverForm
from .models import GOODS_EVENT_KINDS
from .permissions import access_event


@login_required
def handover_create(request, pk):
    event = access_event(request.user, pk, "publicity.record")
    if event.kind not in GOODS_EVENT_KINDS:
        raise Http404
    form = HandoverForm(request.POST or None, request.FILES or None, initial={"handed_on": timezone.localdate()})
    goods = GoodsFormSet(request.POST or None, prefix="goods")
    if request.method == "POST" and form.is_valid() and goods.is_valid():
        lines = [line for line in goods.cleaned_data if line]
        if saved(request, form, services.record_handover, _("已登记物资交接"), event=event, goods=lines):
            return redirect("event_detail", event.pk)
    return render(request, "publicity/handover_form.html", {"form": form, "goods": goods, "event": event})


urlpatterns = [path("events/<int:pk>/handovers/new/", handover_create, name="handover_create")]
