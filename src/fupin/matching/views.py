"""Staff pages of 微心愿: the list, posting a wish, one wish with vetting and confirmation, and the claimant's
own page for recording delivery."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib.http import saved
from fupin.orgs.policy import can, can_anywhere

from . import project_fund_views, project_views, public_views, report_views, selectors, services
from .forms import ConfirmReceiptForm, DeliveryForm, ReturnWishForm, WishForm
from .models import WishStatus
from .permissions import access_my_claim, access_wish, is_wish_unit_member


@login_required
def wish_list(request):
    if not can_anywhere(request.user, "wish.view"):
        raise Http404
    status = request.GET.get("status", "")
    wishes = selectors.visible_wishes(request.user, status=status if status in WishStatus.values else "")
    context = {"wishes": wishes[:500], "status": status, "statuses": WishStatus.choices}
    context["can_post"] = can_anywhere(request.user, "wish.post")
    context["claims"] = selectors.my_claims(request.user)[:50]
    return render(request, "matching/wish_list.html", context)


def _wish_form(request):
    user = request.user
    campaigns = selectors.posting_campaigns(user)
    return WishForm(
        request.POST or None,
        request.FILES or None,
        initial={"campaign": campaigns.first()},
        campaigns=campaigns,
        households=selectors.postable_households(user),
        units=selectors.postable_units(user),
    )


@login_required
def wish_create(request):
    if not can_anywhere(request.user, "wish.post"):
        raise Http404
    form = _wish_form(request)
    if request.method == "POST" and form.is_valid():
        if wish := saved(request, form, services.post_wish, _("已提交,待乡镇(学校)审核后公开")):
            return redirect("wish_detail", wish.pk)
    return render(request, "matching/wish_form.html", {"form": form})


@login_required
def wish_detail(request, pk):
    wish = access_wish(request.user, pk)
    context = {
        "wish": wish,
        "claim": selectors.live_claim(wish),
        "can_vet": wish.status == WishStatus.PENDING and can(request.user, "wish.vet", wish.unit.path),
        "can_confirm": wish.status == WishStatus.DELIVERED and is_wish_unit_member(request.user, wish),
        "return_form": ReturnWishForm(),
        "confirm_form": ConfirmReceiptForm(),
    }
    return render(request, "matching/wish_detail.html", context)


@login_required
@require_POST
def approve_wish(request, pk):
    wish = access_wish(request.user, pk, "wish.vet")
    _act(request, services.approve_wish, _("已审核通过,心愿已公开"), {"wish": wish})
    return redirect("wish_detail", wish.pk)


@login_required
@require_POST
def return_wish(request, pk):
    wish = access_wish(request.user, pk, "wish.vet")
    form = ReturnWishForm(request.POST)
    if _valid(request, form):
        _act(request, services.return_wish, _("已退回发布人"), {"wish": wish, **form.cleaned_data})
    return redirect("wish_detail", wish.pk)


@login_required
@require_POST
def confirm_receipt(request, pk):
    wish = access_wish(request.user, pk)
    form = ConfirmReceiptForm(request.POST, request.FILES)
    if _valid(request, form):
        _act(request, services.confirm_receipt, _("已确认收到,心愿已实现"), {"wish": wish, **form.cleaned_data})
    return redirect("wish_detail", wish.pk)


def _valid(request, form) -> bool:
    """A form on the wish page: its errors are shown on the page it returns to."""
    if form.is_valid():
        return True
    for field, reasons in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}:{';'.join(reasons)}" if label else ";".join(reasons))
    return False


def _act(request, service, success: str, kwargs: dict) -> None:
    try:
        service(by=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("无权进行此操作"))
    else:
        messages.success(request, success)


@login_required
def wish_file(request, pk):
    wish = access_wish(request.user, pk)
    if not wish.photo:
        raise Http404
    return FileResponse(wish.photo.open("rb"), content_type="image/jpeg")


@login_required
def receipt_photo(request, pk):
    wish = access_wish(request.user, pk)
    claim = selectors.live_claim(wish)
    if claim is None or not claim.receipt_photo:
        raise Http404
    return FileResponse(claim.receipt_photo.open("rb"), content_type="image/jpeg")


@login_required
def my_claim(request, pk):
    claim = access_my_claim(request.user, pk)
    form = DeliveryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.record_delivery, _("已登记送达,待村(学校)确认收到"), claim=claim):
            return redirect("my_claim", claim.pk)
    return render(request, "matching/claim_detail.html", {"claim": claim, "wish": claim.wish, "form": form})


urlpatterns = [
    path("matching/wishes/", wish_list, name="wish_list"),
    path("matching/wishes/new/", wish_create, name="wish_create"),
    path("matching/wishes/<int:pk>/", wish_detail, name="wish_detail"),
    path("matching/wishes/<int:pk>/approve/", approve_wish, name="approve_wish"),
    path("matching/wishes/<int:pk>/return/", return_wish, name="return_wish"),
    path("matching/wishes/<int:pk>/confirm/", confirm_receipt, name="confirm_receipt"),
    path("matching/wishes/<int:pk>/photo/", wish_file, name="wish_file"),
    path("matching/wishes/<int:pk>/receipt-photo/", receipt_photo, name="receipt_photo"),
    path("matching/claims/<int:pk>/", my_claim, name="my_claim"),
    *public_views.urlpatterns,
    *project_views.urlpatterns,
    *project_fund_views.urlpatterns,
    *report_views.urlpatterns,
]
