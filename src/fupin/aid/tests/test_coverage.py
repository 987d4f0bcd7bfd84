"""应助尽助: every enrolled 建档立卡 student in scope is aided or has a recorded reason; the gaps by school with
its contact, totals by county, the .xlsx of both lists."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from fupin.aid.coverage import coverage_by_county, coverage_by_school, gap_students
from fupin.aid.models import CoverageNote
from fupin.aid.services.awards import propose_awards
from fupin.aid.services.students import record_coverage_reason

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    tree.school1.contact_person, tree.school1.contact_phone = "赵老师", "0731-5551234"
    tree.school1.save()
    return aid_officer(tree, make_user)


def _four(officer, tree):
    made = [student(officer, tree.school1, n, NUMBERS[i], stage="college") for i, n in enumerate(["甲", "乙", "丙"])]
    student(officer, tree.school1, "丁", NUMBERS[3], categories=["subsistence"])
    student(officer, tree.school1, "戊", NUMBERS[4], enrolment="graduated")
    prog = program(officer, tree.county1)
    propose_awards(by=officer, program=prog, students=made[:1], source=source(officer, prog))
    record_coverage_reason(by=officer, student=made[1], reason="已享受高校新生入学资助")
    return made


def test_every_registered_student_is_aided_or_explained_or_listed_as_a_gap(tree, officer, make_user):
    _four(officer, tree)
    theirs = make_user("xc_aid", tree.county2, "aid_officer")
    student(theirs, tree.school2, "己", NUMBERS[5])
    [row] = coverage_by_school(officer)
    assert (row.school.name, row.county, row.registered, row.aided, row.explained, row.gaps) == (
        "东阳县第一中学",
        "东阳县教育局",
        3,
        1,
        1,
        1,
    )
    assert [s.name for s in gap_students(officer)] == ["丙"]
    assert coverage_by_county([row]) == {"东阳县教育局": {"aided": 1, "explained": 1, "gaps": 1}}


def test_a_reason_must_be_written(tree, officer):
    made = student(officer, tree.school1)
    with pytest.raises(ValidationError) as exc:
        record_coverage_reason(by=officer, student=made, reason=" ")
    assert exc.value.message_dict == {"reason": ["须写明未资助原因"]}
    assert CoverageNote.objects.count() == 0


def test_the_coverage_page_and_export_list_the_gap_with_the_schools_contact(tree, officer, login):
    _four(officer, tree)
    client = login(officer)
    page = client.get(reverse("aid_coverage")).content.decode()
    assert "赵老师 0731-5551234" in page
    book = load_workbook(io.BytesIO(client.get(reverse("aid_coverage"), {"format": "xlsx"}).content))
    schools, gaps = (list(ws.iter_rows(min_row=3, values_only=True)) for ws in book.worksheets)
    assert schools == [("东阳县教育局", "东阳县第一中学", "赵老师", "0731-5551234", 3, 1, 1, 1)]
    assert gaps == [("东阳县第一中学", "丙", "4305**********5045", "大学", "高三")]
