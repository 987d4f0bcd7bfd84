"""Every write of micro-wishes and their claims: checked against the notices' rules, atomic, in the audit trail."""

import secrets
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.campaigns.models import Campaign
from fupin.households.models import Household
from fupin.lib.money import yuan
from fupin.lib.photo_library import LibraryPhoto, file_in_library
from fupin.lib.secret_links import secret_hash
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import AnyUser, can
from fupin.phones import services as phone_codes
from fupin.phones.models import PhoneCode

from . import notify
from .models import (
    ClaimStatus,
    DeliveryKind,
    MatchingSetting,
    MicroWish,
    WishCategory,
    WishClaim,
    WishStatus,
)
from .permissions import is_wish_unit_member

WISH_FIELDS = ("unit", "household", "student_name", "category", "title", "value_fen", "reason", "status")


def _moved(before: WishStatus | ClaimStatus, after: WishStatus | ClaimStatus) -> dict[str, list[str]]:
    return {"status": [str(before.label), str(after.label)]}


def matching_setting(campaign: Campaign) -> MatchingSetting:
    """The campaign's wish rules, or the defaults (500 元, 14 days) when the office set none."""
    found = MatchingSetting.objects.filter(campaign=campaign).first()
    return found or MatchingSetting(campaign=campaign)


@transaction.atomic
def set_matching_setting(*, by: User, campaign: Campaign, wish_cap_fen: int, claim_days: int) -> MatchingSetting:
    """The issuing office sets the cap and the days a claimant has; wishes already posted keep their value."""
    if not can(by, "wish.vet", campaign.unit.path):
        raise PermissionDenied(_("无权设置该活动的微心愿规则"))
    setting = matching_setting(campaign)
    before = snapshot(setting, ("wish_cap_fen", "claim_days"))
    setting.wish_cap_fen, setting.claim_days = wish_cap_fen, claim_days
    setting.full_clean()
    setting.save()
    after = snapshot(setting, ("wish_cap_fen", "claim_days"))
    record_for(by, AuditAction.UPDATE, setting, campaign.unit, {k: [before[k], after[k]] for k in after})
    return setting


def _wish_unit(household: Household | None, unit: Unit | None, student_name: str) -> Unit:
    if household is not None:
        if student_name:
            raise ValidationError(_("一条心愿只能对应一户或一名学生"))
        return household.village
    if not student_name:
        raise ValidationError({"household": _("请选择帮扶户,或填写学生姓名")})
    if unit is None or unit.kind not in (UnitKind.SCHOOL, UnitKind.VILLAGE):
        raise ValidationError({"unit": _("学生的心愿须由其所在学校或村发布")})
    return unit


def _check_wish(campaign: Campaign, category: str, value_fen: int, photo_shows_minor: bool, consent: bool) -> None:
    if category not in WishCategory.values:
        raise ValidationError({"category": _("心愿类别须从列表中选择")})
    cap = matching_setting(campaign).wish_cap_fen
    if value_fen <= 0:
        raise ValidationError({"value_fen": _("估计价值须大于 0")})
    if value_fen > cap:
        raise ValidationError(
            {
                "value_fen": _("估计价值 %(v)s 元超过本次活动的上限 %(cap)s 元")
                % {"v": yuan(value_fen), "cap": yuan(cap)}
            }
        )
    if photo_shows_minor and not consent:
        raise ValidationError({"minor_consent": _("照片中有可辨认的未成年人,须先取得监护人同意")})


@transaction.atomic
def post_wish(
    *,
    by: User,
    campaign: Campaign,
    category: str,
    title: str,
    value_fen: int,
    reason: str,
    household: Household | None = None,
    student_name: str = "",
    unit: Unit | None = None,
    photo: CheckedFile | None = None,
    photo_shows_minor: bool = False,
    minor_consent: bool = False,
) -> MicroWish:
    """A wish of a household of the poster's village (or a student of their school), within the campaign's
    cap and from the category list; it waits for the reviewer and is not public until approved."""
    student_name = clean_text(student_name)
    wish_unit = _wish_unit(household, unit, student_name)
    if not can(by, "wish.post", wish_unit.path):
        raise PermissionDenied(_("无权为该村或学校发布微心愿"))
    _check_wish(campaign, category, value_fen, bool(photo and photo_shows_minor), minor_consent)
    wish = MicroWish(
        campaign=campaign,
        unit=wish_unit,
        household=household,
        student_name=student_name,
        category=category,
        title=clean_text(title),
        value_fen=value_fen,
        reason=clean_text(reason),
        photo_shows_minor=bool(photo and photo_shows_minor),
        minor_consent=minor_consent,
        posted_by=by,
    )
    wish.full_clean(exclude=["posted_by", "campaign", "unit", "household"])
    if photo is not None:
        wish.photo.save(f"{photo.sha256[:32]}.{photo.extension}", ContentFile(photo.data), save=False)
    wish.save()
    record_for(by, AuditAction.CREATE, wish, wish_unit, created(snapshot(wish, WISH_FIELDS)))
    return wish


