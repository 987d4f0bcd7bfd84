"""Drives, donations, boxes and disbursements over REST, scoped like the staff pages.

Amounts travel as strings of 元 (`amount_yuan`, "1234.50") or integers of 分 (`amount_fen`); a JSON float
is refused. Writes go through the same services as the pages, so the same rules and audit apply.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StrictInt, StrictStr

from fupin.lib.api_pages import Pages
from fupin.lib.money import parse_yuan
from fupin.orgs.permissions import access_unit

from . import services
from . import staff_selectors as selectors
from .permissions import access_box, access_disbursement, access_drive

router = Router(tags=["募捐"])


class DriveOut(Schema):
    id: int
    title: str
    campaign_id: int
    item_id: int | None
    organiser_id: int
    fund_id: int
    starts_on: date
    ends_on: date
    channels: list[str]
    designated_uses: str
    total_fen: int = 0
    gifts: int = 0


class DonationOut(Schema):
    id: int
    drive_id: int
    channel: str
    donor_type: str
    donor_name: str
    is_anonymous: bool
    unit_id: int | None
    amount_fen: int
    goods_description: str
    goods_quantity: int
    goods_unit: str
    goods_value_fen: int
    received_at: datetime


class DonationIn(Schema):
    channel: str
    donor_type: str
    donor_name: str = ""
    is_anonymous: bool = False
    unit_id: int | None = None
    amount_yuan: StrictStr | None = None
    amount_fen: StrictInt | None = None
    idempotency_key: str | None = None
    late_reason: str = ""  # required when the drive has ended: why finance records it anyway


class BoxOut(Schema):
    id: int
    drive_id: int
    place: str
    seal_number: str
    kind: str
    collected_fen: int = 0
    opened: int = 0


class BoxIn(Schema):
    place: str
    seal_number: str
    kind: str = "fixed"


class OpeningOut(Schema):
    id: int
    amount_fen: int
    first_witness_id: int
    second_witness_id: int
    opened_at: datetime
    new_seal_number: str

    @staticmethod
    def resolve_amount_fen(obj):
        return obj.amount_fen


class DisbursementOut(Schema):
    id: int
    fund_id: int
    drive_id: int
    use: str
    recipient: str
    purpose: str
    amount_fen: int
    status: str
    requested_by_id: int
    approved_by_id: int | None
    has_proof: bool
    created_at: datetime

    @staticmethod
    def resolve_has_proof(obj):
        return bool(obj.proof)


class DisbursementIn(Schema):
    recipient: str
    purpose: str
    use: str = ""
    amount_yuan: StrictStr | None = None
    amount_fen: StrictInt | None = None


def _refused(exc: ValidationError) -> HttpError:
    return HttpError(400, ";".join(exc.messages))


def _amount(payload) -> int:
    """Exactly one of 元 as text or 分 as an integer; both pass the one amount parser's rules."""
    if (payload.amount_yuan is None) == (payload.amount_fen is None):
        raise ValidationError("请给出 amount_yuan(元,文字)或 amount_fen(分,整数)之一")
    if payload.amount_yuan is not None:
        return parse_yuan(payload.amount_yuan)
    if payload.amount_fen <= 0:
        raise ValidationError("金额必须大于零")
    return parse_yuan(f"{payload.amount_fen // 100}.{payload.amount_fen % 100:02d}")


@router.get("/drives", response=list[DriveOut])
@paginate(Pages)
def list_drives(request):
    return selectors.visible_drives(request.user)


@router.get("/drives/{drive_id}", response=DriveOut)
def get_drive(request, drive_id: int):
    return selectors.visible_drives(request.user).get(pk=access_drive(request.user, drive_id).pk)


@router.get("/drives/{drive_id}/donations", response=list[DonationOut])
@paginate(Pages)
def list_donations(request, drive_id: int):
    return access_drive(request.user, drive_id).donations.order_by("-received_at", "-id")


@router.post("/drives/{drive_id}/donations", response={201: DonationOut})
def record_donation(request, drive_id: int, payload: DonationIn):
    drive = access_drive(request.user, drive_id, "donation.record")
    unit = access_unit(request.user, payload.unit_id, "fund.view") if payload.unit_id else None
    fields = payload.dict(exclude={"unit_id", "amount_yuan", "amount_fen"})
    try:
        donation = services.record_donation(
            by=request.user, drive=drive, unit=unit, amount_fen=_amount(payload), **fields
        )
    except ValidationError as exc:
        raise _refused(exc) from None
    return Status(201, donation)


@router.get("/drives/{drive_id}/boxes", response=list[BoxOut])
def list_boxes(request, drive_id: int):
    return list(selectors.drive_boxes(access_drive(request.user, drive_id)))


@router.post("/drives/{drive_id}/boxes", response={201: BoxOut})
def register_box(request, drive_id: int, payload: BoxIn):
    drive = access_drive(request.user, drive_id, "box.manage")
    try:
        box = services.register_box(by=request.user, drive=drive, **payload.dict())
    except ValidationError as exc:
        raise _refused(exc) from None
    return Status(201, box)


@router.get("/boxes/{box_id}/openings", response=list[OpeningOut])
def list_openings(request, box_id: int):
    return list(selectors.box_openings(access_box(request.user, box_id)))


@router.get("/drives/{drive_id}/disbursements", response=list[DisbursementOut])
def list_disbursements(request, drive_id: int):
    return list(selectors.fund_disbursements(access_drive(request.user, drive_id)))


@router.get("/disbursements/{disbursement_id}", response=DisbursementOut)
def get_disbursement(request, disbursement_id: int):
    return access_disbursement(request.user, disbursement_id)


@router.post("/drives/{drive_id}/disbursements", response={201: DisbursementOut})
def request_disbursement(request, drive_id: int, payload: DisbursementIn):
    drive = access_drive(request.user, drive_id, "disbursement.request")
    try:
        disbursement = services.request_disbursement(
            by=request.user,
            drive=drive,
            recipient=payload.recipient,
            purpose=payload.purpose,
            use=payload.use,
            amount_fen=_amount(payload),
        )
    except ValidationError as exc:
        raise _refused(exc) from None
    return Status(201, disbursement)
