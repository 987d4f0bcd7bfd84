"""The migration that gave drives their restricted accounts attributes the history of a shared fund drive by drive:
gifts to their drive, a payment to the first drive whose gifts covered it, a reversal to what it mirrors."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fupin.donations import ledger, services
from fupin.donations.models import AccountTotal, Channel, DonationDrive, LedgerLine
from fupin.donations.tests.factories import drive_for, proof
from fupin.orgs.tests.factories import make_user

BEFORE = [("donations", "0004_public_pledges_receipts")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_existing_drives_get_their_accounts_from_the_shared_funds_history(tree, city_officer):
    finance = make_user("finance", tree.city, "finance")
    first = drive_for(city_officer, tree.city)
    second = services.open_drive(
        by=city_officer,
        campaign=first.campaign,
        organiser=first.organiser,
        fund=first.fund,
        title="第二个募捐活动",
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        channels=["onsite"],
    )
    gift = {"channel": Channel.ONSITE, "donor_type": "individual", "donor_name": "捐赠人"}
    services.receive_donation(by=finance, drive=first, amount_fen=1000, **gift)
    services.receive_donation(by=finance, drive=second, amount_fen=5000, **gift)
    mistaken = services.receive_donation(by=finance, drive=second, amount_fen=700, **gift)
    ledger.reverse(by=finance, entry=mistaken.transaction, reason="重复录入")
    asked = services.request_disbursement(by=finance, drive=second, recipient="村", purpose="助学", amount_fen=3000)
    services.approve_and_pay(by=city_officer, disbursement=asked, proof=proof(), is_redacted=True)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()  # every app: going back unapplies dependants

    migrate(BEFORE)
    migrate(latest)

    assert not LedgerLine.objects.filter(drive__isnull=True).exists()
    kept = {(t.drive.title, t.account): t.amount_fen for t in AccountTotal.objects.select_related("drive")}
    assert kept == {
        ("扶贫日爱心募捐", "cash"): 1000,
        ("扶贫日爱心募捐", "donations"): -1000,
        ("第二个募捐活动", "cash"): 2000,
        ("第二个募捐活动", "donations"): -5000,
        ("第二个募捐活动", "disbursed"): 3000,
    }
    assert DonationDrive.objects.get(pk=second.pk).disbursements.get().amount_fen == 3000
    assert ledger.problems() == []
    with pytest.raises(Exception, match="append-only"):
        LedgerLine.objects.filter(drive=first).update(amount_fen=1)
