"""Importing the student registry (.xlsx) each term (摸底调查), all or nothing.

Every row is checked first (school in the importer's subtree, 身份证号 valid, stage, categories and difficulty
known, the household found in the registry). The same number twice in the file names both rows; a number
already registered in the importer's subtree updates that student, each change kept in the 工作台帐; one
registered elsewhere is named only as far as the importer may know. Any problem refuses the whole sheet.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.households.models import Household
from fupin.jobs.registry import ITEMS_SHOWN, ImportOutcome, NoProgress, Progress
from fupin.lib.id_numbers import encrypt_id_number, hash_aliases, id_number_hash, mask_id_number, validate_id_number
from fupin.lib.masking import mask_name
from fupin.lib.seen_keys import SeenKeys
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, choice_list, fold, row_errors, stream_sheet
from fupin.lib.xlsx import write_table
from fupin.lib.xlsx_stream import sheet_rows
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import can

from .models import Difficulty, Enrolment, Stage, Student, StudentCategory, StudentChange
from .services.students import SHOWN, birth_date_of, card_fields, duplicate_reason, update_student, valid_card

COLUMNS = [
    ("school_code", "学校代码"),
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("stage", "学段"),
    ("grade", "年级"),
    ("is_new_student", "是否新生"),
    ("enrolment", "就读状态"),
    ("categories", "资助类别"),
    ("difficulty", "困难等级"),
    ("household_id", "户主身份证号"),
    ("card_number", "银行卡号"),
]
STUDENT_SHEET = SheetLayout(
    columns=COLUMNS,
    required=["学校代码", "姓名", "身份证号", "学段", "资助类别", "困难等级"],
    mandatory=("school_code", "name", "id_number", "stage", "categories", "difficulty"),
    choices={"stage": Stage, "enrolment": Enrolment, "difficulty": Difficulty},
    identifiers=("school_code", "id_number", "household_id", "card_number"),
    what="学生",
)
_YES = {"是": True, "否": False, "": False, "y": True, "n": False}


@dataclass
class Checked:
    row: SheetRow
    school: Unit
    number: str
    digest: str
    categories: list[str]
    is_new: bool
    household: Household | None


@dataclass
class Tally:
    """What an import keeps from one chunk to the next: the schools it named and what it reports, not the rows."""

    schools: dict[str, Unit | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    seen: int = 0
    written: int = 0
    updated: int = 0
    anchor: Unit | None = None


def _categories(row: SheetRow) -> list[str]:
    return choice_list(row, "categories", StudentCategory, _("「%(v)s」不是可选类别,可选:%(c)s"))


def _is_new(row: SheetRow) -> bool:
    text = fold(row.values["is_new_student"])
    if text not in _YES:
        row.error("is_new_student", _("「%(v)s」应填 是 或 否") % {"v": row.values["is_new_student"]})
    return _YES.get(text, False)


def _number(row: SheetRow) -> str:
    if "id_number" in row.bad:
        return ""
    try:
        return validate_id_number(row.values["id_number"])
    except ValidationError as exc:
        row.error("id_number", exc.messages[0])
        return ""


def _card(row: SheetRow) -> None:
    if not row.values["card_number"]:
        return
    try:
        row.values["card_number"] = valid_card(row.values["card_number"])
    except ValidationError as exc:
        row.error("card_number", exc.messages[0])


def _households(rows: list[SheetRow]) -> dict[str, Household]:
    aliases = hash_aliases(r.values["household_id"] for r in rows if r.values["household_id"])
    return {aliases[h.head_id_hash]: h for h in Household.objects.filter(head_id_hash__in=aliases)}


def _household(row: SheetRow, households: dict[str, Household]) -> Household | None:
    if not row.values["household_id"] or "household_id" in row.bad:
        return None
    found = households.get(id_number_hash(row.values["household_id"]))
    if found is None:
        row.error("household_id", _("帮扶户名册中没有该户主身份证号"))
    return found


def _schools(by: User, rows: list[SheetRow], tally: Tally) -> None:
    """The schools the chunk names, looked up once per import: None where the importer may not register."""
    codes = {r.values["school_code"] for r in rows} - tally.schools.keys()
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for code in codes:
        unit = found.get(code)
        ok = unit is not None and unit.kind == UnitKind.SCHOOL and can(by, "aid.manage", unit.path)
        tally.schools[code] = unit if ok else None


def _numbers(rows: list[SheetRow], tally: Tally, seen: SeenKeys) -> dict[int, tuple[str, str]]:
    """Row number → (valid 身份证号, its keyed hash) for the rows whose number is valid and given once; the
    school is checked first, so each row's reasons keep the sheet's column order."""
    valid: dict[int, tuple[str, str]] = {}
    rows_by_number = {row.number: row for row in rows}
    for row in rows:
        if tally.schools[row.values["school_code"]] is None and "school_code" not in row.bad:
            row.error("school_code", _("%(c)s 不是您管辖范围内的学校") % {"c": row.values["school_code"]})
        if number := _number(row):
            valid[row.number] = (number, id_number_hash(number))
    keys = {n: bytes.fromhex(digest[:32]) for n, (_number, digest) in valid.items()}
    first: dict[bytes, int] = {}
    for n, key in keys.items():
        first.setdefault(key, n)
    first |= seen.claim(list(first.items()))  # a key an earlier chunk gave: its row there
    for n, key in keys.items():
        if first[key] != n:
            rows_by_number[n].error("id_number", _("与第%(m)d行重复") % {"m": first[key]})
            del valid[n]
    return valid


def _check_rows(by: User, rows: list[SheetRow], tally: Tally, seen: SeenKeys) -> list[Checked]:
    _schools(by, rows, tally)
    valid = _numbers(rows, tally, seen)
    households = _households(rows)
    checked: list[Checked] = []
    for row in rows:
        is_new, categories, household = _is_new(row), _categories(row), _household(row, households)
        _card(row)
        school = tally.schools[row.values["school_code"]]
        if school is not None and row.number in valid:
            checked.append(Checked(row, school, *valid[row.number], categories, is_new, household))
    return checked


def _students_with(hashes: list[str]) -> QuerySet[Student]:
    """The registered students with these hashes (usually none)."""
    if connection.vendor != "postgresql":
        return Student.objects.filter(id_hash__in=hashes).select_related("school")
    with connection.cursor() as cursor:  # one array parameter, not one parameter per hash
        table = connection.ops.quote_name(Student._meta.db_table)
        query = f"SELECT id FROM {table} WHERE id_hash = ANY(string_to_array(%s, ','))"  # nosec B608: the model's own table name
        cursor.execute(query, [",".join(hashes)])  # hex digests: one text parameter
        found = [pk for (pk,) in cursor.fetchall()]
    return Student.objects.filter(pk__in=found).select_related("school")


def _registered(by: User, checked: list[Checked]) -> dict[str, Student]:
    """The students of the chunk already registered, by hash; a number registered outside the importer's
    subtree is a row error."""
    hashes = {c.digest: c for c in checked}
    if not hashes:
        return {}
    aliases = hash_aliases(c.number for c in checked) if settings.FUPIN_PERSONAL_DATA_OLD_KEYS else {}
    found: dict[str, Student] = {}
    for existing in _students_with(list(aliases or hashes)):
        current = aliases.get(existing.id_hash, existing.id_hash)
        if current not in hashes:  # a row of the chunk refused for another reason
            continue
        if can(by, "aid.manage", existing.school.path):
            found[current] = existing
        else:
            hashes[current].row.error("id_number", duplicate_reason(by, existing))
    return found


CHUNK = 2000  # rows read, checked and written at a time


def import_students(*, by: User, data: bytes, filename: str = "", progress: Progress | None = None) -> ImportOutcome:
    """The sheet's students registered or updated in one transaction, or SheetRowErrors naming every bad row.

    The sheet is read, checked and written a chunk at a time inside that one transaction, so memory stays flat
    however long the sheet; after the first bad row nothing more is written, every later row is still checked,
    and the transaction is rolled back. Progress is reported after every chunk, out of the rows the sheet
    holds (the job puts it where its page can see it while the transaction is open)."""
    progress, tally, seen = progress or NoProgress(), Tally(), SeenKeys("aid_student_import_seen")
    total = sheet_rows(data)
    chunks = stream_sheet(data, STUDENT_SHEET, max_rows=settings.FUPIN_STUDENT_IMPORT_MAX_ROWS, chunk=CHUNK)
    seen.open()
    try:
        first = _check_chunk(by, next(chunks), tally, seen)  # the sheet has a first chunk, or stream_sheet says why
        progress.rows(tally.seen, max(total, tally.seen))
        with transaction.atomic():
            _store(by, first, tally, filename)
            for rows in chunks:
                chunk = _check_chunk(by, rows, tally, seen)
                progress.rows(tally.seen, max(total, tally.seen))
                _store(by, chunk, tally, filename)
            progress.rows(tally.seen, tally.seen)  # every row checked: the total was the sheet's rows, empty ones too
            if tally.errors:
                raise SheetRowErrors(tally.errors)
            outcome = _outcome(tally)
            _record(by, tally, filename)
            progress.written(outcome)
    except IntegrityError:  # a number registered by someone else meanwhile
        raise SheetRowErrors([_("表格中有身份证号刚被登记,请重新导入")]) from None
    finally:
        seen.close()
    return outcome


def _store(by: User, chunk: tuple[list[Checked], dict[str, Student]], tally: Tally, filename: str) -> None:
    if not tally.errors:
        _write(by, *chunk, tally, filename)


def _check_chunk(
    by: User, rows: list[SheetRow], tally: Tally, seen: SeenKeys
) -> tuple[list[Checked], dict[str, Student]]:
    checked = _check_rows(by, rows, tally, seen)
    registered = _registered(by, checked)
    tally.seen += len(rows)
    tally.errors.extend(row_errors(rows))
    return checked, registered


def run_student_import(*, by: User, data: bytes, filename: str, options: dict, progress: Progress) -> ImportOutcome:
    """The student import as a background job."""
    return import_students(by=by, data=data, filename=filename, progress=progress)


def _outcome(tally: Tally) -> ImportOutcome:
    return ImportOutcome(
        summary=[(_("新登记受助学生"), tally.written), (_("更新受助学生"), tally.updated)], items=tally.items
    )


def _fields(c: Checked) -> dict[str, object]:
    v = c.row.values
    return {
        "school": c.school,
        "name": v["name"],
        "stage": v["stage"],
        "grade": v["grade"][:20],
        "is_new_student": c.is_new,
        "enrolment": v["enrolment"] or Enrolment.ENROLLED,
        "categories": c.categories,
        "difficulty": v["difficulty"],
        "household": c.household,
        "card_number": v["card_number"],
    }


def _new_student(c: Checked) -> Student:
    fields = _fields(c)
    card = str(fields.pop("card_number"))
    return Student(
        id_cipher=encrypt_id_number(c.number),
        id_hash=c.digest,
        id_masked=mask_id_number(c.number),
        birth_date=birth_date_of(c.number),
        **fields,
        **card_fields(card),
    )


def _write(by: User, checked: list[Checked], registered: dict[str, Student], tally: Tally, filename: str) -> None:
    """The chunk's new students in one insert with their first 工作台帐 lines in another; the registered ones
    updated, each change kept."""
    note = _("导入 %(f)s") % {"f": filename[:100]}
    students = Student.objects.bulk_create(_new_student(c) for c in checked if c.digest not in registered)
    StudentChange.objects.bulk_create(
        StudentChange(student=s, changes=created(snapshot(s, SHOWN)), note=note, recorded_by=by) for s in students
    )
    for c in checked:
        existing = registered.get(c.digest)
        if existing is not None and update_student(by=by, student=existing, note=note, **_fields(c)):
            tally.updated += 1
    tally.written += len(students)
    tally.anchor = tally.anchor or (checked[0].school if checked else None)
    room = ITEMS_SHOWN - len(tally.items)
    tally.items += [f"{s.school.name} {mask_name(s.name)} {s.id_masked}" for s in students[:room]]


def _record(by: User, tally: Tally, filename: str) -> None:
    """One audit event for the whole import (each update has its own, written by update_student)."""
    if tally.anchor is None:  # every row was refused: nothing written, nothing to record
        return
    summary = _("导入受助学生 %(f)s:新登记 %(n)d 人,更新 %(u)d 人") % {
        "f": filename[:100],
        "n": tally.written,
        "u": tally.updated,
    }
    changes = {"students": [None, tally.written], "updated": [None, tally.updated]}
    record_for(by, AuditAction.IMPORT, None, tally.anchor, changes, note=summary)


def student_template() -> bytes:
    return write_table(
        title=_("受助学生台帐"),
        headers=[label for _k, label in COLUMNS],
        rows=[],
        note=_(
            "学段填 学前/小学/初中/高中/中职/大学;资助类别可填多个(建档立卡、低保、特困、残疾、其他),用顿号分隔;"
            "困难等级填 特别困难/困难/一般困难;身份证号和银行卡号请设为文本格式"
        ),
    )
