"""Every write of pairings and visits: checked against the notices' rules, atomic, in the audit trail."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.households.models import Household, PovertyCause
from fupin.lib.photo_library import LibraryPhoto, file_in_library
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import Membership, Unit, UnitKind, User
from fupin.orgs.policy import can

from .models import Pairing, PairingKind, Visit, VisitKind, VisitPhoto

PAIRING_FIELDS = ("kind", "unit", "cadre", "household", "partner_unit", "helper_name", "partner_name", "started_on")
PARTNER_KIND: dict[str, str] = {
    PairingKind.UNIT_VILLAGE: UnitKind.VILLAGE,
    PairingKind.ENTERPRISE_VILLAGE: UnitKind.VILLAGE,
    PairingKind.SCHOOL_SCHOOL: UnitKind.SCHOOL,
}
MAX_PHOTOS = 9


def _check_sides(
    kind: str, unit: Unit, cadre: User | None, household: Household | None, partner_unit: Unit | None
) -> None:
    if kind == PairingKind.CADRE_HOUSEHOLD:
        if cadre is None or household is None:
            raise ValidationError(_("干部包户须选择帮扶责任人和帮扶户"))
        if not Membership.objects.filter(user=cadre, unit=unit).exists():
            raise ValidationError({"cadre": _("帮扶责任人须是帮扶单位的成员")})
    elif kind in PARTNER_KIND:
        if partner_unit is None or partner_unit.kind != PARTNER_KIND[kind]:
            raise ValidationError({"partner_unit": _("结对对象须是%(k)s") % {"k": UnitKind(PARTNER_KIND[kind]).label}})
        if kind == PairingKind.SCHOOL_SCHOOL and (unit.kind != UnitKind.SCHOOL or partner_unit.area != "rural"):
            raise ValidationError({"partner_unit": _("城乡学校结对须由学校与农村学校结对")})
        if kind == PairingKind.ENTERPRISE_VILLAGE and unit.kind != UnitKind.ENTERPRISE:
            raise ValidationError({"unit": _("企业包村的帮扶单位须是企业")})


def _open_pairing_reason(household: Household) -> str | None:
    current = (
        Pairing.objects.filter(household=household, kind=PairingKind.CADRE_HOUSEHOLD, ended_on__isnull=True)
        .select_related("cadre")
        .first()
    )
    if current is None or current.cadre is None:
        return None
    return _("该户已有帮扶责任人 %(c)s(%(d)s 起),请先结束原结对") % {
        "c": current.cadre.name or current.cadre.username,
        "d": f"{current.started_on:%Y-%m-%d}",
    }


@transaction.atomic
def create_pairing(
    *,
    by: User,
    kind: str,
    unit: Unit,
    started_on: date,
    cadre: User | None = None,
    household: Household | None = None,
    partner_unit: Unit | None = None,
    helper_name: str = "",
    partner_name: str = "",
    note: str = "",
) -> Pairing:
    """A pairing of the helping unit in the user's subtree; a household has one responsible cadre at a time."""
    if not can(by, "pairing.manage", unit.path):
        raise PermissionDenied(_("无权为该单位建立结对"))
    _check_sides(kind, unit, cadre, household, partner_unit)
    if household is not None and (reason := _open_pairing_reason(household)):
        raise ValidationError({"household": reason})
    pairing = Pairing(
        kind=kind,
        unit=unit,
        cadre=cadre if kind == PairingKind.CADRE_HOUSEHOLD else None,
        household=household if kind == PairingKind.CADRE_HOUSEHOLD else None,
        partner_unit=partner_unit if kind in PARTNER_KIND else None,
        helper_name=clean_text(helper_name),
        partner_name=clean_text(partner_name),
        started_on=started_on,
        note=clean_text(note),
    )
    pairing.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            pairing.save()
    except IntegrityError:  # another responsible cadre was set for the household at the same moment
        raise ValidationError({"household": _("该户已有帮扶责任人,请先结束原结对")}) from None
    record_for(by, AuditAction.CREATE, pairing, unit, created(snapshot(pairing, PAIRING_FIELDS)))
    return pairing


@transaction.atomic
def end_pairing(*, by: User, pairing: Pairing, ended_on: date) -> Pairing:
    """Ends a pairing (kept as history); the household may then get its next responsible cadre."""
    if not can(by, "pairing.manage", pairing.unit.path):
        raise PermissionDenied(_("无权结束该结对"))
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.ended_on is not None:
        raise ValidationError({"ended_on": _("该结对已于 %(d)s 结束") % {"d": f"{pairing.ended_on:%Y-%m-%d}"}})
    if ended_on < pairing.started_on:
        raise ValidationError({"ended_on": _("结束日期不能早于开始日期")})
    pairing.ended_on = ended_on
    pairing.save(update_fields=["ended_on"])
    record_for(by, AuditAction.UPDATE, pairing, pairing.unit, {"ended_on": [None, ended_on.isoformat()]})
    return pairing


