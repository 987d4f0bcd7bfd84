"""The aid officer in a browser: imports students, sets up the 2000-元 programme for new college students with
four funders, lists the eligible students, a colleague approves the list and the payment batch, the bank file
is exported, the bank's results come back with two failures, those are re-queued, and the 公示 is published;
the public page shows masked names, schools and amounts only. Pages are saved at desktop and phone width."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from .test_pages import log_in, snap

STUDENTS = [
    [
        "QH-DY-S01",
        "王小明",
        "430520200803124314",
        "大学",
        "大一",
        "是",
        "在读",
        "建档立卡",
        "特别困难",
        "",
        "6222021234567890123",
    ],
    [
        "QH-DY-S01",
        "李华",
        "430521200706152547",
        "大学",
        "大一",
        "是",
        "在读",
        "建档立卡",
        "困难",
        "",
        "6217001234567890",
    ],
    ["QH-DY-S01", "张伟", "430520200609017662", "高中", "高三", "否", "在读", "建档立卡", "困难", "", ""],
    [
        "QH-DY-S01",
        "欧阳春晓",
        "430522200811205045",
        "大学",
        "大一",
        "是",
        "在读",
        "建档立卡、残疾",
        "困难",
        "",
        "6228481234567890123",
    ],
]
HEADER = [
    "学校代码",
    "姓名",
    "身份证号",
    "学段",
    "年级",
    "是否新生",
    "就读状态",
    "资助类别",
    "困难等级",
    "户主身份证号",
    "银行卡号",
]
FUNDERS = [("县扶贫办", "300000"), ("团县委", "100000"), ("县总工会", "100000"), ("县红十字会", "100000")]


def _sheet(path: Path) -> Path:
    book = Workbook()
    book.active.append(HEADER)
    for row in STUDENTS:
        book.active.append(row)
    book.save(path)
    return path


def _switch(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username)


def import_students(page: Page, tmp_path: Path) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="受助学生").click()
    page.get_by_role("link", name="从 Excel 台帐导入").click()
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(_sheet(tmp_path / "学生台帐.xlsx"))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".import-status")).to_have_text("完成")  # imported in the background, followed here
    expect(page.locator(".messages")).to_contain_text("新登记受助学生:4")
    expect(page.get_by_role("progressbar", name="导入进度")).to_have_attribute("value", "100")
    snap(page, "aid-student-import-done")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="受助学生").click()
    expect(page.locator("main")).to_contain_text("4305**********4314")
    snap(page, "aid-students")


def set_up_programme(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="资助项目").click()
    page.get_by_role("link", name="设立资助项目").click()
    page.get_by_label("主办单位").select_option(label="东阳县教育局")
    page.get_by_label("项目名称").fill("2026年新录取大学生资助")
    page.get_by_label("级别").select_option(label="县级")
    page.get_by_label("每生资助金额(元)").fill("2000")
    page.get_by_label("计划资助人数").fill("300")
    page.get_by_label("建档立卡").check()
    page.get_by_label("大学").check()
    page.get_by_label("仅限新生").check()
    page.get_by_label("申请开始").fill("2026-08-01")
    page.get_by_label("申请截止").fill("2026-09-30")
    snap(page, "aid-programme-form")
    page.get_by_role("button", name="保存").click()
    for name, amount in FUNDERS:
        page.locator("summary", has_text="添加资金来源").click()
        page.get_by_label("资金来源").first.fill(name)
        page.get_by_label("承诺金额(元)").fill(amount)
        page.get_by_label("到账金额(元)").fill(amount)
        page.get_by_role("button", name="添加", exact=True).click()
        expect(page.locator("#sources")).to_contain_text(name)
    expect(page.locator("main")).to_contain_text("符合条件、尚未列入的学生 3 人")
    page.locator("#propose").get_by_label("资金来源").select_option(label="县扶贫办")
    page.get_by_role("button", name="列入资助名单").click()
    expect(page.locator(".messages")).to_contain_text("已列入资助名单")
    snap(page, "aid-programme")


def approve(page: Page, live_server) -> None:
    _switch(page, live_server, "aid_reviewer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="资助项目").click()
    page.get_by_role("link", name="2026年新录取大学生资助").click()
    page.get_by_role("button", name="审核通过勾选的学生").click()
    expect(page.locator(".messages")).to_contain_text("已审核通过 3 人")


def pay(page: Page, live_server, tmp_path: Path) -> None:
    _switch(page, live_server, "aid_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="资助项目").click()
    page.get_by_role("link", name="2026年新录取大学生资助").click()
    page.get_by_role("button", name="把已审核的学生生成发放批次").click()
    batch_url = page.url
    _switch(page, live_server, "aid_reviewer")
    page.goto(batch_url)
    page.get_by_role("button", name="审批并锁定").click()
    expect(page.locator("#batch-status")).to_have_text("已审批")
    _switch(page, live_server, "aid_officer")
    page.goto(batch_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出银行代发文件").click()
    bank = tmp_path / "代发.xlsx"
    download.value.save_as(bank)
    book = load_workbook(bank)
    for row in book.active.iter_rows(min_row=4):
        failed = row[1].value in ("李华", "欧阳春晓")
        row[5].value, row[6].value = ("失败", "账户已销户") if failed else ("成功", "")
    book.save(bank)
    page.locator("summary", has_text="导入银行发放结果").click()
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(bank)
    page.get_by_role("button", name="上传发放结果").click()
    expect(page.locator(".messages")).to_contain_text("已导入发放结果:成功 1 人,失败 2 人")
    snap(page, "aid-batch")
    page.get_by_role("button", name="失败的重新发放").click()
    expect(page.locator("main")).to_contain_text("补发自")
    expect(page.locator("tbody tr")).to_have_count(2)


def cover(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="应助尽助").click()
    expect(page.locator("#gaps")).to_contain_text("张伟")
    page.get_by_label("张伟 未资助原因").fill("已享受普通高中国家助学金")
    page.get_by_role("button", name="记录").click()
    expect(page.locator(".messages")).to_contain_text("已记录未资助原因")
    expect(page.locator("#gaps")).to_contain_text("没有缺口")
    snap(page, "aid-coverage")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="资助项目").click()


def publish(page: Page, live_server) -> None:
    page.get_by_role("link", name="2026年新录取大学生资助").click()
    page.locator("summary", has_text="公示资助名单").click()
    today = timezone.localdate()
    page.get_by_label("公示开始").fill(today.isoformat())
    page.get_by_label("公示结束").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="公示", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已公示")
    page.get_by_role("link", name="公开页面").click()
    public_url = page.url
    page.context.clear_cookies()
    page.goto(public_url)
    table = page.locator("#disclosure")
    expect(table).to_contain_text("王*明")
    expect(table).to_contain_text("欧*晓")
    for hidden in ("王小明", "欧阳春晓", "4305", "6222"):
        expect(page.locator("main")).not_to_contain_text(hidden)
    snap(page, "aid-public-disclosure")


@pytest.mark.browser
def test_the_aid_officer_runs_a_programme_from_import_to_disclosure(live_server, page, tree, make_user, tmp_path):
    make_user("aid_officer", tree.county1, "aid_officer", name="吴芳")
    make_user("aid_reviewer", tree.county1, "aid_officer", name="陈立")
    log_in(page, live_server, "aid_officer")
    import_students(page, tmp_path)
    set_up_programme(page)
    approve(page, live_server)
    pay(page, live_server, tmp_path)
    cover(page)
    publish(page, live_server)
