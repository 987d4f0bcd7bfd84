"""Racing over real, separate PostgreSQL connections: a double-clicked pledge records once, and receipts
confirmed at the same moment still number 1, 2, 3 … without a gap or a repeat."""

import pytest
from django.db import connection

from fupin.donations import pledges
from fupin.donations.models import Pledge, Receipt
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.lib.tests.races import race
from fupin.orgs.tests.factories import make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_a_pledge_submitted_twice_at_once_with_the_same_key_records_once(tree, city_officer):
    drive = open_drive_today(city_officer, tree.city)
    outcomes = race(lambda: pledge(drive, idempotency_key="double-click").pk, [()] * 4)
    assert len(set(outcomes)) == 1 and outcomes[0].startswith("ok:"), outcomes
    assert Pledge.objects.count() == 1


def test_receipts_confirmed_at_once_have_no_gaps(tree, city_officer):
    drive = open_drive_today(city_officer, tree.city)
    finance = make_user("finance", tree.city, "finance")
    made = [pledge(drive) for _ in range(5)]
    outcomes = race(lambda p: pledges.confirm_pledge(by=finance, pledge=p).number, [(p,) for p in made])
    assert all(o.startswith("ok:") for o in outcomes), outcomes
    assert sorted(Receipt.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
