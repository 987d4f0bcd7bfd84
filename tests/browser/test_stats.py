"""A statistics table in a browser: school 1 fills the 扶贫日活动情况统计表 on a phone (a bad amount is refused
beside its field, the registry's school count is shown, not asked), and the city office sees the total and drills
down to the school. Every page is saved at desktop and phone width in test-artifacts/."""

import pytest
from playwright.sync_api import Page, expect

from fupin.campaigns.tests.stat_factories import stat_campaign, task_of

from .conftest import DESKTOP, PHONE
from .test_pages import log_in, snap, url


def sign_in_as(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username)


@pytest.mark.browser
def test_a_school_fills_a_table_in_the_browser_and_the_city_sees_the_total(
    live_server, page, tree, city_officer, school_reporter
):
    _campaign, table = stat_campaign(city_officer, tree.city, unit_kinds=["county_bureau", "school"])
    task = task_of(table, tree.school1)

    sign_in_as(page, live_server, "school_reporter")
    page.set_viewport_size(PHONE)
    page.goto(url(live_server, f"/tasks/{task.pk}/stat/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("扶贫日活动情况统计表")
    expect(page.locator("main")).to_contain_text("自动取自「单位名册:学校数」,无需填写")
    expect(page.get_by_role("textbox", name="学校数")).to_have_count(0)  # shown, never asked
    expect(page.get_by_label("学校数")).to_have_text("1")
    page.get_by_label("开展活动(次)").fill("4")
    page.get_by_label("参与师生(人次)").fill("１２０")  # full-width digits from a phone keyboard
    page.get_by_label("帮扶资金(元)").fill("1234.567")
    page.get_by_role("button", name="保存并报送").click()
    expect(page.get_by_role("alert")).to_contain_text("金额最多两位小数")
    expect(page.get_by_label("参与师生(人次)")).to_have_value("１２０")  # what was typed is kept
    snap(page, "stat-fill-refused")
    page.get_by_label("帮扶资金(元)").fill("1234.5")
    page.get_by_role("button", name="保存并报送").click()
    expect(page.locator(".messages")).to_contain_text("已报送「扶贫日活动情况统计表」")
    expect(page.get_by_label("帮扶资金(元)")).to_have_value("1234.50")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    snap(page, "stat-fill-done")

    sign_in_as(page, live_server, "city_officer")
    page.set_viewport_size(DESKTOP)
    page.goto(url(live_server, f"/stat-tables/{table.pk}/totals/"))
    totals = page.locator("table.stat-totals")
    expect(totals.locator("tfoot")).to_contain_text("120")
    expect(totals.locator("tfoot")).to_contain_text("1,234.50")
    expect(totals).to_contain_text("1/2")  # county 1: the school handed in, the county bureau not yet
    snap(page, "stat-totals-city")
    totals.get_by_role("link", name=tree.county1.name).click()
    expect(page.get_by_role("table").filter(has_text=tree.school1.name)).to_contain_text("1,234.50")
    snap(page, "stat-totals-county")
