"""Awards: selected by rule or by hand, each paid from one funding source that can never fund more than it
received; the operator and the reviewer are different people; 重复资助 is blocked with the rule quoted."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.masking import mask_name
from fupin.lib.money import yuan
from fupin.lib.text import clean_text
from fupin.orgs.models import User
from fupin.orgs.policy import can

from ..models import AidAward, AidProgram, AwardStatus, FundingSource, Student

LIVE = ~Q(status=AwardStatus.RETURNED)
RULE_ONCE = _("同一学生在同一资助项目中只能资助一次")
RULE_EXCLUSIVE = _("同一学生不能同时享受互斥的资助项目(互斥组「%(g)s」)")


def _duplicates(program: AidProgram, students: Sequence[Student]) -> list[str]:
    """The 重复资助 reasons: the same 身份证号 twice in this programme, or in a mutually exclusive one."""
    ids = [s.pk for s in students]
    reasons = []
    seen: set[int] = set()
    for s in students:
        if s.pk in seen:
            reasons.append(_("%(n)s 在本次名单中出现两次:%(r)s") % {"n": mask_name(s.name), "r": RULE_ONCE})
        seen.add(s.pk)
    live = AidAward.objects.filter(LIVE, student_id__in=ids).select_related("student", "program")
    for award in live.filter(program=program):
        reasons.append(_("%(n)s 已在本项目名单中:%(r)s") % {"n": mask_name(award.student.name), "r": RULE_ONCE})
    if program.exclusive_group:
        others = live.filter(program__exclusive_group=program.exclusive_group).exclude(program=program)
        for award in others:
            rule = RULE_EXCLUSIVE % {"g": program.exclusive_group}
            reasons.append(
                _("%(n)s 已获「%(p)s」资助:%(r)s")
                % {"n": mask_name(award.student.name), "p": award.program.name, "r": rule}
            )
    return reasons


def _near_duplicate(student: Student) -> str:
    """Same name and birth date at another school: perhaps one child registered twice; a reviewer decides."""
    twin = (
        Student.objects.filter(name=student.name, birth_date=student.birth_date)
        .exclude(pk=student.pk)
        .exclude(school=student.school)
        .select_related("school")
        .first()
    )
    if twin is None:
        return ""
    return _("%(s)s 有同名同出生日期的学生,请核实是否同一人") % {"s": twin.school.name}


def _commit(source: FundingSource, total: int) -> None:
    """Take `total` from the source's received money in one conditional update, so two operators at once
    can never together spend more than arrived."""
    taken = FundingSource.objects.filter(pk=source.pk, committed_fen__lte=F("received_fen") - total).update(
        committed_fen=F("committed_fen") + total
    )
    if not taken:
        source.refresh_from_db()
        raise ValidationError(
            {
                "source": _("资金来源「%(s)s」到账余额不足:可安排 %(a)s 元,本次需要 %(t)s 元")
                % {"s": source.name, "a": yuan(source.available_fen), "t": yuan(total)}
            }
        )


@transaction.atomic
def propose_awards(
    *, by: User, program: AidProgram, students: Sequence[Student], source: FundingSource
) -> list[AidAward]:
    """Put students on the programme's list, each paid the programme's amount from `source`; all or none."""
    if not can(by, "aid.manage", program.unit.path):
        raise PermissionDenied(_("无权修改该资助项目"))
    if source.program_id != program.pk:
        raise ValidationError({"source": _("资金来源不属于本项目")})
    outside = [s for s in students if not can(by, "aid.view", s.school.path)]
    if outside or not students:
        raise ValidationError({"students": _("请选择您管辖范围内的学生")})
    if reasons := _duplicates(program, students):
        raise ValidationError({"students": reasons})
    live = AidAward.objects.filter(LIVE, program=program).count()
    if live + len(students) > program.target_count:
        raise ValidationError(
            {
                "students": _("超过计划资助人数 %(t)d 人:已有 %(l)d 人,本次 %(n)d 人")
                % {"t": program.target_count, "l": live, "n": len(students)}
            }
        )
    _commit(source, program.amount_fen * len(students))
    try:
        with transaction.atomic():
            awards = AidAward.objects.bulk_create(
                AidAward(
                    program=program,
                    student=s,
                    source=source,
                    amount_fen=program.amount_fen,
                    proposed_by=by,
                    near_duplicate=_near_duplicate(s),
                )
                for s in students
            )
    except IntegrityError:  # the same student listed by a concurrent request
        raise ValidationError({"students": [RULE_ONCE]}) from None
    changes = {"awards": [None, len(awards)], "source": [None, source.name]}
    record_for(by, AuditAction.CREATE, program, program.unit, changes, note=_("列入资助名单"))
    return awards


@transaction.atomic
def approve_awards(*, by: User, program: AidProgram, awards: Iterable[AidAward]) -> int:
    """Approve proposed awards; the reviewer may not approve an award they proposed themselves."""
    if not can(by, "aid.review", program.unit.path):
        raise PermissionDenied(_("无权审核该资助项目"))
    chosen = [a for a in awards if a.program_id == program.pk]
    own = [a for a in chosen if a.proposed_by_id == by.pk]
    if own:
        names = "、".join(mask_name(a.student.name) for a in own[:5])
        raise ValidationError(_("审核人不能是经办人本人:%(n)s 由您列入名单,请由其他同事审核") % {"n": names})
    count = AidAward.objects.filter(pk__in=[a.pk for a in chosen], status=AwardStatus.PROPOSED).update(
        status=AwardStatus.APPROVED, reviewed_by=by
    )
    record_for(by, AuditAction.UPDATE, program, program.unit, {"approved": [None, count]}, note=_("审核通过"))
    return count


@transaction.atomic
def return_award(*, by: User, award: AidAward, reason: str) -> AidAward:
    """Send a proposed award back with the reason; its money goes back to the funding source."""
    if not can(by, "aid.review", award.program.unit.path):
        raise PermissionDenied(_("无权审核该资助项目"))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("退回须写明原因")})
    taken = AidAward.objects.filter(pk=award.pk, status=AwardStatus.PROPOSED).update(
        status=AwardStatus.RETURNED, return_reason=reason[:200], reviewed_by=by
    )
    if not taken:
        raise ValidationError(_("只有待审核的名单可以退回"))
    FundingSource.objects.filter(pk=award.source_id).update(committed_fen=F("committed_fen") - award.amount_fen)
    award.refresh_from_db()
    changes = {"status": ["proposed", "returned"]}
    record_for(by, AuditAction.UPDATE, award, award.program.unit, changes, note=_("退回:%(r)s") % {"r": reason})
    return award
