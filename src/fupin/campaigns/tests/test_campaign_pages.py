"""The office issues a campaign through its pages; units see it; other subtrees get 404."""

import pytest
from django.urls import reverse

from fupin.campaigns.models import Campaign, Requirement, Task
from fupin.campaigns.tests.factories import campaign_with_requirements, due


@pytest.fixture
def draft(tree, city_officer):
    return campaign_with_requirements(city_officer, tree.city, publish=False)


def test_an_office_creates_a_campaign_and_sees_its_editions(tree, city_officer, login):
    client = login(city_officer)
    form = {
        "unit": tree.city.pk,
        "year": 2026,
        "title": "2026年扶贫日活动",
        "theme": "教育扶贫·你我同行",
        "slogan": "",
        "guiding_ideas": "",
        "principles": "",
        "starts_on": "2026-10-10",
        "ends_on": "2026-10-31",
    }
    response = client.post(reverse("campaign_create"), form)
    campaign = Campaign.objects.get(title="2026年扶贫日活动")
    assert response["Location"] == reverse("campaign_detail", args=[campaign.pk])
    page = client.get(response["Location"]).content.decode()
    assert "第13个全国扶贫日" in page and "第34个国际消除贫困日" in page


def test_a_period_ending_before_it_starts_is_refused(tree, city_officer, login):
    form = {"unit": tree.city.pk, "year": 2026, "title": "x", "starts_on": "2026-10-31", "ends_on": "2026-10-01"}
    page = login(city_officer).post(reverse("campaign_create"), form).content.decode()
    assert "结束日期不能早于开始日期" in page and not Campaign.objects.exists()


def test_adding_an_item_with_lead_and_responsible_units(draft, tree, city_officer, login):
    form = {
        "title": "开展一次认领微心愿活动",
        "kind": "micro_wish",
        "description": "聚焦贫困村",
        "lead_units": [tree.department.pk],
        "responsible_units": [tree.county1.pk, tree.county2.pk],
    }
    login(city_officer).post(reverse("item_create", args=[draft.pk]), form)
    item = draft.items.get(number=2)
    assert list(item.lead_units.all()) == [tree.department]
    page = login(city_officer).get(reverse("campaign_detail", args=[draft.pk])).content.decode()
    assert "(二)开展一次认领微心愿活动" in page and "牵头单位:市教育局扶贫办" in page


def test_a_requirement_typed_as_a_notice_phrase_shows_its_resolved_time(draft, city_officer, login):
    form = {
        "kind": "photos",
        "title": "活动照片",
        "due_text": "10月18日下午三点前",
        "unit_kinds": ["school"],
        "photo_min_count": 4,
        "photo_min_megapixels": "3",
        "caption_required": "on",
    }
    client = login(city_officer)
    assert client.post(reverse("requirement_create", args=[draft.pk]), form).status_code == 302
    assert Requirement.objects.get(title="活动照片").due_at == due(10, 18, 15)
    page = client.get(reverse("campaign_detail", args=[draft.pk])).content.decode()
    assert "2026年10月18日(周日)15:00" in page and "原文:10月18日下午三点前" in page
    assert "4张以上,像素不低于3M" in page


def test_an_unreadable_deadline_is_shown_on_the_form(draft, city_officer, login):
    form = {
        "kind": "plan",
        "title": "方案",
        "due_text": "尽快",
        "unit_kinds": ["school"],
        "photo_min_count": 0,
        "photo_min_megapixels": "0",
    }
    page = login(city_officer).post(reverse("requirement_create", args=[draft.pk]), form).content.decode()
    assert "看不懂「尽快」中的日期" in page


def test_the_deadline_preview_resolves_as_you_type(city_officer, login):
    answer = login(city_officer).get(reverse("deadline_preview"), {"text": "10月底前", "year": 2026}).json()
    assert answer == {"ok": True, "text": "2026年10月31日(周六)24:00", "warning": ""}


def test_publishing_from_the_page_gives_out_tasks(draft, city_officer, login):
    client = login(city_officer)
    client.post(reverse("publish_campaign", args=[draft.pk]))
    assert Task.objects.filter(requirement__campaign=draft).count() == 2


def test_a_school_sees_the_published_campaign_but_not_a_draft(draft, tree, city_officer, school_reporter, login):
    client = login(school_reporter)
    assert client.get(reverse("campaign_detail", args=[draft.pk])).status_code == 404
    published = campaign_with_requirements(city_officer, tree.city)
    assert client.get(reverse("campaign_detail", args=[published.pk])).status_code == 200
    assert client.get(reverse("campaign_edit", args=[published.pk])).status_code == 404


def test_a_county_derives_its_own_plan_from_the_page(tree, city_officer, county_officer, login):
    parent = campaign_with_requirements(city_officer, tree.city)
    client = login(county_officer)
    page = client.get(reverse("campaign_detail", args=[parent.pk])).content.decode()
    assert "细化本单位方案" in page
    response = client.post(reverse("derive_campaign", args=[parent.pk]), {"unit": tree.county1.pk})
    child = Campaign.objects.get(parent=parent)
    assert response["Location"] == reverse("campaign_detail", args=[child.pk])
    assert child.unit == tree.county1 and child.status == "draft"


def test_a_county_cannot_derive_for_another_county(tree, city_officer, county_officer, login):
    parent = campaign_with_requirements(city_officer, tree.city)
    response = login(county_officer).post(reverse("derive_campaign", args=[parent.pk]), {"unit": tree.county2.pk})
    assert response.status_code == 404 and not Campaign.objects.filter(parent=parent).exists()


def test_copying_makes_next_years_draft(draft, city_officer, login):
    response = login(city_officer).post(reverse("copy_campaign", args=[draft.pk]), {"year": 2027})
    copy = Campaign.objects.get(year=2027)
    assert response["Location"] == reverse("campaign_detail", args=[copy.pk])


ID_VIEWS = [
    ("campaign_detail", "get", "campaign"),
    ("campaign_edit", "get", "campaign"),
    ("item_create", "get", "campaign"),
    ("requirement_create", "get", "campaign"),
    ("contact_create", "get", "campaign"),
    ("publish_campaign", "post", "campaign"),
    ("copy_campaign", "post", "campaign"),
    ("derive_campaign", "post", "campaign"),
    ("item_edit", "get", "item"),
    ("requirement_edit", "get", "requirement"),
]


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_campaign_answers_404(name, method, target, tree, county_officer, outsider, login):
    other = campaign_with_requirements(outsider, tree.county2, publish=False)
    ids = {"campaign": other.pk, "item": other.items.get().pk, "requirement": other.requirements.get().pk}
    response = getattr(login(county_officer), method)(reverse(name, args=[ids[target]]))
    assert response.status_code == 404


def test_the_campaign_list_costs_a_fixed_number_of_queries(tree, city_officer, login, django_assert_max_num_queries):
    for _ in range(3):
        campaign_with_requirements(city_officer, tree.city)
    client = login(city_officer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("campaign_list")).status_code == 200
