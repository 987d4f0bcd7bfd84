"""Payment batches: frozen when approved, approved by someone other than their maker, the bank file holding
numbers as text, the bank's results read back, failures re-queued into a new batch."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fupin.aid.batch_sheet import bank_file, import_results
from fupin.aid.models import PaymentBatch, PaymentLine
from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.batches import approve_batch, create_batch, requeue_failed
from fupin.aid.services.students import update_student
from fupin.audit.models import AuditEvent
from fupin.lib.sheet_import import SheetRowErrors

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db

CARDS = ["6222021234567890123", "6217001234567890", "6228481234567890123"]


@pytest.fixture
def setup(tree, make_user):
    officer = aid_officer(tree, make_user)
    colleague = make_user("aid_reviewer", tree.county1, "aid_officer")
    prog = program(officer, tree.county1)
    pupils = [
        student(officer, tree.school1, n, NUMBERS[i], stage="college", card_number=CARDS[i])
        for i, n in enumerate(["王小明", "李华", "张伟"])
    ]
    awards = propose_awards(by=officer, program=prog, students=pupils, source=source(officer, prog))
    approve_awards(by=colleague, program=prog, awards=awards)
    return officer, colleague, prog, pupils


def _results(rows) -> bytes:
    book = Workbook()
    book.active.append(["序号", "姓名", "身份证号", "银行卡号", "金额(元)", "发放结果", "失败原因"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_batch_is_approved_by_someone_other_than_its_maker(setup):
    officer, colleague, prog, _pupils = setup
    batch = create_batch(by=officer, program=prog)
    with pytest.raises(ValidationError) as exc:
        approve_batch(by=officer, batch=batch)
    assert exc.value.messages == ["审批人不能是制表人本人,请由其他同事审批"]
    assert PaymentBatch.objects.get().status == "draft"
    assert approve_batch(by=colleague, batch=batch).status == "approved"


def test_registry_edits_after_approval_do_not_change_the_batch(setup):
    officer, colleague, prog, pupils = setup
    batch = create_batch(by=officer, program=prog)
    update_student(by=officer, student=pupils[0], name="王晓明")
    approve_batch(by=colleague, batch=batch)
    update_student(by=officer, student=pupils[0], name="王明明", card_number="6222020000000000000")
    line = PaymentLine.objects.get(award__student=pupils[0])
    assert (line.name, line.card_masked, line.amount_fen) == ("王晓明", "6222***********0123", 200000)


def test_the_bank_file_holds_id_and_card_numbers_as_text_and_its_export_is_logged(setup):
    officer, colleague, prog, _pupils = setup
    batch = create_batch(by=officer, program=prog)
    with pytest.raises(ValidationError, match="批次审批后才能导出银行代发文件"):
        bank_file(by=officer, batch=batch)
    approve_batch(by=colleague, batch=batch)
    sheet = load_workbook(io.BytesIO(bank_file(by=officer, batch=batch))).active
    [row] = [r for r in sheet.iter_rows(min_row=4) if r[1].value == "王小明"]
    assert [c.value for c in row[1:5]] == ["王小明", NUMBERS[0], CARDS[0], "2000.00"]
    assert (row[2].data_type, row[3].data_type) == ("s", "s")
    assert AuditEvent.objects.get(action="export").changes == {"lines": [None, 3]}


def test_bank_results_with_two_failures_are_recorded_and_requeued_into_a_new_batch(setup):
    officer, colleague, prog, _pupils = setup
    batch = create_batch(by=officer, program=prog)
    approve_batch(by=colleague, batch=batch)
    line = dict(batch.lines.values_list("name", "pk"))
    data = _results(
        [
            [str(line["王小明"]), "", "", "", "", "成功", ""],
            [str(line["李华"]), "", "", "", "", "失败", "账户已销户"],
            [str(line["张伟"]), "", "", "", "", "失败", "户名不符"],
        ]
    )
    assert import_results(by=officer, batch=batch, data=data) == (1, 2)
    assert dict(batch.lines.values_list("name", "failure_reason")) == {
        "王小明": "",
        "李华": "账户已销户",
        "张伟": "户名不符",
    }
    again = requeue_failed(by=officer, batch=batch)
    assert sorted(again.lines.values_list("name", flat=True)) == ["张伟", "李华"]
    assert again.requeue_of == batch
    with pytest.raises(ValidationError, match="本批次没有待补发的发放失败学生"):
        requeue_failed(by=officer, batch=batch)
    assert PaymentBatch.objects.count() == 2
    with pytest.raises(ValidationError, match="没有待发放的已审核名单"):
        create_batch(by=officer, program=prog)


def test_a_failure_without_a_reason_refuses_the_results_and_nothing_is_recorded(setup):
    officer, colleague, prog, _pupils = setup
    batch = create_batch(by=officer, program=prog)
    approve_batch(by=colleague, batch=batch)
    ids = list(batch.lines.order_by("pk").values_list("pk", flat=True))
    data = _results(
        [
            [str(ids[0]), "", "", "", "", "成功", ""],
            [str(ids[1]), "", "", "", "", "失败", ""],
            ["99999", "", "", "", "", "成功", ""],
        ]
    )
    with pytest.raises(SheetRowErrors) as exc:
        import_results(by=officer, batch=batch, data=data)
    assert exc.value.errors == ["第3行 失败原因: 发放失败须写明原因", "第4行 序号: 「99999」不是本批次的序号"]
    assert set(PaymentLine.objects.values_list("result", flat=True)) == {"pending"}


def test_the_batch_page_counts_the_outcome_and_offers_requeue_only_while_failures_wait(setup, login):
    officer, colleague, prog, _pupils = setup
    batch = approve_batch(by=colleague, batch=create_batch(by=officer, program=prog))
    client = login(officer)
    page = client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert "待发放 3 人,成功 0 人,失败 0 人" in page and "失败的重新发放" not in page
    line = dict(batch.lines.values_list("name", "pk"))
    rows = [[str(line[n]), "", "", "", "", "成功", ""] for n in ("王小明", "张伟")]
    import_results(
        by=officer, batch=batch, data=_results([*rows, [str(line["李华"]), "", "", "", "", "失败", "卡号有误"]])
    )
    page = client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert "待发放 0 人,成功 2 人,失败 1 人" in page and "失败的重新发放" in page
    requeue_failed(by=officer, batch=batch)
    assert "失败的重新发放" not in client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
