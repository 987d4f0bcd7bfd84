"""The public list of drives (/give/): open and ended drives apart, drafts never, each with what it has
received (the disclosure's own figure), the pledge link only while open, paged, at a fixed query cost."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fupin.donations import disclosure, ledger, services
from fupin.donations.tests.public_data import open_drive_today


def ended_drive(by, drive, title="去年的爱心募捐"):
    today = timezone.localdate()
    return services.open_drive(
        by=by,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title=title,
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=10),
        channels=["transfer"],
    )


def while_open(days_ago=20):
    """A gift received while an ended drive was still open (its dates end ten days ago)."""
    return timezone.now() - timedelta(days=days_ago)


def give(drive, by, fen, **kw):
    fields = {"channel": "transfer", "donor_type": "enterprise", "donor_name": "清河建工集团"} | kw
    return services.receive_donation(by=by, drive=drive, amount_fen=fen, **fields)


def page(client, **params):
    response = client.get(reverse("drive_index"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_needs_no_account_and_shows_open_and_ended_drives_apart(client, drive, city_officer, finance):
    ended = ended_drive(city_officer, drive)
    give(drive, finance, 123456)
    give(ended, finance, 700, channel="transfer", donor_type="individual", donor_name="李四", at=while_open())
    html = page(client)
    open_part, ended_part = html.split('id="ended"')
    assert drive.title in open_part and ended.title in ended_part and ended.title not in open_part
    assert reverse("make_pledge", args=[drive.pk]) in open_part
    assert reverse("make_pledge", args=[ended.pk]) not in html
    assert reverse("drive_disclosure", args=[ended.pk]) in ended_part
    assert "1,234.56" in open_part and "7.00" in ended_part
    assert drive.organiser.name in open_part and drive.fund.unit.name in open_part
    assert "转账" in open_part and "现场捐赠" in open_part


def test_a_drive_of_a_draft_campaign_or_not_yet_begun_is_not_listed(client, drive, city_officer):
    today = timezone.localdate()
    later = services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title="明年的募捐",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=60),
        channels=["transfer"],
    )
    assert later.title not in page(client)
    drive.campaign.status = "draft"
    drive.campaign.save(update_fields=["status"])
    assert drive.title not in page(client)


def test_a_drive_that_takes_only_staff_channels_has_no_pledge_link(client, tree, city_officer):
    staff_only = open_drive_today(city_officer, tree.city, channels=("one_day_pay",))
    html = page(client)
    assert staff_only.title in html and reverse("make_pledge", args=[staff_only.pk]) not in html


def test_the_total_is_the_disclosures_and_follows_a_reversal(client, drive, finance):
    give(drive, finance, 10000)
    mistaken = give(drive, finance, 99900)
    assert "1,099.00" in page(client)
    ledger.reverse(by=finance, entry=mistaken.transaction, reason="重复录入")
    html = page(client)
    assert "100.00" in html and "1,099.00" not in html
    assert disclosure.summary(drive).amount_fen == 10000


def test_the_list_costs_the_same_queries_for_one_drive_as_for_many(client, drive, city_officer, finance):
    give(drive, finance, 5000)
    page(client)  # the tallies catch up once; from then on a view only reads
    with CaptureQueriesContext(connection) as one:
        page(client)
    for i in range(6):
        more = ended_drive(city_officer, drive, title=f"往期募捐{i}")
        give(more, finance, 100 + i, at=while_open())
    more_open = [open_drive_today(city_officer, drive.organiser) for _ in range(3)]
    for d in more_open:
        give(d, finance, 300)
    page(client)
    with CaptureQueriesContext(connection) as many:
        html = page(client)
    assert html.count('class="card drive"') >= 10  # (each drive made today also brings an October one)
    # per section: the count, the page with each drive's staleness, the page's totals
    assert len(many) == len(one) <= 6, [q["sql"] for q in many.captured_queries]


def test_each_section_pages_on_its_own(client, drive, city_officer):
    for i in range(13):
        ended_drive(city_officer, drive, title=f"往期募捐{i:02d}")
    first = page(client)
    assert first.count('class="card drive"') == 1 + 12 and "第 1 / 2 页" in first
    second = page(client, ended=2)
    assert "往期募捐00" in second and drive.title in second  # the open section stays on its first page
    assert page(client, ended="x", page=99).count('class="card drive"') == 13


def test_the_public_home_links_to_the_list(client, db):
    assert reverse("drive_index") in client.get("/").content.decode()
