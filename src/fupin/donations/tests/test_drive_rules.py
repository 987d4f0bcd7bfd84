"""Rules of the notices on opening a drive: a primary or secondary school neither organises a drive nor manages
its money, and a drive's dates in the wrong order get a Chinese message; nothing is written when refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fupin.donations import services
from fupin.donations.models import DonationDrive, Fund

from .staff_data import donation_item

pytestmark = pytest.mark.django_db


def start(by, item, organiser, managing_unit, **kw):
    fields = {
        "title": "扶贫日爱心募捐",
        "starts_on": date(2026, 10, 10),
        "ends_on": date(2026, 10, 31),
        "channels": ["transfer"],
    } | kw
    return services.start_drive(by=by, item=item, organiser=organiser, managing_unit=managing_unit, **fields)


def test_a_secondary_school_cannot_be_the_fund_managing_unit_of_a_drive(tree, county_officer):
    item = donation_item(county_officer, tree.county1)
    with pytest.raises(ValidationError) as refused:
        start(county_officer, item, tree.county1, tree.school1)
    assert refused.value.message_dict["managing_unit"] == ["中小学校不能作为募捐资金的管理单位(通知要求)"]
    assert not Fund.objects.exists() and not DonationDrive.objects.exists()


def test_a_primary_school_cannot_organise_a_drive(tree, county_officer):
    from fupin.orgs.tests.factories import school

    primary = school(tree.county1, "东阳县实验小学", "primary", code="QH-DY-P01")
    item = donation_item(county_officer, tree.county1)
    with pytest.raises(ValidationError, match="中小学校原则上不组织捐赠活动"):
        start(county_officer, item, primary, tree.county1)
    assert not DonationDrive.objects.exists()


def test_a_drive_ending_before_it_starts_gets_a_chinese_message(tree, county_officer):
    item = donation_item(county_officer, tree.county1)
    with pytest.raises(ValidationError) as refused:
        start(county_officer, item, tree.county1, tree.county1, starts_on=date(2026, 10, 31), ends_on=date(2026, 10, 1))
    assert refused.value.message_dict["ends_on"] == ["募捐结束日期不能早于开始日期"]
    assert not DonationDrive.objects.exists()
