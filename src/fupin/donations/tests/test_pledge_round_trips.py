"""The public pledge is the site's hottest write: it reaches the database in a fixed, small number of
statements however many pledges there are, and the pledge page reads its drive in one query."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.donations import pledge_changes
from fupin.donations.models import DonationDrive, Pledge
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.lib import counter_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_counter_clean_up(monkeypatch):
    """The counter cache clears ended windows on one add in a hundred, at random; not in a count of statements."""
    monkeypatch.setattr(counter_cache, "CLEAN_UP_SHARE", 0.0)


@pytest.fixture
def visitor():
    """A member of the public from an address no other test has counted (live-server tests commit their counts)."""
    groups = uuid.uuid4().hex[:16]
    return Client(REMOTE_ADDR="2001:db8::" + ":".join(groups[i : i + 4] for i in range(0, 16, 4)))


def form(key, **kw):
    fields = {"donor_type": "individual", "donor_name": "张小三", "phone": "13912341234", "channel": "transfer"}
    return fields | {"idempotency_key": key, "amount": "100"} | kw


def statements(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    return [q["sql"].split()[0].upper() for q in queries.captured_queries]


def test_a_public_pledge_costs_a_fixed_few_statements_however_many_pledges_the_drive_has(visitor, drive):
    url = reverse("make_pledge", args=[drive.pk])
    first = statements(visitor, url, form("k-1", amount="1"))
    for n in range(20):
        pledge(drive, amount_fen=1000 + n, phone=f"1391234{n:04d}")
    later = statements(visitor, url, form("k-2", amount="2"))
    # the write counter (its window's first count is one insert; later ones find it and add one), the drive, then
    # in one transaction the look-alike check, the pledge, and its audit row chained to the trail's head
    assert first == ["INSERT", "SELECT", "SAVEPOINT", "SELECT", "INSERT", "SELECT", "INSERT", "UPDATE", "RELEASE"]
    assert later == ["INSERT", "UPDATE", *first[1:]]
    assert Pledge.objects.filter(idempotency_key__in=["k-1", "k-2"]).count() == 2
    assert AuditEvent.objects.filter(target_type="donations.pledge", note="公众认捐").count() == 22


def test_a_pledge_the_giver_marked_as_another_skips_the_lookalike_check(visitor, drive):
    url = reverse("make_pledge", args=[drive.pk])
    assert len(statements(visitor, url, form("k-1"))) == 9
    again = statements(visitor, url, form("k-2", is_not_duplicate="on"))
    assert again == ["INSERT", "UPDATE", "SELECT", "SAVEPOINT", "INSERT", "SELECT", "INSERT", "UPDATE", "RELEASE"]
    assert sorted(Pledge.objects.values_list("idempotency_key", flat=True)) == ["k-1", "k-2"]


def test_the_pledge_page_reads_its_drive_in_one_query(anonymous, drive, django_assert_num_queries):
    url = reverse("make_pledge", args=[drive.pk])
    with django_assert_num_queries(1):
        page = anonymous.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "扶贫日爱心认捐" in text and drive.fund.unit.name in text


def test_the_empty_pledge_forms_fields_are_rendered_once_and_follow_the_drives_channels(anonymous, drive):
    url = reverse("make_pledge", args=[drive.pk])
    first, again = anonymous.get(url).content.decode(), anonymous.get(url).content.decode()
    assert "捐物资时填写" in first and 'name="goods_description"' in again
    assert first.count('name="idempotency_key"') == again.count('name="idempotency_key"') == 1
    key = 'name="idempotency_key" value="'
    assert first.split(key)[1][:32] != again.split(key)[1][:32]  # each visit its own key, outside the cached part
    DonationDrive.objects.filter(pk=drive.pk).update(channels=["transfer"])
    changed = anonymous.get(url).content.decode()
    assert "捐物资时填写" not in changed and 'name="goods_description"' not in changed
    assert '<option value="transfer"' in changed and '<option value="goods"' not in changed


def test_a_pledge_form_returned_with_a_reason_shows_what_was_typed_not_the_cached_empty_form(visitor, drive):
    url = reverse("make_pledge", args=[drive.pk])
    visitor.get(url)
    page = visitor.post(url, form("k-typed", amount="1e3", donor_name="李小四")).content.decode()
    assert 'value="李小四"' in page and 'value="1e3"' in page
    assert Pledge.objects.filter(idempotency_key="k-typed").count() == 0


def pledge_rows(drive, count):
    made = timezone.now()
    return [
        Pledge(
            drive=drive,
            token=f"t{drive.pk}-{n}",
            idempotency_key=f"k{drive.pk}-{n}",
            donor_type="individual",
            donor_name="张小三",
            phone="13912341234",
            channel="transfer",
            amount_fen=100 + n,
            created_at=made,
        )
        for n in range(count)
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner and its statistics")
def test_the_lookalike_check_reads_its_index_before_statistics_have_seen_the_drives_pledges(tree, city_officer, drive):
    Pledge.objects.bulk_create(pledge_rows(open_drive_today(city_officer, tree.city), 3000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE donations_pledge")  # statistics that know another drive's pledges, not this one's
    Pledge.objects.bulk_create(pledge_rows(drive, 3000))
    plan = pledge_changes.lookalikes(drive=drive, phone="13912341234", donor_name="张小三", amount_fen=5)[:1].explain()
    assert "pledge_lookalike" in plan and "Sort" not in plan, plan
