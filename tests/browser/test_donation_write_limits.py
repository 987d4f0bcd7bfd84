"""A second pledge from the same address over the limit meets a Chinese page that says why and how long to
wait, and nothing is recorded. Pages saved at desktop and phone width in test-artifacts/."""

import re

import pytest
from playwright.sync_api import Page, expect

from fupin.donations.models import Pledge
from fupin.donations.tests.public_data import open_drive_today

from .test_dashboard import snap


@pytest.mark.browser
def test_a_pledge_over_the_limit_is_refused_with_a_chinese_page(live_server, page: Page, tree, city_officer, settings):
    settings.FUPIN_PUBLIC_WRITE_RATE = "1/h"
    drive = open_drive_today(city_officer, tree.city)
    page.goto(f"{live_server.url}/give/drives/{drive.pk}/")
    page.get_by_label("姓名或单位名称").fill("清河新华书店")
    page.get_by_label("金额(元)").fill("300")
    page.get_by_role("button", name="提交认捐").click()
    expect(page.locator(".pledge-number").first).to_have_text(re.compile(r"^RJ\d{4}-\d{7}$"))
    page.goto(f"{live_server.url}/give/drives/{drive.pk}/")
    page.get_by_label("姓名或单位名称").fill("清河百货")
    page.get_by_label("金额(元)").fill("500")
    page.get_by_role("button", name="提交认捐").click()
    expect(page.locator("h1")).to_have_text("提交过于频繁")
    expect(page.locator("main")).to_contain_text("同一网络地址提交过于频繁,请约 60 分钟后再试")
    snap(page, "donation-write-limit")
    assert list(Pledge.objects.values_list("donor_name", flat=True)) == ["清河新华书店"]
