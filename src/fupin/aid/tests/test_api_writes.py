"""Student aid written through the API with a personal token: the same doors (404 outside scope, nothing
written), the same rules (a rule's Chinese reason as a 400, nothing written) and the same audit as the pages."""

import pytest
from django.test import Client

from fupin.aid.models import AidAward, PaymentBatch
from fupin.audit.models import AuditEvent
from fupin.orgs.tokens import issue_token

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db


def api_as(user) -> Client:
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Token {issue_token(by=user, name='对接')}"})


def post(client: Client, path: str, data: dict | None = None):
    return client.post(f"/api/v1{path}", data or {}, content_type="application/json")


@pytest.fixture
def listed(tree, make_user):
    officer = aid_officer(tree, make_user)
    prog = program(officer, tree.county1)
    fund = source(officer, prog, "县扶贫办")
    pupils = [
        student(officer, tree.school1, name, NUMBERS[i], stage="college", is_new_student=True)
        for i, name in enumerate(["王小明", "李华"])
    ]
    return officer, make_user("aid_reviewer", tree.county1, "aid_officer"), prog, fund, pupils


def test_the_aid_officer_lists_students_and_a_colleague_approves_them_over_the_api(listed):
    officer, colleague, prog, fund, pupils = listed
    response = post(
        api_as(officer),
        f"/aid/programs/{prog.pk}/awards",
        {"source_id": fund.pk, "student_ids": [p.pk for p in pupils]},
    )
    assert response.status_code == 201
    assert [(a["student_name"], a["status"], a["amount_fen"]) for a in response.json()] == [
        ("李*", "proposed", 200000),
        ("王*明", "proposed", 200000),
    ]
    ids = [a["id"] for a in response.json()]
    approved = post(api_as(colleague), f"/aid/programs/{prog.pk}/awards/approve", {"award_ids": ids})
    assert (approved.status_code, approved.json()) == (200, {"approved": 2})
    made = post(api_as(officer), f"/aid/programs/{prog.pk}/batches")
    assert (made.status_code, made.json()["line_count"], made.json()["status"]) == (201, 2, "draft")
    batch = post(api_as(colleague), f"/aid/batches/{made.json()['id']}/approve")
    assert (batch.status_code, batch.json()["status"]) == (200, "approved")
    events = AuditEvent.objects.filter(target_type="aid.aidprogram", action="update").order_by("pk")
    assert list(events.values_list("actor__username", "note")) == [("aid_reviewer", "审核通过")]


def test_the_operator_cannot_approve_their_own_list_over_the_api(listed):
    officer, _colleague, prog, fund, pupils = listed
    made = post(
        api_as(officer), f"/aid/programs/{prog.pk}/awards", {"source_id": fund.pk, "student_ids": [pupils[0].pk]}
    )
    response = post(api_as(officer), f"/aid/programs/{prog.pk}/awards/approve", {"award_ids": [made.json()[0]["id"]]})
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "审核人不能是经办人本人:王*明 由您列入名单,请由其他同事审核"},
    )
    assert list(AidAward.objects.values_list("status", flat=True)) == ["proposed"]


def test_a_return_over_the_api_needs_a_reason_and_gives_the_money_back(listed):
    officer, colleague, prog, fund, pupils = listed
    made = post(
        api_as(officer), f"/aid/programs/{prog.pk}/awards", {"source_id": fund.pk, "student_ids": [pupils[0].pk]}
    )
    award_id = made.json()[0]["id"]
    response = post(api_as(colleague), f"/aid/awards/{award_id}/return", {"reason": "  "})
    assert (response.status_code, response.json()) == (400, {"detail": "reason: 退回须写明原因"})
    response = post(api_as(colleague), f"/aid/awards/{award_id}/return", {"reason": "已享受其他资助"})
    assert (response.status_code, response.json()["status"], response.json()["return_reason"]) == (
        200,
        "returned",
        "已享受其他资助",
    )
    fund.refresh_from_db()
    assert fund.committed_fen == 0


def test_a_student_not_eligible_for_the_programme_is_refused_over_the_api(tree, listed):
    officer, _colleague, prog, fund, _pupils = listed
    senior = student(officer, tree.school1, "张伟", NUMBERS[2], stage="senior")
    response = post(
        api_as(officer), f"/aid/programs/{prog.pk}/awards", {"source_id": fund.pk, "student_ids": [senior.pk]}
    )
    assert (response.status_code, response.json()) == (
        400,
        {"detail": f"student_ids: 不是本项目符合条件、尚未列入的学生:{senior.pk}"},
    )
    assert AidAward.objects.count() == 0


def test_another_countys_programme_answers_404_over_the_api_and_nothing_is_written(tree, make_user, listed):
    _officer, _colleague, prog, fund, pupils = listed
    theirs = api_as(make_user("xc_aid", tree.county2, "aid_officer"))
    responses = [
        post(theirs, f"/aid/programs/{prog.pk}/awards", {"source_id": fund.pk, "student_ids": [pupils[0].pk]}),
        post(theirs, f"/aid/programs/{prog.pk}/awards/approve", {"award_ids": [1]}),
        post(theirs, f"/aid/programs/{prog.pk}/batches"),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert (AidAward.objects.count(), PaymentBatch.objects.count()) == (0, 0)
