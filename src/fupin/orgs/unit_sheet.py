"""The unit tree as an Excel sheet: export a subtree, import one back in a single transaction.

A bad sheet is refused whole: every problem is reported as 「第N行 字段: 原因」 and nothing is written.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record
from fupin.lib.text import clean_identifier, clean_text
from fupin.lib.xlsx import SheetError, cell_text, header_index, is_error_value, read_rows, write_table

from .models import Area, SchoolStage, Unit, UnitKind
from .policy import paths_for
from .services import UNIT_FIELDS, clean_unit, create_unit, move_unit, update_unit

COLUMNS = [
    ("code", "单位代码"),
    ("name", "单位名称"),
    ("parent_code", "上级单位代码"),
    ("kind", "单位类型"),
    ("stage", "学段"),
    ("area", "城乡"),
    ("contact_person", "联系人"),
    ("contact_phone", "联系电话"),
    ("contact_email", "电子邮箱"),
]
REQUIRED = ["单位代码", "单位名称", "上级单位代码", "单位类型"]
LABELS = dict(COLUMNS) | {"parent": "上级单位代码"}
CHOICES = {"kind": UnitKind, "stage": SchoolStage, "area": Area}


class SheetRowErrors(Exception):
    """Row-level problems: one 「第N行 字段: 原因」 line each."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class SheetRow:
    number: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def error(self, column: str, reason: str) -> None:
        self.errors.append(_("第%(n)d行 %(f)s: %(r)s") % {"n": self.number, "f": LABELS[column], "r": reason})


@dataclass
class ImportResult:
    created: list[Unit]
    updated: list[Unit]


def _choice(row: SheetRow, column: str, text: str) -> str:
    choices = CHOICES[column]
    if not text:
        return ""
    by_label = {str(label): value for value, label in choices.choices}
    if text in choices.values:
        return text
    if text in by_label:
        return by_label[text]
    row.error(column, _("「%(v)s」不是可选值,可选:%(c)s") % {"v": text, "c": "、".join(by_label)})
    return ""


def _parse_row(number: int, cells: list[Any], index: dict[str, int]) -> SheetRow:
    row = SheetRow(number, {})
    for key, label in COLUMNS:
        raw = cells[index[label]] if label in index and index[label] < len(cells) else None
        if is_error_value(raw):
            row.error(key, _("单元格是错误值 %(v)s,请填写实际内容") % {"v": raw})
            raw = None
        text = clean_text(cell_text(raw))
        if key in ("code", "parent_code", "contact_phone"):
            text = clean_identifier(text)
        row.values[key] = _choice(row, key, text) if key in CHOICES else text
    for key in ("code", "name", "kind"):
        if not row.values[key] and not any(LABELS[key] in e for e in row.errors):
            row.error(key, _("不能为空"))
    return row


def _read_sheet(data: bytes) -> list[SheetRow]:
    rows = read_rows(data, max_rows=settings.FUPIN_UNIT_IMPORT_MAX_ROWS + 5)
    pos, index = header_index(rows, REQUIRED)
    if pos is None:
        found = "、".join(cell_text(c) for c in rows[0][1] if c not in ("", None)) if rows else _("(空)")
        raise SheetError(_("表头不符。应包含:%(e)s;实际第一行为:%(f)s") % {"e": "、".join(REQUIRED), "f": found})
    body = rows[pos + 1 :]
    if not body:
        raise SheetError(_("表格中没有单位数据"))
    if len(body) > settings.FUPIN_UNIT_IMPORT_MAX_ROWS:
        raise SheetError(_("表格超过 %(n)d 行上限,请分批导入") % {"n": settings.FUPIN_UNIT_IMPORT_MAX_ROWS})
    return [_parse_row(number, cells, index) for number, cells in body]


def _check_codes(rows: list[SheetRow], existing: dict[str, Unit], manageable: list[str]) -> None:
    first: dict[str, SheetRow] = {}
    for row in rows:
        code = row.values["code"]
        if code in first:
            row.error("code", _("与第%(m)d行重复(%(c)s)") % {"m": first[code].number, "c": code})
        elif code:
            first[code] = row
        unit = existing.get(code)
        if unit is not None and not any(unit.path.startswith(p) for p in manageable):
            row.error("code", _("代码 %(c)s 已在其他单位登记") % {"c": code})


def _check_parents(rows: list[SheetRow], existing: dict[str, Unit], manageable: list[str], by) -> None:
    in_sheet = {r.values["code"]: r for r in rows}
    for row in rows:
        parent_code = row.values["parent_code"]
        if not parent_code:
            if not by.is_superuser:
                row.error("parent_code", _("不能为空(只有系统管理员可以新建顶级单位)"))
            continue
        if parent_code in in_sheet:
            continue
        parent = existing.get(parent_code)
        if parent is None or not any(parent.path.startswith(p) for p in manageable):
            row.error(
                "parent_code", _("找不到上级单位 %(c)s(须为本表中的单位或您管辖范围内的已有单位)") % {"c": parent_code}
            )
    _check_cycles(rows, in_sheet, existing)


