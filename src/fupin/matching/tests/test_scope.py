"""Every wish page that takes an id answers 404 outside the user's subtree, and the public never reaches an
unvetted wish or someone else's claim."""

import pytest
from django.urls import reverse

from fupin.households.tests.factories import NUMBERS, household
from fupin.matching.services import approve_wish, claim_wish, record_delivery
from fupin.orgs.tests.factories import UnitFactory

from .factories import make_campaign, photo, wish

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("wish_detail", "get", "wish"),
    ("approve_wish", "post", "wish"),
    ("return_wish", "post", "wish"),
    ("confirm_receipt", "post", "wish"),
    ("wish_file", "get", "wish"),
    ("receipt_photo", "get", "wish"),
    ("my_claim", "get", "claim"),
    ("public_wish_detail", "get", "pending"),
    ("wish_print", "get", "pending"),
    ("public_wish_photo", "get", "pending"),
    ("public_campaign", "get", "campaign"),
]


@pytest.fixture
def theirs(tree, make_user):
    """A wish of county 2, vetted, claimed by county 2's office and delivered; and one still pending."""
    town2 = UnitFactory(parent=tree.county2, name="白马镇", code="QH-XC-T1", kind="town")
    village2 = UnitFactory(parent=town2, name="白马村", code="QH-XC-V1", kind="village")
    office = make_user("xc_office", tree.county2, "office_admin")
    poster = make_user("xc_village", village2, "reporter")
    reviewer = make_user("xc_reviewer", town2, "reviewer")
    campaign = make_campaign(office, tree.county2)
    made = household(office, village2, "赵小河", NUMBERS[5])
    shown = approve_wish(by=reviewer, wish=wish(poster, campaign, made))
    claim = claim_wish(by=office, wish=shown)
    record_delivery(by=office, claim=claim, kind="purchase_receipt", note="网购寄出", proof=photo("订单.jpg"))
    pending = wish(poster, campaign, made, title="一双棉鞋")
    return {"wish": shown.pk, "claim": claim.pk, "pending": pending.pk, "campaign": campaign.pk}  # a draft


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_wish_pages_give_404(name, method, target, county_officer, people, theirs, login):
    for user in (county_officer, people.village_reporter, people.town_reviewer):
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]))
        assert response.status_code == 404, (name, user)


def test_an_unvetted_wish_is_never_on_the_public_pages(people, client):
    pending = wish(people.village_reporter, people.campaign, people.household, title="一台电风扇")
    shown = people.open_wish(title="一个新书包")
    page = client.get(reverse("public_wish_list")).content.decode()
    assert "一个新书包" in page
    assert "一台电风扇" not in page
    assert client.get(reverse("public_wish_detail", args=[pending.pk])).status_code == 404
    assert client.get(reverse("public_wish_detail", args=[shown.pk])).status_code == 200


def test_a_public_wish_shows_only_a_masked_surname_and_the_village(people, client):
    shown = people.open_wish()
    for url in (reverse("public_wish_list"), reverse("public_wish_detail", args=[shown.pk])):
        page = client.get(url).content.decode()
        assert "王*" in page and "石桥东村" in page
        assert "王大山" not in page and "大山" not in page
        assert people.household.head_id_masked not in page


def test_a_bad_claim_token_gives_404(client):
    assert client.get(reverse("public_claim", args=["not-a-real-token"])).status_code == 404
