"""The demo drive is voluntary, varied and balanced: the ledger checks out and the fund holds what is left;
and the demo shows every part of donations: boxes opened by two people, goods handed out, a county's
nomination, public pledges to a drive open today with a receipt, and payments with their proofs."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.donations import disclosure, ledger, pledges, public_selectors
from fupin.donations.models import (
    BoxOpening,
    Channel,
    Concern,
    Disbursement,
    DonationBox,
    DonationDrive,
    EnterpriseNomination,
    GoodsHandout,
    Pledge,
    Receipt,
    Transfer,
)
from fupin.donations.services import suspected_quotas
from fupin.orgs.models import User


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_drive_balances_and_raises_no_quota_flag(demo):
    drive = DonationDrive.objects.get(title="2026年教育系统扶贫日爱心募捐")
    data = disclosure.summary(drive)
    figures = (data.received_fen, data.disbursed_fen, data.transferred_out_fen, data.balance_fen)
    assert figures == (9_331_150, 3_200_000, 500_000, 5_631_150)
    assert ledger.problems() == [] and disclosure.problems() == [] and suspected_quotas(drive) == []


def test_two_open_drives_of_one_finance_office_each_reconcile_on_their_own(demo):
    winter = DonationDrive.objects.get(title="“暖冬助学”爱心认捐")
    books = DonationDrive.objects.get(title="“书香助学”村小图书角募捐")
    assert winter.fund_id == books.fund_id and pledges.is_open(winter) and pledges.is_open(books)
    figures = [
        (d.received_fen, d.disbursed_fen, d.transferred_out_fen, d.transferred_in_fen, d.balance_fen)
        for d in (disclosure.summary(winter), disclosure.summary(books))
    ]
    assert figures == [(1_000_000, 600_000, 100_000, 0, 300_000), (386_000, 250_000, 0, 100_000, 236_000)]


def test_the_demo_has_boxes_opened_by_two_witnesses_goods_handed_out_a_nomination_and_proofs(demo):
    assert sorted(DonationBox.objects.values_list("kind", flat=True)) == ["fixed", "mobile"]
    opening = BoxOpening.objects.select_related("donation").get()
    assert opening.first_witness_id != opening.second_witness_id and opening.count_sheet
    assert opening.donation.channel == Channel.BOX and opening.donation.transaction_id is not None
    handout = GoodsHandout.objects.select_related("donation").get()
    assert handout.donation.channel == Channel.GOODS and handout.donation.amount_fen == 0
    assert 0 < handout.quantity < handout.donation.goods_quantity and handout.proof
    statuses = dict(EnterpriseNomination.objects.values_list("enterprise", "status"))
    assert statuses == {"东阳县茶叶合作社": "gave", "东阳县绿源农业科技有限公司": "invited"}
    gave = EnterpriseNomination.objects.select_related("donation").get(status="gave")
    assert (gave.donation.donor_name, gave.donation.amount_fen) == ("东阳县茶叶合作社", 800_000)
    paid = Disbursement.objects.filter(status=Disbursement.Status.PAID)
    assert paid.count() >= 3 and all(d.proof for d in paid)
    assert all(d.proof.open("rb").read(5) == b"%PDF-" for d in paid.filter(proof__endswith=".pdf")[:2])
    assert paid.filter(proof__endswith=".pdf").count() == 2
    pending = paid.filter(proof_published_at__isnull=True).values_list("drive__title", flat=True)
    assert list(pending) == ["“书香助学”村小图书角募捐"]  # its proof waits for a second person's check
    assert all(d.proof_published_by_id != d.approved_by_id for d in paid.exclude(proof_published_at=None))


def test_the_public_pledged_to_a_drive_open_today_and_one_pledge_has_a_receipt(demo, client):
    drive = DonationDrive.objects.get(title="“暖冬助学”爱心认捐")
    assert pledges.is_open(drive) and drive in public_selectors.open_drives()
    assert drive.pledges.count() >= 3 and drive.pledges.filter(is_anonymous=True).exists()
    confirmed = Pledge.objects.select_related("donation__receipt").get(status=Pledge.Status.RECEIVED)
    assert confirmed.drive == drive and confirmed.donation.receipt.number == 18
    numbers = sorted(Receipt.objects.filter(fund=drive.fund).values_list("number", flat=True))
    # every gift of the finance section's one fund, without a gap: 20 to its drives, the 21st a claiming unit's money
    # for the 村小学图书角 project, paid in through the fund's project drive
    assert numbers == list(range(1, 22))
    page = client.get("/give/").content.decode()
    assert "“暖冬助学”爱心认捐" in page and "2026年教育系统扶贫日爱心募捐" in page


def test_the_city_moves_money_into_a_county_drive_kept_by_another_finance_office_and_both_disclosures_show_it(
    demo, client
):
    city = DonationDrive.objects.get(title="2026年教育系统扶贫日爱心募捐")
    county = DonationDrive.objects.get(title="东阳县“结对村小”校舍修缮募捐")
    assert (city.fund.unit.name, county.fund.unit.name) == ("市教育局财务科", "东阳县教育局")
    moved = Transfer.objects.get(to_drive=county)
    assert (moved.from_drive, moved.amount_fen, moved.status) == (city, 500_000, "done")
    assert (moved.requested_by.username, moved.approved_by.username) == ("city_finance", "city_admin")
    assert moved.transaction.fund == city.fund and moved.transaction_in.fund == county.fund
    data = disclosure.summary(county)
    figures = (data.received_fen, data.disbursed_fen, data.transferred_out_fen, data.transferred_in_fen)
    assert (*figures, data.balance_fen) == (1_650_000, 0, 0, 500_000, 2_150_000)
    assert sorted(Receipt.objects.filter(fund=county.fund).values_list("number", flat=True)) == [1, 2]
    reason = "东阳县结对村小校舍修缮尚有缺口,经局务会研究,从市级募捐结余中调剂支持"
    city_page = client.get(reverse("drive_disclosure", args=[city.pk])).content.decode()
    county_page = client.get(reverse("drive_disclosure", args=[county.pk])).content.decode()
    assert "调出至" in city_page and "东阳县“结对村小”校舍修缮募捐" in city_page and reason in city_page
    assert "调入自" in county_page and "2026年教育系统扶贫日爱心募捐" in county_page and reason in county_page
    assert "收到 16,500.00 − 拨付 0.00 − 调出 0.00 + 调入 5,000.00 = 余额 21,500.00 元" in county_page
    assert ledger.problems() == [] and disclosure.problems() == []


def test_the_county_finance_officer_records_into_the_county_fund_only(demo, client):
    client.force_login(User.objects.get(username="county1_finance"))
    county = DonationDrive.objects.get(title="东阳县“结对村小”校舍修缮募捐")
    city = DonationDrive.objects.get(title="2026年教育系统扶贫日爱心募捐")
    assert client.get(reverse("drive_detail", args=[county.pk])).status_code == 200
    assert client.get(reverse("drive_detail", args=[city.pk])).status_code == 404


def test_the_demo_supervisor_sees_the_concern_queue_and_finance_does_not(demo, client):
    client.force_login(User.objects.get(username="city_supervisor"))
    page = client.get(reverse("concern_list")).content.decode()
    assert "募捐箱开箱时是否有两人在场清点" in page and "按职称规定了一日捐的金额" in page
    assert sorted(Concern.objects.values_list("status", flat=True)) == ["answered", "received"]
    client.force_login(User.objects.get(username="city_finance"))
    assert "募捐箱开箱时是否有两人在场清点" not in client.get(reverse("concern_list")).content.decode()
