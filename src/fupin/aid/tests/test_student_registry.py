"""The student registry: 身份证号 checked, encrypted, masked, its full view logged; every change kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fupin.aid.models import Student, StudentChange
from fupin.aid.services.students import register_student, reveal_student_id, update_student
from fupin.audit.models import AuditEvent

from .factories import NUMBERS, aid_officer, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    return aid_officer(tree, make_user)


def test_student_id_number_is_stored_encrypted_and_shown_masked(tree, officer, login):
    made = student(officer, tree.school1)
    assert made.id_masked == "4305**********4314"
    assert NUMBERS[0] not in made.id_cipher
    assert str(made.birth_date) == "2008-03-12"
    page = login(officer).get(reverse("student_list")).content.decode()
    assert "4305**********4314" in page
    assert NUMBERS[0] not in page


def test_a_bad_id_number_is_refused_with_the_reason_and_nothing_written(tree, officer):
    with pytest.raises(ValidationError) as exc:
        student(officer, tree.school1, id_number="430520200803124315")
    assert exc.value.message_dict == {"id_number": ["身份证号校验码不正确,请核对是否输错"]}
    assert Student.objects.count() == 0
    assert AuditEvent.objects.filter(target_type="aid.student").count() == 0


def test_one_student_per_id_number_across_the_registry(tree, officer):
    student(officer, tree.school1, "王小明")
    with pytest.raises(ValidationError) as exc:
        student(officer, tree.school1, "王晓明")
    assert exc.value.message_dict == {"id_number": ["该身份证号已登记:东阳县第一中学 王*明"]}
    assert list(Student.objects.values_list("name", flat=True)) == ["王小明"]


def test_a_student_must_be_registered_at_a_school(tree, officer):
    with pytest.raises(ValidationError) as exc:
        register_student(
            by=officer,
            school=tree.town1,
            name="李华",
            id_number=NUMBERS[1],
            stage="junior",
            difficulty="mild",
            categories=["subsistence"],
        )
    assert exc.value.message_dict == {"school": ["受助学生须登记在学校"]}
    assert Student.objects.count() == 0


def test_a_student_needs_at_least_one_category(tree, officer):
    with pytest.raises(ValidationError) as exc:
        student(officer, tree.school1, categories=())
    assert exc.value.message_dict == {"categories": ["至少选择一个资助类别"]}
    assert Student.objects.count() == 0


def test_another_county_cannot_register_at_this_countys_school(tree, make_user):
    theirs = make_user("xc_aid", tree.county2, "aid_officer")
    with pytest.raises(PermissionDenied, match="无权在该学校登记学生"):
        student(theirs, tree.school1)
    assert Student.objects.count() == 0


def test_every_change_is_kept_in_the_ledger(tree, officer):
    made = student(officer, tree.school1)
    update_student(by=officer, student=made, note="2026秋季摸底", stage="college", is_new_student=True, grade="")
    lines = [c.lines() for c in StudentChange.objects.filter(student=made).order_by("pk")]
    assert lines[1] == [("学段", "高中", "大学"), ("年级", "高三", "—"), ("新生", "否", "是")]
    assert StudentChange.objects.filter(student=made).order_by("pk").last().note == "2026秋季摸底"
    assert AuditEvent.objects.filter(action="update").get().changes == {
        "stage": ["senior", "college"],
        "grade": ["高三", ""],
        "is_new_student": [False, True],
    }


def test_an_update_with_nothing_new_records_nothing(tree, officer):
    made = student(officer, tree.school1)
    assert update_student(by=officer, student=made, stage="senior") == {}
    assert StudentChange.objects.filter(student=made).count() == 1


def test_the_full_id_number_is_shown_only_to_the_aid_office_and_every_look_is_logged(tree, officer, make_user, login):
    made = student(officer, tree.school1)
    assert reveal_student_id(by=officer, student=made) == NUMBERS[0]
    assert AuditEvent.objects.filter(action="view_personal", target_id=str(made.pk)).count() == 1
    viewer = make_user("viewer", tree.county1, "viewer")
    with pytest.raises(PermissionDenied, match="无权查看完整身份证号"):
        reveal_student_id(by=viewer, student=made)
    assert login(viewer).post(reverse("student_reveal", args=[made.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="view_personal").count() == 1


def test_the_detail_page_shows_the_ledger_and_the_masked_number(tree, officer, login):
    made = student(officer, tree.school1)
    update_student(by=officer, student=made, enrolment="suspended")
    page = login(officer).get(reverse("student_detail", args=[made.pk])).content.decode()
    assert "就读状态:在读 → 休学" in page
    assert NUMBERS[0] not in page
