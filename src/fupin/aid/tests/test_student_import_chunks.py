"""The student import reads, checks and writes a long sheet a chunk at a time in one transaction: a number
given again in a later chunk names its first row, a bad row late in the sheet leaves nothing written, and a
registered student given twice is refused rather than updated twice."""

import io

import pytest
from openpyxl import Workbook

from fupin.aid import student_sheet
from fupin.aid.models import Student, StudentChange
from fupin.aid.student_sheet import import_students
from fupin.audit.models import AuditEvent
from fupin.lib.sheet_import import SheetRowErrors

from .factories import NUMBERS, aid_officer, student
from .test_student_import import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(student_sheet, "CHUNK", 2)


@pytest.fixture
def officer(tree, make_user):
    return aid_officer(tree, make_user)


def _sheet(rows) -> bytes:
    book = Workbook()
    book.active.append(["东阳县受助学生台帐"])
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(name, number, difficulty="困难"):
    return ["QH-DY-S01", name, number, "高中", "高一", "否", "在读", "建档立卡", difficulty, ""]


def test_every_chunk_of_a_long_sheet_is_registered_with_one_audit_event(officer):
    rows = [_row(f"学生{n}", NUMBERS[n]) for n in range(5)]
    outcome = import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx")
    assert outcome.summary == [("新登记受助学生", 5), ("更新受助学生", 0)]
    assert sorted(Student.objects.values_list("name", flat=True)) == ["学生0", "学生1", "学生2", "学生3", "学生4"]
    assert StudentChange.objects.filter(note="导入 台帐.xlsx").count() == 5
    assert AuditEvent.objects.get(action="import").changes == {"students": [None, 5], "updated": [None, 0]}


def test_a_number_given_again_in_a_later_chunk_names_its_first_row(officer):
    rows = [_row("甲", NUMBERS[0]), _row("乙", NUMBERS[1]), _row("丙", NUMBERS[2]), _row("丁", NUMBERS[0])]
    with pytest.raises(SheetRowErrors) as refused:
        import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx")
    assert refused.value.errors == ["第6行 身份证号: 与第3行重复"]
    assert Student.objects.count() == 0
    assert StudentChange.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_bad_row_in_the_last_chunk_leaves_the_earlier_chunks_unwritten(officer):
    rows = [_row("甲", NUMBERS[0]), _row("乙", NUMBERS[1]), _row("丙", NUMBERS[2]), _row("丁", NUMBERS[3], "很困难")]
    with pytest.raises(SheetRowErrors) as refused:
        import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx")
    assert refused.value.errors == ["第6行 困难等级: 「很困难」不是可选值,可选:特别困难、困难、一般困难"]
    assert Student.objects.count() == 0
    assert StudentChange.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_registered_student_given_twice_is_refused_and_left_as_it_was(tree, officer):
    made = student(officer, tree.school1, "王小明", NUMBERS[0])
    rows = [_row("王小明", NUMBERS[0]), _row("乙", NUMBERS[1]), _row("王晓明", NUMBERS[0])]
    with pytest.raises(SheetRowErrors) as refused:
        import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx")
    assert refused.value.errors == ["第5行 身份证号: 与第3行重复"]
    made.refresh_from_db()
    assert (made.name, made.grade) == ("王小明", "高三")
    assert list(Student.objects.values_list("name", flat=True)) == ["王小明"]
    assert StudentChange.objects.filter(student=made).count() == 1


def test_the_same_sheet_imported_twice_updates_nothing_the_second_time(officer):
    rows = [_row(f"学生{n}", NUMBERS[n]) for n in range(3)]
    import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx")
    again = import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx")
    assert again.summary == [("新登记受助学生", 0), ("更新受助学生", 0)]
    assert Student.objects.count() == 3


def test_progress_is_reported_for_every_chunk_the_first_before_the_import_transaction_opens(officer):
    from django.db import connection

    calls = []

    class Watching:
        def rows(self, done, total):
            calls.append(("rows", done, total, len(connection.savepoint_ids)))

        def written(self, outcome):
            calls.append(("written", outcome.summary[0][1], 0, len(connection.savepoint_ids)))

    rows = [_row(f"学生{n}", NUMBERS[n]) for n in range(5)]
    import_students(by=officer, data=_sheet(rows), filename="台帐.xlsx", progress=Watching())
    outside = calls[0][3]
    # out of the sheet's 7 rows (a title and the header too), then out of the 5 checked, with the end
    assert calls == [
        ("rows", 2, 7, outside),
        ("rows", 4, 7, outside + 1),
        ("rows", 5, 7, outside + 1),
        ("rows", 5, 5, outside + 1),
        ("written", 5, 0, outside + 1),
    ]
