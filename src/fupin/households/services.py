"""Every write to the registry: validated, in one transaction, recorded in the audit trail."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.lib.id_numbers import (
    decrypt_id_number,
    encrypt_id_number,
    id_number_hash,
    id_number_hashes,
    mask_id_number,
    validate_id_number,
)
from fupin.lib.masking import mask_name
from fupin.lib.text import clean_text
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import AnyUser, can, paths_for, scope_q

from .models import Household, HouseholdStatus, Member, PovertyCause, StatusChange

HOUSEHOLD_FIELDS = ("village", "head_name", "head_id_masked", "category", "poverty_causes", "cause_note", "status")


def duplicate_reason(user: AnyUser, existing: Household) -> str:
    """Where the number is already registered: named only when the user may see that household."""
    if can(user, "household.view", existing.village.path):
        return _("该身份证号已登记:%(v)s 户主 %(n)s") % {"v": existing.village.name, "n": mask_name(existing.head_name)}
    return _("该身份证号已在其他单位登记")


def _check_place(by: User, village: Unit) -> None:
    if village.kind != UnitKind.VILLAGE:
        raise ValidationError({"village": _("帮扶户须登记在村一级单位")})
    if not can(by, "household.manage", village.path):
        raise PermissionDenied(_("无权在该村登记帮扶户"))


def _check_causes(causes: list[str]) -> list[str]:
    unknown = [c for c in causes if c not in PovertyCause.values]
    if unknown:
        raise ValidationError({"poverty_causes": _("致贫原因「%(c)s」不在可选范围内") % {"c": "、".join(unknown)}})
    return list(dict.fromkeys(causes))


def _new_number(by: User, id_number: str) -> str:
    """The valid number, not yet in the registry (where it is, said only as far as the user may know)."""
    try:
        number = validate_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    existing = Household.objects.select_related("village").filter(head_id_hash__in=id_number_hashes(number)).first()
    if existing is not None:
        raise ValidationError({"id_number": duplicate_reason(by, existing)})
    return number


@transaction.atomic
def register_household(
    *,
    by: User,
    village: Unit,
    head_name: str,
    id_number: str,
    category: str,
    poverty_causes: list[str],
    cause_note: str = "",
    status: str = HouseholdStatus.IN_POVERTY,
    status_year: int | None = None,
) -> Household:
    """A household in a village of the user's subtree; one household per 身份证号 across the whole registry."""
    _check_place(by, village)
    head_name = clean_text(head_name)
    if not head_name:
        raise ValidationError({"head_name": _("户主姓名不能为空")})
    number = _new_number(by, id_number)
    digest = id_number_hash(number)
    household = Household(
        village=village,
        head_name=head_name,
        head_id_cipher=encrypt_id_number(number),
        head_id_hash=digest,
        head_id_masked=mask_id_number(number),
        category=category,
        poverty_causes=_check_causes(poverty_causes),
        cause_note=clean_text(cause_note),
        status=status,
    )
    household.full_clean(exclude=["head_id_cipher", "head_id_hash", "head_id_masked"], validate_unique=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError:  # the same number registered by a concurrent request
        raise ValidationError({"id_number": _("该身份证号已登记")}) from None
    StatusChange.objects.create(
        household=household, status=status, year=status_year or date.today().year, recorded_by=by
    )
    record_for(by, AuditAction.CREATE, household, village, created(snapshot(household, HOUSEHOLD_FIELDS)))
    return household


@transaction.atomic
def add_member(
    *, by: User, household: Household, name: str, relation: str, sex: str, birth_year: int, schooling: str, health: str
) -> Member:
    if not can(by, "household.manage", household.village.path):
        raise PermissionDenied(_("无权修改该帮扶户"))
    if not 1900 <= birth_year <= date.today().year:
        raise ValidationError({"birth_year": _("出生年份应在1900年至今之间")})
    member = Member(
        household=household,
        name=clean_text(name),
        relation=relation,
        sex=sex,
        birth_year=birth_year,
        schooling=schooling,
        health=health,
    )
    member.full_clean()
    member.save()
    fields = ("name", "relation", "sex", "birth_year", "schooling", "health")
    record_for(by, AuditAction.CREATE, member, household.village, created(snapshot(member, fields)))
    return member


@transaction.atomic
def record_status(*, by: User, household: Household, status: str, year: int, note: str = "") -> StatusChange:
    """A new step of the household's history (e.g. 2020年脱贫); earlier steps are kept."""
    if not can(by, "household.manage", household.village.path):
        raise PermissionDenied(_("无权修改该帮扶户"))
    if year > date.today().year:
        raise ValidationError({"year": _("年度不能晚于今年")})
    change = StatusChange(household=household, status=status, year=year, note=clean_text(note), recorded_by=by)
    change.full_clean(exclude=["recorded_by"])
    change.save()
    before = household.status
    Household.objects.filter(pk=household.pk).update(status=status)
    household.status = status
    record_for(by, AuditAction.UPDATE, household, household.village, {"status": [before, status]}, note=str(year))
    return change


@transaction.atomic
def reveal_id_number(*, by: User, household: Household) -> str:
    """The head's 身份证号 in full, for those allowed to see it; every look is written to the audit trail."""
    if not can(by, "household.reveal", household.village.path):
        raise PermissionDenied(_("无权查看完整身份证号"))
    record_for(by, AuditAction.VIEW_PERSONAL, household, household.village, note=_("查看完整身份证号"))
    return decrypt_id_number(household.head_id_cipher)


@transaction.atomic
def export_id_numbers(*, by: User, households: QuerySet[Household], limit: int) -> list[tuple[Household, str]]:
    """The full numbers for an export, only of the households the user may see in full; the export is written
    to the audit trail once, with how many numbers it held."""
    allowed = households.filter(scope_q(by, "household.reveal", "village__path"))
    rows = [(h, decrypt_id_number(h.head_id_cipher)) for h in allowed[:limit]]
    unit = Unit.objects.filter(path__in=paths_for(by, "household.reveal")).order_by("path").first()
    unit = unit or (rows[0][0].village if rows else None)
    if unit is not None:
        changes = {"households": [None, len(rows)]}
        record_for(by, AuditAction.VIEW_PERSONAL, None, unit, changes, note=_("导出完整身份证号"))
    return rows
