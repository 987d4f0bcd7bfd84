"""The bank file of an approved batch (.xlsx, numbers as text cells) and the bank's results read back.

The bank returns the same sheet with 「发放结果」 (成功/失败) and 「失败原因」 filled in; every line of the batch
must have a result, a failure must say why, and any problem refuses the whole sheet.
"""

from django.conf import settings
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.lib.sheet_import import SheetLayout, SheetRowErrors, read_sheet, row_errors
from fupin.lib.xlsx import write_table
from fupin.orgs.models import User

from .models import PaymentBatch
from .services.batches import bank_rows, record_results

STANDARD_COLUMNS = [
    ("line", "序号"),
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("card_number", "银行卡号"),
    ("amount", "金额(元)"),
]
RESULT_HEADERS = ["发放结果", "失败原因"]


class Outcome(TextChoices):
    PAID = "paid", gettext_lazy("成功")
    FAILED = "failed", gettext_lazy("失败")


def _layout_columns(batch: PaymentBatch) -> list[tuple[str, str]]:
    """(key, header) of the batch's chosen layout, or the standard columns."""
    layout = batch.bank_layout
    return [(key, header) for key, header in layout.columns] if layout else STANDARD_COLUMNS


def result_sheet(batch: PaymentBatch) -> SheetLayout:
    """The bank's answer is read in the layout the file was sent in: its 序号 and 身份证号 headers."""
    headers = dict(_layout_columns(batch))
    line, number = headers["line"], headers.get("id_number", "身份证号")
    return SheetLayout(
        columns=[("line", line), ("id_number", number), ("result", "发放结果"), ("reason", "失败原因")],
        required=[line, "发放结果"],
        mandatory=("line", "result"),
        choices={"result": Outcome},
        identifiers=("line", "id_number"),
        what="发放结果",
    )


def bank_file(*, by: User, batch: PaymentBatch) -> bytes:
    """The approved batch in its chosen layout (or the standard one), with 发放结果 and 失败原因 left for the bank."""
    lines = bank_rows(by=by, batch=batch)
    columns = _layout_columns(batch)
    rows = [[line[key] for key, _header in columns] + ["", ""] for line in lines]
    headers = [header for _key, header in columns] + RESULT_HEADERS
    title = _("%(p)s 银行代发文件(批次 %(b)d)") % {"p": batch.program.name, "b": batch.pk}
    note = _("身份证号和银行卡号为文本格式;请在「发放结果」填 成功 或 失败,失败的写明原因后导回")
    return write_table(title=title, headers=headers, rows=rows, note=note)


def import_results(*, by: User, batch: PaymentBatch, data: bytes) -> tuple[int, int]:
    """(paid, failed), recorded in one transaction, or SheetRowErrors naming every bad row."""
    batch.refresh_from_db(fields=["bank_layout"])  # the layout chosen last, even if `batch` was read before
    rows = read_sheet(data, result_sheet(batch), max_rows=settings.FUPIN_STUDENT_IMPORT_MAX_ROWS)
    lines = set(batch.lines.values_list("pk", flat=True))
    results: dict[int, tuple[bool, str]] = {}
    for row in rows:
        text = row.values["line"]
        pk = int(text) if text.isdigit() else 0
        if "line" not in row.bad and pk not in lines:
            row.error("line", _("「%(v)s」不是本批次的序号") % {"v": text})
        elif pk in results:
            row.error("line", _("序号 %(v)s 重复") % {"v": text})
        ok = row.values["result"] == Outcome.PAID
        if row.values["result"] == Outcome.FAILED and not row.values["reason"]:
            row.error("reason", _("发放失败须写明原因"))
        if pk in lines and not row.bad:
            results[pk] = (ok, row.values["reason"])
    if errors := row_errors(rows):
        raise SheetRowErrors(errors)
    if missing := sorted(lines - set(results)):
        raise SheetRowErrors([_("缺少序号 %(m)s 的发放结果") % {"m": "、".join(map(str, missing[:20]))}])
    return record_results(by=by, batch=batch, results=results)