def may_record(user: User, pairing: Pairing) -> bool:
    """The pairing's cadre, or whoever records visits for the helping unit's subtree."""
    return pairing.cadre_id == user.pk or can(user, "visit.record", pairing.unit.path)


def _check_visit(pairing: Pairing, kind: str, visited_on: date, follow_up_on: date | None) -> None:
    today = timezone.localdate()
    if visited_on > today:
        raise ValidationError({"visited_on": _("走访日期不能晚于今天(%(d)s)") % {"d": f"{today:%Y-%m-%d}"}})
    if visited_on < pairing.started_on or (pairing.ended_on and visited_on > pairing.ended_on):
        raise ValidationError({"visited_on": _("走访日期不在结对期间内")})
    if follow_up_on is not None and follow_up_on <= visited_on:
        raise ValidationError({"follow_up_on": _("回访日期应晚于走访日期")})
    if kind == VisitKind.JOINT_ACTIVITY and pairing.kind != PairingKind.SCHOOL_SCHOOL:
        raise ValidationError({"kind": _("联合活动只用于城乡学校结对")})
    if kind == VisitKind.HOME_VISIT and pairing.kind != PairingKind.CADRE_HOUSEHOLD:
        raise ValidationError({"kind": _("入户走访只用于干部包户结对")})


def _location(
    consent: bool, latitude: Decimal | None, longitude: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    if not consent:
        return None, None
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("位置须同时有纬度和经度")})
    return latitude, longitude


TEXTS = ("visitors", "place", "living", "income", "schooling", "health", "difficulties", "measures")


def _store_photos(visit: Visit, photos: list[CheckedFile], caption: str, by: User) -> None:
    """Each photo is kept with the visit and filed in the photo library, credited to the pairing's unit; a
    household's photo is not publishable until an office records the household's consent."""
    caption = clean_text(caption) or _("%(d)s %(u)s%(k)s") % {
        "d": f"{visit.visited_on:%Y-%m-%d}",
        "u": visit.pairing.unit.name,
        "k": visit.get_kind_display(),
    }
    for photo in photos:
        stored = VisitPhoto(
            visit=visit, name=photo.name, sha256=photo.sha256, width=photo.width or 0, height=photo.height or 0
        )
        stored.file.save(f"{photo.sha256[:32]}.{photo.extension}", ContentFile(photo.data), save=False)
        stored.save()
        file_in_library(
            LibraryPhoto(
                source="visit",
                unit=visit.pairing.unit,
                by=by,
                file=photo,
                caption=caption,
                taken_on=visit.visited_on,
                theme="social_services",
            )
        )


@transaction.atomic
def record_visit(
    *,
    by: User,
    pairing: Pairing,
    kind: str,
    visited_on: date,
    follow_up_on: date | None = None,
    poverty_causes: list[str] | None = None,
    participants: int | None = None,
    photos: list[CheckedFile] | None = None,
    photo_caption: str = "",
    location_consent: bool = False,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    **texts: str,
) -> Visit:
    """A visit under a pairing, never dated in the future; photos come through the shared intake. `texts` are
    the written findings: visitors, place, living, income, schooling, health, difficulties, measures."""
    if not may_record(by, pairing):
        raise PermissionDenied(_("无权为该结对登记走访"))
    if unknown := set(texts) - set(TEXTS):
        raise TypeError(f"record_visit() got unexpected fields {sorted(unknown)}")
    _check_visit(pairing, kind, visited_on, follow_up_on)
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("每次走访最多上传 %(n)d 张照片") % {"n": MAX_PHOTOS}})
    lat, lng = _location(location_consent, latitude, longitude)
    visit = Visit(
        pairing=pairing,
        kind=kind,
        visited_on=visited_on,
        participants=participants,
        poverty_causes=[c for c in (poverty_causes or []) if c in PovertyCause.values],
        follow_up_on=follow_up_on,
        location_consent=location_consent,
        latitude=lat,
        longitude=lng,
        recorded_by=by,
        **{name: clean_text(texts.get(name, "")) for name in TEXTS},
    )
    visit.full_clean(exclude=["recorded_by"])
    visit.save()
    _store_photos(visit, photos, photo_caption, by)
    changes = created(snapshot(visit, ("kind", "visited_on", "visitors", "measures", "follow_up_on")))
    record_for(by, AuditAction.CREATE, visit, pairing.unit, changes | {"photos": [None, len(photos)]})
    return visit
