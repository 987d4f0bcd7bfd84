"""Importing a village's household ledger (.xlsx), all or nothing.

Every row is checked (village in the importer's subtree, 身份证号 valid, category and causes known); the same
number twice in the file names both rows (found through the database, see `fupin.lib.seen_keys`), and a number
already in the registry names the household only when the importer may see it (「已在其他单位登记」
otherwise). Any problem refuses the whole sheet.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.jobs.registry import ITEMS_SHOWN, ImportOutcome, NoProgress, Progress
from fupin.lib.id_numbers import encrypt_id_number, hash_aliases, id_number_hash, mask_id_number, validate_id_number
from fupin.lib.masking import mask_name
from fupin.lib.seen_keys import SeenKeys
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, choice_list, row_errors, stream_sheet
from fupin.lib.xlsx import write_table
from fupin.lib.xlsx_stream import sheet_rows
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import can

from .models import Category, Household, HouseholdStatus, PovertyCause, StatusChange
from .services import duplicate_reason

COLUMNS = [
    ("village_code", "村代码"),
    ("head_name", "户主姓名"),
    ("id_number", "户主身份证号"),
    ("category", "户类别"),
    ("causes", "致贫原因"),
    ("cause_note", "致贫原因说明"),
    ("status", "状态"),
    ("status_year", "状态年度"),
]
LEDGER_SHEET = SheetLayout(
    columns=COLUMNS,
    required=["村代码", "户主姓名", "户主身份证号", "户类别"],
    mandatory=("village_code", "head_name", "id_number", "category"),
    choices={"category": Category, "status": HouseholdStatus},
    identifiers=("village_code", "id_number", "status_year"),
    what="帮扶户",
)


@dataclass
class Checked:
    row: SheetRow
    village: Unit
    number: str
    digest: str
    causes: list[str]
    year: int


@dataclass
class Tally:
    """What an import keeps from one chunk to the next; the numbers already read are kept in the database."""

    # keyed hash (its first 16 bytes) → first row
    numbers: SeenKeys = field(default_factory=lambda: SeenKeys("households_ledger_seen"))
    villages: dict[str, Unit | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    seen: int = 0
    written: int = 0
    anchor: Unit | None = None


def _causes(row: SheetRow) -> list[str]:
    return choice_list(row, "causes", PovertyCause, _("「%(v)s」不是可选原因,可选:%(c)s"))


def _year(row: SheetRow) -> int:
    text = row.values["status_year"]
    if not text:
        return date.today().year
    if not re.fullmatch(r"\d{4}", text) or not 2013 <= int(text) <= date.today().year:
        row.error("status_year", _("「%(v)s」应为2013年至今的四位年份") % {"v": text})
        return 0
    return int(text)


def _villages(by: User, rows: list[SheetRow], tally: Tally) -> None:
    """The villages the chunk names, looked up once per import: None where the importer may not register."""
    codes = {r.values["village_code"] for r in rows} - tally.villages.keys()
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for code in codes:
        unit = found.get(code)
        ok = unit is not None and unit.kind == UnitKind.VILLAGE and can(by, "household.manage", unit.path)
        tally.villages[code] = unit if ok else None


def _valid(row: SheetRow) -> tuple[str, str] | str:
    """The row's number and its keyed hash, or why the number is not valid ("" when already reported)."""
    if "id_number" in row.bad:
        return ""
    try:
        number = validate_id_number(row.values["id_number"])
    except ValidationError as exc:
        return str(exc.messages[0])
    return number, id_number_hash(number)


def _numbers(rows: list[SheetRow], tally: Tally) -> dict[int, tuple[str, str] | str]:
    """Row number → its valid number and keyed hash, or the reason against it: invalid, or given by an earlier
    row (of this chunk, or of an earlier one: the database remembers those)."""
    found = {row.number: _valid(row) for row in rows}
    keys = {n: bytes.fromhex(v[1][:32]) for n, v in found.items() if isinstance(v, tuple)}
    first: dict[bytes, int] = {}
    for n, key in keys.items():
        first.setdefault(key, n)
    first |= tally.numbers.claim(list(first.items()))
    for n, key in keys.items():
        if first[key] != n:
            found[n] = _("与第%(m)d行重复") % {"m": first[key]}
    return found


def _check_rows(by: User, rows: list[SheetRow], tally: Tally) -> list[Checked]:
    _villages(by, rows, tally)
    numbers = _numbers(rows, tally)
    checked: list[Checked] = []
    for row in rows:
        village = tally.villages[row.values["village_code"]]
        if village is None and "village_code" not in row.bad:
            row.error("village_code", _("%(c)s 不是您管辖范围内的村") % {"c": row.values["village_code"]})
        number = numbers[row.number]
        if isinstance(number, str) and number:
            row.error("id_number", number)
        causes, year = _causes(row), _year(row)
        if village is not None and isinstance(number, tuple):
            checked.append(Checked(row, village, number[0], number[1], causes, year))
    return checked


LOOKUP_CHUNK = 5000  # hashes per query: SQLite refuses statements with more than 32,766 parameters


