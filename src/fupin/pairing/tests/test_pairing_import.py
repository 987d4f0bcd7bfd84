"""Importing 干部包户 pairings: every bad row named, one responsible cadre per household, nothing half-written."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fupin.audit.models import AuditEvent
from fupin.households.tests.factories import NUMBERS, household
from fupin.jobs.tests.flow import run_upload
from fupin.lib.sheet_import import SheetRowErrors
from fupin.orgs.tests.factories import UnitFactory
from fupin.pairing import pairing_sheet
from fupin.pairing.models import Pairing
from fupin.pairing.pairing_sheet import import_pairings
from fupin.pairing.services import create_pairing

from .factories import cadre_pairing

pytestmark = pytest.mark.django_db


def _sheet(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["帮扶单位代码", "帮扶责任人账号", "户主身份证号", "开始日期"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("结对.xlsx", out.getvalue())


@pytest.fixture
def people(tree, make_user, county_officer):
    liu = make_user("liu_cadre", tree.county1, "cadre", name="刘海波")
    make_user("xc_cadre", tree.county2, "cadre", name="吴磊")
    household(county_officer, tree.village1, "王大山", NUMBERS[0])
    household(county_officer, tree.village1, "李四海", NUMBERS[1])
    return liu


def test_a_good_sheet_pairs_every_household(tree, people, county_officer, login, django_capture_on_commit_callbacks):
    rows = [["QH-DY", "liu_cadre", NUMBERS[0], "2025-09-01"], ["QH-DY", "liu_cadre", NUMBERS[1], "2025年9月2日"]]
    page, job = run_upload(
        login(county_officer), "pairing_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.summary == [["新增干部包户结对", 2]]
    assert job.items == ["刘海波 → 王*山(2025-09-01)", "刘海波 → 李*海(2025-09-02)"]
    assert "刘海波 → 李*海(2025-09-02)" in page.content.decode()
    made = Pairing.objects.order_by("started_on").values_list("household__head_name", "cadre__username", "started_on")
    assert [(h, c, str(d)) for h, c, d in made] == [
        ("王大山", "liu_cadre", "2025-09-01"),
        ("李四海", "liu_cadre", "2025-09-02"),
    ]


def test_bad_rows_are_named_and_nothing_is_written(
    tree, people, make_user, county_officer, login, django_capture_on_commit_callbacks
):
    other = make_user("zhang_cadre", tree.county1, "cadre", name="张伟")
    cadre_pairing(county_officer, tree.county1, other, tree.village1, "赵老五", NUMBERS[2])
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    household(make_user("xc_office", tree.county2, "office_admin"), village2, "钱六", NUMBERS[3])
    rows = [
        ["QH-DY", "liu_cadre", NUMBERS[0], "2025-09-01"],
        ["QH-DY", "liu_cadre", NUMBERS[0], "2025-09-01"],
        ["QH-DY", "xc_cadre", NUMBERS[1], "2025-13-01"],
        ["QH-DY", "nobody", NUMBERS[2], "2025-09-01"],
        ["QH-XC", "liu_cadre", NUMBERS[3], "2025-09-01"],
    ]
    _page, job = run_upload(
        login(county_officer), "pairing_import", {"file": _sheet(rows)}, django_capture_on_commit_callbacks
    )
    assert job.status == "failed"
    assert job.errors == [
        "第3行 户主身份证号: 与第2行是同一户",
        "第4行 帮扶责任人账号: xc_cadre 不是 东阳县教育局 的成员",
        "第4行 开始日期: 「2025-13-01」不是有效日期,请写成 2026-10-17 或 2026年10月17日",
        "第5行 帮扶责任人账号: 找不到账号 nobody",
        "第5行 户主身份证号: 该户已有帮扶责任人 张伟,请先结束原结对",
        "第6行 帮扶单位代码: QH-XC 不是您管辖范围内的单位",
        "第6行 户主身份证号: 在您管辖范围内的帮扶户中找不到该身份证号",
    ]
    assert Pairing.objects.count() == 1


def test_a_sheet_of_pairings_is_written_in_one_bulk_insert_whatever_its_length(
    tree, county_officer, make_user, django_assert_max_num_queries
):
    make_user("liu_cadre", tree.county1, "cadre", name="刘海波")
    for n, number in enumerate(NUMBERS[:8]):
        household(county_officer, tree.village1, f"户主{n}", number)
    rows = [["QH-DY", "liu_cadre", number, "2025-09-01"] for number in NUMBERS[:8]]
    data = _sheet(rows).read()
    with django_assert_max_num_queries(12):  # lookups, one insert, the audit row: none of them per row
        made = import_pairings(by=county_officer, data=data, filename="结对.xlsx")
    assert len(made) == 8
    assert sorted(Pairing.objects.values_list("household__head_name", flat=True)) == [f"户主{n}" for n in range(8)]
    event = AuditEvent.objects.get(action="import")
    assert (event.changes, event.note) == ({"pairings": [None, 8]}, "导入干部包户结对 结对.xlsx:8 个")


def test_a_household_paired_meanwhile_refuses_the_whole_sheet(tree, people, county_officer, monkeypatch):
    rows = [["QH-DY", "liu_cadre", NUMBERS[0], "2025-09-01"], ["QH-DY", "liu_cadre", NUMBERS[1], "2025-09-01"]]
    check = pairing_sheet._check

    def paired_meanwhile(by, sheet_rows, progress):
        checked = check(by, sheet_rows, progress)
        create_pairing(  # another office pairs the second household first
            by=county_officer,
            kind="cadre_household",
            unit=tree.county1,
            cadre=people,
            household=checked[1].household,
            started_on=date(2025, 9, 1),
        )
        return checked

    monkeypatch.setattr(pairing_sheet, "_check", paired_meanwhile)
    with pytest.raises(SheetRowErrors) as refused:
        import_pairings(by=county_officer, data=_sheet(rows).read(), filename="结对.xlsx")
    assert refused.value.errors == ["表格中有帮扶户刚被他人设置了帮扶责任人,请重新导入"]
    assert Pairing.objects.count() == 1  # only the other office's
