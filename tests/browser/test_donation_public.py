"""The public pledges without an account, finance confirms it, and the disclosure shows it masked, with
the daily chart drawn under the CSP. Screenshots at desktop and phone width go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.donations import services
from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user

from .test_dashboard import log_in, snap


@pytest.mark.browser
def test_a_pledge_becomes_a_masked_line_of_the_disclosure(live_server, page: Page, tree, city_officer):
    drive = open_drive_today(city_officer, tree.city)
    finance = make_user("finance", tree.city, "finance")
    services.receive_donation(
        by=finance, drive=drive, channel="onsite", amount_fen=500000, donor_type="enterprise", donor_name="清河建工集团"
    )
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/give/drives/{drive.pk}/")
    snap(page, "donation-public-pledge")
    page.get_by_label("姓名或单位名称").fill("阿卜杜拉·艾力")
    page.get_by_label("联系电话(选填)").fill("13912341234")
    page.get_by_label("金额(元)").fill("1.005")
    page.get_by_role("button", name="提交认捐").click()
    expect(page.locator(".field.has-error")).to_contain_text("超过两位小数")
    page.get_by_label("金额(元)").fill("１２０")
    page.get_by_role("button", name="提交认捐").click()
    expect(page.locator(".pledge-number")).to_have_text(re.compile(r"^RJ\d{4}-\d{7}$"))
    snap(page, "donation-public-pledge-detail")

    log_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/donations/drives/{drive.pk}/pledges/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="确认到账").click()
    expect(page.locator(".messages")).to_contain_text("收据号")
    page.get_by_role("button", name="退出").click()

    page.goto(f"{live_server.url}/disclosure/drives/{drive.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("阿*力")
    expect(main).not_to_contain_text("阿卜杜拉")
    expect(main).not_to_contain_text("13912341234")
    expect(main.locator(".stat").first).to_have_text("5,120.00")
    page.wait_for_function("() => document.getElementById('disclosure-chart').width > 0")
    snap(page, "donation-public-disclosure")
    assert refused == []
