"""推荐企业参加现场捐赠: county bureaus nominate, the city office sees every county's list, a county only its own."""

import pytest
from django.urls import reverse

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations.models import EnterpriseNomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_campaign(tree, city_officer):
    return campaign_with_requirements(city_officer, tree.city)


def _nominate(client, campaign, unit, enterprise):
    data = {"campaign": campaign.pk, "unit": unit.pk, "enterprise": enterprise, "intention": "爱心书包 200 个"}
    return client.post(reverse("nomination_create"), data)


def test_county_bureaus_nominate_and_the_city_office_sees_the_list(
    tree, city_campaign, county_officer, outsider, city_officer, login
):
    assert _nominate(login(county_officer), city_campaign, tree.county1, "东阳建材有限公司").status_code == 302
    assert _nominate(login(outsider), city_campaign, tree.county2, "西川食品有限公司").status_code == 302
    city_page = login(city_officer).get(reverse("nomination_list")).content.decode()
    assert "东阳建材有限公司" in city_page and "西川食品有限公司" in city_page
    county_page = login(county_officer).get(reverse("nomination_list")).content.decode()
    assert "东阳建材有限公司" in county_page and "西川食品有限公司" not in county_page


def test_an_enterprise_is_nominated_once_per_county(tree, city_campaign, county_officer, login):
    client = login(county_officer)
    _nominate(client, city_campaign, tree.county1, "东阳建材有限公司")
    again = _nominate(client, city_campaign, tree.county1, " 东阳建材有限公司 ")
    assert "已推荐过" in again.content.decode() and EnterpriseNomination.objects.count() == 1


def test_a_county_cannot_nominate_in_another_countys_name(tree, city_campaign, county_officer, login):
    response = _nominate(login(county_officer), city_campaign, tree.county2, "某公司")
    assert response.status_code == 200 and not EnterpriseNomination.objects.exists()


def test_only_county_bureaus_nominate(tree, city_campaign, school_reporter, city_officer, login):
    assert login(school_reporter).get(reverse("nomination_create")).status_code == 404
    response = _nominate(login(city_officer), city_campaign, tree.city, "某公司")
    assert response.status_code == 200 and not EnterpriseNomination.objects.exists()
