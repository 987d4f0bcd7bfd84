"""Aid programmes and the funding sources that pay into them (扶贫办, 团县委, 总工会, 红十字会…)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.lib.money import yuan
from fupin.lib.text import clean_text
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can

from ..models import AidProgram, FundingSource, Stage, StudentCategory

PROGRAM_FIELDS = ("name", "level", "amount_fen", "target_count", "categories", "stages", "new_students_only")


def _check_choices(field: str, values: list[str], allowed: list[str], what: str) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError({field: _("%(w)s「%(v)s」不在可选范围内") % {"w": what, "v": "、".join(unknown)}})
    if not values:
        raise ValidationError({field: _("至少选择一个%(w)s") % {"w": what}})
    return list(dict.fromkeys(values))


@transaction.atomic
def create_program(
    *,
    by: User,
    unit: Unit,
    name: str,
    level: str,
    amount_fen: int,
    target_count: int,
    categories: list[str],
    stages: list[str],
    opens_on: date,
    closes_on: date,
    new_students_only: bool = False,
    exclusive_group: str = "",
) -> AidProgram:
    """A programme run by a unit of the user's subtree: who is eligible, how much each, for how many."""
    if not can(by, "aid.manage", unit.path):
        raise PermissionDenied(_("无权为该单位设立资助项目"))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("申请截止日期不能早于开始日期")})
    program = AidProgram(
        unit=unit,
        name=clean_text(name),
        level=level,
        amount_fen=amount_fen,
        target_count=target_count,
        categories=_check_choices("categories", categories, StudentCategory.values, _("资助类别")),
        stages=_check_choices("stages", stages, Stage.values, _("学段")),
        new_students_only=new_students_only,
        exclusive_group=clean_text(exclusive_group),
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    program.full_clean(exclude=["created_by"])
    program.save()
    record_for(by, AuditAction.CREATE, program, unit, created(snapshot(program, PROGRAM_FIELDS)))
    return program


@transaction.atomic
def add_funding_source(
    *, by: User, program: AidProgram, name: str, pledged_fen: int, received_fen: int = 0
) -> FundingSource:
    """A funder of the programme with what it pledged and what has arrived; one line per funder."""
    if not can(by, "aid.manage", program.unit.path):
        raise PermissionDenied(_("无权修改该资助项目"))
    source = FundingSource(program=program, name=clean_text(name), pledged_fen=pledged_fen, received_fen=received_fen)
    source.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        raise ValidationError({"name": _("该项目已有同名资金来源「%(n)s」") % {"n": source.name}}) from None
    values = created(snapshot(source, ("name", "pledged_fen", "received_fen")))
    record_for(by, AuditAction.CREATE, source, program.unit, values, note=program.name)
    return source


@transaction.atomic
def record_received(*, by: User, source: FundingSource, received_fen: int) -> FundingSource:
    """The funder's money that has arrived so far; never below what awards already use from it."""
    if not can(by, "aid.manage", source.program.unit.path):
        raise PermissionDenied(_("无权修改该资助项目"))
    locked = FundingSource.objects.select_for_update().get(pk=source.pk)
    if received_fen < locked.committed_fen:
        raise ValidationError(
            {"received_fen": _("到账金额不能少于已安排的资助 %(c)s 元") % {"c": yuan(locked.committed_fen)}}
        )
    before = locked.received_fen
    FundingSource.objects.filter(pk=source.pk).update(received_fen=received_fen)
    locked.received_fen = received_fen
    record_for(by, AuditAction.UPDATE, locked, source.program.unit, {"received_fen": [before, received_fen]})
    return locked
