"""Deductions in a browser: the city office confirms a 疑似摊派 flag as 摊派 with its finding, the supervisor
finds a concern 属实 against a school, and the office's scoring shows each school the deduction with the
drive it came from, linked to the record. Pages are saved at desktop and phone width."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from fupin.assessment.tests.factories import city_campaign, hand_in, task_of
from fupin.donations import pledges
from fupin.donations import services as donations

from .test_pages import log_in, snap, url

NARROW_PHONE = {"width": 375, "height": 812}


def _drive_with_same_amount_gifts(city_officer, finance, campaign, school):
    fund = donations.create_fund(by=city_officer, unit=campaign.unit, name="清河市扶贫日募捐资金")
    drive = donations.open_drive(
        by=city_officer,
        campaign=campaign,
        organiser=campaign.unit,
        fund=fund,
        title="扶贫日一日捐",
        starts_on=date(2026, 10, 10),
        ends_on=date(2099, 10, 31),
        channels=["one_day_pay"],
    )
    for n in range(10):
        donations.receive_donation(
            by=finance,
            drive=drive,
            channel="one_day_pay",
            amount_fen=20000,
            donor_type="individual",
            donor_name=f"教师{n}",
            unit=school,
        )
    return drive


def confirm_quota(page: Page, live_server, drive) -> None:
    page.goto(url(live_server, f"/donations/drives/{drive.pk}/quotas/"))
    card = page.locator(".card", has_text="东阳县第一中学")
    card.get_by_label("核查说明").fill("经逐一询问,学校按职务规定每人捐 200 元,从工资中代扣")
    card.get_by_role("button", name="查实存在摊派,确认").click()
    expect(page.locator(".messages")).to_contain_text("已确认存在摊派并留存核查说明")
    expect(page.locator(".card", has_text="东阳县第一中学")).to_contain_text("确认摊派")
    snap(page, "quota-confirmed")


def substantiate_concern(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="群众反映").click()
    page.get_by_role("link", name="西川县第一中学要求每位老师捐款").click()
    page.get_by_label("属实", exact=True).check()
    page.get_by_label("涉及单位").select_option(label="西川县第一中学")
    page.get_by_role("textbox", name="答复").fill("经核查属实,已责令学校退还并通报批评。")
    snap(page, "concern-substantiate")
    page.get_by_role("button", name="答复").click()
    expect(page.locator("main")).to_contain_text("涉及单位:西川县第一中学")


def score_and_follow_the_deduction(page: Page, campaign) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="年度考核").click()
    page.locator("tr", has_text=campaign.title).get_by_role("link", name="考核方案").click()
    expect(page.get_by_label("摊派扣分 上限")).to_have_value("10")
    page.get_by_role("button", name="保存考核方案").click()
    page.get_by_role("button", name="计分").click()
    expect(page.locator(".messages")).to_contain_text("已按最新数据重新计分")
    page.get_by_role("link", name="学校(中学)(2)").click()
    page.get_by_role("link", name="西川县第一中学").click()
    concern = page.locator("section", has_text="群众反映属实扣分")
    expect(concern).to_contain_text("群众反映经监督核查属实 1 件,每件扣分:「扶贫日一日捐」")
    expect(concern).to_contain_text("-3.00 分")
    page.go_back()
    page.get_by_role("link", name="东阳县第一中学").click()
    quota = page.locator("section", has_text="摊派扣分")
    expect(quota).to_contain_text("经核查确认摊派 1 起,每起扣分:「扶贫日一日捐」")
    expect(quota).to_contain_text("-5.00 分")
    page.set_viewport_size(NARROW_PHONE)
    snap(page, "assessment-deduction-line")
    quota.get_by_role("link", name="查看依据:摊派核查记录").click()
    expect(page.locator("main")).to_contain_text("疑似摊派核查")
    expect(page.locator(".card", has_text="东阳县第一中学")).to_contain_text("确认摊派")


@pytest.mark.browser
def test_confirmed_quota_and_substantiated_concern_cost_the_schools_points(
    live_server, page, tree, make_user, city_officer
):
    city_officer.set_password("Fupin@2026")
    city_officer.save()
    make_user("jijian", tree.city, "supervisor", name="纪检组")
    campaign = city_campaign(city_officer, tree.city)
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(campaign, tree.school1))
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(campaign, tree.school2))
    finance = make_user("finance", tree.city, "finance")
    drive = _drive_with_same_amount_gifts(city_officer, finance, campaign, tree.school1)
    donations.receive_donation(
        by=finance, drive=drive, channel="one_day_pay", amount_fen=5000, donor_type="individual", unit=tree.school2
    )
    pledges.report_concern(drive=drive, text="西川县第一中学要求每位老师捐款")
    log_in(page, live_server, "city_officer")
    confirm_quota(page, live_server, drive)
    page.context.clear_cookies()
    log_in(page, live_server, "jijian")
    substantiate_concern(page)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, "city_officer")
    score_and_follow_the_deduction(page, campaign)
