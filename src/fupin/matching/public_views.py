"""The public's wish pages, phone-first: the list with filters, one wish with its claim form, a clean print
view for a notice board, and the public claimant's own page (reached by the secret link given at claiming).
Only vetted wishes appear; a household shows only a masked surname and its village."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from fupin.lib.http import add_errors, saved
from fupin.lib.masking import mask_phone

from . import project_selectors, selectors, services
from .forms import DeliveryForm, PublicClaimForm, WishFilterForm
from .models import WishStatus
from .permissions import access_claim_by_token, access_public_campaign, access_public_wish
from .qr import qr_svg


def public_wish_list(request):
    form = WishFilterForm(request.GET or None, counties=selectors.counties())
    filters = form.cleaned_data if form.is_valid() else {}
    max_yuan = filters.get("max_yuan")
    wishes = selectors.public_wishes(
        county=filters.get("county"),
        category=filters.get("category", ""),
        max_fen=max_yuan * 100 if max_yuan else None,
        household_category=filters.get("household_category", ""),
    )
    context = {"form": form, "wishes": wishes[:200], "totals": selectors.wish_totals()}
    return render(request, "matching/public_wish_list.html", context)


def public_campaign(request, pk):
    campaign = access_public_campaign(pk)
    share_url = request.build_absolute_uri(reverse("public_campaign", args=[campaign.pk]))
    context = {
        "campaign": campaign,
        "items": campaign.items.all(),
        "totals": selectors.wish_totals(campaign=campaign),
        "projects": project_selectors.project_totals(campaign=campaign),
        "share_url": share_url,
        "qr": qr_svg(share_url),
    }
    return render(request, "matching/public_campaign.html", context)


def public_wish_detail(request, pk):
    wish = access_public_wish(pk)
    form = PublicClaimForm(request.POST or None)
    if request.method == "POST" and wish.status == WishStatus.OPEN:
        if request.POST.get("action") == "code":
            _send_code(request, form)
        elif claimed := _claim(request, form, wish):
            return claimed
    context = {"wish": wish, "form": form, "claim": selectors.live_claim(wish)}
    context["share_url"] = request.build_absolute_uri(wish_url(wish))
    context["qr"] = qr_svg(context["share_url"])
    return render(request, "matching/public_wish_detail.html", context)


def _send_code(request, form) -> None:
    form.is_valid()
    phone = request.POST.get("phone", "")
    try:
        services.send_phone_code(phone=phone)
    except ValidationError as exc:
        add_errors(form, exc)
    else:
        messages.success(request, _("验证码已发送至 %(p)s,10 分钟内有效") % {"p": mask_phone(phone)})


def _claim(request, form, wish):
    if request.user.is_authenticated and request.POST.get("action") == "account":
        try:
            mine = services.claim_wish(by=request.user, wish=wish)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
            return None
        messages.success(request, _("认领成功,请在期限内送达"))
        return redirect("my_claim", mine.pk)
    if not form.is_valid():
        return None
    try:
        _claim_made, token = services.claim_wish_as_public(wish=wish, **form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, _("认领成功!请收藏本页链接,送达后在本页登记"))
    return redirect("public_claim", token)


def wish_print(request, pk):
    wish = access_public_wish(pk)
    url = request.build_absolute_uri(wish_url(wish))
    return render(request, "matching/wish_print.html", {"wish": wish, "url": url, "qr": qr_svg(url, scale=6)})


def wish_url(wish) -> str:
    return reverse("public_wish_detail", args=[wish.pk])


def public_wish_photo(request, pk):
    """A wish's photo, unless it shows a minor without the guardian's consent."""
    wish = access_public_wish(pk)
    if not wish.photo or (wish.photo_shows_minor and not wish.minor_consent):
        raise Http404
    return FileResponse(wish.photo.open("rb"), content_type="image/jpeg")


def public_claim(request, token):
    claim = access_claim_by_token(token)
    form = DeliveryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.record_delivery, _("已登记送达,待村(学校)确认收到"), claim=claim):
            return redirect("public_claim", token)
    return render(request, "matching/claim_detail.html", {"claim": claim, "wish": claim.wish, "form": form})


urlpatterns = [
    path("wishes/", public_wish_list, name="public_wish_list"),
    path("campaigns/<int:pk>/public/", public_campaign, name="public_campaign"),
    path("wishes/<int:pk>/", public_wish_detail, name="public_wish_detail"),
    path("wishes/<int:pk>/print/", wish_print, name="wish_print"),
    path("wishes/<int:pk>/photo/", public_wish_photo, name="public_wish_photo"),
    path("wishes/claims/<str:token>/", public_claim, name="public_claim"),
]
