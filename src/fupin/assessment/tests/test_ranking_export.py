"""The ranking exported as an assessment table (.xlsx) is read a chunk at a time and written a row at a time:
every unit of the group, ranked among all peers, in the layout of the table, names never read as formulas."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fupin.assessment import selectors
from fupin.assessment.models import AssessmentResult
from fupin.orgs.tests.factories import school

pytestmark = pytest.mark.django_db

SCHOOLS = {"group": "school:secondary", "format": "xlsx"}


def _more_schools(tree, made, names: list[str], total: str) -> None:
    units = [school(tree.county2, name, "secondary") for name in names]
    AssessmentResult.objects.bulk_create(
        AssessmentResult(scheme=made, unit=unit, total=Decimal(total), computed_at=timezone.now()) for unit in units
    )


def _sheet(client, made, **extra):
    response = client.get(reverse("assessment_ranking", args=[made.campaign.pk]), SCHOOLS | extra)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content)).active


def _body(sheet) -> list[list]:
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[rows.index(["序号", "单位", "按时报送", "合计", "名次"]) + 1 :]


def test_exported_ranking_lists_every_unit_read_a_few_at_a_time(tree, city_officer, scored, login, monkeypatch):
    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 7)
    _more_schools(tree, scored, [f"西川县第{n + 2}中学" for n in range(18)], "30")
    body = _body(_sheet(login(city_officer), scored))
    assert len(body) == 20
    assert body[0] == [1, "东阳县第一中学", 40, 40, 1]
    assert [row[4] for row in body[1:19]] == [2] * 18
    assert [row[3] for row in body[1:19]] == [30] * 18
    assert body[19] == [20, "西川县第一中学", 20, 20, 20]


def test_exporting_more_units_costs_no_more_queries(tree, city_officer, scored, login):
    client = login(city_officer)
    _sheet(client, scored)  # the first request of a session also reads what the session caches
    with CaptureQueriesContext(connection) as few:
        _sheet(client, scored)
    _more_schools(tree, scored, [f"西川县第{n + 2}中学" for n in range(40)], "30")
    with CaptureQueriesContext(connection) as many:
        assert len(_body(_sheet(client, scored))) == 42
    assert len(many) == len(few)


def test_one_countys_export_keeps_the_ranks_among_all_the_citys_schools(tree, city_officer, scored, login):
    _more_schools(tree, scored, ["西川县第二中学", "西川县第三中学", "西川县第四中学"], "30")
    body = _body(_sheet(login(city_officer), scored, within=str(tree.county2.pk)))
    assert [(row[0], row[4]) for row in body] == [(1, 2), (2, 2), (3, 2), (4, 5)]
    assert body[3][1] == "西川县第一中学"


def test_exported_table_is_laid_out_as_an_assessment_table(tree, city_officer, scored, login):
    _more_schools(tree, scored, ['=HYPERLINK("http://x")中学'], "30")
    sheet = _sheet(login(city_officer), scored)
    assert sheet["A1"].value == "2026年教育系统扶贫日活动实施方案 年度考核得分表"
    assert "A1:E1" in {str(r) for r in sheet.merged_cells.ranges}
    assert (sheet["B2"].value, sheet["C2"].value) == ("参评类别:学校(中学)", "状态:初稿")
    assert (sheet.freeze_panes, sheet.print_title_rows, sheet.page_setup.orientation) == ("A4", "$3:$3", "landscape")
    assert (sheet["A3"].font.bold, sheet["C4"].number_format, sheet["D4"].border.left.style) == (True, "0.00", "thin")
    named = sheet["B5"]
    assert (named.value, named.data_type) == ('=HYPERLINK("http://x")中学', "s")
