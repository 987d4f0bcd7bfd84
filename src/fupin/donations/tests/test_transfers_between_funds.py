"""专项调剂 between drives whose money two finance offices keep: two people, a reason, one balanced entry in each
fund's books posted together, shown on both disclosures; `fupin ledger check` stays clean; neither side can be
reversed alone."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from fupin.donations import disclosure, ledger, services, transfers
from fupin.donations.models import LedgerTransaction, Transfer

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_drive(drive, tree, city_officer):
    """A drive of the same campaign whose money the county bureau keeps in its own fund."""
    return services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=tree.county1,
        fund=services.create_fund(by=city_officer, unit=tree.county1, name="东阳县扶贫日募捐资金"),
        title="东阳县石桥镇助学募捐",
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        channels=["transfer"],
    )


def _figures(drive):
    data = disclosure.summary(drive)
    return (data.received_fen, data.disbursed_fen, data.transferred_out_fen, data.transferred_in_fen, data.balance_fen)


def test_a_transfer_to_a_drive_another_finance_office_keeps_balances_both_books(
    drive, county_drive, finance, city_officer
):
    services.receive_donation(
        by=finance, drive=drive, channel="transfer", amount_fen=50000, donor_type="enterprise", donor_name="清河建工"
    )
    asked = transfers.request_transfer(
        by=finance, from_drive=drive, to_drive=county_drive, amount_fen=30000, reason="石桥镇助学缺口,经研究调剂"
    )
    moved = transfers.approve_transfer(by=city_officer, transfer=asked)
    assert (moved.transaction.fund_id, moved.transaction_in.fund_id) == (drive.fund_id, county_drive.fund_id)
    assert _figures(drive) == (50000, 0, 30000, 0, 20000)
    assert _figures(county_drive) == (0, 0, 0, 30000, 30000)
    for shown in (disclosure.summary(drive).transfers, disclosure.summary(county_drive).transfers):
        assert [(t.reason, t.amount_fen) for t in shown] == [("石桥镇助学缺口,经研究调剂", 30000)]
    assert ledger.problems() == [] and disclosure.problems() == []
    call_command("ledger", "check")


def test_the_requester_cannot_approve_a_transfer_between_funds(drive, county_drive, finance, tree):
    from fupin.orgs.models import Membership

    Membership.objects.create(user=finance, unit=tree.city, role="office_admin")
    services.receive_donation(
        by=finance, drive=drive, channel="transfer", amount_fen=50000, donor_type="enterprise", donor_name="清河建工"
    )
    asked = transfers.request_transfer(
        by=finance, from_drive=drive, to_drive=county_drive, amount_fen=100, reason="缺口"
    )
    with pytest.raises(ValidationError) as refused:
        transfers.approve_transfer(by=finance, transfer=asked)
    assert refused.value.messages == ["申请人不能审批自己的调剂(须两人经手)"]
    assert Transfer.objects.get().status == "requested"
    assert _figures(county_drive) == (0, 0, 0, 0, 0) and ledger.balance_fen(drive) == 50000


def test_one_side_of_a_transfer_between_funds_cannot_be_reversed_alone(drive, county_drive, finance, city_officer):
    services.receive_donation(
        by=finance, drive=drive, channel="transfer", amount_fen=50000, donor_type="enterprise", donor_name="清河建工"
    )
    asked = transfers.request_transfer(
        by=finance, from_drive=drive, to_drive=county_drive, amount_fen=30000, reason="缺口"
    )
    moved = transfers.approve_transfer(by=city_officer, transfer=asked)
    for side in (moved.transaction, moved.transaction_in):
        with pytest.raises(ValidationError) as refused:
            ledger.reverse(by=city_officer, entry=side, reason="点错")
        assert refused.value.messages == ["跨资金的专项调剂记在两本账上,不能只冲一边;如需退回,请申请一笔反向调剂"]
    assert not LedgerTransaction.objects.filter(kind="reversal").exists()
    assert (_figures(drive), _figures(county_drive)) == ((50000, 0, 30000, 0, 20000), (0, 0, 0, 30000, 30000))


def test_the_receiving_finance_office_reads_a_transfer_into_its_drive_but_cannot_approve_it(
    drive, county_drive, finance, tree, login
):
    from django.urls import reverse

    from fupin.orgs.tests.factories import make_user

    services.receive_donation(
        by=finance, drive=drive, channel="transfer", amount_fen=50000, donor_type="enterprise", donor_name="清河建工"
    )
    asked = transfers.request_transfer(
        by=finance, from_drive=drive, to_drive=county_drive, amount_fen=30000, reason="石桥镇助学缺口,经研究调剂"
    )
    county_finance = login(make_user("dy_finance", tree.county1, "finance"))
    listed = county_finance.get(reverse("disbursement_list", args=[county_drive.pk])).content.decode()
    assert reverse("transfer_detail", args=[asked.pk]) in listed
    page = county_finance.get(reverse("transfer_detail", args=[asked.pk])).content.decode()
    assert "石桥镇助学缺口,经研究调剂" in page and "审批并调剂" not in page
    assert reverse("disbursement_list", args=[county_drive.pk]) in page  # back to its own drive, not the city's
    county_office = login(make_user("dy_office", tree.county1, "office_admin"))
    assert county_office.post(reverse("approve_transfer", args=[asked.pk])).status_code == 404
    assert Transfer.objects.get().status == "requested" and _figures(county_drive) == (0, 0, 0, 0, 0)
    sibling = login(make_user("xc_finance", tree.county2, "finance"))
    assert sibling.get(reverse("transfer_detail", args=[asked.pk])).status_code == 404
