"""The public side of a drive (pledge, disclosure, downloads, concerns; no account needed) and the staff
pages that answer it (confirming pledges, receipts, the concerns list). Thin: parse, authorise, call one
service or selector, respond."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.lib import page_cache
from fupin.lib.http import add_errors, attachment
from fupin.lib.list_export import names, wants_xlsx, xlsx_list
from fupin.orgs.selectors import roots_for

from .. import disclosure, pledges, public_selectors, receipts_pdf, staff_selectors
from ..limits import limited
from ..models import Disbursement, Pledge
from ..permissions import access_drive, access_pledge, access_receipt, pledge_drive, public_drive, public_pledge
from ..public_forms import ConcernForm, ConfirmForm, PledgeForm, new_idempotency_key
from . import columns

PDF = "application/pdf"
INDEX_PAGE = 12  # drives per section of the public list
PLEDGE_PAGE = "donations/public_make_pledge.html"


def drive_index(request):
    """The public list of drives: those taking gifts now, and those ended, each with what it received."""
    today = timezone.localdate()
    open_page = Paginator(public_selectors.open_drives(today), INDEX_PAGE).get_page(request.GET.get("page"))
    ended_page = Paginator(public_selectors.ended_drives(today), INDEX_PAGE).get_page(request.GET.get("ended"))
    sections = [
        ("open", open_page, public_selectors.with_totals(open_page, today)),
        ("ended", ended_page, public_selectors.with_totals(ended_page, today)),
    ]
    return render(request, "donations/public_drive_index.html", {"sections": sections})


def drive_disclosure(request, pk):
    drive = public_drive(pk)
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        raise Http404 from None
    if before is not None and not 0 < before < 2**62:
        raise Http404
    donors, next_before = disclosure.donor_page(drive, before=before)
    context = {
        "drive": drive,
        "data": disclosure.summary(drive),
        "donors": donors,
        "next_before": next_before,
        "is_open": pledges.is_open(drive),
        "before": before,
    }
    return render(request, "donations/public_disclosure.html", context)


def disclosure_xlsx(request, pk):
    drive = public_drive(pk)
    return attachment(disclosure.disclosure_xlsx(drive), _("%(t)s公示.xlsx") % {"t": drive.title})


def disclosure_pdf(request, pk):
    drive = public_drive(pk)
    return attachment(receipts_pdf.disclosure_pdf(drive), _("%(t)s公示.pdf") % {"t": drive.title}, PDF)


def disbursement_proof(request, pk, disbursement):
    """The 拨付证明 of a paid disbursement from the drive's fund, once approved for publication; nothing else is
    reachable this way."""
    drive = public_drive(pk)
    paid = Disbursement.objects.filter(
        fund_id=drive.fund_id, status=Disbursement.Status.PAID, proof_published_at__isnull=False
    ).exclude(proof="")
    proof = get_object_or_404(paid, pk=disbursement).proof
    return FileResponse(proof.open("rb"), filename=proof.name.rsplit("/", 1)[-1], as_attachment=False)


@limited("pledge")
def make_pledge(request, pk):
    drive = pledge_drive(pk)
    channels = pledges.public_channels(drive)
    if page_cache.is_plain_visit(request):
        return _empty_pledge_page(request, drive, channels)
    form = PledgeForm(request.POST or None, channels=channels)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "amount"}
        try:
            pledge = pledges.submit_pledge(drive=drive, **fields)
        except ValidationError as exc:
            add_errors(form, exc)
            if getattr(exc, "code", None) == "possible_duplicate":
                form.fields["is_not_duplicate"].widget = forms.CheckboxInput()
        else:
            return redirect("pledge_detail", token=pledge.token)
    context = {"drive": drive, "form": form, "is_open": pledges.is_open(drive) and bool(channels)}
    return render(request, PLEDGE_PAGE, context)


def _empty_pledge_page(request, drive, channels):
    """The pledge page before anything is typed, the same for every plain visit while the drive stays the same
    (everything it shows of the drive is in the key); each visit gets its own form key and CSRF token."""
    is_open = pledges.is_open(drive) and bool(channels)
    key = (drive.pk, drive.title, drive.starts_on, drive.ends_on, tuple(drive.channels), drive.fund.unit.name, is_open)

    def context():
        form = PledgeForm(channels=channels, initial={"idempotency_key": page_cache.hole("idempotency_key")})
        return {"drive": drive, "form": form, "is_open": is_open}

    fills = {"idempotency_key": new_idempotency_key}
    return page_cache.shared_page(request, PLEDGE_PAGE, key=key, context=context, fills=fills)


def pledge_detail(request, token):
    pledge = public_pledge(token)
    return render(request, "donations/public_pledge_detail.html", {"pledge": pledge, "drive": pledge.drive})


@limited("concern")
def report_concern(request, pk):
    drive = public_drive(pk)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = pledges.report_concern(drive=drive, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("已收到您反映的问题,已转交监督(纪检)人员。请保存本页地址,可查看处理进展和答复。")
            )
            return redirect("concern_status", token=concern.token)
    return render(request, "donations/public_report_concern.html", {"drive": drive, "form": form})


@login_required
def pledge_list(request, pk):
    drive = access_drive(request.user, pk, action="donation.record")
    status = request.GET.get("status") if request.GET.get("status") in Pledge.Status.values else "pledged"
    qs = staff_selectors.drive_pledges(drive, status)
    if wants_xlsx(request):
        shown = [(_("状态"), _("待确认到账") if status == Pledge.Status.PLEDGED else _("已确认到账"))]
        name = _("认捐到账确认")
        return xlsx_list(scope=drive.title, name=name, columns=columns.PLEDGES, rows=qs, filters=shown)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"drive": drive, "page": page, "status": status, "form": ConfirmForm()}
    return render(request, "donations/public_pledge_list.html", context)


@login_required
@require_POST
def confirm_pledge(request, pk):
    pledge = access_pledge(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["amount"]))
        return redirect("pledge_list", pk=pledge.drive_id)
    try:
        receipt = pledges.confirm_pledge(by=request.user, pledge=pledge, amount_fen=form.cleaned_data["amount"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pledge_list", pk=pledge.drive_id)
    messages.success(request, _("已确认到账,收据号 %(n)s") % {"n": receipt.display_number})
    return redirect("pledge_list", pk=pledge.drive_id)


@login_required
def receipt_pdf(request, pk):
    receipt = access_receipt(request.user, pk)
    return attachment(receipts_pdf.receipt_pdf(receipt), _("捐赠收据%(n)s.pdf") % {"n": receipt.display_number}, PDF)


@login_required
def receipt_certificate(request, pk):
    receipt = access_receipt(request.user, pk)
    pdf = receipts_pdf.certificate_pdf(receipt)
    return attachment(pdf, _("捐赠证书%(n)s.pdf") % {"n": receipt.display_number}, PDF)


def pledge_certificate(request, token):
    """The donor's own 捐赠证书, through the pledge's unguessable token, once the money has arrived."""
    receipt = public_pledge(token, received=True).donation.receipt
    pdf = receipts_pdf.certificate_pdf(receipt)
    return attachment(pdf, _("捐赠证书%(n)s.pdf") % {"n": receipt.display_number}, PDF)


@login_required
def concern_list(request):
    qs = staff_selectors.visible_concerns(request.user)
    if wants_xlsx(request):
        scope = names(roots_for(request.user))
        return xlsx_list(scope=scope, name=_("群众反映"), columns=columns.CONCERNS, rows=qs)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "donations/public_concern_list.html", {"page": page})


urlpatterns = [
    path("disclosure/drives/<int:pk>/", drive_disclosure, name="drive_disclosure"),
    path("disclosure/drives/<int:pk>/xlsx/", disclosure_xlsx, name="disclosure_xlsx"),
    path("disclosure/drives/<int:pk>/pdf/", disclosure_pdf, name="disclosure_pdf"),
    path("disclosure/drives/<int:pk>/proofs/<int:disbursement>/", disbursement_proof, name="disbursement_proof"),
    path("disclosure/drives/<int:pk>/concern/", report_concern, name="report_concern"),
    path("give/", drive_index, name="drive_index"),
    path("give/drives/<int:pk>/", make_pledge, name="make_pledge"),
    path("give/pledges/<str:token>/", pledge_detail, name="pledge_detail"),
    path("donations/drives/<int:pk>/pledges/", pledge_list, name="pledge_list"),
    path("donations/pledges/<int:pk>/confirm/", confirm_pledge, name="confirm_pledge"),
    path("donations/receipts/<int:pk>/pdf/", receipt_pdf, name="receipt_pdf"),
    path("donations/receipts/<int:pk>/certificate.pdf", receipt_certificate, name="receipt_certificate"),
    path("give/pledges/<str:token>/certificate.pdf", pledge_certificate, name="pledge_certificate"),
    path("donations/concerns/", concern_list, name="concern_list"),
]
