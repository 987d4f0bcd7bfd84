"""A payment batch over the API answers with its counts and total, never with its lines: a batch can hold tens of
thousands of payments, which come a page at a time from the lines endpoint, masked; the batch's answer costs the
same queries at any size."""

import pytest

from fupin.aid.models import PaymentLine, Student
from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.batches import approve_batch, create_batch
from fupin.api import api
from fupin.ops.synth.people import build_students

from .factories import aid_officer, program, source
from .test_api import ID_NUMBER, PHONE

pytestmark = pytest.mark.django_db


def _batch(tree, make_user, size: int):
    """An approved batch of `size` students at 2,000 元 each."""
    officer = aid_officer(tree, make_user)
    colleague = make_user("aid_reviewer", tree.county1, "aid_officer")
    prog = program(officer, tree.county1)
    fund = source(officer, prog, pledged_fen=size * 200000, received_fen=size * 200000)
    build_students(7, [tree.school1], size)
    awards = propose_awards(by=officer, program=prog, students=list(Student.objects.order_by("pk")), source=fund)
    approve_awards(by=colleague, program=prog, awards=awards)
    return officer, approve_batch(by=colleague, batch=create_batch(by=officer, program=prog))


def test_a_batch_answers_with_its_lines_counted_by_result_and_their_total_without_the_lines(tree, make_user, login):
    officer, batch = _batch(tree, make_user, 5)
    lines = list(batch.lines.order_by("pk"))
    PaymentLine.objects.filter(pk__in=[lines[0].pk, lines[1].pk]).update(result="paid")
    PaymentLine.objects.filter(pk=lines[2].pk).update(result="failed", failure_reason="账户已冻结")
    client = login(officer)
    body = client.get(f"/api/v1/aid/batches/{batch.pk}").json()
    assert body == {
        "id": batch.pk,
        "program_id": batch.program_id,
        "status": "approved",
        "requeue_of_id": None,
        "line_count": 5,
        "pending": 2,
        "paid": 2,
        "failed": 1,
        "total_amount_fen": 1000000,
        "lines_url": f"/api/v1/aid/batches/{batch.pk}/lines",
    }
    first = client.get(body["lines_url"], {"limit": 2}).json()
    rest = client.get(body["lines_url"], {"limit": 2, "offset": 2}).json()
    assert (first["count"], len(first["items"]), len(rest["items"])) == (5, 2, 2)
    assert [line["id"] for line in first["items"] + rest["items"]] == [line.pk for line in lines[:4]]
    failed = client.get(body["lines_url"], {"result": "failed"}).json()["items"]
    assert [(line["result"], line["failure_reason"]) for line in failed] == [("failed", "账户已冻结")]
    for response in (first, rest, failed):
        text = str(response)
        assert ID_NUMBER.findall(text) == [] and PHONE.findall(text) == []
        assert all("*" in line["name"] and "*" in line["id_masked"] for line in first["items"])


@pytest.mark.parametrize("size", [2, 150])
def test_the_batch_answer_costs_the_same_queries_however_many_lines_it_holds(
    size, tree, make_user, login, django_assert_max_num_queries
):
    officer, batch = _batch(tree, make_user, size)
    client = login(officer)
    with django_assert_max_num_queries(8):
        body = client.get(f"/api/v1/aid/batches/{batch.pk}").json()
    assert (body["line_count"], body["pending"], body["total_amount_fen"]) == (size, size, size * 200000)


def test_the_openapi_document_shows_the_batch_with_counts_and_a_link_to_its_lines_not_a_list():
    schema = api.get_openapi_schema()
    batch = schema["components"]["schemas"]["BatchOut"]["properties"]
    assert "lines" not in batch
    assert {"line_count", "pending", "paid", "failed", "total_amount_fen", "lines_url"} <= set(batch)
    assert all(batch[name]["type"] == "integer" for name in ("line_count", "pending", "paid", "failed"))
    lines = schema["paths"]["/api/v1/aid/batches/{batch_id}/lines"]["get"]
    assert {p["name"] for p in lines["parameters"]} == {"batch_id", "result", "limit", "offset"}
