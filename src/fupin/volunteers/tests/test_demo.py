"""The demo shows volunteer services with sign-ups and confirmed hours, and one still open for sign-up."""

import pytest
from django.core.management import call_command

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import source_value
from fupin.orgs.models import Unit, User
from fupin.volunteers.models import Opportunity, SignUp


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_has_services_with_confirmed_hours_and_one_open(demo, client):
    assert Opportunity.objects.count() == 4
    assert list(SignUp.objects.order_by("status").values_list("status", flat=True).distinct()) == [
        "absent",
        "confirmed",
        "signed_up",
    ]
    campaign = Campaign.objects.get(parent__isnull=True, unit__code="QH")
    city = Unit.objects.get(code="QH")
    assert source_value("volunteers.volunteers", city, campaign) == 8
    assert source_value("volunteers.hours", city, campaign) == 22  # 3+3+2.5 + 3+2 + 3+3+2.5 = 22
    client.force_login(User.objects.get(username="league_reporter"))
    page = client.get("/volunteers/").content.decode()
    assert "助残志愿服务:走进县残疾人康复中心" in page
    assert "环境志愿服务:清洁家园进村庄" in page
    public = client.get("/volunteer-services/").content.decode()
    assert "环境志愿服务:清洁家园进村庄" in public and "助残志愿服务:走进县残疾人康复中心" not in public
