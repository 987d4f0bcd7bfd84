"""The public side of the drives over REST, anonymous: no account, session or CSRF token.

Reads give exactly what the public pages show (the list of /give/, the disclosure's figures from
`disclosure.summary`, the masked donor list a page at a time). Money is an integer of 分 (`*_fen`) with the
same figure as a string of 元 (`*_yuan`, "1234.50"); a donor's type and channel are the labels the page
shows. A pledge needs an `Idempotency-Key` header: a retry with the same key returns the first pledge (200
instead of 201) and records nothing new. Too many pledges from one address answer 429 (see `limits`).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import Field, StrictBool, StrictInt, StrictStr

from fupin.lib.api_pages import MAX_OFFSET

from . import disclosure, pledges, public_selectors
from .limits import limited
from .models import DonorType, Pledge
from .permissions import public_drive
from .public_forms import PledgeForm

router = Router(tags=["公开:募捐与公示"], auth=None)

MAX_LIMIT = 100
KEY_PREFIX = "api:"  # the API's keys never meet the pledge form's, which are bare uuids
KEY_PATTERN = r"^[\x21-\x7e]{1,60}$"  # printable ASCII, short enough to keep whole after the prefix


def yuan_text(fen: int) -> str:
    """分 → 「1234.50」: the figure of the pages without thousands separators, for machines."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


class PublicDriveOut(Schema):
    id: int
    title: str
    organiser: str
    managing_unit: str
    starts_on: date
    ends_on: date
    channels: list[str]
    channel_labels: list[str]
    designated_uses: str
    is_open: bool
    received_fen: int
    received_yuan: str
    donations: int
    pledge_url: str | None
    disclosure_url: str


class PublicDrivePage(Schema):
    items: list[PublicDriveOut]
    count: int


class TotalOut(Schema):
    key: str
    label: str
    donations: int
    amount_fen: int
    amount_yuan: str


class DayOut(Schema):
    day: date
    donations: int
    amount_fen: int
    amount_yuan: str


class PaidOut(Schema):
    id: int
    paid_on: date
    recipient: str
    purpose: str
    amount_fen: int
    amount_yuan: str
    proof_url: str | None  # only once a second person approved the proof's publication
    proof_pending: bool  # a proof is on file, waiting for that approval (「证明待公开」)


class DisclosureOut(Schema):
    drive: PublicDriveOut
    donations: int
    amount_fen: int
    amount_yuan: str
    received_fen: int
    disbursed_fen: int
    disbursed_yuan: str
    transferred_out_fen: int
    transferred_in_fen: int
    balance_fen: int
    balance_yuan: str
    by_channel: list[TotalOut]
    by_donor_type: list[TotalOut]
    daily: list[DayOut]
    disbursements: list[PaidOut]


class DonorOut(Schema):
    received_at: datetime
    donor: str
    donor_type: str
    channel: str
    amount_fen: int
    amount_yuan: str
    goods: str


class DonorPage(Schema):
    items: list[DonorOut]
    next_before: int | None


class PledgeIn(Schema):
    """The pledge form's fields; the amount as 元 in text or 分 as an integer (not for goods)."""

    donor_type: StrictStr = DonorType.INDIVIDUAL
    is_anonymous: StrictBool = False
    donor_name: StrictStr = Field("", max_length=100)
    phone: StrictStr = Field("", max_length=20)
    channel: StrictStr
    amount_yuan: StrictStr | None = Field(None, max_length=40)
    amount_fen: StrictInt | None = None
    goods_description: StrictStr = Field("", max_length=200)
    goods_quantity: StrictInt = 0
    goods_unit: StrictStr = Field("", max_length=10)
    goods_value: StrictStr = Field("", max_length=40)  # the estimate in 元, as text
    is_not_duplicate: StrictBool = False  # true after the giver was warned of a lookalike pledge and confirms


class PledgeOut(Schema):
    number: str
    token: str
    url: str
    drive_id: int
    status: str
    channel: str
    amount_fen: int
    amount_yuan: str
    goods_description: str
    created_at: datetime


class RefusalOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _drive_out(request, row: public_selectors.ListedDrive) -> PublicDriveOut:
    drive = row.drive
    pledge_url = reverse("make_pledge", args=[drive.pk]) if row.can_pledge else None
    return PublicDriveOut(
        id=drive.pk,
        title=drive.title,
        organiser=drive.organiser.name,
        managing_unit=drive.fund.unit.name,
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        channels=list(drive.channels),
        channel_labels=row.channel_labels,
        designated_uses=drive.designated_uses,
        is_open=row.is_open,
        received_fen=row.received_fen,
        received_yuan=yuan_text(row.received_fen),
        donations=row.gifts,
        pledge_url=request.build_absolute_uri(pledge_url) if pledge_url else None,
        disclosure_url=request.build_absolute_uri(reverse("drive_disclosure", args=[drive.pk])),
    )


