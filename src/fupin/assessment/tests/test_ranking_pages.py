"""The ranking page of a city with thousands of schools: 50 units a page, ranks among all peers carried across
pages, a chart of how the totals spread, and the same queries however many units are ranked."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fupin.assessment.models import AssessmentResult
from fupin.orgs.tests.factories import school

pytestmark = pytest.mark.django_db

SCHOOLS = {"group": "school:secondary"}


def _more_schools(tree, made, count: int, total: str) -> None:
    """`count` more 西川县 secondary schools, each scored `total`."""
    units = [school(tree.county2, f"西川县第{n + 2}中学", "secondary") for n in range(count)]
    now = timezone.now()
    AssessmentResult.objects.bulk_create(
        AssessmentResult(scheme=made, unit=unit, total=Decimal(total), computed_at=now) for unit in units
    )


def _rows(page: str) -> list[tuple[str, str]]:
    """(rank, unit) of every row of the ranking table, read from the page's markup."""
    body = page[page.index('<table id="ranking">') : page.index("</table>")]
    rows = []
    for row in body.split("<tr>")[2:]:
        cells = row.split("<td")
        rank = cells[1].split(">", 1)[1].split("<", 1)[0]
        unit = cells[2].split('">', 1)[1].split("<", 1)[0]
        rows.append((rank, unit))
    return rows


def _chart(page: str) -> dict:
    start = page.index('<script id="ranking-chart-data" type="application/json">') + 56
    return json.loads(page[start : page.index("</script>", start)])


def test_ranking_page_costs_the_same_queries_with_2_or_60_schools(
    tree, city_officer, scored, login, django_assert_max_num_queries
):
    client, url = login(city_officer), reverse("assessment_ranking", args=[scored.campaign.pk])
    client.get(url, SCHOOLS)  # the first request of a session also reads what the session caches
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as small:
        assert client.get(url, SCHOOLS).status_code == 200
    _more_schools(tree, scored, 58, "30")
    with django_assert_max_num_queries(15), CaptureQueriesContext(connection) as large:
        assert client.get(url, SCHOOLS).status_code == 200
    assert len(large) == len(small)


def test_ranking_page_lists_50_units_a_page_and_page_two_carries_the_ranks_on(tree, city_officer, scored, login):
    _more_schools(tree, scored, 58, "30")
    client, url = login(city_officer), reverse("assessment_ranking", args=[scored.campaign.pk])
    first = _rows(client.get(url, SCHOOLS).content.decode())
    second_page = client.get(url, SCHOOLS | {"page": "2"}).content.decode()
    second = _rows(second_page)
    assert len(first) == 50 and first[0] == ("1", "东阳县第一中学") and first[1][0] == "2"
    assert len(second) == 10
    assert [rank for rank, _unit in second] == ["2"] * 9 + ["60"]
    assert second[-1] == ("60", "西川县第一中学")
    assert "第 2 / 2 页" in second_page


def test_ranking_chart_counts_the_units_in_each_band_of_10_points(tree, city_officer, scored, login):
    _more_schools(tree, scored, 58, "30")
    page = login(city_officer).get(reverse("assessment_ranking", args=[scored.campaign.pk]), SCHOOLS)
    chart = _chart(page.content.decode())
    assert chart["labels"] == ["40–49.99 分", "30–39.99 分", "20–29.99 分"]
    assert chart["series"][0]["data"] == [1, 58, 1]
    assert "60 个单位的得分分布" in page.content.decode()


def test_one_countys_ranking_keeps_the_ranks_among_all_the_citys_schools(tree, city_officer, scored, login):
    _more_schools(tree, scored, 3, "30")
    url = reverse("assessment_ranking", args=[scored.campaign.pk])
    page = login(city_officer).get(url, SCHOOLS | {"within": str(tree.county2.pk)}).content.decode()
    assert _rows(page)[-1] == ("5", "西川县第一中学")
    assert [r[0] for r in _rows(page)] == ["2", "2", "2", "5"]
    assert _chart(page)["series"][0]["data"] == [3, 1]