def _registered(hashes: list[str]) -> QuerySet[Household]:
    """The households already registered with these hashes (usually none). On PostgreSQL the hashes go as one
    array parameter, the rows written earlier in the same import found through the hash's index."""
    if connection.vendor != "postgresql":
        return Household.objects.filter(head_id_hash__in=hashes).select_related("village")
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Household._meta.db_table)
        query = f"SELECT id FROM {table} WHERE head_id_hash = ANY(string_to_array(%s, ','))"  # nosec B608: the model's own table name
        cursor.execute(query, [",".join(hashes)])  # hex digests: one text parameter
        found = [pk for (pk,) in cursor.fetchall()]
    return Household.objects.filter(pk__in=found).select_related("village")


def _check_registry(by: User, checked: list[Checked]) -> None:
    hashes = {c.digest: c for c in checked}
    aliases = hash_aliases(c.number for c in checked) if settings.FUPIN_PERSONAL_DATA_OLD_KEYS else {}
    keys = list(aliases or hashes)
    for start in range(0, len(keys), LOOKUP_CHUNK):
        for existing in _registered(keys[start : start + LOOKUP_CHUNK]):
            current = aliases.get(existing.head_id_hash, existing.head_id_hash)
            hashes[current].row.error("id_number", duplicate_reason(by, existing))


CHUNK = 2000  # rows read, checked and written at a time


def import_ledger(*, by: User, data: bytes, filename: str = "", progress: Progress | None = None) -> ImportOutcome:
    """The sheet's households, registered in one transaction, or SheetRowErrors naming every bad row.

    The sheet is read, checked and written a chunk at a time inside that one transaction, so memory stays flat
    however long the sheet; after the first bad row nothing more is written, every later row is still checked,
    and the transaction is rolled back. Progress is reported after every chunk, out of the rows the sheet
    holds (the job puts it where its page can see it while the transaction is open)."""
    progress, tally, total = progress or NoProgress(), Tally(), sheet_rows(data)
    chunks = stream_sheet(data, LEDGER_SHEET, max_rows=settings.FUPIN_HOUSEHOLD_IMPORT_MAX_ROWS, chunk=CHUNK)
    checked = _check_chunk(by, next(chunks), tally)  # the sheet has a first chunk, or stream_sheet says why not
    progress.rows(tally.seen, max(total, tally.seen))
    try:
        with transaction.atomic():
            tally.numbers.open()
            _store(by, checked, tally)
            for rows in chunks:
                checked = _check_chunk(by, rows, tally)
                progress.rows(tally.seen, max(total, tally.seen))
                _store(by, checked, tally)
            progress.rows(tally.seen, tally.seen)  # every row checked: the total was the sheet's rows, empty ones too
            if tally.errors:
                raise SheetRowErrors(tally.errors)
            tally.numbers.close()
            outcome = _outcome(tally)
            _record(by, tally, filename)
            progress.written(outcome)
    except IntegrityError:  # a number registered by someone else meanwhile
        raise SheetRowErrors([_("表格中有身份证号刚被登记,请重新导入")]) from None
    return outcome


def _check_chunk(by: User, rows: list[SheetRow], tally: Tally) -> list[Checked]:
    checked = _check_rows(by, rows, tally)
    _check_registry(by, checked)
    tally.seen += len(rows)
    tally.errors.extend(row_errors(rows))
    return checked


def _store(by: User, checked: list[Checked], tally: Tally) -> None:
    if not tally.errors and checked:
        _write(by, checked, tally)


def run_ledger_import(*, by: User, data: bytes, filename: str, options: dict, progress: Progress) -> ImportOutcome:
    """The ledger import as a background job."""
    return import_ledger(by=by, data=data, filename=filename, progress=progress)


def _outcome(tally: Tally) -> ImportOutcome:
    return ImportOutcome(summary=[(_("新增帮扶户"), tally.written)], items=tally.items)


def _write(by: User, checked: list[Checked], tally: Tally) -> None:
    households = Household.objects.bulk_create(
        Household(
            village=c.village,
            head_name=c.row.values["head_name"],
            head_id_cipher=encrypt_id_number(c.number),
            head_id_hash=c.digest,
            head_id_masked=mask_id_number(c.number),
            category=c.row.values["category"],
            poverty_causes=c.causes,
            cause_note=c.row.values["cause_note"][:300],
            status=c.row.values["status"] or HouseholdStatus.IN_POVERTY,
        )
        for c in checked
    )
    StatusChange.objects.bulk_create(
        StatusChange(household=h, status=h.status, year=c.year, recorded_by=by)
        for h, c in zip(households, checked, strict=True)
    )
    tally.written += len(households)
    tally.anchor = tally.anchor or (checked[0].village if checked else None)
    room = ITEMS_SHOWN - len(tally.items)
    tally.items += [f"{h.village.name} {mask_name(h.head_name)} {h.head_id_masked}" for h in households[:room]]


def _record(by: User, tally: Tally, filename: str) -> None:
    if tally.anchor is None:  # a sheet always has a row; nothing written, nothing to record
        return
    note = _("导入帮扶户台账 %(f)s:%(n)d 户") % {"f": filename[:100], "n": tally.written}
    record_for(by, AuditAction.IMPORT, None, tally.anchor, {"households": [None, tally.written]}, note=note)


def ledger_template() -> bytes:
    return write_table(
        title=_("帮扶户台账"),
        headers=[label for _k, label in COLUMNS],
        rows=[],
        note=_("户类别填 建档立卡户/脱贫监测户/边缘户/其他;致贫原因可填多个,用顿号分隔;身份证号请设为文本格式"),
    )
