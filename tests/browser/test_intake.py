"""What a careful clerk would question is questioned in the browser too: an account sheet with a hidden row is
imported only once the person ticks the box, and a first password cannot be kept."""

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from fupin.orgs.models import User
from fupin.orgs.tests.factories import PASSWORD

from .test_pages import log_in, snap, url

HEADER = ["单位代码", "账号", "姓名", "角色", "手机号码", "电子邮箱"]


@pytest.mark.browser
def test_an_account_sheet_with_a_hidden_row_is_imported_only_when_confirmed(
    live_server, page, tree, county_officer, tmp_path
):
    book = Workbook()
    for row in (
        HEADER,
        ["QH-DY-S01", "dy_lin", "林老师", "报送员", "", ""],
        ["QH-DY-T1", "dy_liu", "刘海", "帮扶责任人", "", ""],
    ):
        book.active.append(row)
    book.active.row_dimensions[3].hidden = True
    sheet = tmp_path / "人员.xlsx"
    book.save(sheet)

    log_in(page, live_server, "county_officer")
    page.goto(url(live_server, "/members/import/"))
    page.get_by_label(re.compile(r"^Excel 表格")).set_input_files(sheet)
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("main")).to_contain_text("表格中有隐藏且有内容的行或列:第3行")
    assert not User.objects.filter(username__startswith="dy_l").exists()
    snap(page, "intake-hidden-row")

    page.get_by_label(re.compile(r"^Excel 表格")).set_input_files(sheet)
    page.get_by_label("导入隐藏的行和列").check()
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("导入完成")
    expect(page.locator("main")).to_contain_text("新建账号 2 个。")
    expect(page.locator("main")).not_to_contain_text("授予角色")
    snap(page, "intake-hidden-row-imported")


@pytest.mark.browser
def test_the_temporary_password_cannot_be_kept_at_first_login(live_server, page, tree, make_user):
    make_user("new_reporter", tree.school1, "reporter", name="林新", must_change_password=True)
    log_in(page, live_server, "new_reporter")
    page.get_by_label(re.compile(r"^旧密码\*?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^新密码\*?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^新密码确认\*?$")).fill(PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator("main")).to_contain_text(
        "新密码不能与当前密码(包括管理员发放的临时密码)或最近 5 次用过的密码相同。"
    )
    expect(page).to_have_url(url(live_server, "/account/password/"))
    assert User.objects.get(username="new_reporter").must_change_password
    snap(page, "intake-temporary-password-kept")
