"""Test data for the public pages: a drive open today, pledges and confirmed gifts, made through the services."""

import uuid
from datetime import date, timedelta

from django.utils import timezone

from fupin.donations import pledges, services
from fupin.donations.tests.factories import drive_for


def open_drive_today(by, unit, *, channels=("transfer", "onsite", "goods", "one_day_pay")):
    """A drive of `unit` whose period includes today (the factories' drive is dated October 2026)."""
    earlier = drive_for(by, unit, ends_on=date(2026, 10, 31))
    today = timezone.localdate()
    return services.open_drive(
        by=by,
        campaign=earlier.campaign,
        organiser=unit,
        fund=earlier.fund,
        title="扶贫日爱心认捐",
        starts_on=today - timedelta(days=5),
        ends_on=today + timedelta(days=5),
        channels=list(channels),
        designated_uses="石桥东村饮水工程",
    )


def pledge(drive, **kw):
    fields = {
        "idempotency_key": uuid.uuid4().hex,
        "channel": "transfer",
        "donor_type": "individual",
        "donor_name": "张小三",
        "phone": "13912341234",
        "amount_fen": 10000,
        "is_not_duplicate": True,  # tests of the lookalike warning pass False
    } | kw
    return pledges.submit_pledge(drive=drive, **fields)
