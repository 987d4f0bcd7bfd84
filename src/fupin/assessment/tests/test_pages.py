"""The office configures, computes, ranks, exports and publishes through the pages; the unit reads its lines."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fupin.assessment.models import AssessmentResult, SchemeRule

from .factories import LATE, city_campaign, hand_in, task_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(tree, city_officer, make_user):
    made = city_campaign(city_officer, tree.city)
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(made, tree.school1))
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(made, tree.school2), at=LATE)
    return made


def _configure(client, campaign, **extra):
    data = {"use_campaigns__timeliness": "on", "weight_campaigns__timeliness": "40"} | extra
    return client.post(reverse("assessment_scheme", args=[campaign.pk]), data)


def test_weight_typed_wrong_is_refused_naming_the_rule(tree, city_officer, campaign, login):
    response = _configure(login(city_officer), campaign, weight_campaigns__timeliness="４0.25")
    assert response.status_code == 200
    assert (
        "按时报送的分值应为不超过三位整数、最多一位小数的数字(如 5 或 2.5),而不是「４0.25」"
        in response.content.decode()
    )
    assert not SchemeRule.objects.exists()


def test_office_exports_the_assessment_table(tree, city_officer, campaign, login):
    client = login(city_officer)
    assert _configure(client, campaign).status_code == 302
    client.post(reverse("compute_assessment", args=[campaign.pk]))
    response = client.get(
        reverse("assessment_ranking", args=[campaign.pk]), {"group": "school:secondary", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(["序号", "单位", "按时报送", "合计", "名次"])
    assert rows[header + 1] == [1, "东阳县第一中学", 40, 40, 1]
    assert rows[header + 2] == [2, "西川县第一中学", 20, 20, 2]


def test_ranking_page_lists_peers_best_first(tree, city_officer, campaign, login, django_assert_max_num_queries):
    client = login(city_officer)
    _configure(client, campaign)
    client.post(reverse("compute_assessment", args=[campaign.pk]))
    with django_assert_max_num_queries(20):
        page = client.get(reverse("assessment_ranking", args=[campaign.pk])).content.decode()
    assert page.index("东阳县第一中学") < page.index("西川县第一中学")
    assert page.count('<td class="num hide-phone">40.00</td>') == 1
    assert page.count('<td class="num hide-phone">20.00</td>') == 1
    assert AssessmentResult.objects.count() == 2


def test_assessment_index_lists_the_offices_campaigns_in_few_queries(
    tree, city_officer, campaign, login, django_assert_max_num_queries
):
    client = login(city_officer)
    _configure(client, campaign)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("assessment_index")).content.decode()
    assert "2026年教育系统扶贫日活动实施方案" in page
    assert "未计分" in page


def test_assessment_index_pages_a_citys_results(tree, city_officer, campaign, login, monkeypatch):
    from fupin.assessment import views

    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 1)
    client = login(city_officer)
    _configure(client, campaign)
    client.post(reverse("compute_assessment", args=[campaign.pk]))
    first = client.get(reverse("assessment_index")).content.decode()
    second = client.get(reverse("assessment_index"), {"page": "2"}).content.decode()
    assert "第 1 / 2 页" in first and "东阳县第一中学" in first and "西川县第一中学" not in first
    assert "第 2 / 2 页" in second and "西川县第一中学" in second
