"""The 活动总结 draft cites the unit's published assessment lines, never a draft."""

from datetime import UTC, datetime

import pytest

from fupin.assessment import services
from fupin.assessment.summary import assessment_paragraphs

from .factories import LATE, city_campaign, hand_in, scheme, task_of

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_summary_cites_the_published_lines_only(tree, city_officer, make_user):
    campaign = city_campaign(city_officer, tree.city)
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(campaign, tree.school2), at=LATE)  # school1: none
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None))
    services.compute_results(by=city_officer, scheme=made)
    assert assessment_paragraphs(campaign, tree.school2, NOW) == []
    services.publish_results(by=city_officer, scheme=made)
    assert assessment_paragraphs(campaign, tree.school2, NOW) == [
        "在清河市教育局组织的年度考核中,西川县第一中学得分20分,在同类单位中排名第1位(共2个单位)。各项得分如下:",
        "按时报送20分:应报 1 项:按时 0 项得全分,逾期 1 项得一半,未报 0 项不得分。",
    ]
