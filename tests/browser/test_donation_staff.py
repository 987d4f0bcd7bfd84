"""Donations in a browser, as the staff do them: the county office opens a drive (a primary school is refused with
the rule), finance records a gift and a 一日捐 sheet (a bad row first), registers a box and counts an opening with a
second person, who confirms it with their own login; finance records goods and hands some out, asks to pay out;
the office approves with the proof, reviews 疑似摊派 and nominates an enterprise. Every page is saved at desktop
and phone width in test-artifacts/."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from fupin.donations.tests.staff_data import count_sheet_jpeg, donation_item
from fupin.orgs.tests.factories import make_user, school

from .test_pages import log_in, snap, url
from .test_tasks import sign_in_as


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _sheet(path: Path, rows) -> Path:
    book = Workbook()
    book.active.append(["方式", "姓名", "单位代码", "金额(元)", "匿名"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _photo(path: Path) -> Path:
    path.write_bytes(count_sheet_jpeg())  # a signed sheet, not a blank page (blank proofs are refused)
    return path


def open_drive(page: Page, live_server, primary) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="募捐").click()
    snap(page, "donations-drive-list-empty")
    page.get_by_role("link", name="开设募捐活动").click()
    page.get_by_label("活动内容(扶贫募捐)").select_option(
        label="2026年教育系统扶贫日活动实施方案 · (2) 开展扶贫募捐活动"
    )
    page.get_by_label("组织单位").select_option(label=primary.name)
    page.get_by_label("资金管理单位").select_option(label="东阳县教育局")
    page.get_by_label("名称").fill("2026年扶贫日爱心募捐")
    page.get_by_label("开始日期").fill("2026-10-10")
    # still taking gifts when the test runs: a gift into an ended drive needs finance's reason
    page.get_by_label("结束日期").fill((date.today() + timedelta(days=30)).isoformat())
    for channel in ("一日捐", "一元捐", "募捐箱", "转账", "物资"):
        page.get_by_label(channel, exact=True).check()
    page.get_by_label("定向用途").fill("优先用于石桥东村的结对帮扶户")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errors")).to_contain_text("中小学校原则上不组织捐赠活动")
    snap(page, "donations-drive-refused-primary-school")
    page.get_by_label("组织单位").select_option(label="东阳县教育局")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_have_text("2026年扶贫日爱心募捐")


def record_gifts(page: Page, tmp_path: Path) -> None:
    page.get_by_role("link", name="登记捐赠").click()
    page.get_by_label("方式").select_option(label="转账")
    page.get_by_label("捐赠方类型").select_option(label="企业")
    page.get_by_label("捐赠方", exact=True).fill("东阳建材有限公司")
    page.get_by_label("金额(元)").fill("5,000")
    snap(page, "donations-donation-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已登记捐赠")
    page.get_by_role("link", name="从 Excel 导入一日捐/一元捐").click()
    bad = [["一日捐", "张三", "QH-DY-S01", "300"], ["一日捐", "李四", "QH-DY-S01", "300.005"]]
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(_sheet(tmp_path / "一日捐.xlsx", bad))
    page.get_by_role("button", name="上传并导入").click()  # the import's page: the worker checks the sheet
    expect(page.locator(".import-status")).to_have_text("未导入")
    expect(page.locator(".errors")).to_contain_text("第3行 金额(元)")
    snap(page, "donations-import-row-error")
    page.get_by_role("link", name="改正后重新上传").click()
    good = [["一日捐", "张三", "QH-DY-S01", "300"], ["一元捐", "王小明", "QH-DY-S01", "1", "是"]]
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(_sheet(tmp_path / "一日捐-改.xlsx", good))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".import-status")).to_have_text("完成")
    expect(page.locator(".messages")).to_contain_text("登记捐款 301.00 元,笔数:2")
    expect(page.locator(".import-items li").first).to_contain_text("一日捐 张三 300.00 元")
    expect(page.locator(".import-items")).to_contain_text("一元捐 匿名 1.00 元")
    snap(page, "donations-import-done")
    page.get_by_role("link", name="继续导入").click()
    expect(page.locator(".recent-imports")).to_contain_text("一日捐-改.xlsx")
    snap(page, "donations-import-recent")
    page.get_by_role("link", name="取消").click()
    snap(page, "donations-drive-detail")


def count_a_box(page: Page, tmp_path: Path) -> None:
    page.get_by_role("navigation", name="募捐活动").get_by_role("link", name="募捐箱").click()
    page.get_by_role("link", name="登记募捐箱").click()
    page.get_by_label("放置地点").fill("东阳县政务服务中心大厅")
    page.get_by_label("封条编号").fill("DY-2026-001")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="东阳县政务服务中心大厅").click()
    page.get_by_role("link", name="登记开箱清点").click()
    page.get_by_label("清点金额(元)").fill("886.50")
    page.get_by_label("清点人一").select_option(label="王会计(county_finance)")
    page.get_by_label("清点人二").select_option(label="王会计(county_finance)")
    page.get_by_label("清点单照片").set_input_files(_photo(tmp_path / "清点单.jpg"))
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("两名清点人不能是同一人")
    snap(page, "donations-box-opening-one-witness")
    page.get_by_label("清点人二").select_option(label="陈老师(dy_teacher)")
    page.get_by_label("清点单照片").set_input_files(_photo(tmp_path / "清点单.jpg"))
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main table")).to_contain_text("886.50")
    snap(page, "donations-box-detail")


def give_and_hand_out_goods(page: Page, tmp_path: Path) -> None:
    page.get_by_role("navigation", name="募捐活动").get_by_role("link", name="物资").click()
    page.get_by_role("link", name="登记物资").click()
    page.get_by_label("捐赠方类型").select_option(label="企业")
    page.get_by_label("捐赠方", exact=True).fill("东阳服装厂")
    page.locator("#id_goods_description").fill("冬季棉衣(成人款)")
    page.get_by_label("数量").fill("50")
    page.get_by_label("计量单位").fill("件")
    page.get_by_label("估值(元)").fill("7500")
    page.get_by_role("button", name="保存").click()
    snap(page, "donations-goods-list")
    page.get_by_role("link", name="冬季棉衣(成人款)").click()
    page.get_by_role("link", name="登记发放").click()
    page.get_by_label("发放对象").fill("石桥东村")
    page.get_by_label("用途").fill("结对帮扶户过冬")
    page.get_by_label("发放数量").fill("12")
    page.get_by_label("签收凭证").set_input_files(_photo(tmp_path / "签收单.jpg"))
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".grid.stats")).to_contain_text("38")
    snap(page, "donations-goods-detail")


def ask_to_pay(page: Page) -> None:
    page.get_by_role("navigation", name="募捐活动").get_by_role("link", name="拨付").click()
    page.get_by_role("link", name="申请拨付").click()
    page.get_by_label("拨付对象").fill("石桥东村")
    page.get_by_label("用途说明").fill("为 12 户结对帮扶户购置冬衣")
    page.get_by_label("金额(元)").fill("2400")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main table").first).to_contain_text("待审批")
    snap(page, "donations-disbursement-list")


@pytest.mark.browser
def test_the_staff_run_a_drive_from_opening_to_paying_out(live_server, page, tree, county_officer, tmp_path):
    primary = school(tree.county1, "东阳县实验小学", "primary")
    donation_item(county_officer, tree.county1)
    make_user("county_finance", tree.county1, "finance", name="王会计")
    make_user("dy_teacher", tree.school1, "reporter", name="陈老师")

    log_in(page, live_server, "county_officer")
    open_drive(page, live_server, primary)
    drive_url = page.url
    sign_in_as(page, live_server, "county_finance")
    page.goto(drive_url)
    record_gifts(page, tmp_path)
    count_a_box(page, tmp_path)
    confirm_url = page.get_by_role("link", name="待第二清点人确认").get_attribute("href")
    sign_in_as(page, live_server, "dy_teacher")  # the second witness confirms with their own login
    page.goto(url(live_server, confirm_url))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="我是第二清点人,确认无误").click()
    expect(page.locator(".messages")).to_contain_text("已确认开箱清点")
    snap(page, "donations-box-opening-confirmed")
    sign_in_as(page, live_server, "county_finance")
    page.goto(drive_url)
    give_and_hand_out_goods(page, tmp_path)
    ask_to_pay(page)

    sign_in_as(page, live_server, "county_officer")
    page.goto(drive_url)
    page.get_by_role("navigation", name="募捐活动").get_by_role("link", name="拨付").click()
    page.get_by_role("link", name="石桥东村").click()
    page.get_by_label("拨付证明").set_input_files(_photo(tmp_path / "银行回单.jpg"))
    page.get_by_label("我已遮盖证明中的学生姓名、身份证号、银行账号等个人信息").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="审批并拨付").click()
    expect(page.locator(".messages")).to_contain_text("已审批并拨付")
    snap(page, "donations-disbursement-paid")
    page.goto(drive_url)
    expect(page.locator(".grid.stats")).to_contain_text("3,787.50")  # 5000 + 301 + 886.50 − 2400
    page.get_by_role("link", name="疑似摊派核查").click()
    expect(page.locator("main")).to_contain_text("目前没有疑似摊派的单位")
    snap(page, "donations-quota-review")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="募捐").click()
    page.get_by_role("link", name="推荐企业参加现场捐赠").click()
    page.get_by_role("link", name="推荐企业").click()
    page.get_by_label("扶贫日活动").select_option(index=1)
    page.get_by_label("企业名称").fill("东阳建材有限公司")
    page.get_by_label("拟捐赠款物").fill("爱心书包 200 个")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main table")).to_contain_text("东阳建材有限公司")
    snap(page, "donations-nomination-list")
    assert page.url.startswith(url(live_server, "/donations/"))
