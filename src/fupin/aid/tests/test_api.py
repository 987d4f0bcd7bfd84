"""The aid API: programmes with their funders, awards and batches, names and numbers masked, scope is 404;
no response carries a 身份证号, a bank card or a phone number."""

import re

import pytest

from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.batches import create_batch

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def paid(tree, make_user):
    officer = aid_officer(tree, make_user)
    prog = program(officer, tree.county1)
    pupil = student(officer, tree.school1, "王小明", NUMBERS[0], stage="college", card_number="6222021234567890123")
    awards = propose_awards(by=officer, program=prog, students=[pupil], source=source(officer, prog, "县扶贫办"))
    approve_awards(by=make_user("aid_reviewer", tree.county1, "aid_officer"), program=prog, awards=awards)
    return officer, prog, create_batch(by=officer, program=prog)


def test_the_api_gives_programmes_awards_and_batches_masked(paid, login):
    officer, prog, batch = paid
    client = login(officer)
    responses = [
        client.get("/api/v1/aid/programs"),
        client.get(f"/api/v1/aid/programs/{prog.pk}"),
        client.get(f"/api/v1/aid/programs/{prog.pk}/awards"),
        client.get(f"/api/v1/aid/batches/{batch.pk}"),
        client.get(f"/api/v1/aid/batches/{batch.pk}/lines"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200]
    assert [(s["name"], s["committed_fen"]) for s in responses[1].json()["sources"]] == [("县扶贫办", 200000)]
    [award] = responses[2].json()["items"]
    assert (award["student_name"], award["student_id_masked"], award["amount_fen"]) == (
        "王*明",
        "4305**********4314",
        200000,
    )
    [line] = responses[4].json()["items"]
    assert (line["name"], line["card_masked"]) == ("王*明", "6222***********0123")
    for response in responses:
        body = response.content.decode()
        assert ID_NUMBER.findall(body) == [] and PHONE.findall(body) == []
        assert "6222021234567890123" not in body and "王小明" not in body


def test_another_countys_programme_and_batch_are_404_in_the_api(paid, tree, make_user, login):
    _officer, prog, batch = paid
    client = login(make_user("xc_aid", tree.county2, "aid_officer"))
    assert client.get(f"/api/v1/aid/programs/{prog.pk}").status_code == 404
    assert client.get(f"/api/v1/aid/programs/{prog.pk}/awards").status_code == 404
    assert client.get(f"/api/v1/aid/batches/{batch.pk}").status_code == 404
    assert client.get("/api/v1/aid/programs").json()["items"] == []
