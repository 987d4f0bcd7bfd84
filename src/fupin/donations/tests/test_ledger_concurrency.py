"""Two payments racing for the same money over real, separate database connections: one is refused."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fupin.donations import ledger, services
from fupin.donations.models import Channel, Disbursement, Donation
from fupin.donations.tests.factories import drive_for, proof
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
    start, outcomes = threading.Barrier(2), []
    evidence = proof()

    def pay(request):
        try:
            start.wait()
            services.approve_and_pay(by=city_officer, disbursement=request, proof=evidence)
            outcomes.append("paid")
        except ValidationError as exc:
            outcomes.append("refused: " + ";".join(exc.messages))
        except Exception as exc:  # anything else is a failure of the test, reported below
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.split(":")[0] for o in outcomes) == ["paid", "refused"], outcomes
    assert ledger.balance_fen(drive) == 2000
    assert Disbursement.objects.filter(status="paid").count() == 1
    assert ledger.problems() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_staff_donation_submitted_twice_at_once_records_once_and_returns_the_first(tree, city_officer):
    finance = make_user("finance", tree.city, "finance")
    drive = drive_for(city_officer, tree.city)
    start, outcomes = threading.Barrier(3), []

    def submit():
        try:
            start.wait()
            gift = services.receive_donation(
                by=finance,
                drive=drive,
                channel=Channel.TRANSFER,
                amount_fen=5000,
                donor_type="enterprise",
                donor_name="甲公司",
                idempotency_key="form-7f3a",
            )
            outcomes.append(f"ok:{gift.pk}")
        except Exception as exc:  # reported by the assertion below
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 3 and len(set(outcomes)) == 1 and outcomes[0].startswith("ok:"), outcomes
    assert Donation.objects.count() == 1 and ledger.balance_fen(drive) == 5000
    assert ledger.problems() == []
