"""Importing a village's household ledger: every bad row named, duplicates listed, nothing half-written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fupin.audit.models import AuditEvent
from fupin.households import ledger_sheet
from fupin.households.models import Household, StatusChange
from fupin.jobs.tests.flow import run_upload
from fupin.lib.id_numbers import check_digit
from fupin.lib.sheet_import import SheetRowErrors
from fupin.orgs.tests.factories import UnitFactory

from .factories import household

pytestmark = pytest.mark.django_db

HEADER = ["村代码", "户主姓名", "户主身份证号", "户类别", "致贫原因", "致贫原因说明", "状态", "状态年度"]


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["石桥东村帮扶户台账"])
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("台账.xlsx", out.getvalue())


def test_a_good_ledger_registers_every_household(tree, county_officer, login, django_capture_on_commit_callbacks):
    rows = [
        ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病、缺技术", "", "已脱贫", "2020"],
        ["QH-DY-T1-V1", "李四海", "430524196511220845", "边缘户", "缺劳力", "", "", ""],
    ]
    page, job = run_upload(
        login(county_officer), "household_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.status == "done" and job.summary == [["新增帮扶户", 2]]
    assert job.items == ["石桥东村 王*山 4305**********1213", "石桥东村 李*海 4305**********0845"]
    assert "完成" in page.content.decode() and "石桥东村 李*海 4305**********0845" in page.content.decode()
    assert not job.file  # the sheet, with its 身份证号, is not kept once imported
    made = list(Household.objects.order_by("head_name").values_list("head_name", "category", "status"))
    assert made == [("李四海", "borderline", "in_poverty"), ("王大山", "registered_poor", "lifted")]
    assert Household.objects.get(head_name="王大山").poverty_causes == ["illness", "skills"]
    assert AuditEvent.objects.get(action="import").changes == {"households": [None, 2]}


def test_bad_rows_are_named_and_nothing_is_written(tree, county_officer, login, django_capture_on_commit_callbacks):
    household(county_officer, tree.village1, "赵老五", "430524198812033313")
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    rows = [
        ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病", "", "", ""],
        ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病", "", "", ""],
        ["QH-DY-T1-V1", "李四海", "430524196511220846", "边缘户", "懒惰", "", "", "2030"],
        ["QH-DY-T1-V1", "赵老五", "430524198812033313", "贫困户", "", "", "", ""],
        [village2.code, "钱六", "510122197204306614", "其他", "", "", "", ""],
    ]
    page, job = run_upload(
        login(county_officer), "household_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.status == "failed" and "发现 7 处问题,未导入任何数据" in page.content.decode()
    assert job.errors == [
        "第4行 户主身份证号: 与第3行重复",
        "第5行 户主身份证号: 身份证号校验码不正确,请核对是否输错",
        "第5行 致贫原因: 「懒惰」不是可选原因,可选:因病、因残、因学、因灾、缺土地、缺水、缺技术、缺劳力、缺资金、"
        "交通条件落后、自身发展动力不足、其他",
        "第5行 状态年度: 「2030」应为2013年至今的四位年份",
        "第6行 户类别: 「贫困户」不是可选值,可选:建档立卡户、脱贫监测户、边缘户、其他",
        "第6行 户主身份证号: 该身份证号已登记:石桥东村 户主 赵*五",
        "第7行 村代码: QH-XC-V1 不是您管辖范围内的村",
    ]
    assert list(Household.objects.values_list("head_name", flat=True)) == ["赵老五"]


def test_a_number_registered_out_of_scope_is_reported_without_details(
    tree, make_user, login, django_capture_on_commit_callbacks
):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    household(make_user("xc_office", tree.county2, "office_admin"), village2, "钱六", "510122197204306614")
    rows = [["QH-DY-T1-V1", "钱六", "510122197204306614", "其他", "", "", "", ""]]
    office = make_user("dy_office", tree.county1, "office_admin")
    _page, job = run_upload(
        login(office), "household_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.errors == ["第3行 户主身份证号: 该身份证号已在其他单位登记"]
    assert list(Household.objects.values_list("head_name", flat=True)) == ["钱六"]


def test_the_export_shows_numbers_masked(tree, county_officer, login):
    household(county_officer, tree.village1, "王大山", "430524199006071213")
    response = login(county_officer).get(reverse("household_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "4305**********1213" in values
    assert "430524199006071213" not in values


def test_the_full_export_is_only_for_those_allowed_and_is_logged(tree, county_officer, make_user, login):
    household(county_officer, tree.village1, "王大山", "430524199006071213")
    viewer = make_user("dy_viewer", tree.county1, "viewer")
    masked = login(viewer).get(reverse("household_list"), {"format": "xlsx", "full": "1"})
    values = [c for row in load_workbook(io.BytesIO(masked.content)).active.iter_rows(values_only=True) for c in row]
    assert "430524199006071213" not in values
    assert not AuditEvent.objects.filter(action="view_personal").exists()
    full = login(county_officer).get(reverse("household_list"), {"format": "xlsx", "full": "1"})
    sheet = load_workbook(io.BytesIO(full.content)).active
    assert [c.value for c in sheet[3]][:3] == ["石桥东村", "王大山", "430524199006071213"]
    assert sheet.cell(3, 3).data_type == "s"
    event = AuditEvent.objects.get(action="view_personal")
    assert (event.note, event.changes) == ("导出完整身份证号", {"households": [None, 1]})


def _bytes(rows) -> bytes:
    return _sheet(rows).read()


def test_a_bad_row_in_a_later_chunk_leaves_nothing_of_the_earlier_chunks_written(tree, county_officer, monkeypatch):
    monkeypatch.setattr(ledger_sheet, "CHUNK", 1)  # every row its own chunk: the first is written before the last
    rows = [
        ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病", "", "", ""],
        ["QH-DY-T1-V1", "李四海", "430524196511220845", "边缘户", "缺劳力", "", "", ""],
        ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病", "", "", ""],
    ]
    with pytest.raises(SheetRowErrors) as refused:
        ledger_sheet.import_ledger(by=county_officer, data=_bytes(rows), filename="台账.xlsx")
    assert refused.value.errors == ["第5行 户主身份证号: 与第3行重复"]
    assert not Household.objects.exists()
    assert not StatusChange.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_ledger_written_in_chunks_registers_every_row_once(tree, county_officer, monkeypatch):
    monkeypatch.setattr(ledger_sheet, "CHUNK", 2)
    rows = [
        ["QH-DY-T1-V1", "王大山", "430524199006071213", "建档立卡户", "因病", "", "", "2020"],
        ["QH-DY-T1-V1", "李四海", "430524196511220845", "边缘户", "缺劳力", "", "", "2024"],
        ["QH-DY-T1-V1", "赵老五", "430524198812033313", "脱贫监测户", "因学", "", "已脱贫", "2021"],
    ]
    outcome = ledger_sheet.import_ledger(by=county_officer, data=_bytes(rows), filename="台账.xlsx")
    assert outcome.summary == [("新增帮扶户", 3)]
    assert outcome.items == [
        "石桥东村 王*山 4305**********1213",
        "石桥东村 李*海 4305**********0845",
        "石桥东村 赵*五 4305**********3313",
    ]
    assert sorted(StatusChange.objects.values_list("household__head_name", "year")) == [
        ("李四海", 2024),
        ("王大山", 2020),
        ("赵老五", 2021),
    ]
    assert AuditEvent.objects.get(action="import").changes == {"households": [None, 3]}


def _row(n: int) -> list[str]:
    """A valid row with a number of its own (a birth day per thousand rows, three serial digits)."""
    first17 = f"4305241990{1 + n // 28000:02d}{1 + n // 1000 % 28:02d}{n % 1000:03d}"
    return ["QH-DY-T1-V1", f"户主{n}", first17 + check_digit(first17), "边缘户", "", "", "", ""]


def test_the_same_number_far_apart_in_the_sheet_is_refused_naming_both_rows(tree, county_officer, monkeypatch):
    monkeypatch.setattr(ledger_sheet, "CHUNK", 100)  # row 3 in the first chunk, rows 2,503 and 2,504 in the 26th
    rows = [_row(n) for n in range(2500)] + [_row(0), _row(0)]
    with pytest.raises(SheetRowErrors) as refused:
        ledger_sheet.import_ledger(by=county_officer, data=_bytes(rows), filename="台账.xlsx")
    assert refused.value.errors == ["第2503行 户主身份证号: 与第3行重复", "第2504行 户主身份证号: 与第3行重复"]
    assert not Household.objects.exists()
    assert not StatusChange.objects.exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_a_number_from_an_earlier_import_is_already_registered_not_a_repeat_in_the_sheet(
    tree, county_officer, monkeypatch
):
    monkeypatch.setattr(ledger_sheet, "CHUNK", 1)
    first = ledger_sheet.import_ledger(by=county_officer, data=_bytes([_row(1), _row(2)]), filename="一.xlsx")
    assert first.summary == [("新增帮扶户", 2)]
    with pytest.raises(SheetRowErrors) as refused:
        ledger_sheet.import_ledger(by=county_officer, data=_bytes([_row(3), _row(2)]), filename="二.xlsx")
    assert refused.value.errors == ["第4行 户主身份证号: 该身份证号已登记:石桥东村 户主 户*2"]
    third = ledger_sheet.import_ledger(by=county_officer, data=_bytes([_row(4), _row(5)]), filename="三.xlsx")
    assert third.summary == [("新增帮扶户", 2)]
    assert sorted(Household.objects.values_list("head_name", flat=True)) == ["户主1", "户主2", "户主4", "户主5"]
