"""Staff pages of donations: drives, recorded gifts, sheets, boxes, disbursements and 疑似摊派 reviews."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.jobs.selectors import recent_import_jobs
from fupin.jobs.views import queue_upload
from fupin.lib.http import acted, attachment, saved
from fupin.lib.list_export import names, wants_xlsx, xlsx_list
from fupin.orgs.policy import can, can_anywhere
from fupin.orgs.selectors import roots_for

from .. import bulk, nominations, openings, proofs, services
from .. import staff_selectors as selectors
from ..forms import (
    BoxForm,
    BoxOpeningForm,
    ClearanceForm,
    DisbursementForm,
    DonationForm,
    DonationSheetForm,
    DriveForm,
    GoodsForm,
    HandoutForm,
    NominationForm,
    NominationStatusForm,
    ProofForm,
)
from ..models import QuotaOutcome
from ..permissions import (
    access_box,
    access_box_opening,
    access_disbursement,
    access_drive,
    access_goods,
    access_goods_handout,
    access_nomination,
)
from . import columns


def _form_page(request, form, *, title: str, drive=None, back=None, multipart: bool = False, note: str = ""):
    context = {"form": form, "title": title, "drive": drive, "back": back, "multipart": multipart, "note": note}
    return render(request, "donations/staff_form.html", context)


@login_required
def drive_list(request):
    if not can_anywhere(request.user, "fund.view"):
        raise Http404
    drives = selectors.visible_drives(request.user)
    if wants_xlsx(request):
        return xlsx_list(scope=names(roots_for(request.user)), name=_("募捐活动"), columns=columns.DRIVES, rows=drives)
    context = {"drives": drives, "can_open": can_anywhere(request.user, "drive.manage")}
    return render(request, "donations/staff_drive_list.html", context)


@login_required
def drive_create(request):
    units = selectors.drive_units(request.user)
    if not units.exists():
        raise Http404
    form = DriveForm(request.POST or None, items=selectors.donation_items(request.user), units=units)
    if request.method == "POST" and form.is_valid():
        if drive := saved(request, form, services.start_drive, _("已开设募捐活动")):
            return redirect("drive_detail", drive.pk)
    return _form_page(
        request, form, title=_("开设募捐活动"), note=_("中小学校原则上不组织捐赠活动,以开展扶贫教育为主。")
    )


@login_required
def drive_detail(request, pk):
    drive = access_drive(request.user, pk)
    if wants_xlsx(request):
        rows = selectors.drive_donations(drive)
        return xlsx_list(scope=drive.title, name=_("捐赠"), columns=columns.DONATIONS, rows=rows)
    user, path_ = request.user, drive.fund.unit.path
    context = {
        "drive": drive,
        **selectors.drive_summary(drive),
        "can_record": can(user, "donation.record", path_),
        "takes_sheets": bool(set(drive.channels) & set(bulk.SheetChannel.values)),
        "can_review": can(user, "quota.clear", path_),
    }
    return render(request, "donations/staff_drive_detail.html", context)


@login_required
def donation_create(request, pk):
    drive = access_drive(request.user, pk, "donation.record")
    form = DonationForm(request.POST or None, drive=drive, units=selectors.organiser_units(drive))
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.record_donation, _("已登记捐赠"), drive=drive):
            return redirect("drive_detail", drive.pk)
    return _form_page(request, form, title=_("登记捐赠"), drive=drive)


@login_required
def donation_import(request, pk):
    drive = access_drive(request.user, pk, "donation.record")
    form = DonationSheetForm(request.POST or None, request.FILES or None, drive=drive)
    late_reason = form.cleaned_data["late_reason"] if form.is_valid() else ""
    options = {"drive": drive.pk, "late_reason": late_reason}
    if (queued := queue_upload(request, "donation_sheet", form, options)) is not None:
        return queued
    context = {"drive": drive, "form": form, "max_rows": f"{bulk.MAX_ROWS:,}"}
    context["recent_jobs"] = recent_import_jobs(request.user, "donation_sheet", {"drive": drive.pk})
    return render(request, "donations/staff_donation_import.html", context)


@login_required
def donation_template(request, pk):
    drive = access_drive(request.user, pk, "donation.record")
    return attachment(bulk.donation_template(drive), _("捐款登记表.xlsx"))


@login_required
def box_list(request, pk):
    drive = access_drive(request.user, pk)
    if wants_xlsx(request):
        rows = selectors.drive_boxes(drive)
        return xlsx_list(scope=drive.title, name=_("募捐箱"), columns=columns.BOXES, rows=rows)
    context = {"drive": drive, "boxes": selectors.drive_boxes(drive)}
    context["can_manage"] = can(request.user, "box.manage", drive.fund.unit.path)
    return render(request, "donations/staff_box_list.html", context)


@login_required
def box_create(request, pk):
    drive = access_drive(request.user, pk, "box.manage")
    form = BoxForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.register_box, _("已登记募捐箱"), drive=drive):
            return redirect("box_list", drive.pk)
    return _form_page(request, form, title=_("登记募捐箱"), drive=drive, back=("box_list", drive.pk))


@login_required
def box_detail(request, pk):
    box = access_box(request.user, pk)
    if wants_xlsx(request):
        name = _("开箱清点记录")
        scope = f"{box.drive.title} · {box.place}({box.seal_number})"
        return xlsx_list(scope=scope, name=name, columns=columns.OPENINGS, rows=selectors.box_openings(box))
    context = {"box": box, "drive": box.drive, "openings": selectors.box_openings(box)}
    context["can_manage"] = can(request.user, "box.manage", box.drive.fund.unit.path)
    return render(request, "donations/staff_box_detail.html", context)


@login_required
def box_opening_create(request, pk):
    box = access_box(request.user, pk, "box.manage")
    people = selectors.witnesses(box.drive)
    form = BoxOpeningForm(request.POST or None, request.FILES or None, people=people)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, openings.record_box_opening, _("已登记开箱清点,待第二清点人登录确认后入账"), box=box):
            return redirect("box_detail", box.pk)
    title = _("开箱清点:%(b)s") % {"b": box}
    return _form_page(request, form, title=title, drive=box.drive, back=("box_detail", box.pk), multipart=True)


def _stored(file, content_type: str) -> FileResponse:
    """A stored upload, shown inline under its generated name (never a path from the uploader)."""
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), content_type=content_type, filename=file.name.rsplit("/", 1)[-1])


@login_required
def box_opening_photo(request, pk):
    return _stored(access_box_opening(request.user, pk).count_sheet, "image/jpeg")


@login_required
def disbursement_list(request, pk):
    drive = access_drive(request.user, pk)
    if wants_xlsx(request):
        rows = selectors.fund_disbursements(drive)
        return xlsx_list(scope=drive.title, name=_("拨付"), columns=columns.DISBURSEMENTS, rows=rows)
    path_ = drive.fund.unit.path
    context = {
        "drive": drive,
        "disbursements": selectors.fund_disbursements(drive),
        "transfers": selectors.drive_transfers(drive),
        "balance_fen": selectors.ledger.balance_fen(drive),
        "can_request": can(request.user, "disbursement.request", path_),
    }
    return render(request, "donations/staff_disbursement_list.html", context)


@login_required
def disbursement_create(request, pk):
    drive = access_drive(request.user, pk, "disbursement.request")
    form = DisbursementForm(request.POST or None, uses=services.designated_uses(drive))
    if request.method == "POST" and form.is_valid():
        done = _("已提交拨付申请,待办公室审批")
        if saved(request, form, services.request_disbursement, done, drive=drive):
            return redirect("disbursement_list", drive.pk)
    back = ("disbursement_list", drive.pk)
    return _form_page(request, form, title=_("申请拨付"), drive=drive, back=back)


@login_required
def disbursement_detail(request, pk):
    disbursement = access_disbursement(request.user, pk)
    can_approve = can(request.user, "disbursement.approve", disbursement.fund.unit.path)
    form = ProofForm() if can_approve and disbursement.status == disbursement.Status.REQUESTED else None
    path_ = disbursement.fund.unit.path
    context = {"disbursement": disbursement, "form": form, "drive": disbursement.drive}
    context["can_reverse"] = can(request.user, "donation.record", path_)
    context["can_publish"] = can(request.user, "proof.publish", path_) and not disbursement.proof_published_at
    return render(request, "donations/staff_disbursement_detail.html", context)


@login_required
def staff_disbursement_proof(request, pk):
    proof = access_disbursement(request.user, pk).proof
    return _stored(proof, "application/pdf" if proof.name.endswith(".pdf") else "image/jpeg")


@login_required
@require_POST
def approve_disbursement(request, pk):
    disbursement = access_disbursement(request.user, pk, "disbursement.approve")
    form = ProofForm(request.POST, request.FILES)
    if form.is_valid():
        proof = form.cleaned_data.pop("proof")
        if saved(request, form, services.approve_and_pay, _("已审批并拨付"), disbursement=disbursement, proof=proof):
            return redirect("disbursement_detail", disbursement.pk)
    context = {"disbursement": disbursement, "form": form, "drive": disbursement.drive}
    return render(request, "donations/staff_disbursement_detail.html", context, status=400)


@login_required
@require_POST
def publish_proof(request, pk):
    disbursement = access_disbursement(request.user, pk, "proof.publish")
    acted(request, proofs.publish_proof, _("拨付证明已公开"), disbursement=disbursement)
    return redirect("disbursement_detail", disbursement.pk)


@login_required
def goods_list(request, pk):
    drive = access_drive(request.user, pk)
    if wants_xlsx(request):
        rows = selectors.drive_goods(drive)
        return xlsx_list(scope=drive.title, name=_("物资"), columns=columns.GOODS, rows=rows)
    context = {"drive": drive, "goods": selectors.drive_goods(drive)}
    context["can_record"] = can(request.user, "donation.record", drive.fund.unit.path)
    return render(request, "donations/staff_goods_list.html", context)


@login_required
def goods_create(request, pk):
    drive = access_drive(request.user, pk, "donation.record")
    form = GoodsForm(request.POST or None, units=selectors.organiser_units(drive))
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.record_goods, _("已登记物资"), drive=drive):
            return redirect("goods_list", drive.pk)
    return _form_page(request, form, title=_("登记物资"), drive=drive, back=("goods_list", drive.pk))


@login_required
def goods_detail(request, pk):
    goods = access_goods(request.user, pk)
    if wants_xlsx(request):
        scope = f"{goods.drive.title} · {goods.goods_description}"
        rows = selectors.goods_handouts(goods)
        return xlsx_list(scope=scope, name=_("物资发放记录"), columns=columns.HANDOUTS, rows=rows)
    context = {"goods": goods, "drive": goods.drive, "handouts": selectors.goods_handouts(goods)}
    context["left"] = services.goods_left(goods)
    context["can_record"] = can(request.user, "donation.record", goods.drive.fund.unit.path)
    return render(request, "donations/staff_goods_detail.html", context)


@login_required
def goods_handout_create(request, pk):
    goods = access_goods(request.user, pk, "donation.record")
    form = HandoutForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, services.hand_out_goods, _("已登记物资发放"), donation=goods):
            return redirect("goods_detail", goods.pk)
    title = _("物资发放:%(g)s") % {"g": goods.goods_description}
    return _form_page(request, form, title=title, drive=goods.drive, back=("goods_detail", goods.pk), multipart=True)


@login_required
def goods_handout_proof(request, pk):
    proof = access_goods_handout(request.user, pk).proof
    return _stored(proof, "application/pdf" if proof.name.endswith(".pdf") else "image/jpeg")


@login_required
def quota_review(request, pk):
    drive = access_drive(request.user, pk, "quota.clear")
    reviews = selectors.quota_review(drive)
    if wants_xlsx(request):
        return xlsx_list(scope=drive.title, name=_("疑似摊派核查"), columns=columns.QUOTA_REVIEWS, rows=reviews)
    context = {"drive": drive, "reviews": reviews, "form": ClearanceForm()}
    context |= {"pupil_gifts": selectors.primary_pupil_gifts(drive), "pupils_rule": selectors.PUPILS_RULE}
    return render(request, "donations/staff_quota_review.html", context)


QUOTA_VERBS = {
    QuotaOutcome.CLEARED: (services.clear_quota_flag, gettext_lazy("已解除提示并留存核查说明")),
    QuotaOutcome.CONFIRMED: (services.confirm_quota_flag, gettext_lazy("已确认存在摊派并留存核查说明")),
}


@login_required
@require_POST
def clear_quota(request, pk):
    drive = access_drive(request.user, pk, "quota.clear")
    form = ClearanceForm(request.POST)
    reviews = selectors.quota_review(drive)
    if form.is_valid():
        flagged = {r.flag.unit.pk: r.flag.unit for r in reviews}
        unit = flagged.get(form.cleaned_data.pop("unit"))
        if unit is None:
            raise Http404
        verb, done = QUOTA_VERBS[form.cleaned_data.pop("outcome") or QuotaOutcome.CLEARED]
        if saved(request, form, verb, done, drive=drive, unit=unit):
            return redirect("quota_review", drive.pk)
    context = {"drive": drive, "reviews": reviews, "form": form, "failed": request.POST.get("unit")}
    return render(request, "donations/staff_quota_review.html", context, status=400)


@login_required
def nomination_list(request):
    if not any(can_anywhere(request.user, a) for a in ("fund.view", "nomination.submit", "nomination.manage")):
        raise Http404
    nominations = selectors.visible_nominations(request.user)
    if wants_xlsx(request):
        scope, name = names(roots_for(request.user)), _("推荐企业参加现场捐赠")
        return xlsx_list(scope=scope, name=name, columns=columns.NOMINATIONS, rows=nominations)
    context = {"nominations": nominations, "can_nominate": selectors.nominating_units(request.user).exists()}
    context["event_campaigns"] = selectors.event_campaign_ids(request.user)
    return render(request, "donations/staff_nomination_list.html", context)


@login_required
def nomination_create(request):
    units = selectors.nominating_units(request.user)
    if not units.exists():
        raise Http404
    campaigns = selectors.nomination_campaigns(request.user)
    form = NominationForm(request.POST or None, campaigns=campaigns, units=units)
    if request.method == "POST" and form.is_valid():
        if saved(request, form, nominations.nominate_enterprise, _("已推荐企业")):
            return redirect("nomination_list")
    back = ("nomination_list", None)
    return _form_page(request, form, title=_("推荐企业参加现场捐赠"), back=back)


@login_required
def nomination_detail(request, pk):
    nomination = access_nomination(request.user, pk)
    initial = {"status": nomination.status, "donation": nomination.donation_id}
    form = NominationStatusForm(initial=initial, gifts=selectors.nomination_gifts(nomination))
    return render(request, "donations/staff_nomination_detail.html", {"nomination": nomination, "form": form})


@login_required
@require_POST
def update_nomination(request, pk):
    nomination = access_nomination(request.user, pk)
    form = NominationStatusForm(request.POST, gifts=selectors.nomination_gifts(nomination))
    if form.is_valid() and saved(
        request, form, nominations.update_nomination, _("已更新参与情况"), nomination=nomination
    ):
        return redirect("nomination_detail", nomination.pk)
    context = {"nomination": nomination, "form": form}
    return render(request, "donations/staff_nomination_detail.html", context, status=400)


urlpatterns = [
    path("donations/drives/", drive_list, name="drive_list"),
    path("donations/drives/new/", drive_create, name="drive_create"),
    path("donations/nominations/", nomination_list, name="nomination_list"),
    path("donations/nominations/new/", nomination_create, name="nomination_create"),
    path("donations/nominations/<int:pk>/", nomination_detail, name="nomination_detail"),
    path("donations/nominations/<int:pk>/update/", update_nomination, name="update_nomination"),
    path("donations/drives/<int:pk>/", drive_detail, name="drive_detail"),
    path("donations/drives/<int:pk>/donations/new/", donation_create, name="donation_create"),
    path("donations/drives/<int:pk>/donations/import/", donation_import, name="donation_import"),
    path("donations/drives/<int:pk>/donations/template.xlsx", donation_template, name="donation_template"),
    path("donations/drives/<int:pk>/boxes/", box_list, name="box_list"),
    path("donations/drives/<int:pk>/boxes/new/", box_create, name="box_create"),
    path("donations/boxes/<int:pk>/", box_detail, name="box_detail"),
    path("donations/boxes/<int:pk>/openings/new/", box_opening_create, name="box_opening_create"),
    path("donations/openings/<int:pk>/count-sheet/", box_opening_photo, name="box_opening_photo"),
    path("donations/drives/<int:pk>/disbursements/", disbursement_list, name="disbursement_list"),
    path("donations/drives/<int:pk>/disbursements/new/", disbursement_create, name="disbursement_create"),
    path("donations/disbursements/<int:pk>/", disbursement_detail, name="disbursement_detail"),
    path("donations/disbursements/<int:pk>/proof/", staff_disbursement_proof, name="staff_disbursement_proof"),
    path("donations/disbursements/<int:pk>/approve/", approve_disbursement, name="approve_disbursement"),
    path("donations/disbursements/<int:pk>/publish-proof/", publish_proof, name="publish_proof"),
    path("donations/drives/<int:pk>/goods/", goods_list, name="goods_list"),
    path("donations/drives/<int:pk>/goods/new/", goods_create, name="goods_create"),
    path("donations/goods/<int:pk>/", goods_detail, name="goods_detail"),
    path("donations/goods/<int:pk>/handouts/new/", goods_handout_create, name="goods_handout_create"),
    path("donations/handouts/<int:pk>/proof/", goods_handout_proof, name="goods_handout_proof"),
    path("donations/drives/<int:pk>/quotas/", quota_review, name="quota_review"),
    path("donations/drives/<int:pk>/quotas/clear/", clear_quota, name="clear_quota"),
]
