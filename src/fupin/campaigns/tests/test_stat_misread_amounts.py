"""A statistics table's money cells are read by the one amount parser, in the browser and from Excel:
「100,00」 and other scripts' digits are refused with the reason, and nothing is saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fupin.campaigns.models import StatReport
from fupin.campaigns.stat_cells import CellError, parse_money
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of

COMMA = "「100,00」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)"
FILLED = {
    "r0_activities": "3",
    "r0_people": "120",
    "r0_money": "100,00",
    "r0_rate": "85.5",
    "r0_day": "2026-10-17",
    "r0_form": "线下",
    "r0_remark": "",
    "row_count": "1",
}


@pytest.fixture
def table(tree, city_officer):
    return stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])[1]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("100,00", "金额" + COMMA),
        ("\u0661\u0662", "金额「\u0661\u0662」含有非 0–9 的数字「\u0661」,请用阿拉伯数字 0–9 填写"),
        ("-0.00", "金额不能为负数"),
    ],
)
def test_a_money_cell_is_read_by_the_one_parser(typed, reason):
    with pytest.raises(CellError) as refused:
        parse_money(typed)
    assert str(refused.value) == reason


def test_zero_stays_a_valid_figure_in_a_statistics_table():
    assert parse_money("0") == 0 and parse_money(0) == 0


@pytest.mark.django_db
def test_100_comma_00_typed_in_the_browser_form_is_refused_and_nothing_is_saved(tree, table, school_reporter, login):
    task = task_of(table, tree.school1)
    response = login(school_reporter).post(reverse("stat_fill", args=[task.pk]), FILLED)
    assert response.status_code == 200 and "金额" + COMMA in response.text
    assert not StatReport.objects.exists()


@pytest.mark.django_db
def test_100_comma_00_in_an_imported_sheet_is_refused_and_nothing_is_saved(tree, table, school_reporter, login):
    book = Workbook()
    book.active.append(["开展活动(次)*", "参与人数", "帮扶资金(元)", "覆盖率(%)", "活动日期", "活动形式", "备注"])
    book.active.append([3, 120, "100,00", 85, "2026-10-17", "线下", ""])
    out = io.BytesIO()
    book.save(out)
    task = task_of(table, tree.school1)
    upload = SimpleUploadedFile("统计表.xlsx", out.getvalue())
    response = login(school_reporter).post(reverse("stat_import", args=[task.pk]), {"file": upload})
    assert response.status_code == 200 and "第2行 第3列 帮扶资金(元): 金额" + COMMA in response.text
    assert not StatReport.objects.exists()
