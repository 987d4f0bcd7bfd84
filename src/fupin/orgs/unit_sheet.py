"""The unit tree as an Excel sheet: export a subtree, import one back in a single transaction.

A bad sheet is refused whole: every problem is reported as 「第N行 字段: 原因」 and nothing is written.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.jobs.registry import ITEMS_SHOWN, ImportOutcome, NoProgress, Progress
from fupin.lib.bulk import allocate_ids, insert_rows
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, read_sheet, row_errors
from fupin.lib.xlsx import write_table

from .models import Area, SchoolStage, Unit, UnitKind, path_segment
from .policy import paths_for
from .services import MAX_DEPTH, UNIT_FIELDS, clean_unit, move_unit, update_unit

LOOKUP_CHUNK = 5000  # codes per look-up query

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
UNIT_SHEET = SheetLayout(
    columns=COLUMNS,
    required=["单位代码", "单位名称", "上级单位代码", "单位类型"],
    mandatory=("code", "name", "kind"),
    choices={"kind": UnitKind, "stage": SchoolStage, "area": Area},
    identifiers=("code", "parent_code", "contact_phone"),
    aliases={"parent": "parent_code"},
    what="单位数据",
)


@dataclass
class ImportResult:
    created: list[Unit]
    updated: list[Unit]


def _in_scope(unit: Unit, manageable: list[str]) -> bool:
    return any(unit.path.startswith(p) for p in manageable)


def _check_codes(rows: list[SheetRow], existing: dict[str, Unit], manageable: list[str]) -> None:
    first: dict[str, SheetRow] = {}
    for row in rows:
        code = row.values["code"]
        if code in first:
            row.error("code", _("与第%(m)d行重复(%(c)s)") % {"m": first[code].number, "c": code})
        elif code:
            first[code] = row
        unit = existing.get(code)
        if unit is not None and not _in_scope(unit, manageable):
            row.error("code", _("代码 %(c)s 已在其他单位登记") % {"c": code})


def _current_parent_code(unit: Unit | None) -> str | None:
    if unit is None:
        return None
    return unit.parent.code if unit.parent is not None else ""


def _check_parents(rows: list[SheetRow], existing: dict[str, Unit], manageable: list[str], by) -> None:
    """A new or moved unit's parent is in the sheet or in the importer's subtree; staying put is always fine."""
    in_sheet = {r.values["code"]: r for r in rows}
    for row in rows:
        parent_code = row.values["parent_code"]
        unit = existing.get(row.values["code"])
        if "parent_code" in row.bad or parent_code == _current_parent_code(unit):
            continue
        if not parent_code:
            if unit is not None:
                row.error("parent_code", _("不能为空(已有单位不能改为顶级单位)"))
            elif not by.is_superuser:
                row.error("parent_code", _("不能为空(只有系统管理员可以新建顶级单位)"))
            continue
        parent = existing.get(parent_code)
        if parent_code not in in_sheet and (parent is None or not _in_scope(parent, manageable)):
            row.error(
                "parent_code", _("找不到上级单位 %(c)s(须为本表中的单位或您管辖范围内的已有单位)") % {"c": parent_code}
            )
    _check_cycles(rows, in_sheet, existing, manageable)


def _check_cycles(
    rows: list[SheetRow], in_sheet: dict[str, SheetRow], existing: dict[str, Unit], manageable: list[str]
) -> None:
    """Follow each row's parents, the sheet's first and then the database's, until the top or a repeat.

    The walk stops at a refused row or a unit outside the importer's subtree: it never names what it may not see.
    """

    refused = {r.values["code"] for r in rows if r.bad & {"code", "parent_code"}}

    def parent_of(code: str) -> str:
        if code in refused:
            return ""
        if code in in_sheet:
            return in_sheet[code].values["parent_code"]
        unit = existing.get(code)
        return (_current_parent_code(unit) or "") if unit is not None and _in_scope(unit, manageable) else ""

    for row in rows:
        if row.values["code"] in refused:
            continue
        chain, code = [row.values["code"]], row.values["parent_code"]
        while code and code not in chain:
            chain.append(code)
            code = parent_of(code)
        if code:
            loop = [*chain[chain.index(code) :], code]
            row.error("parent_code", _("上级单位关系形成循环(%(c)s)") % {"c": " → ".join(loop)})


def _check_fields(rows: list[SheetRow], progress: Progress) -> dict[str, Unit]:
    """Each row's field rules, checked on the unit it would become; those units, by code, for the write."""
    probes: dict[str, Unit] = {}
    for done, row in enumerate(rows, start=1):
        progress.rows(done, len(rows))
        probe = Unit(**{k: row.values[k] for k in UNIT_FIELDS})
        probes[row.values["code"]] = probe
        try:
            clean_unit(probe, check_unique=False, check_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in row.bad and not (name == "stage" and "kind" in row.bad):
                    row.error(name, ";".join(messages))
    return probes


def _check_depths(rows: list[SheetRow], existing: dict[str, Unit]) -> None:
    """A new unit deeper than the tree allows is refused at the first row that crosses the limit."""
    depths: dict[str, int] = {code: unit.depth for code, unit in existing.items()}
    for row in _parents_first(rows):  # a parent in the sheet comes before its children
        code, parent_code = row.values["code"], row.values["parent_code"]
        if code in existing:
            continue
        parent_depth = depths.get(parent_code, -1) if parent_code else -1
        depths[code] = parent_depth + 1
        if depths[code] > MAX_DEPTH >= parent_depth:
            row.error("parent_code", _("单位层级不能超过 %(n)d 级") % {"n": MAX_DEPTH + 1})


def _fetch_existing(rows: list[SheetRow]) -> dict[str, Unit]:
    """The units the sheet names, by code, and all their ancestors (to follow parents up for cycles)."""
    codes = sorted({r.values["code"] for r in rows} | {r.values["parent_code"] for r in rows} - {""})
    units: list[Unit] = []
    for start in range(0, len(codes), LOOKUP_CHUNK):  # SQLite refuses more than 32,766 parameters a statement
        units += Unit.objects.filter(code__in=codes[start : start + LOOKUP_CHUNK]).select_related("parent")
    named = {u.code for u in units}
    above = {int(pk) for u in units for pk in u.path.split("/")[:-2]}
    units += [u for u in Unit.objects.filter(pk__in=above).select_related("parent") if u.code not in named]
    return {u.code: u for u in units}


def import_unit_sheet(*, by, data: bytes, filename: str = "", progress: Progress | None = None) -> ImportResult:
    """Create or update the units of a sheet inside the importer's subtree, all or nothing."""
    progress = progress or NoProgress()
    rows = read_sheet(data, UNIT_SHEET, max_rows=settings.FUPIN_UNIT_IMPORT_MAX_ROWS)
    manageable = [""] if by.is_superuser else paths_for(by, "unit.manage")
    existing = _fetch_existing(rows)
    _check_codes(rows, existing, manageable)
    _check_parents(rows, existing, manageable, by)
    probes = _check_fields(rows, progress)
    if not row_errors(rows):
        _check_depths(rows, existing)
    if errors := row_errors(rows):
        raise SheetRowErrors(errors)
    return _write(by=by, rows=rows, existing=existing, probes=probes, filename=filename, progress=progress)


def run_unit_import(*, by, data: bytes, filename: str, options: dict, progress: Progress) -> ImportOutcome:
    """The unit sheet import as a background job."""
    return _outcome(import_unit_sheet(by=by, data=data, filename=filename, progress=progress))


def _outcome(result: ImportResult) -> ImportOutcome:
    created = [f"{u.code} {u.name}({_('新增')})" for u in result.created[:ITEMS_SHOWN]]
    updated = [f"{u.code} {u.name}({_('更新')})" for u in result.updated[: ITEMS_SHOWN - len(created)]]
    summary = [(_("新增单位"), len(result.created)), (_("更新单位"), len(result.updated))]
    return ImportOutcome(summary=summary, items=created + updated)


def _parents_first(rows: list[SheetRow]) -> list[SheetRow]:
    in_sheet = {r.values["code"]: r for r in rows}
    ordered: list[SheetRow] = []
    placed: set[str] = set()
    for row in rows:
        chain = []
        current: SheetRow | None = row
        while current is not None and current.values["code"] not in placed:  # cycles were refused already
            chain.append(current)
            placed.add(current.values["code"])
            current = in_sheet.get(current.values["parent_code"])
        ordered.extend(reversed(chain))
    return ordered


@transaction.atomic
def _write(
    *, by, rows: list[SheetRow], existing: dict[str, Unit], probes: dict[str, Unit], filename: str, progress: Progress
) -> ImportResult:
    """New units in bulk (paths computed here), then the existing ones changed one by one, each change audited
    with its old and new values; the import itself is one audit event with the counts."""
    ordered = _parents_first(rows)
    try:
        created = _create_new(ordered, existing, probes)
        by_code = existing | {u.code: u for u in created}
        updated = [
            _update_row(by, row, by_code, existing[row.values["code"]])
            for row in ordered
            if row.values["code"] in existing
        ]
    except IntegrityError as exc:  # someone registered one of the codes meanwhile
        raise SheetRowErrors([_("表格中有单位代码刚被占用,请重新导入")]) from exc
    result = ImportResult(created=created, updated=updated)
    anchor = (created or updated)[0]
    note = _("导入单位表 %(f)s:新增 %(c)d 个,更新 %(u)d 个") % {
        "f": filename[:100],
        "c": len(created),
        "u": len(updated),
    }
    changes = {"units_created": [None, len(created)], "units_updated": [None, len(updated)]}
    record_for(by, AuditAction.IMPORT, anchor, anchor, changes, note=note)
    progress.written(_outcome(result))
    return result


def _create_new(ordered: list[SheetRow], existing: dict[str, Unit], probes: dict[str, Unit]) -> list[Unit]:
    """The new units (the checked probes), parents before children, with ids taken beforehand and paths computed
    here: one COPY on PostgreSQL, one insert per chunk elsewhere; nothing written twice."""
    new_rows = [row for row in ordered if row.values["code"] not in existing]
    made: dict[str, Unit] = {}
    for row, pk in zip(new_rows, allocate_ids(Unit, len(new_rows)), strict=True):
        parent = made.get(row.values["parent_code"]) or existing.get(row.values["parent_code"])
        unit = probes[row.values["code"]]
        unit.pk, unit.parent = pk, parent
        unit.depth = parent.depth + 1 if parent else 0
        unit.path = (parent.path if parent else "") + path_segment(pk)
        made[unit.code] = unit
    insert_rows(Unit, list(made.values()))
    for unit in made.values():
        unit._state.adding, unit._state.db = False, "default"  # as bulk_create leaves them
    return list(made.values())


def _update_row(by, row: SheetRow, by_code: dict[str, Unit], unit: Unit) -> Unit:
    """An existing unit's fields and place, written only when the sheet changes them."""
    fields = {k: row.values[k] for k in UNIT_FIELDS}
    parent = by_code.get(row.values["parent_code"])
    try:
        if any(getattr(unit, k) != v for k, v in fields.items()):
            unit = update_unit(by=by, unit=unit, **fields)
        if parent is not None and unit.parent_id != parent.pk:
            unit = move_unit(by=by, unit=unit, new_parent=Unit.objects.get(pk=parent.pk))
    except ValidationError as exc:  # rules only the database can tell (depth after a move); all rolls back
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for name, messages in by_field.items():
            row.error(name, ";".join(messages))
        raise SheetRowErrors(row.errors) from exc
    return unit


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
