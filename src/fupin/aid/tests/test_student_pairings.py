"""学生结对 linked to the student registry: a side links only to a student of the officer's subtree whose name
is the one on the pairing, by 身份证号 or by choosing the student; the aid pages then show whether that student
receives aid; the migration links the sides whose name belongs to one student only."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.aid.models import PairedStudent
from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.pairings import link_paired_student, link_paired_student_by_number
from fupin.audit.models import AuditEvent
from fupin.pairing.services import create_pairing

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    return aid_officer(tree, make_user)


def student_pairing(by, unit, helper="李城", partner="王小明", kind="student_student"):
    return create_pairing(
        by=by, kind=kind, unit=unit, started_on=date(2025, 9, 1), helper_name=helper, partner_name=partner
    )


def test_a_side_links_to_the_registered_student_found_by_id_number(tree, officer, county_officer):
    pupil = student(officer, tree.school1, "王小明", NUMBERS[0])
    pairing = student_pairing(county_officer, tree.school1)
    link = link_paired_student_by_number(by=officer, pairing=pairing, side="partner", id_number=NUMBERS[0])
    assert (link.pairing, link.side, link.student, link.linked_by) == (pairing, "partner", pupil, officer)
    event = AuditEvent.objects.get(target_type="aid.pairedstudent")
    assert (event.action, event.changes) == ("create", {"受助学生": [None, "东阳县第一中学 王*明"]})


def test_a_pairing_cannot_link_a_student_outside_the_officers_subtree(tree, officer, county_officer, make_user):
    student(make_user("xc_aid", tree.county2, "aid_officer"), tree.school2, "王小明", NUMBERS[1])
    pairing = student_pairing(county_officer, tree.school1)
    with pytest.raises(ValidationError) as refused:
        link_paired_student_by_number(by=officer, pairing=pairing, side="partner", id_number=NUMBERS[1])
    assert refused.value.message_dict == {"id_number": ["该身份证号已在其他单位登记,不能关联"]}
    assert not PairedStudent.objects.exists()
    assert not AuditEvent.objects.filter(target_type="aid.pairedstudent").exists()


def test_choosing_a_student_of_another_subtree_answers_404(tree, officer, county_officer, make_user, login):
    theirs = student(make_user("xc_aid", tree.county2, "aid_officer"), tree.school2, "王小明", NUMBERS[1])
    pairing = student_pairing(county_officer, tree.school1)
    response = login(officer).post(
        reverse("paired_student_link", args=[pairing.pk]), {"side": "partner", "student": theirs.pk}
    )
    assert response.status_code == 404
    assert not PairedStudent.objects.exists()


def test_a_side_links_only_a_student_of_the_name_on_the_pairing(tree, officer, county_officer):
    pupil = student(officer, tree.school1, "王晓明", NUMBERS[0])
    pairing = student_pairing(county_officer, tree.school1)
    with pytest.raises(ValidationError) as refused:
        link_paired_student(by=officer, pairing=pairing, side="partner", student=pupil)
    assert refused.value.message_dict == {"student": ["学生姓名「王晓明」与结对中的「王小明」不符"]}
    assert not PairedStudent.objects.exists()


def test_a_number_not_in_the_registry_is_named_as_such(tree, officer, county_officer):
    pairing = student_pairing(county_officer, tree.school1)
    with pytest.raises(ValidationError) as refused:
        link_paired_student_by_number(by=officer, pairing=pairing, side="partner", id_number=NUMBERS[2])
    assert refused.value.message_dict == {"id_number": ["受助学生名册中没有该身份证号"]}
    assert not PairedStudent.objects.exists()


def test_only_a_student_pairing_links_to_the_registry(tree, officer, county_officer):
    pupil = student(officer, tree.school1, "王小明", NUMBERS[0])
    pairing = create_pairing(
        by=county_officer,
        kind="unit_village",
        unit=tree.school1,
        partner_unit=tree.village1,
        started_on=date(2025, 9, 1),
    )
    with pytest.raises(ValidationError) as refused:
        link_paired_student(by=officer, pairing=pairing, side="partner", student=pupil)
    assert refused.value.message_dict == {"side": ["只有学生结对可以关联受助学生名册"]}
    assert not PairedStudent.objects.exists()


def test_linking_a_side_again_replaces_the_earlier_link(tree, officer, county_officer):
    first = student(officer, tree.school1, "王小明", NUMBERS[0])
    second = student(officer, tree.school1, "王小明", NUMBERS[3])
    pairing = student_pairing(county_officer, tree.school1)
    link_paired_student(by=officer, pairing=pairing, side="partner", student=first)
    link_paired_student(by=officer, pairing=pairing, side="partner", student=second)
    assert list(PairedStudent.objects.values_list("student", flat=True)) == [second.pk]
    assert AuditEvent.objects.filter(target_type="aid.pairedstudent").order_by("pk").last().action == "update"


def test_the_pairings_page_shows_whether_each_linked_student_receives_aid(
    tree, officer, county_officer, make_user, login, django_assert_max_num_queries
):
    aided = student(officer, tree.school1, "王小明", NUMBERS[0], stage="college")
    student(officer, tree.school1, "李城", NUMBERS[3])
    prog = program(officer, tree.county1)
    [award] = propose_awards(by=officer, program=prog, students=[aided], source=source(officer, prog))
    approve_awards(by=make_user("reviewer", tree.county1, "reviewer"), program=prog, awards=[award])
    pairing = student_pairing(county_officer, tree.school1)
    link_paired_student(by=officer, pairing=pairing, side="partner", student=aided)
    client = login(officer)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("paired_student_list")).content.decode()
    assert "正在受助" in page and "新录取大学生资助 2,000.00 元" in page
    assert "未关联名册" in page and "东阳县第一中学 4305**********7662" in page  # 李城 offered to choose
    detail = client.get(reverse("student_detail", args=[aided.pk])).content.decode()
    assert "李城" in detail and "2025-09-01" in detail


def test_the_migration_links_a_side_whose_name_belongs_to_one_student_only(tree, officer, county_officer):
    only = student(officer, tree.school1, "王小明", NUMBERS[0])
    student(officer, tree.school1, "李城", NUMBERS[3])
    student(officer, tree.school1, "李城", NUMBERS[4])
    pairing = student_pairing(county_officer, tree.school1)
    import_module("fupin.aid.migrations.0008_link_paired_students").link(apps, None)
    assert list(PairedStudent.objects.values_list("pairing", "side", "student", "linked_by")) == [
        (pairing.pk, "partner", only.pk, None)
    ]


def test_the_students_record_shows_each_years_support_recorded_under_its_pairing(
    tree, officer, county_officer, login, django_assert_max_num_queries
):
    from fupin.pairing.services import record_visit

    pupil = student(officer, tree.school1, "王小明", NUMBERS[0])
    pairing = student_pairing(county_officer, tree.school1)
    link_paired_student(by=officer, pairing=pairing, side="partner", student=pupil)
    for day, measures in ((date(2025, 10, 17), "资助学习用品"), (date(2026, 9, 1), "结对学生赠送课外书")):
        record_visit(
            by=county_officer, pairing=pairing, kind="leader_visit", visited_on=day, visitors="李城", measures=measures
        )
    client = login(officer)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("student_detail", args=[pupil.pk])).content.decode()
    assert page.index("2026-09-01 一线慰问调研:结对学生赠送课外书") < page.index("2025-10-17 一线慰问调研:资助学习用品")
