"""Collect once: the statistics' volunteer figures equal the confirmed sign-ups of the subtree's services."""

from datetime import datetime

import pytest

from fupin.campaigns.sources import source_value
from fupin.volunteers import services
from fupin.volunteers.summary import volunteer_paragraphs

from .factories import has_started, opportunity

pytestmark = pytest.mark.django_db


def test_table_counts_equal_confirmed_volunteers_and_hours(tree, organiser, league, campaign, school_reporter):
    first = opportunity(organiser, league, campaign, slots=5)
    second = opportunity(organiser, league, campaign, slots=5, title="助学志愿服务:周末课业辅导", kind="education")
    people = [("李小明", "13800000001"), ("王芳", "13800000002"), ("赵磊", "13800000003")]
    made = [services.sign_up(by=school_reporter, opportunity=first, name=n, phone=p) for n, p in people]
    later = services.sign_up(by=school_reporter, opportunity=second, name="李小明", phone="13800000001")
    services.sign_up(by=school_reporter, opportunity=second, name="王芳", phone="13800000002")  # not yet confirmed
    for sign_up in (*made, later):
        sign_up.opportunity = has_started(sign_up.opportunity)
    services.confirm_hours(by=organiser, sign_up=made[0], hours="3")
    services.confirm_hours(by=organiser, sign_up=made[1], hours="2.5")
    services.mark_absent(by=organiser, sign_up=made[2])
    services.confirm_hours(by=organiser, sign_up=later, hours="1")

    assert source_value("volunteers.opportunities", tree.county1, campaign) == 2
    assert source_value("volunteers.volunteers", tree.county1, campaign) == 3
    assert source_value("volunteers.hours", tree.county1, campaign) == 7  # 3 + 2.5 + 1 = 6.5, rounded half up
    assert source_value("volunteers.volunteers", tree.city, campaign) == 3
    assert source_value("volunteers.volunteers", tree.county2, campaign) == 0
    assert volunteer_paragraphs(campaign, tree.county1, datetime(2026, 10, 20)) == [
        "东阳县教育局及所属单位组织志愿服务2项(助残1项、助学1项),经组织单位确认到场志愿者3人次,服务时长约7小时。"
    ]
    assert volunteer_paragraphs(campaign, tree.county2, datetime(2026, 10, 20)) == []
