"""Payment batches: made from approved awards, approved by someone other than their maker, frozen from then
on (what is paid to whom is copied from the registry at approval); bank results read back; failures re-queued."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.lib.id_numbers import decrypt_id_number
from fupin.lib.text import clean_text
from fupin.orgs.models import User
from fupin.orgs.policy import can

from ..models import AidAward, AidProgram, AwardStatus, BatchStatus, PaymentBatch, PaymentLine, PaymentResult


def _check(by: User, program: AidProgram, action: str = "aid.manage") -> None:
    if not can(by, action, program.unit.path):
        raise PermissionDenied(_("无权办理该项目的资助发放"))


def _snapshot(line: PaymentLine, award: AidAward) -> None:
    student = award.student
    line.name, line.school_name = student.name, student.school.name
    line.id_cipher, line.id_masked = student.id_cipher, student.id_masked
    line.card_cipher, line.card_masked = student.card_cipher, student.card_masked
    line.amount_fen = award.amount_fen


def _unpaid(program: AidProgram) -> QuerySet[AidAward]:
    """Approved awards not yet in a batch, except those whose every payment failed (they are re-queued)."""
    queued = PaymentLine.objects.exclude(result=PaymentResult.FAILED).values("award_id")
    return program.awards.filter(status=AwardStatus.APPROVED).exclude(pk__in=queued)


def _new_batch(by: User, program: AidProgram, awards: list[AidAward], requeue_of: PaymentBatch | None) -> PaymentBatch:
    if not awards:
        raise ValidationError(_("没有待发放的已审核名单"))
    batch = PaymentBatch.objects.create(program=program, created_by=by, requeue_of=requeue_of)
    lines = []
    for award in awards:
        line = PaymentLine(batch=batch, award=award)
        _snapshot(line, award)
        lines.append(line)
    PaymentLine.objects.bulk_create(lines)
    note = _("补发批次") if requeue_of else _("新建发放批次")
    record_for(by, AuditAction.CREATE, batch, program.unit, {"lines": [None, len(lines)]}, note=note)
    return batch


@transaction.atomic
def create_batch(*, by: User, program: AidProgram) -> PaymentBatch:
    """A batch of every approved award of the programme that is not paid or being paid."""
    _check(by, program)
    AidProgram.objects.select_for_update().get(pk=program.pk)  # one batch at a time per programme
    return _new_batch(by, program, list(_unpaid(program).select_related("student__school")), None)


@transaction.atomic
def approve_batch(*, by: User, batch: PaymentBatch) -> PaymentBatch:
    """Approve a batch made by someone else; what each line pays to whom is copied from the registry now and
    never changes afterwards."""
    _check(by, batch.program, "aid.review")
    if batch.created_by_id == by.pk:
        raise ValidationError(_("审批人不能是制表人本人,请由其他同事审批"))
    locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != BatchStatus.DRAFT:
        raise ValidationError(_("该批次已审批,不能重复审批"))
    lines = list(locked.lines.select_related("award__student__school"))
    for line in lines:
        _snapshot(line, line.award)
    fields = ["name", "school_name", "id_cipher", "id_masked", "card_cipher", "card_masked", "amount_fen"]
    PaymentLine.objects.bulk_update(lines, fields)
    locked.status, locked.approved_by, locked.approved_at = BatchStatus.APPROVED, by, timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    record_for(by, AuditAction.UPDATE, locked, batch.program.unit, {"status": ["draft", "approved"]})
    return locked


def bank_amount(fen: int) -> str:
    """分 as the bank's plain 元 text (2000.00): no thousands separator, never a float."""
    return f"{fen // 100}.{fen % 100:02d}"


@transaction.atomic
def bank_rows(*, by: User, batch: PaymentBatch) -> list[dict[str, str]]:
    """The bank file's lines (by `BankColumn` key) with the full 身份证号 and card numbers: only for an approved
    batch, only for those allowed to see the numbers, and the export is in the audit trail."""
    if not can(by, "aid.reveal", batch.program.unit.path):
        raise PermissionDenied(_("无权导出完整身份证号和银行卡号"))
    batch.refresh_from_db(fields=["status", "bank_layout"])
    if batch.status != BatchStatus.APPROVED:
        raise ValidationError(_("批次审批后才能导出银行代发文件"))
    layout = batch.bank_layout
    note = _("%(p)s 批次%(b)d") % {"p": batch.program.name, "b": batch.pk}
    rows = [
        {
            "line": str(line.pk),
            "name": line.name,
            "id_number": decrypt_id_number(line.id_cipher),
            "card_number": decrypt_id_number(line.card_cipher) if line.card_cipher else "",
            "bank": layout.bank if layout else "",
            "amount": bank_amount(line.amount_fen),
            "school": line.school_name,
            "note": note,
        }
        for line in batch.lines.order_by("pk")
    ]
    changes = {"lines": [None, len(rows)]}
    shown = _("导出银行代发文件(%(l)s)") % {"l": layout} if layout else _("导出银行代发文件")
    record_for(by, AuditAction.EXPORT, batch, batch.program.unit, changes, note=shown)
    return rows


@transaction.atomic
def record_results(*, by: User, batch: PaymentBatch, results: dict[int, tuple[bool, str]]) -> tuple[int, int]:
    """The bank's answer for each line (paid, or failed with the reason); (paid, failed)."""
    _check(by, batch.program)
    batch.refresh_from_db(fields=["status"])
    if batch.status != BatchStatus.APPROVED:
        raise ValidationError(_("批次审批后才能导入发放结果"))
    lines = {line.pk: line for line in batch.lines.select_for_update()}
    for pk, (ok, reason) in results.items():
        lines[pk].result = PaymentResult.PAID if ok else PaymentResult.FAILED
        lines[pk].failure_reason = "" if ok else clean_text(reason)[:200]
    PaymentLine.objects.bulk_update([lines[pk] for pk in results], ["result", "failure_reason"])
    paid = sum(1 for ok, _reason in results.values() if ok)
    changes = {"paid": [None, paid], "failed": [None, len(results) - paid]}
    record_for(by, AuditAction.IMPORT, batch, batch.program.unit, changes, note=_("导入银行发放结果"))
    return paid, len(results) - paid


@transaction.atomic
def requeue_failed(*, by: User, batch: PaymentBatch) -> PaymentBatch:
    """A new batch of the failed payments of `batch`, to be approved and sent again."""
    _check(by, batch.program)
    failed = batch.lines.filter(result=PaymentResult.FAILED)
    again = PaymentLine.objects.filter(batch__requeue_of=batch).values("award_id")
    awards = AidAward.objects.filter(pk__in=failed.values("award_id")).exclude(pk__in=again)
    awards = awards.select_related("student__school")
    if not awards.exists():
        raise ValidationError(_("本批次没有待补发的发放失败学生"))
    return _new_batch(by, batch.program, list(awards), batch)