@router.get("/drives", response=PublicDrivePage)
def public_drive_list(request, limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """Drives of issued campaigns whose period has begun, open ones first; with what each has received."""
    drives = public_selectors.listed_drives()
    page = public_selectors.with_totals(drives[offset : offset + limit])
    return PublicDrivePage(items=[_drive_out(request, d) for d in page], count=drives.count())


def _total(t) -> TotalOut:
    return TotalOut(
        key=t.key,
        label=str(t.label),
        donations=t.donations,
        amount_fen=t.amount_fen,
        amount_yuan=yuan_text(t.amount_fen),
    )


def _paid(request, drive, d) -> PaidOut:
    proof = reverse("disbursement_proof", args=[drive.pk, d.pk]) if d.is_proof_public else None
    return PaidOut(
        id=d.pk,
        paid_on=timezone.localdate(d.created_at),  # the day as the page shows it (Asia/Shanghai)
        recipient=d.recipient,
        purpose=d.purpose,
        amount_fen=d.amount_fen,
        amount_yuan=yuan_text(d.amount_fen),
        proof_url=request.build_absolute_uri(proof) if proof else None,
        proof_pending=bool(d.proof) and not d.is_proof_public,
    )


@router.get("/drives/{drive_id}/disclosure", response=DisclosureOut)
def public_drive_disclosure(request, drive_id: int):
    """The disclosure page's figures, as `disclosure.summary` computes them."""
    drive = public_drive(drive_id)
    data = disclosure.summary(drive)
    listed = public_selectors.with_totals([drive])[0]
    return DisclosureOut(
        drive=_drive_out(request, listed),
        donations=data.donations,
        amount_fen=data.amount_fen,
        amount_yuan=yuan_text(data.amount_fen),
        received_fen=data.received_fen,
        disbursed_fen=data.disbursed_fen,
        disbursed_yuan=yuan_text(data.disbursed_fen),
        transferred_out_fen=data.transferred_out_fen,
        transferred_in_fen=data.transferred_in_fen,
        balance_fen=data.balance_fen,
        balance_yuan=yuan_text(data.balance_fen),
        by_channel=[_total(t) for t in data.by_channel],
        by_donor_type=[_total(t) for t in data.by_donor_type],
        daily=[DayOut(day=d, donations=n, amount_fen=s, amount_yuan=yuan_text(s)) for d, n, s in data.daily],
        disbursements=[_paid(request, drive, d) for d in data.disbursements],
    )


@router.get("/drives/{drive_id}/donors", response=DonorPage)
def public_drive_donors(request, drive_id: int, before: int | None = Query(None, gt=0, lt=2**62)):
    """The masked donor list, newest first, a page at a time: pass `next_before` as `before` for the next."""
    rows, next_before = disclosure.donor_page(public_drive(drive_id), before=before)
    items = [
        DonorOut(
            received_at=r.received_at,
            donor=r.donor,
            donor_type=r.donor_type,
            channel=r.channel,
            amount_fen=r.amount_fen,
            amount_yuan=yuan_text(r.amount_fen),
            goods=r.goods,
        )
        for r in rows
    ]
    return DonorPage(items=items, next_before=next_before)


def _pledge_form(drive, payload: PledgeIn, key: str) -> PledgeForm:
    """The pledge form itself, filled from the JSON body, so the API refuses what the page refuses with the
    same words. 分 are handed to it as 元 text: one amount parser for both."""
    if payload.amount_yuan is not None and payload.amount_fen is not None:
        raise ValidationError({"amount": [_("请给出 amount_yuan(元,文字)或 amount_fen(分,整数)之一")]})
    amount = payload.amount_yuan if payload.amount_fen is None else yuan_text(payload.amount_fen)
    data = payload.dict(exclude={"amount_yuan", "amount_fen"}) | {"idempotency_key": key, "amount": amount or ""}
    data["goods_quantity"] = payload.goods_quantity or ""  # 0 means none given, as an empty form field
    return PledgeForm(data, channels=pledges.public_channels(drive))


def _refusal(exc: ValidationError) -> RefusalOut:
    errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    return RefusalOut(detail=";".join(exc.messages), errors=errors)


def _pledge_out(request, pledge: Pledge) -> PledgeOut:
    return PledgeOut(
        number=pledge.number,
        token=pledge.token,
        url=request.build_absolute_uri(reverse("pledge_detail", args=[pledge.token])),
        drive_id=pledge.drive_id,
        status=pledge.status,
        channel=pledge.channel,
        amount_fen=pledge.amount_fen,
        amount_yuan=yuan_text(pledge.amount_fen),
        goods_description=pledge.goods_description,
        created_at=pledge.created_at,
    )


@router.post(
    "/drives/{drive_id}/pledges",
    response={200: PledgeOut, 201: PledgeOut, 400: RefusalOut, 409: RefusalOut, 429: RefusalOut},
)
@decorate_view(limited("pledge", as_json=True))
def public_make_pledge(
    request,
    drive_id: int,
    payload: PledgeIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", pattern=KEY_PATTERN),
):
    """认捐: the same rules and messages as the pledge form; returns the pledge number and the donor's link."""
    drive = public_drive(drive_id)
    key = KEY_PREFIX + idempotency_key
    if (earlier := public_selectors.pledge_by_key(key)) is not None:
        if earlier.drive_id != drive.pk:
            return Status(409, RefusalOut(detail=_("这个 Idempotency-Key 已用于另一项募捐的认捐")))
        return Status(200, _pledge_out(request, earlier))
    try:
        form = _pledge_form(drive, payload, key)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        fields = {k: v for k, v in form.cleaned_data.items() if k != "amount"}
        pledge = pledges.submit_pledge(drive=drive, **fields)
    except ValidationError as exc:
        return Status(400, _refusal(exc))
    return Status(201, _pledge_out(request, pledge))
