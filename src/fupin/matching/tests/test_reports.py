"""The wish and project figures feed the statistics tables and the 活动总结, counted per unit subtree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fupin.campaigns.sources import source_value
from fupin.matching import project_services as ps
from fupin.matching import services
from fupin.matching.models import WishClaim
from fupin.matching.summary import matching_paragraphs

from .factories import photo, wish

pytestmark = pytest.mark.django_db


def test_wish_and_project_figures_count_per_subtree(people, tree, make_user):
    wish(people.village_reporter, people.campaign, people.household, title="待审核")
    done = people.open_wish(title="已实现", value_fen=15_000)
    claim = services.claim_wish(by=people.county_officer, wish=done)
    services.record_delivery(by=people.county_officer, claim=claim, kind="handed_over", note="送到家")
    services.confirm_receipt(by=people.village_reporter, wish=done, photo=photo())
    lapsed = people.open_wish(title="过期")
    services.claim_wish(by=people.county_officer, wish=lapsed)
    WishClaim.objects.filter(wish=lapsed).update(due_at=timezone.now() - timedelta(minutes=1))
    services.expire_claims()
    project = ps.create_project(
        by=people.county_officer,
        campaign=people.campaign,
        village=tree.village1,
        kind="solar",
        title="光伏",
        description="村集体光伏",
        budget_fen=1_000_000,
    )
    ps.claim_project(by=people.county_officer, project=project, unit=tree.county1, amount_fen=300_000)
    expected = {
        "matching.wishes_posted": 3,
        "matching.wishes_vetted": 2,
        "matching.wishes_claimed": 2,
        "matching.wishes_fulfilled": 1,
        "matching.wishes_confirmed": 1,
        "matching.wish_claims_expired": 1,
        "matching.wishes_confirmed_fen": 15_000,
        "matching.projects_claimed": 1,
        "matching.project_claims_fen": 300_000,
    }
    assert {k: source_value(k, tree.county1, people.campaign) for k in expected} == expected
    assert source_value("matching.wishes_posted", tree.county2, people.campaign) == 0
    assert matching_paragraphs(people.campaign, tree.county1, timezone.now()) == [
        "东阳县教育局及所属单位共发布微心愿3个,审核通过2个,已被认领2个,已实现1个,价值150.00元。",
        "有1次认领未在期限内送达而失效,相关心愿已重新开放认领。",
        "认领扶贫项目1个,认领金额3,000.00元。",
    ]
