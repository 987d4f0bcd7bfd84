"""The office's progress dashboard in a browser: counts and the chart, 一键催报, and the school's workbench.

Screenshots at desktop and phone width go to test-artifacts/ (gitignored).
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.orgs.services import update_unit
from fupin.orgs.tests.factories import PASSWORD

from .conftest import DESKTOP, PHONE

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def snap(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(150)  # the chart redraws for the new width
        page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("账号", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="登录").click()


def log_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()


@pytest.mark.browser
def test_the_office_reminds_the_missing_schools_and_the_school_sees_it(
    live_server, page, tree, city_officer, school_reporter, mailoutbox
):
    update_unit(
        by=None,
        unit=tree.school1,
        contact_person="赵老师",
        contact_phone="13800138001",
        contact_email="dy1z@example.cn",
    )
    campaign = campaign_with_requirements(
        city_officer, tree.city, due_at=timezone.now() + timedelta(days=2), due_text=""
    )
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda dialog: dialog.accept())

    log_in(page, live_server, "city_officer")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/progress/")
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text("报送进度")
    expect(main.locator(".grid.stats")).to_contain_text("应报任务")
    expect(main.locator("table.progress-table").first).to_contain_text("活动总结")
    expect(main.locator("table.progress-table").last).to_contain_text(tree.county1.name)
    expect(page.locator("#progress-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('progress-chart'))")
    snap(page, "dashboard-office")

    main.get_by_role("link", name="活动总结", exact=True).click()
    expect(page.locator("#missing")).to_contain_text("尚未报送的单位")
    expect(main).to_contain_text("赵老师")
    main.get_by_role("button", name="一键催报").click()
    expect(page.locator(".messages")).to_contain_text("已向 2 个未报单位发出催报")
    assert [m.to for m in mailoutbox] == [["dy1z@example.cn"]]
    snap(page, "dashboard-reminded")

    main.get_by_role("link", name=re.compile(tree.county1.name)).first.click()
    expect(page.locator("nav.crumbs")).to_contain_text(tree.city.name)
    expect(main).to_contain_text(tree.school1.name)
    expect(main).not_to_contain_text(tree.school2.name)
    log_out(page)

    log_in(page, live_server, "school_reporter")
    panel = page.locator("section.reminders")
    expect(panel).to_contain_text("催报提醒")
    expect(panel).to_contain_text("请尽快报送「活动总结」")
    snap(page, "workbench-reminder")
    panel.get_by_role("button", name="标为已读").click()
    expect(page.locator(".messages")).to_contain_text("已将 1 条提醒标为已读")
    expect(page.locator("section.reminders")).to_have_count(0)
    assert refused == []