def _check_cycles(rows: list[SheetRow], in_sheet: dict[str, SheetRow], existing: dict[str, Unit]) -> None:
    def parent_of(code: str) -> str:
        if code in in_sheet:
            return in_sheet[code].values["parent_code"]
        unit = existing.get(code)
        return unit.parent.code if unit is not None and unit.parent is not None else ""

    for row in rows:
        seen, code = {row.values["code"]}, row.values["parent_code"]
        while code:
            if code in seen:
                row.error("parent_code", _("上级单位关系形成循环(%(c)s)") % {"c": " → ".join(sorted(seen))})
                break
            seen.add(code)
            code = parent_of(code) if (code in in_sheet or code in existing) else ""


def _check_fields(rows: list[SheetRow], existing: dict[str, Unit]) -> None:
    for row in rows:
        probe = Unit(**{k: row.values[k] for k in UNIT_FIELDS})
        try:
            clean_unit(probe, check_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name in LABELS and not any(LABELS[name] in e for e in row.errors):
                    row.error(name, ";".join(messages))


def _fetch_existing(rows: list[SheetRow]) -> dict[str, Unit]:
    codes = {r.values["code"] for r in rows} | {r.values["parent_code"] for r in rows}
    codes.discard("")
    units = Unit.objects.filter(code__in=codes).select_related("parent")
    return {u.code: u for u in units}


def import_unit_sheet(*, by, data: bytes, filename: str = "") -> ImportResult:
    """Create or update the units of a sheet inside the importer's subtree, all or nothing."""
    rows = _read_sheet(data)
    manageable = [""] if by.is_superuser else paths_for(by, "unit.manage")
    existing = _fetch_existing(rows)
    _check_codes(rows, existing, manageable)
    _check_parents(rows, existing, manageable, by)
    _check_fields(rows, existing)
    errors = [e for r in rows for e in r.errors]
    if errors:
        raise SheetRowErrors(errors)
    return _write(by=by, rows=rows, existing=existing, filename=filename)


def _parents_first(rows: list[SheetRow]) -> list[SheetRow]:
    in_sheet = {r.values["code"]: r for r in rows}
    ordered: list[SheetRow] = []
    placed: set[str] = set()
    for row in rows:
        chain = []
        while row is not None and row.values["code"] not in placed:  # cycles were refused already
            chain.append(row)
            placed.add(row.values["code"])
            row = in_sheet.get(row.values["parent_code"])
        ordered.extend(reversed(chain))
    return ordered


@transaction.atomic
def _write(*, by, rows: list[SheetRow], existing: dict[str, Unit], filename: str) -> ImportResult:
    by_code = dict(existing)
    result = ImportResult(created=[], updated=[])
    for row in _parents_first(rows):
        fields = {k: row.values[k] for k in UNIT_FIELDS}
        parent = by_code.get(row.values["parent_code"])
        unit = existing.get(row.values["code"])
        if unit is None:
            unit = create_unit(by=by, parent=parent, **fields)
            result.created.append(unit)
        else:
            unit = update_unit(by=by, unit=unit, **fields)
            if parent is not None and unit.parent_id != parent.pk:
                unit = move_unit(by=by, unit=unit, new_parent=parent)
            result.updated.append(unit)
        by_code[unit.code] = unit
    anchor = (result.created or result.updated)[0]
    record(
        by=by,
        action=AuditAction.IMPORT,
        target=anchor,
        unit_path=anchor.path,
        unit_name=anchor.name,
        note=_("导入单位表 %(f)s:新增 %(c)d 个,更新 %(u)d 个")
        % {"f": filename[:100], "c": len(result.created), "u": len(result.updated)},
    )
    return result


def export_units(units) -> bytes:
    """The units as a sheet in the import layout, so an export can be edited and imported back."""
    rows = (
        [
            u.code,
            u.name,
            u.parent.code if u.parent else "",
            u.get_kind_display(),
            u.get_stage_display(),
            u.get_area_display(),
            u.contact_person,
            u.contact_phone,
            u.contact_email,
        ]
        for u in units.select_related("parent").order_by("path")
    )
    return write_table(
        title=_("单位名册"),
        headers=[label for _k, label in COLUMNS],
        rows=rows,
        note=_("单位类型、学段、城乡填写中文名称;上级单位代码须为本表或系统中已有的单位"),
    )
