"""Exhibition pages: the office builds a themed exhibition from its subtree's photos and orders it; the public
gallery is live only between its dates; the catalogue prints in the sections' order."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import attachment, saved

from . import selectors, services
from .catalogue import catalogue_pdf
from .forms import ExhibitionForm, PlaceForm
from .models import Photo
from .permissions import access_entry, access_exhibition


@login_required
def exhibition_list(request):
    units = selectors.office_units(request.user)
    if not units.exists():
        raise Http404
    form = ExhibitionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        if exhibition := saved(request, form, services.create_exhibition, _("已创建图片展")):
            return redirect("exhibition_detail", exhibition.pk)
    context = {"exhibitions": selectors.managed_exhibitions(request.user), "form": form}
    return render(request, "publicity/exhibition_list.html", context)


def _place_form(request, exhibition, data=None):
    chosen = Q(selections__office__path__startswith=exhibition.unit.path)
    photos = selectors.visible_photos(request.user).filter(chosen, unit__path__startswith=exhibition.unit.path)
    return PlaceForm(data, sections=exhibition.sections.all(), photos=photos.distinct())


@login_required
def exhibition_detail(request, pk):
    exhibition = access_exhibition(request.user, pk)
    form = _place_form(request, exhibition, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.place_photo, _("已加入展览")):
            return redirect("exhibition_detail", exhibition.pk)
    context = {"exhibition": exhibition, "sections": selectors.exhibition_sections(exhibition), "form": form}
    context["is_open"] = exhibition.opens_on <= timezone.localdate() <= exhibition.closes_on
    return render(request, "publicity/exhibition_detail.html", context)


@login_required
@require_POST
def entry_move(request, pk):
    entry = access_entry(request.user, pk)
    services.move_entry(by=request.user, entry=entry, up=request.POST.get("direction") == "up")
    return redirect("exhibition_detail", entry.section.exhibition_id)


@login_required
def exhibition_catalogue(request, pk):
    exhibition = access_exhibition(request.user, pk)
    return attachment(catalogue_pdf(exhibition), f"{exhibition.title}.pdf", "application/pdf")


def gallery(request, pk):
    """The public gallery: 404 before it opens and after it closes; minors' photos without consent never shown."""
    exhibition = selectors.open_exhibitions(timezone.localdate()).filter(pk=pk).first()
    if exhibition is None:
        raise Http404
    sections = selectors.exhibition_sections(exhibition, public_only=True)
    return render(request, "publicity/gallery.html", {"exhibition": exhibition, "sections": sections})


def _public_photo(pk) -> Photo:
    photo = selectors.public_photo(pk, timezone.localdate())
    if photo is None:
        raise Http404
    return photo


def gallery_photo(request, pk):
    return FileResponse(_public_photo(pk).file.open("rb"), content_type="image/jpeg")


def gallery_thumbnail(request, pk):
    return FileResponse(_public_photo(pk).thumbnail.open("rb"), content_type="image/jpeg")


urlpatterns = [
    path("exhibitions/manage/", exhibition_list, name="exhibition_list"),
    path("exhibitions/manage/<int:pk>/", exhibition_detail, name="exhibition_detail"),
    path("exhibitions/manage/<int:pk>/catalogue/", exhibition_catalogue, name="exhibition_catalogue"),
    path("exhibitions/entries/<int:pk>/move/", entry_move, name="entry_move"),
    path("exhibitions/<int:pk>/", gallery, name="gallery"),
    path("exhibitions/photos/<int:pk>/", gallery_photo, name="gallery_photo"),
    path("exhibitions/photos/<int:pk>/thumb/", gallery_thumbnail, name="gallery_thumbnail"),
]
