"""The 募捐情况 section of a unit's 活动总结: figures from the recorded gifts and the ledger, adding up."""

import pytest
from django.utils import timezone

from fupin.campaigns.sources import source_value
from fupin.campaigns.summary_sections import SECTIONS
from fupin.donations import ledger
from fupin.donations.services import receive_donation
from fupin.donations.summary import donation_paragraphs

from .staff_data import staffed_drive

pytestmark = pytest.mark.django_db


def _give(staffed, channel, fen, unit=None, **extra):
    return receive_donation(
        by=staffed.finance,
        drive=staffed.drive,
        channel=channel,
        amount_fen=fen,
        donor_type="individual",
        donor_name="甲",
        unit=unit,
        **extra,
    )


def test_the_donations_section_is_registered_for_every_summary():
    assert SECTIONS["donations"].heading == "募捐情况"


def test_the_summary_counts_gifts_by_channel_and_the_parts_add_up(tree):
    staffed = staffed_drive(tree.county1, "dy")
    _give(staffed, "one_day_pay", 30000, tree.school1)
    _give(staffed, "one_day_pay", 20000, tree.school1)
    _give(staffed, "one_yuan", 150, tree.school1)
    _give(staffed, "transfer", 500000)
    paragraphs = donation_paragraphs(staffed.drive.campaign, tree.county1, timezone.now())
    assert paragraphs[0] == (
        "本次活动东阳县教育局及所属单位共登记捐款4笔,合计5,501.50元,"
        "其中一日捐500.00元(2笔)、一元捐1.50元(1笔)、转账5,000.00元(1笔)。"
    )
    assert "已拨付0笔,共0.00元" in paragraphs[-1] and "结余5,501.50元" in paragraphs[-1]
    school = donation_paragraphs(staffed.drive.campaign, tree.school1, timezone.now())
    assert school == [
        "本次活动东阳县第一中学及所属单位共登记捐款3笔,合计501.50元,其中一日捐500.00元(2笔)、一元捐1.50元(1笔)。"
    ]


def test_a_unit_without_gifts_gets_no_donations_section(tree):
    staffed = staffed_drive(tree.county1, "dy")
    assert donation_paragraphs(staffed.drive.campaign, tree.county2, timezone.now()) == []


def test_a_reversed_gift_counts_nowhere(tree):
    staffed = staffed_drive(tree.county1, "dy")
    _give(staffed, "one_day_pay", 30000, tree.school1)
    wrong = _give(staffed, "one_day_pay", 99900, tree.school1)
    ledger.reverse(by=staffed.finance, entry=wrong.transaction, reason="重复录入")
    campaign = staffed.drive.campaign
    assert source_value("donations.one_day_pay_fen", tree.school1, campaign) == 30000
    assert source_value("donations.donors", tree.school1, campaign) == 1
    assert "共登记捐款1笔,合计300.00元" in donation_paragraphs(campaign, tree.school1, timezone.now())[0]