def _vet(by: User, wish: MicroWish, status: str, reason: str) -> MicroWish:
    if not can(by, "wish.vet", wish.unit.path):
        raise PermissionDenied(_("无权审核该微心愿"))
    if wish.posted_by_id == by.pk:
        raise ValidationError(_("发布人不能审核自己发布的心愿"))
    now = timezone.now()
    changed = MicroWish.objects.filter(pk=wish.pk, status=WishStatus.PENDING).update(
        status=status, return_reason=reason, vetted_by=by, vetted_at=now
    )
    if not changed:
        raise ValidationError(_("该心愿已审核过(当前状态:%(s)s)") % {"s": wish.get_status_display()})
    record_for(
        by,
        AuditAction.UPDATE,
        wish,
        wish.unit,
        _moved(WishStatus.PENDING, WishStatus(status)),
        note=reason,
    )
    wish.refresh_from_db()
    return wish


@transaction.atomic
def approve_wish(*, by: User, wish: MicroWish) -> MicroWish:
    """The town's or school's reviewer makes a pending wish public; nobody vets their own."""
    return _vet(by, wish, WishStatus.OPEN, "")


@transaction.atomic
def return_wish(*, by: User, wish: MicroWish, reason: str) -> MicroWish:
    """A pending wish goes back to its poster with the reviewer's reason; it never becomes public."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("退回须写明原因")})
    return _vet(by, wish, WishStatus.RETURNED, reason)


def send_phone_code(*, phone: str) -> PhoneCode:
    """A code texted to the phone before a member of the public may claim (the shared phone-code rules)."""
    return phone_codes.send_phone_code(phone=phone, purpose=_("认领微心愿"))


def _lock_wish(wish: MicroWish) -> None:
    """The conditional update that lets exactly one claimant through, whatever the others do at that moment."""
    if not MicroWish.objects.filter(pk=wish.pk, status=WishStatus.OPEN).update(status=WishStatus.CLAIMED):
        raise ValidationError(_("该心愿已被他人认领或暂不可认领"))


def _new_claim(wish: MicroWish, **fields: object) -> WishClaim:
    days = matching_setting(wish.campaign).claim_days
    claim = WishClaim(wish=wish, due_at=timezone.now() + timedelta(days=days), **fields)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ValidationError(_("该心愿已被他人认领或暂不可认领")) from None
    wish.status = WishStatus.CLAIMED
    return claim


@transaction.atomic
def claim_wish(*, by: User, wish: MicroWish) -> WishClaim:
    """A signed-in person claims an open wish; one claimant per wish."""
    _lock_wish(wish)
    claim = _new_claim(wish, user=by, name=by.name or by.username)
    record_for(by, AuditAction.CREATE, claim, wish.unit, _moved(WishStatus.OPEN, WishStatus.CLAIMED))
    return claim


def claim_wish_as_public(*, wish: MicroWish, name: str, phone: str, code: str) -> tuple[WishClaim, str]:
    """A member of the public claims an open wish with a name and a phone verified by code; returns the claim
    and the secret for the claimant's own link (kept only as a hash)."""
    name, phone = clean_text(name), phone_codes.check_mobile(phone)
    if not name:
        raise ValidationError({"name": _("请填写认领人姓名或单位名称")})
    phone_codes.verify_phone_code(phone=phone, code=code)
    with transaction.atomic():
        _lock_wish(wish)
        token = secrets.token_urlsafe(24)
        claim = _new_claim(wish, name=name, phone=phone, token_hash=secret_hash(token))
        record_for(None, AuditAction.CREATE, claim, wish.unit, _moved(WishStatus.OPEN, WishStatus.CLAIMED))
    return claim, token


