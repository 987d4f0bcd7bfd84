"""The product as its people meet it in a browser: signing in, their own units, a sheet import, a phone.

Every test signs in through the real login form. Each page visited is saved as a screenshot at desktop
and phone width in test-artifacts/ (gitignored), so a reviewer can look at what the test saw.
"""

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from fupin.orgs.models import Unit, User
from fupin.orgs.tests.factories import PASSWORD, UnitFactory

from .conftest import DESKTOP, PHONE

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHEET_HEADER = ["单位代码", "单位名称", "上级单位代码", "单位类型", "学段", "城乡", "联系人", "联系电话", "电子邮箱"]
NEW_PASSWORD = "Qinghe#2026new"


def snap(page: Page, name: str) -> None:
    """Save the current page at desktop and phone width, then give the window back its size."""
    ARTIFACTS.mkdir(exist_ok=True)
    before = page.viewport_size or DESKTOP
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(before)


def log_in(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("账号", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="登录").click()


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(SHEET_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def page_text(page: Page) -> str:
    return page.locator("body").inner_text()


@pytest.mark.browser
def test_a_school_reporter_sees_its_own_school_and_nothing_of_another_county(live_server, page, tree, school_reporter):
    log_in(page, live_server, "school_reporter")
    expect(page).to_have_url(url(live_server, "/workbench/"))
    expect(page.locator("main")).to_contain_text(tree.school1.name)
    expect(page.get_by_role("navigation", name="主菜单")).not_to_contain_text("导入单位")
    snap(page, "reporter-workbench")

    page.locator("main").get_by_role("link", name=tree.school1.name, exact=True).click()
    expect(page).to_have_url(url(live_server, f"/units/{tree.school1.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(tree.school1.name)
    snap(page, "reporter-unit-detail")

    response = page.goto(url(live_server, f"/units/{tree.school2.pk}/"))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    assert tree.school2.name not in page_text(page)
    snap(page, "reporter-404")

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="单位", exact=True).click()
    expect(page).to_have_url(url(live_server, "/units/"))
    expect(page.locator("main table")).to_contain_text(tree.school1.name)
    listing = page_text(page)
    for name in (tree.county2.name, tree.school2.name):
        assert name not in listing
    snap(page, "reporter-unit-list")

    page.get_by_label("名称/代码/联系人").fill("西川")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main table")).to_contain_text("没有符合条件的单位")
    assert tree.school2.name not in page_text(page)
    snap(page, "reporter-unit-search")


@pytest.mark.browser
def test_the_city_office_imports_a_unit_sheet_and_finds_the_new_units(live_server, page, tree, city_officer, tmp_path):
    sheet = write_sheet(
        tmp_path / "新增单位.xlsx",
        [
            ["QH-DY-T9", "东阳县清水镇", "QH-DY", "乡镇", "", "农村", "王清水", "13900000099", ""],
            ["QH-DY-T9-V1", "清水东村", "QH-DY-T9", "村", "", "农村", "", "", ""],
        ],
    )
    log_in(page, live_server, "city_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="导入单位").click()
    expect(page).to_have_url(url(live_server, "/units/import/"))
    snap(page, "import-form")

    page.get_by_label(re.compile(r"^Excel 表格")).set_input_files(sheet)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".import-status")).to_have_text("完成")
    expect(page.locator(".messages")).to_contain_text("新增单位:2")
    expect(page.locator(".import-items")).to_contain_text("QH-DY-T9-V1 清水东村(新增)")
    snap(page, "import-done")

    page.get_by_role("link", name="查看列表").click()
    expect(page).to_have_url(url(live_server, "/units/"))
    table = page.locator("main table")
    expect(table).to_contain_text("东阳县清水镇")
    expect(table).to_contain_text("清水东村")
    snap(page, "import-unit-list")
    village = Unit.objects.select_related("parent").get(code="QH-DY-T9-V1")
    assert village.parent.code == "QH-DY-T9" and village.parent.parent_id == tree.county1.pk


@pytest.mark.browser
def test_a_bad_unit_sheet_names_the_row_and_imports_nothing(live_server, page, tree, city_officer, tmp_path):
    sheet = write_sheet(
        tmp_path / "有错的单位表.xlsx",
        [
            ["QH-DY-T8", "东阳县石门镇", "QH-DY", "乡镇", "", "", "", "", ""],
            ["QH-DY-T8-V1", "石门东村", "QH-DY-T8", "村庄", "", "", "", "", ""],
        ],
    )
    log_in(page, live_server, "city_officer")
    page.goto(url(live_server, "/units/import/"))
    page.get_by_label(re.compile(r"^Excel 表格")).set_input_files(sheet)
    page.get_by_role("button", name="上传并导入").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("未导入任何数据")
    expect(alert).to_contain_text(re.compile(r"第3行\s*单位类型.*村庄"))
    snap(page, "import-errors")

    page.goto(url(live_server, "/units/"))
    expect(page.locator("main table")).to_contain_text(tree.county1.name)
    assert "东阳县石门镇" not in page_text(page)
    assert not Unit.objects.filter(code__startswith="QH-DY-T8").exists()


@pytest.mark.browser
def test_an_account_with_an_initial_password_must_set_its_own_first(live_server, page, tree, make_user):
    make_user("new_reporter", tree.school1, "reporter", name="林新", must_change_password=True)
    log_in(page, live_server, "new_reporter")
    expect(page).to_have_url(url(live_server, "/account/password/"))
    expect(page.get_by_role("alert")).to_contain_text("请先设置您自己的密码")
    snap(page, "password-forced")

    page.goto(url(live_server, "/units/"))
    expect(page).to_have_url(url(live_server, "/account/password/"))

    # A required field's label ends with an asterisk (hidden from screen readers, which announce "required").
    page.get_by_label(re.compile(r"^旧密码\*?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^新密码\*?$")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile(r"^新密码确认\*?$")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page).to_have_url(url(live_server, "/workbench/"))
    expect(page.get_by_role("status")).to_contain_text("密码已修改")
    snap(page, "password-changed")

    user = User.objects.get(username="new_reporter")
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    page.get_by_role("button", name="退出").click()
    log_in(page, live_server, "new_reporter", NEW_PASSWORD)
    expect(page).to_have_url(url(live_server, "/workbench/"))


@pytest.mark.browser
@pytest.mark.parametrize("username", ["city_officer", "school_reporter"])
def test_the_workbench_and_unit_list_fit_a_phone_without_sideways_scrolling(
    live_server, page, tree, city_officer, school_reporter, username
):
    UnitFactory(
        parent=tree.county1,
        name="东阳县石桥镇中心小学附属幼儿园暨乡村少年宫留守儿童之家",
        code="QH-DY-S02-KINDERGARTEN-ANNEX",
        kind="school",
        stage="primary",
        area="rural",
        contact_person="欧阳晓明",
        contact_phone="0579-86661234",
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, username)
    for path, name in (("/workbench/", "workbench"), ("/units/", "unit-list")):
        page.goto(url(live_server, path))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{path} is {width}px wide on a {PHONE['width']}px phone"
        snap(page, f"phone-{username}-{name}")
