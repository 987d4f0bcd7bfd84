"""Downloading the 实施方案 and the 活动总结 draft: Chinese file names, and nothing outside one's subtree."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.documents.word import gbt9704 as gw

from .word_factories import full_campaign, open_docx, texts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ID_VIEWS = [
    ("campaign_plan_docx", "get", "campaign"),
    ("unit_summary_docx", "get", "campaign"),
]


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_campaign_answers_404(name, method, target, tree, county_officer, outsider, login):
    other = campaign_with_requirements(outsider, tree.county2)
    response = getattr(login(county_officer), method)(reverse(name, args=[other.pk]))
    assert response.status_code == 404


def test_any_viewer_of_the_campaign_downloads_its_plan(tree, city_officer, school_reporter, login):
    campaign = full_campaign(city_officer, tree)
    response = login(school_reporter).get(reverse("campaign_plan_docx", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert quote("清河市教育系统2026年扶贫日活动实施方案.docx") in response["Content-Disposition"]
    assert texts(open_docx(response.content), gw.TITLE) == ["清河市教育系统2026年扶贫日活动实施方案"]


def test_a_draft_plan_is_not_shown_below_the_issuing_office(tree, city_officer, school_reporter, login):
    campaign = full_campaign(city_officer, tree, publish=False)
    assert login(school_reporter).get(reverse("campaign_plan_docx", args=[campaign.pk])).status_code == 404


def test_the_summary_is_for_the_users_own_unit_by_default(tree, city_officer, school_reporter, login):
    campaign = full_campaign(city_officer, tree)
    response = login(school_reporter).get(reverse("unit_summary_docx", args=[campaign.pk]))
    assert response.status_code == 200
    assert quote("东阳县第一中学2026年扶贫日活动总结.docx") in response["Content-Disposition"]
    assert texts(open_docx(response.content), gw.TITLE) == ["东阳县第一中学2026年扶贫日活动总结"]


def test_an_office_writes_the_summary_of_a_unit_below_it(tree, city_officer, county_officer, login):
    campaign = full_campaign(city_officer, tree)
    url = reverse("unit_summary_docx", args=[campaign.pk]) + f"?unit={tree.school1.pk}"
    response = login(county_officer).get(url)
    assert texts(open_docx(response.content), gw.TITLE) == ["东阳县第一中学2026年扶贫日活动总结"]


@pytest.mark.parametrize("unit", ["school2", "county2", "city", "bad"])
def test_a_unit_outside_ones_subtree_answers_404(unit, tree, city_officer, county_officer, login):
    campaign = full_campaign(city_officer, tree)
    wanted = "x1" if unit == "bad" else getattr(tree, unit).pk
    url = reverse("unit_summary_docx", args=[campaign.pk]) + f"?unit={wanted}"
    assert login(county_officer).get(url).status_code == 404


def test_a_unit_above_the_campaigns_issuer_answers_404(tree, city_officer, county_officer, login):
    campaign = campaign_with_requirements(county_officer, tree.county1)
    url = reverse("unit_summary_docx", args=[campaign.pk])
    assert login(city_officer).get(url).status_code == 200  # the issuing county, the city's own being above it
    assert login(city_officer).get(url + f"?unit={tree.city.pk}").status_code == 404


def test_a_user_without_a_unit_gets_404(tree, city_officer, make_user, login):
    campaign = full_campaign(city_officer, tree)
    loner = make_user("loner")
    assert login(loner).get(reverse("unit_summary_docx", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("name", ["campaign_plan_docx", "unit_summary_docx"])
def test_anonymous_is_sent_to_log_in(name, tree, city_officer, client):
    campaign = full_campaign(city_officer, tree)
    assert client.get(reverse(name, args=[campaign.pk])).status_code == 302
