"""The on-site donation event in a browser: the 扶贫办 that runs it (the 扶贫募捐 item's 牵头单位) follows a county's
nominated enterprise from invited to gave, 「已捐赠」 pointing at the gift finance recorded. Pages are saved at
desktop and phone width in test-artifacts/."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fupin.campaigns.models import ItemKind
from fupin.campaigns.services.campaigns import add_item
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations import nominations, services
from fupin.orgs.tests.factories import make_user

from .test_dashboard import log_in, snap


@pytest.mark.browser
def test_the_event_office_follows_a_nominated_enterprise_to_its_gift(
    live_server, page: Page, tree, city_officer, county_officer
):
    campaign = campaign_with_requirements(city_officer, tree.city)
    item = add_item(
        by=city_officer, campaign=campaign, title="现场捐赠", kind=ItemKind.DONATION_DRIVE, lead_units=[tree.department]
    )
    drive = services.open_drive(
        by=city_officer,
        campaign=campaign,
        item=item,
        organiser=tree.city,
        fund=services.create_fund(by=city_officer, unit=tree.city, name="市教育局扶贫日募捐资金"),
        title="扶贫日现场捐赠",
        starts_on=date(2026, 10, 10),
        ends_on=timezone.localdate() + timedelta(days=30),
        channels=["onsite"],
    )
    services.receive_donation(
        by=make_user("finance", tree.city, "finance"),
        drive=drive,
        channel="onsite",
        amount_fen=2_000_000,
        donor_type="enterprise",
        donor_name="东阳建材有限公司",
    )
    nominations.nominate_enterprise(
        by=county_officer, campaign=campaign, unit=tree.county1, enterprise="东阳建材有限公司"
    )
    make_user("fpb", tree.department, "coordinator", name="李红梅")

    log_in(page, live_server, "fpb")
    page.goto(f"{live_server.url}/donations/nominations/")
    expect(page.locator("main table")).to_contain_text("已推荐")
    page.get_by_role("link", name="东阳建材有限公司").click()
    page.get_by_label("状态").select_option(label="已邀请")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#nomination-status")).to_contain_text("已邀请")
    page.get_by_label("状态").select_option(label="已捐赠")
    page.get_by_role("button", name="保存").click()  # no gift chosen: refused with the reason
    expect(page.locator("main")).to_contain_text("「已捐赠」须选择这家企业的捐赠记录")
    page.get_by_label("捐赠记录").select_option(index=1)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#nomination-gift")).to_contain_text("20,000.00 元")
    snap(page, "donations-nomination-gave")
    page.goto(f"{live_server.url}/donations/nominations/")
    expect(page.locator("main table")).to_contain_text("已捐赠")
    snap(page, "donations-nomination-list-status")
