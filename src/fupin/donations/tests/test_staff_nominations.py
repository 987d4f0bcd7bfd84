"""推荐企业参加现场捐赠: county bureaus nominate, the city office sees every county's list, a county only its own."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.campaigns.models import ItemKind
from fupin.campaigns.services.campaigns import add_item
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations import nominations, services
from fupin.donations.models import EnterpriseNomination
from fupin.orgs.tests.factories import make_user

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


@pytest.fixture
def event(tree, city_campaign, city_officer, county_officer):
    """The city's on-site donation event, run by its 扶贫办 (the 扶贫募捐 item's 牵头单位), with a county's nomination
    and the enterprise's gift recorded by finance into the campaign's drive."""
    item = add_item(
        by=city_officer,
        campaign=city_campaign,
        title="现场捐赠",
        kind=ItemKind.DONATION_DRIVE,
        lead_units=[tree.department],
    )
    fund = services.create_fund(by=city_officer, unit=tree.city, name="市教育局扶贫日募捐资金")
    drive = services.open_drive(
        by=city_officer,
        campaign=city_campaign,
        item=item,
        organiser=tree.city,
        fund=fund,
        title="扶贫日现场捐赠",
        starts_on=date(2026, 10, 10),
        ends_on=timezone.localdate() + timedelta(days=30),
        channels=["onsite", "transfer"],
    )
    finance = make_user("finance", tree.city, "finance")
    gift = services.receive_donation(
        by=finance,
        drive=drive,
        channel="onsite",
        amount_fen=2_000_000,
        donor_type="enterprise",
        donor_name="东阳建材有限公司",
    )
    nomination = nominations.nominate_enterprise(
        by=county_officer, campaign=city_campaign, unit=tree.county1, enterprise="东阳建材有限公司"
    )
    coordinator = make_user("fpb_coordinator", tree.department, "coordinator")
    return nomination, gift, coordinator, drive, finance


def test_the_office_running_the_on_site_event_sees_and_updates_nominations(event, login):
    nomination, gift, coordinator, _drive, _finance = event
    client = login(coordinator)
    assert "东阳建材有限公司" in client.get(reverse("nomination_list")).content.decode()
    for status in ("invited", "attended"):
        response = client.post(reverse("update_nomination", args=[nomination.pk]), {"status": status})
        assert response.status_code == 302
    response = client.post(reverse("update_nomination", args=[nomination.pk]), {"status": "gave", "donation": gift.pk})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.donation, nomination.status_changed_by) == ("gave", gift, coordinator)
    page = client.get(reverse("nomination_detail", args=[nomination.pk])).content.decode()
    assert "已捐赠" in page and "20,000.00" in page
    trail = AuditEvent.objects.filter(target_type__icontains="nomination", action="update").order_by("id")
    assert [e.changes["status"] for e in trail] == [
        ["nominated", "invited"],
        ["invited", "attended"],
        ["attended", "gave"],
    ]


def test_gave_must_link_the_enterprises_gift_and_nothing_is_written_without_it(event):
    nomination, _gift, coordinator, _drive, _finance = event
    with pytest.raises(ValidationError) as refused:
        nominations.update_nomination(by=coordinator, nomination=nomination, status="gave")
    assert refused.value.message_dict == {"donation": ["「已捐赠」须选择这家企业的捐赠记录(先在募捐活动中登记捐赠)"]}
    nomination.refresh_from_db()
    assert (nomination.status, nomination.donation) == ("nominated", None)


def test_a_gift_linked_to_one_nomination_cannot_be_linked_to_another(event, tree, city_campaign, outsider):
    nomination, gift, coordinator, _drive, _finance = event
    nominations.update_nomination(by=coordinator, nomination=nomination, status="gave", donation=gift)
    other = nominations.nominate_enterprise(
        by=outsider, campaign=city_campaign, unit=tree.county2, enterprise="西川食品有限公司"
    )
    with pytest.raises(ValidationError) as refused:
        nominations.update_nomination(by=coordinator, nomination=other, status="gave", donation=gift)
    assert refused.value.message_dict == {"donation": ["这笔捐赠已关联「东阳建材有限公司」的推荐"]}
    assert EnterpriseNomination.objects.get(pk=other.pk).status == "nominated"


def test_only_an_enterprises_gift_to_the_campaigns_drives_can_be_linked(event):
    nomination, _gift, coordinator, drive, finance = event
    person = services.receive_donation(
        by=finance, drive=drive, channel="onsite", amount_fen=5000, donor_type="individual", donor_name="张三"
    )
    with pytest.raises(ValidationError) as refused:
        nominations.update_nomination(by=coordinator, nomination=nomination, status="gave", donation=person)
    assert refused.value.message_dict == {"donation": ["请选择本次扶贫日活动募捐中企业的捐赠记录"]}
    assert EnterpriseNomination.objects.get(pk=nomination.pk).donation is None


def test_the_nominating_county_does_not_update_the_status(event, county_officer, login):
    nomination, gift, _coordinator, _drive, _finance = event
    client = login(county_officer)
    assert client.get(reverse("nomination_detail", args=[nomination.pk])).status_code == 404
    response = client.post(reverse("update_nomination", args=[nomination.pk]), {"status": "gave", "donation": gift.pk})
    assert response.status_code == 404
    assert EnterpriseNomination.objects.get(pk=nomination.pk).status == "nominated"
    assert "已推荐" in client.get(reverse("nomination_list")).content.decode()


def test_the_database_refuses_gave_without_a_gift(event):
    from django.db import IntegrityError, transaction

    nomination, _gift, _coordinator, _drive, _finance = event
    with pytest.raises(IntegrityError), transaction.atomic():
        EnterpriseNomination.objects.filter(pk=nomination.pk).update(status="gave")
    assert EnterpriseNomination.objects.get(pk=nomination.pk).status == "nominated"
