"""The wish pages as people use them: filters of the public list, its query count, posting through the form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fupin.campaigns.models import Campaign
from fupin.households.tests.factories import NUMBERS, household
from fupin.matching.models import MicroWish
from fupin.matching.services import approve_wish, claim_wish

from .factories import wish

pytestmark = pytest.mark.django_db


def test_the_public_list_filters_by_category_value_and_household_category(people, client, county_officer, tree):
    people.open_wish(title="一个新书包", category="study_supplies", value_fen=12_000)
    people.open_wish(title="一台电饭煲", category="small_appliance", value_fen=30_000)
    other = household(county_officer, tree.village1, "李秀英", NUMBERS[1], category="borderline")
    approve_wish(by=people.town_reviewer, wish=wish(people.village_reporter, people.campaign, other, title="冬衣"))
    page = lambda **q: client.get(reverse("public_wish_list"), q).content.decode()  # noqa: E731
    assert "一台电饭煲" not in page(category="study_supplies") and "一个新书包" in page(category="study_supplies")
    assert "一台电饭煲" not in page(max_yuan="200") and "一个新书包" in page(max_yuan="200")
    assert "冬衣" in page(household_category="borderline") and "一个新书包" not in page(household_category="borderline")
    assert "一个新书包" in page(county=str(tree.county1.pk)) and "一个新书包" not in page(county=str(tree.county2.pk))


def test_the_public_list_reads_a_fixed_number_of_queries(people, client):
    for n in range(6):
        people.open_wish(title=f"心愿{n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("public_wish_list")).status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_a_village_posts_a_wish_through_the_form_and_an_amount_over_the_cap_is_refused(people, login):
    client = login(people.village_reporter)
    data = {
        "campaign": people.campaign.pk,
        "household": people.household.pk,
        "category": "daily_goods",
        "title": "一床棉被",
        "value_fen": "600",
        "reason": "家中棉被破旧",
    }
    refused = client.post(reverse("wish_create"), data).content.decode()
    assert "估计价值 600.00 元超过本次活动的上限 500.00 元" in refused
    assert not MicroWish.objects.exists()
    response = client.post(reverse("wish_create"), data | {"value_fen": "180.50"})
    made = MicroWish.objects.get()
    assert response.url == reverse("wish_detail", args=[made.pk])
    assert (made.value_fen, made.status, made.unit) == (18_050, "pending", people.tree.village1)


def test_the_public_campaign_home_shows_live_wish_totals_and_a_draft_is_not_public(people, client):
    people.open_wish(title="一个新书包")
    claim_wish(by=people.county_officer, wish=people.open_wish(title="一件冬衣"))
    wish(people.village_reporter, people.campaign, people.household, title="未审核的心愿")
    url = reverse("public_campaign", args=[people.campaign.pk])
    assert client.get(url).status_code == 404
    Campaign.objects.filter(pk=people.campaign.pk).update(status="published")
    page = client.get(url).content.decode()
    assert '<div class="stat" id="total-wishes">2</div>' in page
    assert '<div class="stat" id="total-claimed">1</div>' in page
    assert '<div class="stat" id="total-fulfilled">0</div>' in page
    assert reverse("drive_index") in page and "<svg" in page
