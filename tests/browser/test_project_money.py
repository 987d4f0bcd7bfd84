"""A claim's money through the county's managed fund: the fund's finance officer finds the claimed project,
records the claiming unit's money into the drive and asks to pay the project; the office approves with the bank
slip; the public project page shows what was paid in and paid out. Pages are saved at desktop and phone width."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fupin.donations import services as donations
from fupin.matching import project_services as ps
from fupin.matching.tests.factories import make_campaign, proof

from .test_pages import log_in, snap


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def claimed(tree, make_user, county_officer):
    campaign = make_campaign(county_officer, tree.county1)
    make_user("county_finance", tree.county1, "finance", name="县财务张")
    project = ps.create_project(
        by=county_officer,
        campaign=campaign,
        village=tree.village1,
        kind="solar",
        title="石桥东村光伏电站",
        description="屋顶光伏 100 千瓦",
        budget_fen=30_000_000,
    )
    dept = make_user("dept_finance", tree.department, "finance")
    ps.claim_project(by=dept, project=project, unit=tree.department, amount_fen=10_000_000)
    fund = donations.create_fund(by=county_officer, unit=tree.county1, name="东阳县扶贫日募捐资金")
    donations.open_drive(
        by=county_officer,
        campaign=campaign,
        organiser=tree.county1,
        fund=fund,
        title="东阳县认领项目资金",
        starts_on=date(2026, 10, 10),
        ends_on=timezone.localdate() + timedelta(days=30),
        channels=["transfer"],
    )
    return project


@pytest.mark.browser
def test_a_claims_money_goes_through_the_fund_and_shows_on_the_public_project_page(
    live_server, page, claimed, tree, tmp_path
):
    log_in(page, live_server, "county_finance")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="认领项目").click()
    page.get_by_role("link", name="石桥东村光伏电站").click()
    page.get_by_label("认领单位(回执)").select_option(index=1)
    page.get_by_label("缴入专项").select_option(label="东阳县认领项目资金")
    page.get_by_label("缴入金额(元)").fill("100000")
    page.get_by_role("button", name="登记入账").click()
    expect(page.locator(".messages")).to_contain_text("已登记认领资金入账")
    expect(page.locator("#paid-in")).to_have_text("100,000.00")
    page.get_by_label("拨付专项").select_option(label="东阳县认领项目资金")
    page.get_by_label("拨付金额(元)").fill("100000.01")
    page.get_by_role("button", name="申请拨付").click()
    expect(page.locator("main")).to_contain_text("本次最多可拨付 100,000.00 元")
    page.get_by_label("拨付金额(元)").fill("60000")
    page.get_by_role("button", name="申请拨付").click()
    expect(page.locator(".messages")).to_contain_text("已提交拨付申请")
    snap(page, "project-money")
    page.context.clear_cookies()
    log_in(page, live_server, "county_officer")
    page.goto(f"{live_server.url}/donations/drives/{claimed.fundings.first().drive_id}/disbursements/")
    page.get_by_role("link", name="石桥东村", exact=True).click()
    (tmp_path / "银行回单.jpg").write_bytes(proof().data)
    page.get_by_label("拨付证明").set_input_files(tmp_path / "银行回单.jpg")
    page.get_by_label("我已遮盖证明中的学生姓名、身份证号、银行账号等个人信息").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="审批并拨付").click()
    expect(page.locator(".messages")).to_contain_text("已审批并拨付")
    detail = page.url
    page.context.clear_cookies()
    log_in(page, live_server, "county_finance")  # a second person checks the redaction and publishes the proof
    page.goto(detail)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="核对无误,批准公开").click()
    expect(page.locator(".messages")).to_contain_text("拨付证明已公开")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/projects/{claimed.pk}/")
    funds = page.locator("#managed-funds")
    expect(funds).to_contain_text("认领单位缴入 100,000.00 元,已拨付到项目 60,000.00 元")
    expect(funds.get_by_role("link", name="拨付证明")).to_be_visible()
    snap(page, "project-money-public")
