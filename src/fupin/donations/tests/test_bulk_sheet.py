"""一日捐 / 一元捐 from an Excel sheet: all rows or none, each problem named 「第N行 字段: 原因」."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.donations import bulk, disclosure, ledger, services
from fupin.donations.models import Donation
from fupin.orgs.tests.factories import school

from .staff_data import import_sheet, sheet, staffed_drive

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload rows as a sheet and run its job: (the job's page as text, the job)."""

    def run(client, drive, rows, **kw):
        page, job = import_sheet(client, drive, django_capture_on_commit_callbacks, sheet(rows, **kw))
        return page.content.decode(), job

    return run


def test_a_one_day_pay_sheet_records_every_row(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy")
    rows = [
        ("一日捐", "张三", "QH-DY-S01", "300", ""),
        ("一日捐", "李四", "ＱＨ-ＤＹ-Ｓ01", "1,234.50", "是"),
        ("一元捐", "王小明", "QH-DY-S01", 1, "否"),
    ]
    page, job = upload(login(staffed.finance), staffed.drive, rows)
    assert (job.status, job.summary) == ("done", [["登记捐款 1,535.50 元,笔数", 3]])
    assert "登记捐款 1,535.50 元,笔数:3" in page
    assert sorted(Donation.objects.values_list("amount_fen", flat=True)) == [100, 30000, 123450]
    assert Donation.objects.get(donor_name="李四").is_anonymous
    assert ledger.balance_fen(staffed.drive) == 153550


def test_a_bad_row_in_a_one_yuan_sheet_writes_nothing(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy")
    rows = [
        ("一元捐", "王小明", "QH-DY-S01", "1", ""),
        ("一元捐", "刘小红", "QH-DY-S01", "1.005", ""),
        ("一元捐", "陈小军", "QH-DY-S01", "1", ""),
    ]
    page, job = upload(login(staffed.finance), staffed.drive, rows)
    assert job.status == "failed" and "未导入任何数据" in page
    assert "第3行 金额(元): 金额「1.005」超过两位小数" in page
    assert not Donation.objects.exists() and ledger.balance_fen(staffed.drive) == 0


def test_every_bad_row_is_named_with_its_field(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy", channels=("one_day_pay",))
    rows = [
        ("一元捐", "甲", "QH-DY-S01", "1", ""),
        ("月捐", "乙", "QH-DY-S01", "1", ""),
        ("一日捐", "", "QH-DY-S01", "1", ""),
        ("一日捐", "丁", "QH-XC-S01", "1", ""),
        ("一日捐", "戊", "QH-DY-S01", "-5", ""),
        ("一日捐", "己", "QH-DY-S01", "1", "也许"),
    ]
    page, _job = upload(login(staffed.finance), staffed.drive, rows)
    assert "第2行 方式: 本募捐活动没有「一元捐」方式" in page
    assert "第3行 方式: 「月捐」不是可选值" in page
    assert "第4行 姓名: 不能为空" in page
    assert "第5行 单位代码: 找不到单位 QH-XC-S01" in page
    assert "第6行 金额(元): 金额不能为负数" in page
    assert "第7行 匿名: 「也许」不是可选值" in page
    assert not Donation.objects.exists()


def test_duplicate_rows_name_both_rows(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy")
    rows = [("一日捐", "张三", "QH-DY-S01", "300", ""), ("一日捐", "张三", "QH-DY-S01", "300", "")]
    page, _job = upload(login(staffed.finance), staffed.drive, rows)
    assert "第3行 姓名: 与第2行重复" in page and not Donation.objects.exists()


def test_the_same_sheet_uploaded_twice_records_once(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy")
    client = login(staffed.finance)
    rows = [("一日捐", "张三", "QH-DY-S01", "300", "")]
    upload(client, staffed.drive, rows)
    page, _job = upload(client, staffed.drive, rows)
    assert "已经导入过" in page and Donation.objects.count() == 1


def test_a_sheet_with_other_headers_lists_expected_against_found(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy")
    rows = [("一日捐", "张三", "300")]
    page, _job = upload(login(staffed.finance), staffed.drive, rows, headers=("方式", "姓名", "金额"))
    assert "表头不符" in page and "缺少 单位代码、金额(元)" in page


def test_a_renamed_csv_is_refused_as_a_whole(tree, login, django_capture_on_commit_callbacks):
    staffed = staffed_drive(tree.county1, "dy")
    fake = __import__("io").BytesIO("方式,姓名\n一日捐,张三\n".encode())
    fake.name = "捐款.xlsx"
    page, job = import_sheet(login(staffed.finance), staffed.drive, django_capture_on_commit_callbacks, fake)
    assert job.status == "failed" and "xlsx" in page.content.decode()
    assert not Donation.objects.exists()


def test_the_downloaded_template_imports_as_is(tree, login, django_capture_on_commit_callbacks):
    staffed = staffed_drive(tree.county1, "dy")
    client = login(staffed.finance)
    template = client.get(reverse("donation_template", args=[staffed.drive.pk]))
    upload = __import__("io").BytesIO(template.content)
    upload.name = "模板.xlsx"
    _page, job = import_sheet(client, staffed.drive, django_capture_on_commit_callbacks, upload)
    assert job.status == "done"
    assert Donation.objects.get().unit == tree.county1


def test_a_sheet_row_for_a_school_below_the_organiser_is_accepted(tree, login, upload):
    staffed = staffed_drive(tree.county1, "dy")
    school(tree.county1, "东阳县实验小学", "primary", code="QH-DY-P01")
    rows = [("一元捐", "学生甲", "QH-DY-P01", "1.00", "")]
    assert upload(login(staffed.finance), staffed.drive, rows)[1].status == "done"


def test_a_sheet_written_in_bulk_gives_each_gift_its_own_entry_receipt_and_tally(tree):
    staffed = staffed_drive(tree.county1, "dy")
    drive, by = staffed.drive, staffed.finance
    services.receive_donation(
        by=by, drive=drive, channel="transfer", amount_fen=50000, donor_type="enterprise", donor_name="东阳建材"
    )
    rows = [("一日捐", "张三", "QH-DY-S01", "300", ""), ("一日捐", "李四", "QH-DY-S01", "200", "是")]
    ids = bulk.import_donation_sheet(by=by, drive=drive, data=sheet(rows).getvalue(), filename="一日捐.xlsx")
    made = list(Donation.objects.filter(pk__in=ids).order_by("pk"))
    assert [(d.donor_name, d.is_anonymous, d.amount_fen, d.unit.code) for d in made] == [
        ("张三", False, 30000, "QH-DY-S01"),
        ("李四", True, 20000, "QH-DY-S01"),
    ]
    assert [d.receipt.number for d in made] == [2, 3]
    assert len({d.transaction_id for d in made}) == 2
    assert [line.amount_fen for line in made[1].transaction.lines.order_by("id")] == [20000, -20000]
    assert made[1].transaction.memo == "一日捐 匿名 200.00 元"
    assert ledger.balance_fen(drive) == 100000
    assert disclosure.summary(drive).amount_fen == 100000 and disclosure.summary(drive).donations == 3
    ledger.reverse(by=staffed.office, entry=made[0].transaction, reason="重复登记")
    assert ledger.balance_fen(drive) == 70000 and disclosure.summary(drive).donations == 2
    assert ledger.problems() == [] and disclosure.problems() == []


def test_a_sheet_import_is_one_audit_entry_listing_what_it_created_and_the_chain_still_verifies(tree):
    staffed = staffed_drive(tree.county1, "dy")
    rows = [("一日捐", "张三", "QH-DY-S01", "300", ""), ("一元捐", "李四", "QH-DY-S01", "1", "是")]
    before = AuditEvent.objects.count()
    ids = bulk.import_donation_sheet(
        by=staffed.finance, drive=staffed.drive, data=sheet(rows).getvalue(), filename="一日捐.xlsx"
    )

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.note) == ("import", "导入捐款表 一日捐.xlsx:2 笔,共 301.00 元")
    fund = staffed.drive.fund_id
    assert event.changes == {
        "donations": [None, 2],
        "amount_fen": [None, 30100],
        "receipts": [None, f"{fund:04d}-000001 – {fund:04d}-000002"],
    }
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "审计日志哈希链完整" in out.getvalue()
    gifts = Donation.objects.filter(pk__in=ids).order_by("pk")
    assert [(d.goods_description, d.goods_quantity, d.goods_value_fen, d.late_reason) for d in gifts] == [
        ("", 0, 0, "")
    ] * 2
    assert [d.receipt.number for d in gifts] == [1, 2] and ledger.problems() == [] and disclosure.problems() == []


def test_a_drive_without_one_day_pay_or_one_yuan_offers_no_sheet_import(tree, login):
    staffed = staffed_drive(tree.county1, "dy", channels=("transfer", "onsite"))
    page = login(staffed.finance).get(reverse("drive_detail", args=[staffed.drive.pk])).content.decode()
    assert "登记捐赠" in page and "从 Excel 导入一日捐/一元捐" not in page
    sheet_drive = staffed_drive(tree.county1, "dy2", channels=("one_yuan",))
    page = login(sheet_drive.finance).get(reverse("drive_detail", args=[sheet_drive.drive.pk])).content.decode()
    assert reverse("donation_import", args=[sheet_drive.drive.pk]) in page


def test_the_import_page_states_the_sheets_row_limit_and_a_longer_sheet_is_refused_whole(tree, login, upload, settings):
    staffed = staffed_drive(tree.county1, "dy")
    client = login(staffed.finance)
    assert (
        "每张表最多 5,000 行,更多请分批导入"
        in client.get(reverse("donation_import", args=[staffed.drive.pk])).content.decode()
    )
    rows = [("一日捐", f"教职工{n}", "QH-DY-S01", "100", "") for n in range(5001)]
    _page, job = upload(client, staffed.drive, rows)
    assert job.errors == ["表格超过 5000 行上限,请分批导入"] and not Donation.objects.exists()
