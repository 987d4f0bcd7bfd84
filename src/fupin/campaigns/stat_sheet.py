"""Statistics tables as Excel forms: a unit's template to fill offline and import back, and the office's
export of a subtree laid out as a government table (title, 填报单位, 填报日期, header, rows, 合计).

An import is all or nothing: every bad cell is reported as 「第N行 第M列 列名: 原因」 and nothing is written.
"""

import re
import unicodedata
from datetime import date
from typing import Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.lib.xlsx import SheetError, SheetTooLong, cell_text, header_index, header_name, read_rows, write_form

from .models import ColumnType, StatColumn, StatReport, StatTable, Task
from .selectors.stat_totals import export_rows
from .selectors.stats import ReportSheet, has_source
from .services.stats import MAX_ROWS, CellErrors, fill_report
from .stat_cells import sheet_value

BLANK_ROWS = 20  # empty boxed lines of a many-rows template
FORMATS: dict[str, str] = {
    ColumnType.MONEY: "#,##0.00",
    ColumnType.PERCENT: "0.00",
    ColumnType.INTEGER: "#,##0",
    ColumnType.DATE: "yyyy-mm-dd",
}
_CODE = re.compile(r"[(]([^()]+)[)]\s*$")
_STOP = ("合计", "填表说明", "说明")


class SheetCellErrors(Exception):
    """Cell-level problems: one 「第N行 第M列 列名: 原因」 line each."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _today() -> date:
    return timezone.localdate()


def _date_line(day: date) -> str:
    return _("填报日期:%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def _note(table: StatTable, automatic: bool) -> str:
    parts = [table.note] if table.note else []
    parts.append(_("金额单位:元,最多两位小数;百分比填 0–100 的数;日期写成 2026-10-17。"))
    if automatic:
        parts.append(_("标「自动」的列由系统按数据来源填入,导入时不采用表中的数。"))
    return " ".join(parts)


def _header(column: StatColumn, automatic: bool) -> str:
    if automatic:
        return _("%(c)s(自动)") % {"c": column.label}
    return column.label + ("*" if column.required else "")


def report_template(sheet: ReportSheet) -> bytes:
    """The unit's own form with what it has given so far (and the source figures), to fill and import."""
    unit, columns = sheet.task.unit, sheet.columns
    rows = [[sheet_value(cell.column, cell.value) for cell in row] for row in sheet.rows]
    if sheet.table.is_many_rows:
        rows += [[None] * len(columns) for _blank in range(BLANK_ROWS)]
    return write_form(
        title=sheet.table.title,
        info=[_("填报单位:%(u)s(%(c)s)") % {"u": unit.name, "c": unit.code}, _date_line(_today())],
        note=_note(sheet.table, bool(sheet.sources)),
        headers=[_header(c, c.pk in sheet.sources) for c in columns],
        rows=rows,
        formats=[FORMATS.get(c.type) for c in columns],
        sheet_name=_("填报"),
    )


def export_table(table: StatTable, unit) -> bytes:
    """The subtree's figures as the office hands them up: one row per unit (or per item), then 合计."""
    columns = list(table.columns.all())
    rows = export_rows(table, unit)
    body = [
        [n, r.unit.name, *(sheet_value(c, r.values.get(c.pk)) for c in columns), _("未填报") if r.missing else None]
        for n, r in enumerate(rows, start=1)
    ]
    # an additive column's stored value is an integer (分 for money) or None
    sums = [sum(cast(int | None, r.values.get(c.pk)) or 0 for r in rows) if c.is_additive else None for c in columns]
    total = [_("合计"), "", *(sheet_value(c, s) for c, s in zip(columns, sums, strict=True)), ""]
    return write_form(
        title=table.title,
        info=[_("填报单位:%(u)s") % {"u": unit.name}, _date_line(_today())],
        note=_note(table, False),
        headers=[_("序号"), _("单位"), *(c.label for c in columns), _("填报情况")],
        rows=body,
        total=total,
        formats=[None, None, *(FORMATS.get(c.type) for c in columns), None],
        sheet_name=_("汇总"),
    )


# ---------------------------------------------------------------- import


def _fold(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


def _check_unit(rows: list[tuple[int, list[Any]]], task: Task) -> None:
    """A sheet naming another unit (「填报单位:…(代码)」 above the header) is refused whole."""
    for number, cells in rows:
        for cell in cells:
            text = _fold(cell)
            if not text.startswith("填报单位"):
                continue
            match = _CODE.search(text.split("填报日期")[0])
            if match and match.group(1) != task.unit.code:
                raise SheetError(
                    _("第%(n)d行 填报单位: 表中是「%(s)s」,不是本任务的单位「%(u)s(%(c)s)」,请下载本单位的模板填写")
                    % {"n": number, "s": text.removeprefix("填报单位:")[:60], "u": task.unit.name, "c": task.unit.code}
                )


def _header_mismatch(rows, expected: list[str]) -> SheetError:
    if not rows:
        return SheetError(_("表格是空的,没有表头和数据"))
    number, cells = max(rows[:10], key=lambda r: len(set(expected) & {header_name(c) for c in r[1]}))
    found = [header_name(c) for c in cells if c not in ("", None)]
    missing = [h for h in expected if h not in found]
    return SheetError(
        _("表头不符:应包含 %(e)s;缺少 %(m)s;第%(n)d行实际为 %(f)s")
        % {"e": "、".join(expected), "m": "、".join(missing), "n": number, "f": "、".join(found)[:300]}
    )


def _body(rows, pos: int) -> list[tuple[int, list[Any]]]:
    body = []
    for number, cells in rows[pos + 1 :]:
        first = next((_fold(c) for c in cells if _fold(c)), "")
        if first.startswith(_STOP):
            break
        body.append((number, cells))
    return body


def _read(table: StatTable, data: bytes, typed: list[StatColumn], task: Task):
    try:
        rows = read_rows(data, max_rows=MAX_ROWS + 10)  # room for the title, facts, note and header
    except SheetTooLong:
        raise SheetTooLong(MAX_ROWS) from None
    expected = [header_name(c.label) for c in typed]
    pos, index = header_index(rows, expected, scan=10)
    if pos is None:
        raise _header_mismatch(rows, expected)
    _check_unit(rows[:pos], task)
    body = _body(rows, pos)
    if not body and table.is_many_rows:
        return [], index
    if not body:
        raise SheetError(_("表中只有表头,没有填报数据"))
    if not table.is_many_rows and len(body) > 1:
        raise SheetError(_("本表每个单位只填一行,第%(n)d行起多出 %(m)d 行") % {"n": body[1][0], "m": len(body) - 1})
    return body, index


def import_report_sheet(*, by, task: Task, data: bytes) -> StatReport:
    """Fill the unit's report from its filled-in template (the columns with a source are not read)."""
    table = task.requirement.stat_table
    assert table is not None, "a statistics task always has its table (see access_stat_task)"
    typed = [c for c in table.columns.all() if not has_source(table, c)]
    body, index = _read(table, data, typed, task)
    place = {c.key: index[header_name(c.label)] for c in typed}
    raw_rows = [{key: (cells[i] if i < len(cells) else None) for key, i in place.items()} for _n, cells in body]
    try:
        return fill_report(by=by, task=task, rows=raw_rows)
    except CellErrors as exc:
        raise SheetCellErrors(
            [
                _("第%(n)d行 第%(m)d列 %(c)s: %(r)s")
                % {"n": body[p.row][0], "m": place[p.column.key] + 1, "c": p.column.label, "r": p.reason}
                for p in exc.problems
            ]
        ) from exc
