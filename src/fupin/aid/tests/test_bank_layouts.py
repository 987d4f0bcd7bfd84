"""Bank file layouts: an office names, per bank, the columns of its payment files (from a fixed list), their
order and headers; a batch's bank file is written in the layout chosen for it and read back in it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fupin.aid.batch_sheet import bank_file, import_results
from fupin.aid.models import BankLayout, PaymentBatch
from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.bank_layouts import choose_bank_layout, save_bank_layout
from fupin.aid.services.batches import approve_batch, create_batch
from fupin.audit.models import AuditEvent

from .factories import NUMBERS, aid_officer, program, source, student

pytestmark = pytest.mark.django_db

ABC = [
    ("name", "户名"),
    ("card_number", "卡号"),
    ("amount", "金额"),
    ("id_number", "证件号码"),
    ("bank", ""),
    ("line", "流水号"),
    ("note", "用途"),
]


@pytest.fixture
def batch(tree, make_user):
    officer = aid_officer(tree, make_user)
    colleague = make_user("aid_reviewer", tree.county1, "aid_officer")
    prog = program(officer, tree.county1)
    pupil = student(officer, tree.school1, "王小明", NUMBERS[0], stage="college", card_number="6222021234567890123")
    awards = propose_awards(by=officer, program=prog, students=[pupil], source=source(officer, prog))
    approve_awards(by=colleague, program=prog, awards=awards)
    made = create_batch(by=officer, program=prog)
    return approve_batch(by=colleague, batch=made)


def _abc(by, unit, name="农业银行代发格式"):
    return save_bank_layout(by=by, unit=unit, name=name, bank="中国农业银行东阳支行", columns=ABC)


def test_the_bank_file_is_written_in_the_chosen_layout_with_numbers_as_text(tree, batch):
    officer = batch.created_by
    choose_bank_layout(by=officer, batch=batch, layout=_abc(officer, tree.county1))
    sheet = load_workbook(io.BytesIO(bank_file(by=officer, batch=batch))).active
    header, row = list(sheet.iter_rows(min_row=3, max_row=4, values_only=True))
    assert header == ("户名", "卡号", "金额", "证件号码", "开户行", "流水号", "用途", "发放结果", "失败原因")
    line = batch.lines.get()
    assert row == (
        "王小明",
        "6222021234567890123",
        "2000.00",
        "430520200803124314",
        "中国农业银行东阳支行",
        str(line.pk),
        f"新录取大学生资助 批次{batch.pk}",
        None,
        None,
    )
    [cells] = sheet.iter_rows(min_row=4, max_row=4)
    assert (cells[1].data_type, cells[3].data_type) == ("s", "s")
    assert AuditEvent.objects.get(action="export").note == "导出银行代发文件(农业银行代发格式(中国农业银行东阳支行))"


def test_the_banks_results_are_read_back_in_the_layout_the_file_was_sent_in(tree, batch):
    officer = batch.created_by
    choose_bank_layout(by=officer, batch=batch, layout=_abc(officer, tree.county1))
    book = Workbook()
    book.active.append(["户名", "流水号", "证件号码", "发放结果", "失败原因"])
    book.active.append(["王小明", str(batch.lines.get().pk), NUMBERS[0], "失败", "账户已冻结"])
    out = io.BytesIO()
    book.save(out)
    assert import_results(by=officer, batch=batch, data=out.getvalue()) == (0, 1)
    assert list(batch.lines.values_list("result", "failure_reason")) == [("failed", "账户已冻结")]


def test_a_layout_must_keep_the_line_number_column(tree, batch):
    with pytest.raises(ValidationError) as refused:
        save_bank_layout(by=batch.created_by, unit=tree.county1, name="无序号", bank="中国农业银行", columns=ABC[:5])
    assert refused.value.message_dict == {"columns": ["须保留「序号」列,银行回传的发放结果按序号对应"]}
    assert BankLayout.objects.count() == 0
    assert AuditEvent.objects.filter(target_type="aid.banklayout").count() == 0


def test_a_layout_takes_only_columns_from_the_fixed_list_each_once(tree, batch):
    officer = batch.created_by
    with pytest.raises(ValidationError) as refused:
        save_bank_layout(by=officer, unit=tree.county1, name="甲", bank="工行", columns=[("line", ""), ("phone", "")])
    assert refused.value.message_dict == {"columns": ["「phone」不是可选的列"]}
    with pytest.raises(ValidationError) as refused:
        save_bank_layout(
            by=officer, unit=tree.county1, name="乙", bank="工行", columns=[("line", "姓名"), ("name", "")]
        )
    assert refused.value.message_dict == {"columns": ["表头「姓名」重复或与「发放结果」「失败原因」相同"]}
    assert BankLayout.objects.count() == 0


def test_a_layout_name_is_used_once_per_office(tree, batch):
    _abc(batch.created_by, tree.county1)
    with pytest.raises(ValidationError) as refused:
        _abc(batch.created_by, tree.county1)
    assert refused.value.message_dict == {"name": ["本单位已有同名的代发文件格式"]}
    assert BankLayout.objects.count() == 1


def test_a_batch_cannot_use_another_countys_layout(tree, batch, make_user):
    theirs = _abc(make_user("xc_aid", tree.county2, "aid_officer"), tree.county2)
    with pytest.raises(ValidationError) as refused:
        choose_bank_layout(by=batch.created_by, batch=batch, layout=theirs)
    assert refused.value.message_dict == {"layout": ["只能选用本项目主办单位或其上级单位的代发文件格式"]}
    assert PaymentBatch.objects.get().bank_layout is None


def test_the_layout_is_fixed_once_the_banks_results_are_in(tree, batch):
    officer = batch.created_by
    batch.lines.update(result="paid")
    with pytest.raises(ValidationError) as refused:
        choose_bank_layout(by=officer, batch=batch, layout=_abc(officer, tree.county1))
    assert refused.value.message_dict == {"layout": ["该批次已导入发放结果,不能再更换代发文件格式"]}
    assert PaymentBatch.objects.get().bank_layout is None


def test_the_office_saves_a_layout_on_its_page_and_chooses_it_for_a_batch(tree, batch, login):
    client = login(batch.created_by)
    form = {"unit": tree.county1.pk, "name": "建行格式", "bank": "中国建设银行东阳支行"}
    form |= {"position_line": "1", "position_name": "2", "header_name": "收款人", "position_card_number": "3"}
    form |= {"position_amount": "4", "position_school": "5"}
    page = client.post(reverse("bank_layout_list"), form, follow=True).content.decode()
    assert "已保存代发文件格式" in page
    layout = BankLayout.objects.get()
    assert layout.columns == [
        ["line", "序号"],
        ["name", "收款人"],
        ["card_number", "银行卡号"],
        ["amount", "金额(元)"],
        ["school", "学校"],
    ]
    client.post(reverse("batch_layout", args=[batch.pk]), {"layout": layout.pk})
    assert PaymentBatch.objects.get().bank_layout == layout
    assert "建行格式(中国建设银行东阳支行)" in client.get(reverse("batch_detail", args=[batch.pk])).content.decode()


def test_two_columns_in_the_same_position_are_refused_on_the_page(tree, batch, login):
    form = {
        "unit": tree.county1.pk,
        "name": "建行格式",
        "bank": "中国建设银行",
        "position_line": "1",
        "position_name": "1",
    }
    page = login(batch.created_by).post(reverse("bank_layout_list"), form).content.decode()
    assert "两列不能排在同一位置" in page
    assert BankLayout.objects.count() == 0


def test_the_demo_county_sends_its_batches_in_its_banks_layout(tree, batch):
    from fupin.aid.demo import bank_layout

    layout = bank_layout(batch.created_by, tree.county1)
    assert (layout.name, layout.bank, layout.headers()) == (
        "农业银行代发格式",
        "中国农业银行东阳县支行",
        ["流水号", "户名", "卡号", "金额", "证件号码", "开户行", "用途"],
    )
