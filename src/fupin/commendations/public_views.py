"""The public's commendation pages, phone-first: published lists, each commended case with its deeds and the
photos that may be public, the certificate of each entry and the whole list as PDF or .xlsx. Only the name,
unit, honour and deeds are ever shown."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from fupin.lib.http import attachment
from fupin.lib.list_export import Column, wants_xlsx, xlsx_list

from . import selectors
from .certificates import certificate_pdf, list_pdf
from .permissions import access_public_entry, access_public_list

PDF = "application/pdf"
COLUMNS = [
    Column(_("序号"), lambda e: e.order),
    Column(_("荣誉称号"), lambda e: e.honour),
    Column(_("姓名或名称"), lambda e: e.nomination.name),
    Column(_("所在单位"), lambda e: e.nomination.nominee_unit),
    Column(_("先进事迹"), lambda e: e.nomination.deeds),
]


def public_commendation_lists(request):
    return render(request, "commendations/public_lists.html", {"lists": selectors.published_lists()[:100]})


def public_commendation_list(request, pk):
    clist = access_public_list(pk)
    entries = selectors.list_entries(clist)
    if wants_xlsx(request):
        return xlsx_list(scope=clist.office.name, name=clist.title, columns=COLUMNS, rows=entries)
    return render(request, "commendations/public_list.html", {"clist": clist, "entries": entries})


def public_commendation_list_pdf(request, pk):
    clist = access_public_list(pk)
    return attachment(list_pdf(clist), f"{clist.title}.pdf", PDF)


def public_commendation_case(request, pk):
    entry = access_public_entry(pk)
    context = {"entry": entry, "clist": entry.commendation_list, "photos": selectors.public_entry_photos(entry)}
    return render(request, "commendations/public_case.html", context)


def commendation_certificate(request, pk):
    entry = access_public_entry(pk)
    return attachment(certificate_pdf(entry), f"荣誉证书-{entry.nomination.name}.pdf", PDF)


def public_commendation_photo(request, pk):
    photo = selectors.public_photo(pk)
    if photo is None:
        raise Http404
    return FileResponse(photo.thumbnail.open("rb"), content_type="image/jpeg")


urlpatterns = [
    path("honours/", public_commendation_lists, name="public_commendation_lists"),
    path("honours/<int:pk>/", public_commendation_list, name="public_commendation_list"),
    path("honours/<int:pk>/pdf/", public_commendation_list_pdf, name="public_commendation_list_pdf"),
    path("honours/cases/<int:pk>/", public_commendation_case, name="public_commendation_case"),
    path("honours/cases/<int:pk>/certificate/", commendation_certificate, name="commendation_certificate"),
    path("honours/photos/<int:pk>/", public_commendation_photo, name="public_commendation_photo"),
]
