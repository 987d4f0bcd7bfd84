"""Importing the student registry (.xlsx) each term (摸底调查), all or nothing.

Every row is checked first (school in the importer's subtree, 身份证号 valid, stage, categories and difficulty
known, the household found in the registry). The same number twice in the file names both rows; a number
already registered in the importer's subtree updates that student, each change kept in the 工作台帐; one
registered elsewhere is named only as far as the importer may know. Any problem refuses the whole sheet.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.households.models import Household
from fupin.jobs.registry import ITEMS_SHOWN, ImportOutcome, NoProgress, Progress
from fupin.lib.id_numbers import encrypt_id_number, hash_aliases, id_number_hash, mask_id_number, validate_id_number
from fupin.lib.masking import mask_name
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, fold, read_sheet, row_errors
from fupin.lib.xlsx import write_table
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
_SEPARATORS = re.compile(r"[、,,;;/\s]+")
_YES = {"是": True, "否": False, "": False, "y": True, "n": False}


@dataclass
class Checked:
    row: SheetRow
    school: Unit
    number: str
    categories: list[str]
    is_new: bool
    household: Household | None


def _categories(row: SheetRow) -> list[str]:
    accepted = {fold(str(label)): value for value, label in StudentCategory.choices}
    found: list[str] = []
    unknown: list[str] = []
    for part in filter(None, _SEPARATORS.split(row.values["categories"])):
        value = accepted.get(fold(part)) or (part if part in StudentCategory.values else None)
        (found if value else unknown).append(value or part)
    if unknown:
        shown = "、".join(str(label) for label in StudentCategory.labels)
        row.error("categories", _("「%(v)s」不是可选类别,可选:%(c)s") % {"v": "、".join(unknown), "c": shown})
    return list(dict.fromkeys(found))


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


def _check_rows(by: User, rows: list[SheetRow]) -> list[Checked]:
    schools = {u.code: u for u in Unit.objects.filter(code__in={r.values["school_code"] for r in rows})}
    households = _households(rows)
    checked: list[Checked] = []
    first: dict[str, SheetRow] = {}
    for row in rows:
        school = schools.get(row.values["school_code"])
        if school is None or school.kind != UnitKind.SCHOOL or not can(by, "aid.manage", school.path):
            if "school_code" not in row.bad:
                row.error("school_code", _("%(c)s 不是您管辖范围内的学校") % {"c": row.values["school_code"]})
        number = _number(row)
        if number and number in first:
            row.error("id_number", _("与第%(m)d行重复") % {"m": first[number].number})
        elif number:
            first[number] = row
        is_new, categories, household = _is_new(row), _categories(row), _household(row, households)
        _card(row)
        if school is not None and number:
            checked.append(Checked(row, school, number, categories, is_new, household))
    return checked


def _registered(by: User, checked: list[Checked]) -> dict[str, Student]:
    """The students already registered, by hash; a number registered outside the importer's subtree is a
    row error."""
    hashes = {id_number_hash(c.number): c for c in checked}
    aliases = hash_aliases(c.number for c in checked)
    found: dict[str, Student] = {}
    for existing in Student.objects.filter(id_hash__in=aliases).select_related("school"):
        if can(by, "aid.manage", existing.school.path):
            found[aliases[existing.id_hash]] = existing
        else:
            hashes[aliases[existing.id_hash]].row.error("id_number", duplicate_reason(by, existing))
    return found


def import_students(
    *, by: User, data: bytes, filename: str = "", progress: Progress | None = None
) -> tuple[list[Student], int]:
    """(the students registered, how many updated), written in one transaction, or SheetRowErrors naming every
    bad row."""
    progress = progress or NoProgress()
    rows = read_sheet(data, STUDENT_SHEET, max_rows=settings.FUPIN_STUDENT_IMPORT_MAX_ROWS)
    checked = _check_rows(by, rows)
    registered = _registered(by, checked)
    progress.rows(len(rows), len(rows))
    if errors := row_errors(rows):
        raise SheetRowErrors(errors)
    try:
        return _write(by, checked, registered, filename, progress)
    except IntegrityError:  # a number registered by someone else meanwhile
        raise SheetRowErrors([_("表格中有身份证号刚被登记,请重新导入")]) from None


def run_student_import(*, by: User, data: bytes, filename: str, options: dict, progress: Progress) -> ImportOutcome:
    """The student import as a background job."""
    students, updated = import_students(by=by, data=data, filename=filename, progress=progress)
    return _outcome(students, updated)


def _outcome(students: list[Student], updated: int) -> ImportOutcome:
    items = [f"{s.school.name} {mask_name(s.name)} {s.id_masked}" for s in students[:ITEMS_SHOWN]]
    return ImportOutcome(summary=[(_("新登记受助学生"), len(students)), (_("更新受助学生"), updated)], items=items)


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


def _new_fields(c: Checked) -> dict[str, object]:
    fields = _fields(c)
    card = str(fields.pop("card_number"))
    return fields | card_fields(card)


@transaction.atomic
def _write(
    by: User, checked: list[Checked], registered: dict[str, Student], filename: str, progress: Progress
) -> tuple[list[Student], int]:
    new = [c for c in checked if id_number_hash(c.number) not in registered]
    students = Student.objects.bulk_create(
        Student(
            id_cipher=encrypt_id_number(c.number),
            id_hash=id_number_hash(c.number),
            id_masked=mask_id_number(c.number),
            birth_date=birth_date_of(c.number),
            **_new_fields(c),
        )
        for c in new
    )
    note = _("导入 %(f)s") % {"f": filename[:100]}
    StudentChange.objects.bulk_create(
        StudentChange(student=s, changes=created(snapshot(s, SHOWN)), note=note, recorded_by=by) for s in students
    )
    updated = 0
    for c in checked:
        existing = registered.get(id_number_hash(c.number))
        if existing is not None and update_student(by=by, student=existing, note=note, **_fields(c)):
            updated += 1
    summary = _("导入受助学生 %(f)s:新登记 %(n)d 人,更新 %(u)d 人") % {
        "f": filename[:100],
        "n": len(students),
        "u": updated,
    }
    changes = {"students": [None, len(students)], "updated": [None, updated]}
    record_for(by, AuditAction.IMPORT, None, checked[0].school, changes, note=summary)
    progress.written(_outcome(students, updated))
    return students, updated


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
