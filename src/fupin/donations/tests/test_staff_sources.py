"""Collect once: the campaign's statistics tables read the donation figures from what was recorded."""

import pytest
from django.utils import timezone

from fupin.campaigns.sources import SOURCES, source_value
from fupin.donations.openings import confirm_box_opening, record_box_opening
from fupin.donations.services import receive_donation, register_box
from fupin.lib.uploads import check_photo
from fupin.orgs.tests.factories import make_user

from .staff_data import photo_upload, staffed_drive

pytestmark = pytest.mark.django_db

KEYS = ["donors", "money_fen", "one_day_pay_fen", "one_yuan_fen", "box_fen", "goods_fen"]


def test_every_donation_key_the_ready_templates_name_is_registered():
    assert {f"donations.{k}" for k in KEYS} <= set(SOURCES)


def test_donation_figures_add_up_the_unit_tree(tree):
    staffed = staffed_drive(tree.county1, "dy")
    drive, by = staffed.drive, staffed.finance

    def give(channel, fen, unit=None):
        receive_donation(
            by=by, drive=drive, channel=channel, amount_fen=fen, donor_type="individual", donor_name="甲", unit=unit
        )

    give("one_day_pay", 30000, tree.school1)
    give("one_day_pay", 20000, tree.county1)
    give("one_yuan", 100, tree.school1)
    give("transfer", 500000)
    box = register_box(by=by, drive=drive, place="大厅", seal_number="B1", kind="fixed")
    teacher = make_user("dy_teacher", tree.school1, "reporter")
    opening = record_box_opening(
        by=by,
        box=box,
        amount_fen=8800,
        first_witness=by,
        second_witness=teacher,
        count_sheet=check_photo("单.jpg", photo_upload().getvalue()),
        opened_at=timezone.now(),
    )
    confirm_box_opening(by=teacher, opening=opening)
    campaign = drive.campaign
    county = {k: source_value(f"donations.{k}", tree.county1, campaign) for k in KEYS}
    assert county == {
        "donors": 4,
        "money_fen": 558900,
        "one_day_pay_fen": 50000,
        "one_yuan_fen": 100,
        "box_fen": 8800,
        "goods_fen": 0,
    }
    assert source_value("donations.one_day_pay_fen", tree.school1, campaign) == 30000
    assert source_value("donations.money_fen", tree.county2, campaign) == 0
    assert source_value("donations.money_fen", tree.city, campaign) == 558900
