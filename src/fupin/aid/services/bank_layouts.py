"""Bank file layouts: an aid office names, per bank, which columns a payment file carries, in which order and
under which header; a payment batch is sent in the layout chosen for it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for
from fupin.lib.text import clean_text
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import can

from ..models import BankColumn, BankLayout, BatchStatus, PaymentBatch

RESERVED_HEADERS = ("发放结果", "失败原因")  # added after the chosen columns, for the bank to fill in


def _columns(columns: list[tuple[str, str]]) -> list[list[str]]:
    """[[key, header], …] of known columns, each once, 序号 kept, headers unique and not the bank's two."""
    if not columns:
        raise ValidationError({"columns": _("请至少选择一列")})
    keys = [key for key, _header in columns]
    unknown = [key for key in keys if key not in BankColumn.values]
    if unknown:
        raise ValidationError({"columns": _("「%(k)s」不是可选的列") % {"k": "、".join(unknown)}})
    if len(set(keys)) != len(keys):
        raise ValidationError({"columns": _("每一列只能选一次")})
    if BankColumn.LINE not in keys:
        raise ValidationError({"columns": _("须保留「序号」列,银行回传的发放结果按序号对应")})
    cleaned = [[key, clean_text(header)[:30] or str(BankColumn(key).label)] for key, header in columns]
    headers = [header for _key, header in cleaned]
    repeated = sorted({h for h in headers if headers.count(h) > 1 or h in RESERVED_HEADERS})
    if repeated:
        raise ValidationError(
            {"columns": _("表头「%(h)s」重复或与「发放结果」「失败原因」相同") % {"h": "、".join(repeated)}}
        )
    return cleaned


@transaction.atomic
def save_bank_layout(*, by: User, unit: Unit, name: str, bank: str, columns: list[tuple[str, str]]) -> BankLayout:
    """A named layout for one bank, kept by an office (not a school) the user manages aid for."""
    if unit.kind in (UnitKind.SCHOOL, UnitKind.VILLAGE, UnitKind.TOWN) or not can(by, "aid.manage", unit.path):
        raise PermissionDenied(_("无权为该单位设置代发文件格式"))
    name, bank = clean_text(name)[:60], clean_text(bank)[:60]
    if not name or not bank:
        raise ValidationError({"name" if not name else "bank": _("请填写格式名称和代发银行")})
    layout = BankLayout(unit=unit, name=name, bank=bank, columns=_columns(columns), created_by=by)
    if BankLayout.objects.filter(unit=unit, name=name).exists():
        raise ValidationError({"name": _("本单位已有同名的代发文件格式")})
    try:
        with transaction.atomic():
            layout.save()
    except IntegrityError:  # the same name saved by a concurrent request
        raise ValidationError({"name": _("本单位已有同名的代发文件格式")}) from None
    values = created({"name": name, "bank": bank, "columns": layout.headers()})
    record_for(by, AuditAction.CREATE, layout, unit, values)
    return layout


@transaction.atomic
def choose_bank_layout(*, by: User, batch: PaymentBatch, layout: BankLayout | None) -> PaymentBatch:
    """The layout a batch's bank file is written in: one kept by the programme's office or an office above it;
    fixed once the bank's results are in, so they are read back in the layout they were sent in."""
    program_path = batch.program.unit.path
    if not can(by, "aid.manage", program_path):
        raise PermissionDenied(_("无权办理该项目的资助发放"))
    if layout is not None and not program_path.startswith(layout.unit.path):
        raise ValidationError({"layout": _("只能选用本项目主办单位或其上级单位的代发文件格式")})
    locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status == BatchStatus.APPROVED and locked.lines.exclude(result="pending").exists():
        raise ValidationError({"layout": _("该批次已导入发放结果,不能再更换代发文件格式")})
    before = str(locked.bank_layout) if locked.bank_layout else ""
    locked.bank_layout = layout
    locked.save(update_fields=["bank_layout"])
    changes = {"bank_layout": [before or None, str(layout) if layout else None]}
    record_for(by, AuditAction.UPDATE, locked, batch.program.unit, changes)
    return locked
