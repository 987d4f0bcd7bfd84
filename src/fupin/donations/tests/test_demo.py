"""The demo drive is voluntary, varied and balanced: the ledger checks out and the fund holds what is left."""

import pytest
from django.core.management import call_command

from fupin.donations import ledger
from fupin.donations.models import DonationDrive
from fupin.donations.services import suspected_quotas


@pytest.mark.django_db
def test_the_demo_drive_balances_and_raises_no_quota_flag():
    call_command("demo")
    drive = DonationDrive.objects.get()
    given = sum(d.amount_fen for d in drive.donations.all())
    paid = sum(d.amount_fen for d in drive.fund.disbursements.filter(status="paid"))
    assert given > paid > 0 and ledger.balance_fen(drive.fund) == given - paid
    assert ledger.problems() == [] and suspected_quotas(drive) == []
