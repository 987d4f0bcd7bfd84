"""A project's money through a managed fund goes through the donations ledger: a claim's money is a gift of the
claiming unit into a drive's restricted account, it leaves only as a two-person disbursement to the project,
the public page shows both, and `fupin ledger check` reconciles them."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from fupin.donations import ledger
from fupin.donations import services as donations
from fupin.donations.models import Disbursement, Donation, DonationDrive
from fupin.donations.reversals import approve_reversal, request_reversal
from fupin.lib.uploads import check_photo
from fupin.matching import project_funds as funds
from fupin.matching import project_services as ps
from fupin.matching.models import ProjectClaim, ProjectFunding

from .factories import proof

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(people, tree, make_user):
    """The county's project claimed 40,000 元 by the city department; the county's drive takes transfers."""
    finance = make_user("county_finance", tree.county1, "finance", name="县财务张")
    officer = people.county_officer
    project = ps.create_project(
        by=officer,
        campaign=people.campaign,
        village=tree.village1,
        kind="specialty_farming",
        title="石桥东村茶叶种植基地",
        description="扩种茶叶 50 亩",
        budget_fen=10_000_000,
    )
    dept = make_user("dept_finance", tree.department, "finance")
    claim = ps.claim_project(by=dept, project=project, unit=tree.department, amount_fen=4_000_000)
    fund = donations.create_fund(by=officer, unit=tree.county1, name="东阳县扶贫日募捐资金")
    drive = donations.open_drive(
        by=officer,
        campaign=people.campaign,
        organiser=tree.county1,
        fund=fund,
        title="东阳县扶贫日爱心募捐",
        starts_on=date(2026, 10, 10),
        ends_on=timezone.localdate() + timedelta(days=30),
        channels=["transfer", "onsite"],
    )
    return {"finance": finance, "officer": officer, "project": project, "claim": claim, "drive": drive}


def _pay_in(m, amount_fen):
    return funds.pay_claim_into_fund(by=m["finance"], claim=m["claim"], drive=m["drive"], amount_fen=amount_fen)


def test_a_claims_money_paid_into_a_fund_is_a_gift_of_the_claiming_unit_in_the_ledger(money):
    funding = _pay_in(money, 3_000_000)
    gift = Donation.objects.get()
    assert (gift.donor_name, gift.donor_type, gift.channel, gift.amount_fen) == (
        "市教育局扶贫办",
        "unit",
        "transfer",
        3_000_000,
    )
    assert funding.donation == gift and gift.receipt.number == 1
    assert ledger.balance_fen(money["drive"]) == 3_000_000
    assert funds.project_money(money["project"]) == {"paid_in_fen": 3_000_000, "paid_out_fen": 0}


def test_a_claim_never_pays_into_a_fund_more_than_it_claimed(money):
    _pay_in(money, 3_000_000)
    with pytest.raises(ValidationError) as refused:
        _pay_in(money, 1_000_001)
    assert refused.value.messages == ["「市教育局扶贫办」认领 40,000.00 元,已缴入 30,000.00 元,本次最多 10,000.00 元"]
    assert Donation.objects.count() == 1 and ProjectFunding.objects.count() == 1
    assert ledger.balance_fen(money["drive"]) == 3_000_000


def test_only_the_funds_finance_officer_records_a_claims_money(money):
    with pytest.raises(PermissionDenied) as refused:
        funds.pay_claim_into_fund(by=money["officer"], claim=money["claim"], drive=money["drive"], amount_fen=100)
    assert str(refused.value) == "只有管理该专项资金的财务人员可以登记认领资金入账"
    assert not Donation.objects.exists() and not ProjectFunding.objects.exists()


def test_a_project_is_paid_out_of_a_drive_no_more_than_its_claims_paid_into_it(money):
    _pay_in(money, 3_000_000)
    with pytest.raises(ValidationError) as refused:
        funds.request_project_payout(
            by=money["finance"], project=money["project"], drive=money["drive"], amount_fen=3_000_001
        )
    assert refused.value.messages == [
        "本项目经「东阳县扶贫日爱心募捐」缴入 30,000.00 元,已拨付或待审批 0.00 元,本次最多可拨付 30,000.00 元"
    ]
    assert not Disbursement.objects.exists() and ProjectFunding.objects.count() == 1


def test_a_payout_to_a_project_leaves_the_drive_only_when_another_person_approves_it_with_proof(money):
    _pay_in(money, 3_000_000)
    out = funds.request_project_payout(
        by=money["finance"], project=money["project"], drive=money["drive"], amount_fen=2_000_000
    )
    assert (out.disbursement.recipient, out.disbursement.purpose) == ("石桥东村", "认领项目「石桥东村茶叶种植基地」")
    assert funds.project_money(money["project"]) == {"paid_in_fen": 3_000_000, "paid_out_fen": 0}
    donations.approve_and_pay(
        by=money["officer"], disbursement=out.disbursement, proof=proof("银行回单.jpg"), is_redacted=True
    )
    assert ledger.balance_fen(money["drive"]) == 1_000_000
    assert funds.project_money(money["project"]) == {"paid_in_fen": 3_000_000, "paid_out_fen": 2_000_000}
    call_command("ledger", "check")


def test_ledger_check_names_a_project_payment_that_differs_from_its_ledger_entry(money):
    funding = _pay_in(money, 3_000_000)
    call_command("ledger", "check")
    ProjectFunding.objects.filter(pk=funding.pk).update(amount_fen=3_500_000)
    with pytest.raises(CommandError) as found:
        call_command("ledger", "check")
    assert f"项目「石桥东村茶叶种植基地」的资金往来#{funding.pk} 与所记的捐赠或拨付不符" in str(found.value)


def test_a_reversed_gift_no_longer_counts_as_the_claims_money(money):
    funding = _pay_in(money, 3_000_000)
    reversal = request_reversal(by=money["finance"], entry=funding.donation.transaction, reason="重复登记")
    approve_reversal(by=money["officer"], reversal=reversal)
    assert funds.project_money(money["project"]) == {"paid_in_fen": 0, "paid_out_fen": 0}
    _pay_in(money, 4_000_000)  # the reversed money no longer counts against the claim
    call_command("ledger", "check")


def test_a_blank_disbursement_proof_is_refused_for_a_project_claim_as_for_a_donation(money, tree):
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (250, 250, 250)).save(out, "JPEG")
    blank = check_photo("空白.jpg", out.getvalue())
    claim = money["claim"]
    dept = claim.claimed_by
    with pytest.raises(ValidationError) as refused:
        ps.attach_disbursement_proof(by=dept, claim=claim, proof=blank)
    assert refused.value.messages == ["「空白.jpg」几乎是一片空白(99%以上是同一颜色),请上传能看清内容的照片"]
    assert not ProjectClaim.objects.get().proof


def test_the_public_project_page_shows_money_paid_in_and_out_through_the_fund(money, client, login):
    finance = login(money["finance"])
    page = finance.get(reverse("project_funds", args=[money["project"].pk]))
    assert "认领资金入账" in page.content.decode()
    data = {"in-claim": money["claim"].pk, "in-drive": money["drive"].pk, "in-amount_fen": "30000"}
    finance.post(reverse("pay_claim_into_fund", args=[money["project"].pk]), data)
    over = finance.post(
        reverse("request_project_payout", args=[money["project"].pk]),
        {"out-drive": money["drive"].pk, "out-amount_fen": "30000.01"},
    )
    assert over.status_code == 400
    assert "本次最多可拨付 30,000.00 元" in over.content.decode()
    assert not Disbursement.objects.exists()
    client.logout()
    public = client.get(reverse("public_project_detail", args=[money["project"].pk])).content.decode()
    assert "认领单位缴入 30,000.00 元,已拨付到项目 0.00 元" in public
    assert "市教育局扶贫办 缴入「东阳县扶贫日爱心募捐」 · 30,000.00 元" in public
    assert DonationDrive.objects.get().pk == money["drive"].pk
