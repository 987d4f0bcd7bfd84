"""Property: any sequence of donations, payments and reversals keeps every invariant of the ledger."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.donations import ledger, services
from fupin.donations.models import Channel, Donation, LedgerTransaction
from fupin.donations.tests.factories import drive_for, proof
from fupin.orgs.tests.factories import make_user

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("give"), st.integers(min_value=1, max_value=5_000_00)),
        st.tuples(st.just("pay"), st.integers(min_value=1, max_value=8_000_00)),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50)),
    ),
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_sequence_keeps_the_ledger_balanced_and_never_negative(operations, tree, city_officer):
    finance = make_user("finance", tree.city, "finance")
    drive = drive_for(city_officer, tree.city)
    evidence = proof()
    for op, value in operations:
        try:
            if op == "give":
                services.receive_donation(
                    by=finance,
                    drive=drive,
                    channel=Channel.ONSITE,
                    amount_fen=value,
                    donor_type="individual",
                    donor_name="捐赠人",
                )
            elif op == "pay":
                request = services.request_disbursement(
                    by=finance, fund=drive.fund, recipient="村", purpose="助学", amount_fen=value
                )
                services.approve_and_pay(by=city_officer, disbursement=request, proof=evidence)
            else:
                entries = list(LedgerTransaction.objects.filter(fund=drive.fund).exclude(kind="reversal"))
                if entries:
                    ledger.reverse(by=finance, entry=entries[value % len(entries)], reason="更正")
        except ValidationError:
            pass  # a refused operation must leave nothing behind; the invariants below say so
        assert ledger.balance_fen(drive.fund) >= 0
    assert ledger.problems() == []  # every transaction of every fund so far (examples share the database)
    given_total = sum(Donation.objects.filter(drive=drive).values_list("amount_fen", flat=True))
    reversed_gifts = sum(
        -line.amount_fen
        for entry in LedgerTransaction.objects.filter(fund=drive.fund, kind="reversal", reverses__kind="donation")
        for line in entry.lines.filter(account="cash")
    )
    paid = sum(d.amount_fen for d in drive.fund.disbursements.filter(status="paid"))
    reversed_payments = sum(
        line.amount_fen
        for entry in LedgerTransaction.objects.filter(fund=drive.fund, kind="reversal", reverses__kind="disbursement")
        for line in entry.lines.filter(account="cash")
    )
    assert ledger.balance_fen(drive.fund) == given_total - reversed_gifts - paid + reversed_payments
