"""Two payments racing for the same money over real, separate database connections: one is refused."""

import pytest
from django.db import connection

from fupin.donations import ledger, services
from fupin.donations.models import Channel, Disbursement, Donation
from fupin.donations.tests.factories import drive_for, proof
from fupin.lib.tests.races import kinds, race
from fupin.orgs.tests.factories import make_user


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_disbursements_racing_for_one_balance_one_succeeds(tree, city_officer):
    finance = make_user("finance", tree.city, "finance")
    drive = drive_for(city_officer, tree.city)
    services.receive_donation(
        by=finance,
        drive=drive,
        channel=Channel.TRANSFER,
        amount_fen=10000,
        donor_type="enterprise",
        donor_name="甲公司",
    )
    requests = [
        services.request_disbursement(by=finance, drive=drive, recipient=f"村{i}", purpose="助学", amount_fen=8000)
        for i in range(2)
    ]
    evidence = proof()
    outcomes = race(
        lambda request: (
            services.approve_and_pay(by=city_officer, disbursement=request, proof=evidence, is_redacted=True).pk
        ),
        [(r,) for r in requests],
    )
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    assert "专项资金余额不足:现有 20.00 元,本次需 80.00 元" in max(outcomes), outcomes
    assert ledger.balance_fen(drive) == 2000
    assert Disbursement.objects.filter(status="paid").count() == 1
    assert ledger.problems() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_staff_donation_submitted_twice_at_once_records_once_and_returns_the_first(tree, city_officer):
    finance = make_user("finance", tree.city, "finance")
    drive = drive_for(city_officer, tree.city)

    def submit():
        gift = services.receive_donation(
            by=finance,
            drive=drive,
            channel=Channel.TRANSFER,
            amount_fen=5000,
            donor_type="enterprise",
            donor_name="甲公司",
            idempotency_key="form-7f3a",
        )
        return gift.pk

    outcomes = race(submit, [()] * 3)
    assert len(outcomes) == 3 and len(set(outcomes)) == 1 and outcomes[0].startswith("ok:"), outcomes
    assert Donation.objects.count() == 1 and ledger.balance_fen(drive) == 5000
    assert ledger.problems() == []