@transaction.atomic
def record_delivery(
    *, by: AnyUser, claim: WishClaim, kind: str, note: str = "", proof: CheckedFile | None = None
) -> WishClaim:
    """The claimant records how the wish reached the household: handed over, or bought and sent with a receipt.
    Cash is not a way to fulfil a wish."""
    if kind not in DeliveryKind.values:
        raise ValidationError({"kind": _("实现方式须为当面送达物品或网购寄送;微心愿不接受现金")})
    if kind == DeliveryKind.PURCHASE_RECEIPT and proof is None:
        raise ValidationError({"proof": _("网购寄送须上传购物凭证")})
    note = clean_text(note)
    if not note:
        raise ValidationError({"note": _("请简要说明送达的物品和时间")})
    now = timezone.now()
    if not WishClaim.objects.filter(pk=claim.pk, status=ClaimStatus.ACTIVE).update(
        status=ClaimStatus.DELIVERED, delivery_kind=kind, delivery_note=note, delivered_at=now
    ):
        raise ValidationError(_("该认领已登记送达或已过期"))
    MicroWish.objects.filter(pk=claim.wish_id).update(status=WishStatus.DELIVERED)
    claim.refresh_from_db()
    if proof is not None:
        claim.delivery_proof.save(f"{proof.sha256[:32]}.{proof.extension}", ContentFile(proof.data))
    actor = by if getattr(by, "is_authenticated", False) else None
    record_for(
        actor,
        AuditAction.UPDATE,
        claim,
        claim.wish.unit,
        _moved(ClaimStatus.ACTIVE, ClaimStatus.DELIVERED),
        note=note,
    )
    return claim


@transaction.atomic
def confirm_receipt(*, by: User, wish: MicroWish, photo: CheckedFile, taken_at: datetime | None = None) -> WishClaim:
    """Only the household's own village (or the student's school) confirms receipt, with a photo taken after
    delivery; only then is the wish 已实现."""
    if not is_wish_unit_member(by, wish):
        raise PermissionDenied(_("只有心愿所在村(学校)的工作人员可以确认收到"))
    claim = WishClaim.objects.select_for_update().filter(wish=wish, status=ClaimStatus.DELIVERED).first()
    if claim is None:
        raise ValidationError(_("认领人尚未登记送达,不能确认收到"))
    assert claim.delivered_at is not None
    if taken_at is not None and taken_at < claim.delivered_at:
        shown = f"{timezone.localtime(claim.delivered_at):%Y-%m-%d %H:%M}"
        raise ValidationError({"photo": _("照片拍摄时间早于登记送达时间(%(t)s),请上传送达后拍摄的照片") % {"t": shown}})
    claim.status, claim.confirmed_by, claim.confirmed_at = ClaimStatus.CONFIRMED, by, timezone.now()
    claim.receipt_photo.save(f"{photo.sha256[:32]}.{photo.extension}", ContentFile(photo.data), save=False)
    claim.save(update_fields=["status", "confirmed_by", "confirmed_at", "receipt_photo"])
    MicroWish.objects.filter(pk=wish.pk, status=WishStatus.DELIVERED).update(status=WishStatus.CONFIRMED)
    wish.refresh_from_db()
    record_for(by, AuditAction.UPDATE, wish, wish.unit, _moved(WishStatus.DELIVERED, WishStatus.CONFIRMED))
    _file_receipt_photo(by, wish, photo, timezone.localdate(taken_at) if taken_at else timezone.localdate())
    return claim


def _file_receipt_photo(by: User, wish: MicroWish, photo: CheckedFile, taken_on: date) -> None:
    """The receipt photo enters the photo library as not publishable (the recipient is shown; a student is a
    minor); the delivery proof, a purchase document, never does."""
    file_in_library(
        LibraryPhoto(
            source="wish",
            unit=wish.unit,
            by=by,
            file=photo,
            caption=_("微心愿「%(t)s」已实现,受助方收到心愿物品") % {"t": wish.title},
            taken_on=taken_on,
            theme="social_services",
            campaign=wish.campaign,
            shows_minors=bool(wish.student_name),
        )
    )


def expire_claims(*, now: datetime | None = None) -> list[WishClaim]:
    """Claims not delivered by their due time expire, each in its own transaction: the wish returns to open and
    the claimant is told. Running it again finds nothing more to do."""
    now = now or timezone.now()
    due = list(WishClaim.objects.filter(status=ClaimStatus.ACTIVE, due_at__lt=now).values_list("pk", flat=True))
    expired = []
    for pk in due:
        with transaction.atomic():
            if not WishClaim.objects.filter(pk=pk, status=ClaimStatus.ACTIVE).update(
                status=ClaimStatus.EXPIRED, expired_at=now
            ):
                continue
            claim = WishClaim.objects.select_related("wish__unit", "user").get(pk=pk)
            MicroWish.objects.filter(pk=claim.wish_id, status=WishStatus.CLAIMED).update(status=WishStatus.OPEN)
            record_for(
                None,
                AuditAction.UPDATE,
                claim,
                claim.wish.unit,
                _moved(ClaimStatus.ACTIVE, ClaimStatus.EXPIRED),
            )
            transaction.on_commit(partial(notify.claim_expired, claim.pk))
            expired.append(claim)
    return expired
