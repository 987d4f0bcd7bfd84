"""The city office opens its wish and project report from 认领项目: a chart and a table per county, the .xlsx of
the same figures, then the claims against the notice's deadline (on time, late, not claimed). Pages are saved at
desktop and phone width in test-artifacts/."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from fupin.campaigns.services import campaigns as campaign_services
from fupin.matching import project_services as ps
from fupin.matching.models import ProjectClaim
from fupin.matching.tests.factories import make_campaign

from .test_pages import log_in, snap


@pytest.fixture
def claimed(tree, city_officer):
    campaign = make_campaign(city_officer, tree.city)
    item = campaign_services.add_item(
        by=city_officer,
        campaign=campaign,
        title="认领一个项目",
        kind="project_claim",
        responsible_units=[tree.county1, tree.county2],
    )
    campaign_services.add_requirement(
        by=city_officer, campaign=campaign, kind="stamped_scan", title="项目认领回执", due_text="10月10日前", item=item
    )
    project = ps.create_project(
        by=city_officer,
        campaign=campaign,
        village=tree.village1,
        kind="solar",
        title="石桥东村光伏电站",
        description="屋顶光伏",
        budget_fen=1_000_000,
    )
    ps.claim_project(by=city_officer, project=project, unit=tree.county1, amount_fen=400_000)
    early = datetime(2026, 10, 9, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    ProjectClaim.objects.update(claimed_at=early)
    return campaign


@pytest.mark.browser
def test_the_office_reads_the_county_report_and_the_claims_against_the_deadline(live_server, page, claimed):
    log_in(page, live_server, "city_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="认领项目").click()
    page.get_by_role("link", name="微心愿与认领项目统计").click()
    table = page.locator("#county-report")
    expect(table.get_by_role("row").nth(1)).to_contain_text("东阳县教育局")
    expect(table.get_by_role("row").nth(1)).to_contain_text("1(1/0)")
    expect(page.locator("#wish-chart")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith("微心愿与认领项目统计.xlsx")
    snap(page, "matching-report")
    page.get_by_role("link", name="项目认领截止情况").click()
    expect(page.locator("#deadline")).to_contain_text("2026年10月10日(周六)24:00")
    rows = page.locator("#claims-deadline").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("东阳县教育局")
    expect(rows.nth(1)).to_contain_text("按时认领")
    expect(rows.nth(2)).to_contain_text("西川县教育局")
    expect(rows.nth(2)).to_contain_text("未认领")
    snap(page, "claims-deadline")
