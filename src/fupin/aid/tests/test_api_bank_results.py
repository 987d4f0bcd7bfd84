"""The bank's answer through the REST API, with the page's rules: the result sheet of an approved batch marks
each line, a bad sheet is refused whole with every reason, each line's outcome is listed and inspected
(masked), failed lines are re-queued into a new batch; another county's batch or line is 404."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fupin.aid.models import PaymentBatch, PaymentLine
from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.batches import approve_batch, create_batch
from fupin.audit.models import AuditEvent

from .factories import NUMBERS, aid_officer, program, source, student
from .test_api import ID_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(tree, make_user):
    officer = aid_officer(tree, make_user)
    colleague = make_user("aid_reviewer", tree.county1, "aid_officer")
    prog = program(officer, tree.county1)
    pupils = [
        student(officer, tree.school1, n, NUMBERS[i], stage="college", card_number="6222021234567890123")
        for i, n in enumerate(["王小明", "李华", "张伟"])
    ]
    awards = propose_awards(by=officer, program=prog, students=pupils, source=source(officer, prog))
    approve_awards(by=colleague, program=prog, awards=awards)
    batch = approve_batch(by=colleague, batch=create_batch(by=officer, program=prog))
    return officer, prog, batch, list(batch.lines.order_by("pk"))


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["序号", "姓名", "发放结果", "失败原因"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("发放结果.xlsx", out.getvalue())


def _upload(client, batch, rows):
    return client.post(f"/api/v1/aid/batches/{batch.pk}/results", {"file": _sheet(rows)})


def test_bank_results_uploaded_through_the_api_mark_each_line(approved, login):
    officer, prog, batch, lines = approved
    client = login(officer)
    rows = [[str(lines[0].pk), "王小明", "成功", ""], [str(lines[1].pk), "李华", "失败", "账户已销户"]]
    rows.append([str(lines[2].pk), "张伟", "成功", ""])
    response = _upload(client, batch, rows)
    assert (response.status_code, response.json()) == (200, {"batch_id": batch.pk, "paid": 2, "failed": 1})
    failed = client.get(f"/api/v1/aid/batches/{batch.pk}/lines", {"result": "failed"}).json()
    assert failed["count"] == 1
    [line] = failed["items"]
    assert (line["name"], line["id_masked"], line["result"], line["failure_reason"]) == (
        "李*",
        "4305**********2547",
        "failed",
        "账户已销户",
    )
    detail = client.get(f"/api/v1/aid/batches/{batch.pk}/lines/{lines[1].pk}")
    for body in (failed, detail.json()):
        assert ID_NUMBER.findall(str(body)) == [] and "6222021234567890123" not in str(body)
    batches = client.get(f"/api/v1/aid/programs/{prog.pk}/batches").json()["items"]
    assert [(b["id"], b["pending"], b["paid"], b["failed"]) for b in batches] == [(batch.pk, 0, 2, 1)]
    assert AuditEvent.objects.get(action="import", target_type="aid.paymentbatch").changes == {
        "paid": [None, 2],
        "failed": [None, 1],
    }


def test_a_bad_results_sheet_is_refused_whole_through_the_api(approved, login):
    officer, _prog, batch, lines = approved
    rows = [
        [str(lines[0].pk), "王小明", "成功", ""],
        [str(lines[1].pk), "李华", "失败", ""],
        ["99999", "某", "成功", ""],
    ]
    response = _upload(login(officer), batch, rows)
    assert response.status_code == 400
    assert response.json()["detail"] == "第3行 失败原因: 发放失败须写明原因;第4行 序号: 「99999」不是本批次的序号"
    assert list(PaymentLine.objects.values_list("result", flat=True)) == ["pending", "pending", "pending"]
    assert not AuditEvent.objects.filter(action="import").exists()


def test_failed_lines_are_requeued_through_the_api_and_the_line_says_where(approved, login):
    officer, _prog, batch, lines = approved
    client = login(officer)
    rows = [[str(lines[0].pk), "王小明", "成功", ""], [str(lines[1].pk), "李华", "失败", "卡号有误"]]
    _upload(client, batch, [*rows, [str(lines[2].pk), "张伟", "成功", ""]])
    response = client.post(f"/api/v1/aid/batches/{batch.pk}/requeue")
    assert response.status_code == 201
    again = response.json()
    assert (again["requeue_of_id"], again["status"], again["line_count"], again["total_amount_fen"]) == (
        batch.pk,
        "draft",
        1,
        200000,
    )
    assert [x["name"] for x in client.get(again["lines_url"]).json()["items"]] == ["李*"]
    detail = client.get(f"/api/v1/aid/batches/{batch.pk}/lines/{lines[1].pk}").json()
    assert (detail["result"], detail["batch_id"], detail["requeued_batch_id"]) == ("failed", batch.pk, again["id"])
    repeat = client.post(f"/api/v1/aid/batches/{batch.pk}/requeue")
    assert (repeat.status_code, repeat.json()["detail"]) == (400, "本批次没有待补发的发放失败学生")
    assert PaymentBatch.objects.count() == 2


def test_results_cannot_be_uploaded_before_the_batch_is_approved(tree, make_user, login):
    officer = aid_officer(tree, make_user)
    prog = program(officer, tree.county1)
    pupil = student(officer, tree.school1, "王小明", NUMBERS[0], stage="college")
    awards = propose_awards(by=officer, program=prog, students=[pupil], source=source(officer, prog))
    approve_awards(by=make_user("aid_reviewer", tree.county1, "aid_officer"), program=prog, awards=awards)
    batch = create_batch(by=officer, program=prog)
    line = batch.lines.get()
    response = _upload(login(officer), batch, [[str(line.pk), "王小明", "成功", ""]])
    assert (response.status_code, response.json()["detail"]) == (400, "批次审批后才能导入发放结果")
    assert PaymentLine.objects.get().result == "pending"


API_ID_URLS = [
    ("post", "/api/v1/aid/batches/{batch}/results"),
    ("get", "/api/v1/aid/programs/{program}/batches"),
    ("get", "/api/v1/aid/batches/{batch}/lines"),
    ("get", "/api/v1/aid/batches/{batch}/lines/{line}"),
    ("post", "/api/v1/aid/batches/{batch}/requeue"),
]


@pytest.mark.parametrize(("method", "url"), API_ID_URLS)
def test_another_countys_batch_and_lines_are_404_in_the_api(method, url, approved, tree, make_user, login):
    _officer, prog, batch, lines = approved
    client = login(make_user("xc_aid", tree.county2, "aid_officer"))
    address = url.format(batch=batch.pk, program=prog.pk, line=lines[0].pk)
    data = {"file": _sheet([[str(lines[0].pk), "王小明", "成功", ""]])} if method == "post" else None
    assert getattr(client, method)(address, data).status_code == 404
    assert list(PaymentLine.objects.values_list("result", flat=True)) == ["pending", "pending", "pending"]
    assert PaymentBatch.objects.count() == 1
