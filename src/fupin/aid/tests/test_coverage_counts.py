"""应助尽助 counts each student once: an award that stands (in any programme) before a recorded reason, a returned
award not at all; an account with no school in its scope sees no line."""

import pytest

from fupin.aid.coverage import coverage_by_school
from fupin.aid.services.awards import propose_awards, return_award
from fupin.aid.services.students import record_coverage_reason

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db


def test_a_student_counts_once_aided_before_explained_and_a_returned_award_does_not_count(tree, make_user):
    officer, colleague = aid_officer(tree, make_user), make_user("aid_colleague", tree.county1, "aid_officer")
    twice, returned, gap = (
        student(officer, tree.school1, name, NUMBERS[i], stage="college") for i, name in enumerate("甲乙丙")
    )
    first, second = program(officer, tree.county1), program(officer, tree.county1, name="县助学金")
    propose_awards(by=officer, program=first, students=[twice, returned, gap], source=source(officer, first))
    propose_awards(by=officer, program=second, students=[twice], source=source(officer, second))
    for award in first.awards.filter(student__in=[returned, gap]):
        return_award(by=colleague, award=award, reason="材料不全")
    record_coverage_reason(by=officer, student=twice, reason="已享受其他资助")
    record_coverage_reason(by=officer, student=returned, reason="家庭已脱贫")
    [row] = coverage_by_school(officer)
    assert (row.registered, row.aided, row.explained, row.gaps) == (3, 1, 1, 1)


def test_an_account_with_no_school_in_scope_sees_no_line(tree, make_user):
    officer = aid_officer(tree, make_user)
    student(officer, tree.school1, "甲", NUMBERS[0])
    assert coverage_by_school(make_user("cadre_only", tree.county1, "cadre")) == []
