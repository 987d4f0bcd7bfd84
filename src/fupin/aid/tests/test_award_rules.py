"""Aid programmes and awards: a source never funds more than it received; operator and reviewer differ;
重复资助 blocked with the rule quoted; near-duplicates flagged; a return says why and frees the money."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from fupin.aid.models import AidAward, AidProgram, FundingSource
from fupin.aid.selectors import eligible_students
from fupin.aid.services.awards import approve_awards, propose_awards, return_award
from fupin.aid.services.programs import record_received

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree, make_user):
    return aid_officer(tree, make_user)


@pytest.fixture
def colleague(tree, make_user):
    return make_user("aid_reviewer", tree.county1, "aid_officer")


def _college(officer, school, n, **kw):
    names = ["王小明", "李华", "张伟", "刘洋", "陈静"]
    return [
        student(officer, school, names[i], NUMBERS[i], stage="college", is_new_student=True, **kw) for i in range(n)
    ]


def test_a_programme_window_cannot_end_before_it_opens(tree, officer):
    with pytest.raises(ValidationError) as exc:
        program(officer, tree.county1, opens_on=date(2026, 9, 1), closes_on=date(2026, 8, 1))
    assert exc.value.message_dict == {"closes_on": ["申请截止日期不能早于开始日期"]}
    assert AidProgram.objects.count() == 0


def test_selection_by_rule_lists_only_eligible_students(tree, officer):
    prog = program(officer, tree.county1, new_students_only=True)
    student(officer, tree.school1, "王小明", NUMBERS[0], stage="college", is_new_student=True)
    student(officer, tree.school1, "李华", NUMBERS[1], stage="college", is_new_student=False)
    student(officer, tree.school1, "张伟", NUMBERS[2], stage="senior", is_new_student=True)
    student(officer, tree.school1, "刘洋", NUMBERS[3], stage="college", is_new_student=True, categories=["disabled"])
    student(officer, tree.school1, "陈静", NUMBERS[4], stage="college", is_new_student=True, enrolment="suspended")
    assert [s.name for s in eligible_students(officer, prog)] == ["王小明"]


def test_a_source_can_never_fund_more_than_it_received(tree, officer):
    prog = program(officer, tree.county1)
    fund = source(officer, prog, "县红十字会", pledged_fen=1000000, received_fen=300000)
    students = _college(officer, tree.school1, 2)
    with pytest.raises(ValidationError) as exc:
        propose_awards(by=officer, program=prog, students=students, source=fund)
    assert exc.value.message_dict == {
        "source": ["资金来源「县红十字会」到账余额不足:可安排 3,000.00 元,本次需要 4,000.00 元"]
    }
    assert AidAward.objects.count() == 0
    fund.refresh_from_db()
    assert fund.committed_fen == 0


def test_the_database_refuses_a_source_funding_more_than_it_received(tree, officer):
    prog = program(officer, tree.county1)
    fund = source(officer, prog, received_fen=100000)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingSource.objects.filter(pk=fund.pk).update(committed_fen=100001)


def test_received_money_cannot_drop_below_what_awards_use(tree, officer):
    prog = program(officer, tree.county1)
    fund = source(officer, prog, received_fen=400000)
    propose_awards(by=officer, program=prog, students=_college(officer, tree.school1, 1), source=fund)
    with pytest.raises(ValidationError) as exc:
        record_received(by=officer, source=fund, received_fen=100000)
    assert exc.value.message_dict == {"received_fen": ["到账金额不能少于已安排的资助 2,000.00 元"]}
    fund.refresh_from_db()
    assert fund.received_fen == 400000


def test_the_same_student_twice_in_one_programme_is_blocked_with_the_rule(tree, officer):
    prog = program(officer, tree.county1)
    fund = source(officer, prog)
    [one] = _college(officer, tree.school1, 1)
    propose_awards(by=officer, program=prog, students=[one], source=fund)
    with pytest.raises(ValidationError) as exc:
        propose_awards(by=officer, program=prog, students=[one], source=fund)
    assert exc.value.message_dict == {"students": ["王*明 已在本项目名单中:同一学生在同一资助项目中只能资助一次"]}
    assert AidAward.objects.count() == 1
    fund.refresh_from_db()
    assert fund.committed_fen == 200000


def test_two_mutually_exclusive_programmes_cannot_both_aid_one_student(tree, officer):
    first = program(officer, tree.county1, "县新生入学资助", exclusive_group="新生入学")
    second = program(officer, tree.county1, "红十字会助学金", exclusive_group="新生入学")
    [one] = _college(officer, tree.school1, 1)
    propose_awards(by=officer, program=first, students=[one], source=source(officer, first))
    with pytest.raises(ValidationError) as exc:
        propose_awards(by=officer, program=second, students=[one], source=source(officer, second))
    assert exc.value.message_dict == {
        "students": ["王*明 已获「县新生入学资助」资助:同一学生不能同时享受互斥的资助项目(互斥组「新生入学」)"]
    }
    assert AidAward.objects.filter(program=second).count() == 0


def test_a_same_name_and_birth_date_at_another_school_is_flagged_for_review(tree, officer, make_user):
    [one] = _college(officer, tree.school1, 1)
    xc = make_user("xc_aid", tree.county2, "aid_officer")
    student(xc, tree.school2, "王小明", "430522200803124317")
    prog = program(officer, tree.county1)
    [award] = propose_awards(by=officer, program=prog, students=[one], source=source(officer, prog))
    assert award.near_duplicate == "西川县第一中学 有同名同出生日期的学生,请核实是否同一人"


def test_the_target_count_caps_the_list(tree, officer):
    prog = program(officer, tree.county1, target_count=1)
    with pytest.raises(ValidationError) as exc:
        propose_awards(
            by=officer, program=prog, students=_college(officer, tree.school1, 2), source=source(officer, prog)
        )
    assert exc.value.message_dict == {"students": ["超过计划资助人数 1 人:已有 0 人,本次 2 人"]}
    assert AidAward.objects.count() == 0


def test_the_operator_cannot_approve_their_own_list(tree, officer, colleague):
    prog = program(officer, tree.county1)
    awards = propose_awards(
        by=officer, program=prog, students=_college(officer, tree.school1, 1), source=source(officer, prog)
    )
    with pytest.raises(ValidationError) as exc:
        approve_awards(by=officer, program=prog, awards=awards)
    assert exc.value.messages == ["审核人不能是经办人本人:王*明 由您列入名单,请由其他同事审核"]
    assert list(AidAward.objects.values_list("status", flat=True)) == ["proposed"]
    assert approve_awards(by=colleague, program=prog, awards=awards) == 1
    assert list(AidAward.objects.values_list("status", "reviewed_by__username")) == [("approved", "aid_reviewer")]


def test_the_database_refuses_an_award_reviewed_by_its_operator(tree, officer):
    prog = program(officer, tree.county1)
    [award] = propose_awards(
        by=officer, program=prog, students=_college(officer, tree.school1, 1), source=source(officer, prog)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AidAward.objects.filter(pk=award.pk).update(reviewed_by=officer)


def test_a_return_needs_a_reason_and_gives_the_money_back_to_the_source(tree, officer, colleague):
    prog = program(officer, tree.county1)
    fund = source(officer, prog)
    [award] = propose_awards(by=officer, program=prog, students=_college(officer, tree.school1, 1), source=fund)
    with pytest.raises(ValidationError) as exc:
        return_award(by=colleague, award=award, reason="  ")
    assert exc.value.message_dict == {"reason": ["退回须写明原因"]}
    return_award(by=colleague, award=award, reason="录取通知书未提供")
    award.refresh_from_db()
    fund.refresh_from_db()
    assert (award.status, award.return_reason, fund.committed_fen) == ("returned", "录取通知书未提供", 0)


def test_another_county_cannot_list_students_on_this_programme(tree, officer, make_user):
    prog = program(officer, tree.county1)
    theirs = make_user("xc_aid", tree.county2, "aid_officer")
    with pytest.raises(PermissionDenied, match="无权修改该资助项目"):
        propose_awards(
            by=theirs, program=prog, students=_college(officer, tree.school1, 1), source=source(officer, prog)
        )
    assert AidAward.objects.count() == 0
