"""The public finds a drive on /give/ from the home page, follows it to the pledge page and pledges
anonymously; the list is looked at on a desktop and a phone (screenshots to /tmp)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.donations import services
from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user

from .conftest import DESKTOP, PHONE

SHOTS = Path("/tmp")


def shoot(page: Page, name: str) -> None:
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def _no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size(PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    assert width <= PHONE["width"]


@pytest.mark.browser
def test_the_public_finds_a_drive_and_pledges_anonymously(live_server, page: Page, tree, city_officer):
    drive = open_drive_today(city_officer, tree.city)
    finance = make_user("finance", tree.city, "finance")
    services.receive_donation(
        by=finance, drive=drive, channel="onsite", amount_fen=500000, donor_type="enterprise", donor_name="清河建工集团"
    )
    today = timezone.localdate()
    services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=tree.county1,
        fund=drive.fund,
        title="东阳县“一元捐”助学活动(已结束)",
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=2),
        channels=["one_yuan", "transfer"],
    )

    page.goto(live_server.url)
    shoot(page, "public-home")
    page.get_by_role("link", name=re.compile("我要捐赠")).click()
    expect(page).to_have_url(re.compile(r"/give/$"))
    card = page.locator("article.drive", has_text=drive.title)
    expect(card).to_contain_text("5,000.00")
    expect(card).to_contain_text("资金管理单位")
    ended = page.locator("section", has=page.locator("h2#ended"))
    expect(ended).to_contain_text("已结束")
    expect(ended.get_by_role("link", name="我要捐赠")).to_have_count(0)
    expect(ended.get_by_role("link", name="查看公示").first).to_be_visible()
    shoot(page, "public-drive-index")
    _no_sideways_scroll(page)

    card.get_by_role("link", name="我要捐赠").click()
    expect(page).to_have_url(re.compile(rf"/give/drives/{drive.pk}/$"))
    page.get_by_label("匿名捐赠(公示时不显示姓名)").check()
    page.get_by_label("金额(元)").fill("66.60")
    page.get_by_role("button", name="提交认捐").click()
    expect(page.locator(".pledge-number")).to_have_text(re.compile(r"^RJ\d{4}-\d{7}$"))
    shoot(page, "public-drive-index-pledged")
