"""Pledges corrected in a browser: Back-then-submit is caught with the earlier pledge's number, amount and time;
the giver says it is another and then withdraws it from its own link; finance voids the first one, unpaid, with a
reason. Pages are saved at desktop and phone width in test-artifacts/."""

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user

from .test_dashboard import log_in, snap


def _pledge(page: Page, live_server, drive) -> None:
    page.goto(f"{live_server.url}/give/drives/{drive.pk}/")
    page.get_by_label("姓名或单位名称").fill("清河新华书店")
    page.get_by_label("联系电话(选填)").fill("13912341234")
    page.get_by_label("金额(元)").fill("300")
    page.get_by_role("button", name="提交认捐").click()


@pytest.mark.browser
def test_a_giver_withdraws_a_second_pledge_and_finance_voids_the_first_with_a_reason(
    live_server, page: Page, tree, city_officer
):
    drive = open_drive_today(city_officer, tree.city)
    make_user("finance", tree.city, "finance")
    _pledge(page, live_server, drive)
    first = page.locator(".pledge-number").first.inner_text()
    _pledge(page, live_server, drive)  # Back, then the same pledge again
    warning = page.locator("main")
    expect(warning).to_contain_text(
        re.compile(rf"\d{{4}}-\d\d-\d\d \d\d:\d\d 已有一笔相同的认捐.编号 {first},300\.00 元")
    )
    snap(page, "money-pledge-duplicate-warning")
    page.get_by_label("这是另一笔认捐").check()
    page.get_by_role("button", name="提交认捐").click()
    second = page.locator(".pledge-number").first
    expect(second).not_to_have_text(first)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="撤回认捐").click()
    expect(page.locator(".messages")).to_contain_text("已撤回这笔认捐")
    expect(page.locator("main")).to_contain_text("捐赠人已撤回")
    snap(page, "money-pledge-withdrawn")

    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/donations/drives/{drive.pk}/pledges/")
    row = page.locator("tr", has_text=first)
    row.get_by_label("作废原因").fill("测试时误提交,未到账")
    row.get_by_role("button", name="作废").click()
    expect(page.locator(".messages")).to_contain_text(f"已作废认捐 {first}")
    expect(page.locator("main table")).not_to_contain_text(first)
    snap(page, "money-pledge-voided")
