"""Collect once: the 捐赠情况统计表's 参与捐赠单位数 and the 定点帮扶单位扶贫捐赠款物统计表 come from the recorded
gifts, never typed again. Expected figures are written out."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from fupin.campaigns.sources import row_source_for, source_value
from fupin.campaigns.tests.stat_factories import stat_campaign, task_of, template
from fupin.donations import ledger, services
from fupin.donations.sources import designated_aid_rows
from fupin.orgs.tests.factories import make_user

from .staff_data import staffed_drive

pytestmark = pytest.mark.django_db


def give(drive, by, fen, **kw):
    fields = {"channel": "one_day_pay", "donor_type": "individual", "donor_name": "甲"} | kw
    return services.receive_donation(by=by, drive=drive, amount_fen=fen, **fields)


def test_participating_units_are_counted_from_the_gifts(tree):
    staffed = staffed_drive(tree.county1, "dy")
    drive, by = staffed.drive, staffed.finance
    give(drive, by, 30000, unit=tree.school1)
    give(drive, by, 20000, unit=tree.school1)
    give(drive, by, 10000, unit=tree.county1)
    give(drive, by, 500000, channel="transfer", donor_type="enterprise", donor_name="东阳建材")  # counts the organiser
    campaign = drive.campaign
    assert source_value("donations.units", tree.county1, campaign) == 2
    assert source_value("donations.units", tree.school1, campaign) == 1
    assert source_value("donations.units", tree.county2, campaign) == 0


def test_the_designated_aid_table_is_filled_from_the_ledger(tree):
    staffed = staffed_drive(tree.county1, "dy")
    drive, by = staffed.drive, staffed.finance
    drive.designated_uses = "石桥东村饮水工程"
    drive.save(update_fields=["designated_uses"])
    moment = {"at": datetime(2026, 10, 17, 10, tzinfo=ZoneInfo("Asia/Shanghai"))}
    give(drive, by, 500000, channel="transfer", donor_type="enterprise", donor_name="东阳建材有限公司", **moment)
    services.record_goods(
        by=by,
        drive=drive,
        donor_type="social_organisation",
        donor_name="东阳县红十字会",
        goods_description="棉被",
        goods_quantity=40,
        goods_unit="床",
        goods_value_fen=480000,
        **moment,
    )
    give(drive, by, 30000, unit=tree.school1, **moment)
    give(drive, by, 20000, unit=tree.county1, **moment)
    wrong = give(drive, by, 9900, channel="onsite", donor_type="unit", donor_name="登记错的单位", **moment)
    ledger.reverse(by=staffed.office, entry=wrong.transaction, reason="登记重复")
    assert designated_aid_rows(tree.county1, drive.campaign) == [
        {
            "donor": "东阳建材有限公司",
            "recipient": "石桥东村饮水工程",
            "donated_on": date(2026, 10, 17),
            "kind": "资金",
            "money": 500000,
            "goods": "",
            "goods_value": None,
            "handler": "dy财务",
            "remark": "转账",
        },
        {
            "donor": "东阳县红十字会",
            "recipient": "石桥东村饮水工程",
            "donated_on": date(2026, 10, 17),
            "kind": "物资",
            "money": None,
            "goods": "棉被 40床",
            "goods_value": 480000,
            "handler": "dy财务",
            "remark": "物资",
        },
        {
            "donor": "个人(2 人次)",
            "recipient": "石桥东村饮水工程",
            "donated_on": date(2026, 10, 17),
            "kind": "资金",
            "money": 50000,
            "goods_value": None,
            "remark": "一日捐合计,截至该日",
        },
    ]
    assert designated_aid_rows(tree.county2, drive.campaign) == []


def test_the_county_sees_its_designated_aid_table_prefilled_to_check_and_save(tree, city_officer, login):
    campaign, table = stat_campaign(
        city_officer, tree.city, table="designated_aid_donation", unit_kinds=("county_bureau",)
    )
    fund = services.create_fund(by=city_officer, unit=tree.county1, name="东阳县扶贫日募捐资金")
    drive = services.open_drive(
        by=city_officer,
        campaign=campaign,
        organiser=tree.county1,
        fund=fund,
        title="东阳县扶贫日募捐",
        starts_on=date(2026, 10, 10),
        ends_on=date(2099, 12, 31),
        channels=["transfer"],
    )
    finance = make_user("dy_finance", tree.county1, "finance")
    give(drive, finance, 500000, channel="transfer", donor_type="enterprise", donor_name="东阳建材有限公司")
    reporter = make_user("dy_reporter", tree.county1, "reporter")
    page = login(reporter).get(reverse("stat_fill", args=[task_of(table, tree.county1).pk])).content.decode()
    assert 'id="prefilled-from"' in page
    assert 'value="东阳建材有限公司"' in page and 'value="5000.00"' in page and 'value="东阳县扶贫日募捐"' in page


def test_the_ready_donation_template_counts_participating_units_from_the_gifts():
    assert template("donation").columns.get(key="units").source == "donations.units"
    assert row_source_for("designated_aid_donation-2") is row_source_for("designated_aid_donation") is not None
