"""Coverage counts agree with the rows: the table, the statistics-table figures and the summary section are the
hand-counted figures of coverage_data.py."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import source_value
from fupin.campaigns.summary_sections import SECTIONS
from fupin.pairing.coverage import Period, coverage
from fupin.pairing.summary import pairing_paragraphs

from .coverage_data import build

pytestmark = pytest.mark.django_db

OCTOBER_2025 = Period(date(2025, 10, 1), date(2025, 10, 31))


def _line(t):
    return (t.label, t.paired, t.visited_count, t.unvisited, t.visits, t.with_measures, t.overdue, t.leader_visits)


def test_coverage_counts_agree_with_the_rows(tree, make_user, county_officer):
    build(tree, make_user, county_officer)
    result = coverage(tree.county1, OCTOBER_2025, date(2026, 1, 1))
    assert _line(result.total) == ("东阳县教育局", 3, 2, 1, 3, 2, 1, 1)
    assert [_line(t) for t in result.units] == [
        ("东阳县教育局", 2, 1, 1, 2, 1, 1, 1),
        ("东阳县第一中学", 1, 1, 0, 1, 1, 0, 0),
    ]
    assert [_line(t) for t in result.cadres] == [
        ("刘海波", 2, 1, 1, 2, 1, 1, 1),
        ("陈静", 1, 1, 0, 1, 1, 0, 0),
    ]


def test_a_follow_up_not_yet_due_is_not_overdue(tree, make_user, county_officer):
    build(tree, make_user, county_officer)
    assert coverage(tree.county1, OCTOBER_2025, date(2025, 10, 12)).total.overdue == 0


def test_the_city_sees_the_county_as_one_line(tree, make_user, county_officer):
    build(tree, make_user, county_officer)
    result = coverage(tree.city, OCTOBER_2025, date(2026, 1, 1))
    assert [_line(t) for t in result.units] == [("东阳县教育局", 3, 2, 1, 3, 2, 1, 1)]


def _campaign(tree, county_officer):
    return Campaign.objects.create(unit=tree.county1, year=2025, title="2025年扶贫日活动", created_by=county_officer)


def test_the_pairing_month_table_is_filled_from_the_visits(tree, make_user, county_officer):
    build(tree, make_user, county_officer)
    campaign = _campaign(tree, county_officer)
    figures = {
        key: source_value(key, tree.county1, campaign)
        for key in ("pairing.villages", "pairing.households", "pairing.visited_households", "pairing.visits")
    }
    assert figures == {
        "pairing.villages": 1,
        "pairing.households": 3,
        "pairing.visited_households": 2,
        "pairing.visits": 3,
    }


def test_the_summary_gains_a_pairing_section(tree, make_user, county_officer):
    build(tree, make_user, county_officer)
    assert SECTIONS["pairing"].heading == "结对帮扶"
    lines = pairing_paragraphs(_campaign(tree, county_officer), tree.county1, datetime(2026, 1, 1, 12))
    assert lines == [
        "结对帮扶行动月期间,东阳县教育局及所属单位结对帮扶1个村、3户,入户走访2户、3人次,走访覆盖率67%;"
        "2次走访与帮扶户商定了帮扶措施。",
        "单位领导深入一线慰问调研1次。",
        "尚有1户未走访、1次约定回访已逾期,将督促帮扶责任人尽快完成。",
    ]


def test_a_unit_without_pairings_gets_no_section(tree, county_officer):
    assert pairing_paragraphs(_campaign(tree, county_officer), tree.county2, datetime(2026, 1, 1, 12)) == []


def test_the_coverage_page_and_its_export_show_the_same_figures(tree, make_user, county_officer, login):
    build(tree, make_user, county_officer)
    client = login(county_officer)
    url = reverse("coverage_unit", args=[tree.county1.pk])
    page = client.get(url, {"start": "2025-10-01", "end": "2025-10-31"}).content.decode()
    assert '<div class="stat" id="total-paired">3</div>' in page
    assert '<div class="stat bad" id="total-unvisited">1</div>' in page
    assert "13900000001" in page
    response = client.get(url, {"start": "2025-10-01", "end": "2025-10-31", "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    units = [row for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)]
    assert units == [
        ("东阳县教育局", 2, 1, 1, 50, 2, 1, 1, 1),
        ("东阳县第一中学", 1, 1, 0, 100, 1, 1, 0, 0),
    ]
    cadres = [row[:5] for row in book.worksheets[1].iter_rows(min_row=3, values_only=True)]
    assert cadres == [("刘海波", "13900000001", 2, 1, 1), ("陈静", "13900000002", 1, 1, 0)]


def test_a_bad_period_falls_back_to_the_action_month_with_a_message(tree, county_officer, login):
    url = reverse("coverage_unit", args=[tree.county1.pk])
    page = login(county_officer).get(url, {"start": "2025-10-31", "end": "2025-10-01"}).content.decode()
    assert "结束日期须不早于开始日期且不超过一年,已按行动月统计" in page
