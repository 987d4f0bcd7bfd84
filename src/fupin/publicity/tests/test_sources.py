"""Collect once: the statistics table's event, participant, report and photo counts equal the records of the
unit's subtree for the campaign."""

from datetime import datetime

import pytest

from fupin.campaigns.models import StatColumn
from fupin.campaigns.sources import source_value
from fupin.campaigns.stat_templates import ensure_ready_templates
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.publicity import services
from fupin.publicity.summary import publicity_paragraphs

from .factories import HELD_ON, event, photo

pytestmark = pytest.mark.django_db


def test_the_tables_counts_equal_the_records(tree, city_officer, school_reporter, make_user):
    campaign = campaign_with_requirements(city_officer, tree.city)
    meeting = event(school_reporter, tree.school1, campaign=campaign, students=45, teachers=2)
    event(school_reporter, tree.school1, campaign=campaign, title="国旗下讲话", students=800, teachers=60, parents=0)
    event(school_reporter, tree.school1, title="不属于本次活动", students=30)
    photo(school_reporter, tree.school1, event=meeting)
    photo(school_reporter, tree.school1, "未关联活动")
    services.record_media_report(
        by=school_reporter,
        unit=tree.school1,
        outlet_level="wechat",
        outlet="东阳一中公众号",
        title="我校开展扶贫日主题班会",
        published_on=HELD_ON,
        link="https://example.org/a",
        event=meeting,
    )
    other = make_user("xc_reporter", tree.school2, "reporter")
    event(other, tree.school2, campaign=campaign, students=10)

    assert source_value("publicity.events", tree.school1, campaign) == 2
    assert source_value("publicity.participants", tree.school1, campaign) == 907
    assert source_value("publicity.media_reports", tree.school1, campaign) == 1
    assert source_value("publicity.photos", tree.school1, campaign) == 1
    assert source_value("publicity.events", tree.city, campaign) == 3
    assert source_value("publicity.participants", tree.city, campaign) == 919  # 907 + 西川 10 students and 2 teachers


def test_the_summary_section_speaks_of_the_same_records(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(city_officer, tree.city)
    assert publicity_paragraphs(campaign, tree.school1, datetime(2026, 10, 20)) == []
    meeting = event(school_reporter, tree.school1, campaign=campaign, students=45, teachers=2)
    photo(school_reporter, tree.school1, event=meeting)
    services.record_media_report(
        by=school_reporter,
        unit=tree.school1,
        outlet_level="county",
        outlet="东阳融媒",
        title="一中开展主题班会",
        published_on=HELD_ON,
        link="https://example.org/b",
        campaign=campaign,
    )
    assert publicity_paragraphs(campaign, tree.school1, datetime(2026, 10, 20)) == [
        "东阳县第一中学及所属单位共开展宣传教育活动1场(主题班会1场),参与47人次,上传活动图片1张。",
        "各类媒体刊发报道1篇。",
    ]


def test_the_activity_tables_media_report_column_reads_the_reports(db):
    ensure_ready_templates()
    column = StatColumn.objects.get(table__code="fupin_day_activity", key="media_reports")
    assert (column.source, column.label) == ("publicity.media_reports", "媒体报道(篇)")
