"""Notice import: paste or upload a 公文, check the draft beside the source, create the draft campaign."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.campaigns.selectors.campaigns import issuing_units
from fupin.lib.http import add_errors
from fupin.orgs.permissions import access_unit

from ..notice.draft import contact_lines, deadline_lines, deadline_rows, highlighted, item_lines
from ..notice.forms import NoticeDraftForm, NoticeSourceForm
from ..notice.reader import read_notice
from ..notice.services import create_campaign_from_notice
from ..notice.unit_match import reading_matches


def _units(request):
    units = issuing_units(request.user)
    if not units.exists():
        raise Http404
    return units


def _phrases(reading: dict) -> list[str]:
    found = [reading["title"], reading["theme"], reading["slogan"]]
    found += [i["number"] + i["title"] for i in reading["items"]]
    found += [u for i in reading["items"] for u in i["lead_units"] + i["responsible_units"]]
    found += [d["text"] for d in reading["deadlines"]] + [t["text"] for t in reading["targets"]]
    found += [c[k] for c in reading["contacts"] for k in ("name", "phone", "email")]
    return [p for p in found if p]


def _draft_page(request, form, reading, unit):
    matches = reading_matches(reading, unit)
    context = {
        "form": form,
        "reading": reading,
        "source": highlighted(reading["text"], _phrases(reading)),
        "unit_matches": sorted(matches.items(), key=lambda pair: pair[1] is not None),
        "deadline_rows": deadline_rows(reading, matches),
        "creates_no_task": not deadline_lines(reading),
    }
    return render(request, "documents/notice_draft.html", context)


def _initial(reading: dict) -> dict:
    keys = ("title", "year", "theme", "slogan")
    return {key: reading[key] or "" for key in keys} | {
        "items": item_lines(reading),
        "requirements": deadline_lines(reading),
        "contacts": contact_lines(reading),
        "source": reading["text"],
    }


@login_required
def notice_import(request):
    units = _units(request)
    form = NoticeSourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if parts := form.cleaned_data.get("parts"):
            context = {"form": form, "parts": parts, "text": form.cleaned_data["text"]}
            return render(request, "documents/notice_import.html", context)
        reading = form.cleaned_data["reading"]
        return _draft_page(request, NoticeDraftForm(initial=_initial(reading), units=units), reading, units.first())
    return render(request, "documents/notice_import.html", {"form": form})


@login_required
@require_POST
def notice_draft(request):
    units = _units(request)
    form = NoticeDraftForm(request.POST, units=units)
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = access_unit(request.user, data.pop("unit").pk, "campaign.manage")
        data.pop("source")
        try:
            campaign = create_campaign_from_notice(by=request.user, unit=unit, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已根据通知创建活动草稿,请核对后发布"))
            return redirect("campaign_detail", campaign.pk)
    shown_for = form.cleaned_data.get("unit") or units.first()
    return _draft_page(request, form, read_notice(request.POST.get("source", "")), shown_for)


urlpatterns = [
    path("notices/import/", notice_import, name="notice_import"),
    path("notices/draft/", notice_draft, name="notice_draft"),
]
