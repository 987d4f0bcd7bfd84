"""Every volunteer page that takes an id answers 404 outside the user's reach: another county's services, and
sign-ups the user neither made nor organises."""

import pytest
from django.urls import reverse

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.volunteers import services

from .factories import opportunity

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("opportunity_detail", "get", "opportunity"),
    ("opportunity_sign_up", "post", "opportunity"),
    ("sign_up_cancel", "post", "sign_up"),
    ("sign_up_confirm", "post", "sign_up"),
    ("sign_up_absent", "post", "sign_up"),
    ("sign_up_certificate", "get", "sign_up"),
    ("public_opportunity_detail", "get", "opportunity"),
]


@pytest.fixture
def theirs(tree, outsider, make_user):
    reporter = make_user("xc_reporter", tree.school2, "reporter")
    campaign = campaign_with_requirements(outsider, tree.county2)
    made = opportunity(reporter, tree.school2, campaign, title="西川助学志愿服务")
    joined = services.sign_up(by=reporter, opportunity=made, name="西川学生", phone="13900000001")
    return {"opportunity": made.pk, "sign_up": joined.pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_volunteer_pages_give_404(name, method, target, county_officer, school_reporter, theirs, login):
    for user in (county_officer, school_reporter):
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]), {"hours": "1"})
        assert response.status_code == 404


def test_a_volunteer_cannot_reach_the_organisers_confirmation(organiser, league, campaign, school_reporter, login):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    client = login(school_reporter)
    assert client.post(reverse("sign_up_confirm", args=[mine.pk]), {"hours": "3"}).status_code == 404
    assert client.post(reverse("sign_up_absent", args=[mine.pk])).status_code == 404
    assert client.get(reverse("opportunity_detail", args=[made.pk])).status_code == 200


def test_another_countys_services_are_not_listed(tree, theirs, school_reporter, organiser, league, campaign, login):
    opportunity(organiser, league, campaign, title="东阳助残志愿服务")
    page = login(school_reporter).get(reverse("opportunity_list")).content.decode()
    assert "东阳助残志愿服务" in page
    assert "西川助学志愿服务" not in page
