"""Property: any sequence of donations, payments, transfers (between two drives of one fund, and to and from a
third drive whose money another finance office keeps) and reversals keeps every invariant of the ledger, and each
drive's disclosure equals its own account, figure by figure."""

import contextlib
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.donations import disclosure, ledger, services, transfers
from fupin.donations.models import Channel, DonationDrive, LedgerTransaction
from fupin.donations.tests.factories import drive_for, proof
from fupin.orgs.tests.factories import make_user

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("give"), st.integers(0, 2), st.integers(min_value=1, max_value=5_000_00)),
        st.tuples(st.just("pay"), st.integers(0, 2), st.integers(min_value=1, max_value=8_000_00)),
        st.tuples(st.just("move"), st.integers(0, 2), st.integers(min_value=1, max_value=6_000_00)),
        st.tuples(st.just("reverse"), st.integers(0, 2), st.integers(min_value=0, max_value=50)),
    ),
    max_size=25,
)


class Books:
    """What the test itself expects of each drive: its own running figures, kept apart from the code under test."""

    def __init__(self):
        self.figures = defaultdict(lambda: {"received": 0, "disbursed": 0, "out": 0, "in": 0})
        self.entries: list[tuple[LedgerTransaction, list[tuple[int, str, int]]]] = []

    def book(self, entry, effects):
        for drive, figure, amount in effects:
            self.figures[drive][figure] += amount
        self.entries.append((entry, effects))

    def expected(self, drive):
        f = self.figures[drive]
        return (f["received"], f["disbursed"], f["out"], f["in"], f["received"] - f["disbursed"] - f["out"] + f["in"])


def _apply(op, i, value, drives, books, finance, office, evidence):
    source, target = drives[i], drives[(i + 1) % len(drives)]  # 0→1 within a fund, 1→2 and 2→0 between funds
    if op == "give":
        gift = services.receive_donation(
            by=finance, drive=source, channel=Channel.ONSITE, amount_fen=value, donor_type="individual", donor_name="捐"
        )
        books.book(gift.transaction, [(source.pk, "received", value)])
    elif op == "pay":
        asked = services.request_disbursement(
            by=finance, drive=source, recipient="村", purpose="助学", amount_fen=value
        )
        paid = services.approve_and_pay(by=office, disbursement=asked, proof=evidence, is_redacted=True)
        books.book(paid.transaction, [(source.pk, "disbursed", value)])
    elif op == "move":
        asked = transfers.request_transfer(
            by=finance, from_drive=source, to_drive=target, amount_fen=value, reason="调剂"
        )
        moved = transfers.approve_transfer(by=office, transfer=asked)
        books.book(moved.transaction, [(source.pk, "out", value), (target.pk, "in", value)])
    elif books.entries:
        entry, effects = books.entries[value % len(books.entries)]
        if not LedgerTransaction.objects.filter(reverses=entry).exists():
            ledger.reverse(by=finance, entry=entry, reason="更正")
            books.book(None, [(drive, figure, -amount) for drive, figure, amount in effects])


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_every_drives_disclosure_equals_its_ledger_whatever_happens(operations, tree, city_officer):
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
    third = services.open_drive(
        by=city_officer,
        campaign=first.campaign,
        organiser=tree.county1,
        fund=services.create_fund(by=city_officer, unit=tree.county1, name="东阳县扶贫日募捐资金"),
        title="县里的募捐活动",
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        channels=["onsite"],
    )
    drives, books, evidence = [first, second, third], Books(), proof()
    for op, i, value in operations:
        # a refused operation leaves nothing behind: the figures below still match the test's books
        with contextlib.suppress(ValidationError):
            _apply(op, i, value, drives, books, finance, city_officer, evidence)
        for drive in drives:
            data = disclosure.summary(drive)
            shown = (
                data.received_fen,
                data.disbursed_fen,
                data.transferred_out_fen,
                data.transferred_in_fen,
                data.balance_fen,
            )
            assert shown == books.expected(drive.pk) and data.balance_fen >= 0
            assert data.amount_fen == data.received_fen
    assert ledger.problems() == []  # every transaction of every fund so far (examples share the database)
    for drive in DonationDrive.objects.filter(pk__in=[d.pk for d in drives]):
        assert disclosure.drive_problems(drive) == []
