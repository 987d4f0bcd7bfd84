"""The county office in a browser: registers a household (a mistyped 身份证号 is refused with the reason), sees
the number masked, looks at it in full once (logged), imports a village ledger (a bad row first), then makes a
cadre the household's 帮扶责任人. Pages are saved at desktop and phone width in test-artifacts/."""

from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from fupin.audit.models import AuditEvent

from .test_pages import log_in, snap


def _ledger(path: Path, rows) -> Path:
    book = Workbook()
    book.active.append(["村代码", "户主姓名", "户主身份证号", "户类别", "致贫原因"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def register(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="帮扶户").click()
    page.get_by_role("link", name="登记帮扶户").click()
    page.get_by_label("所在村").select_option(label="石桥东村")
    page.get_by_label("户主姓名").fill("王大山")
    page.get_by_label("户主身份证号").fill("430524199006071214")
    page.get_by_label("户类别").select_option(label="建档立卡户")
    page.get_by_label("因病").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("身份证号校验码不正确,请核对是否输错")
    snap(page, "households-register-refused")
    page.get_by_label("户主身份证号").fill("430524199006071213")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("4305**********1213")
    expect(page.locator("main")).not_to_contain_text("430524199006071213")
    expect(page.locator("main")).to_contain_text("经石桥东村联系")
    snap(page, "households-detail")
    page.get_by_role("button", name="查看完整").click()
    expect(page.locator("#full-id")).to_have_text("430524199006071213")
    snap(page, "households-reveal")


def import_ledger(page: Page, tmp_path: Path) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="帮扶户").click()
    page.get_by_role("link", name="从 Excel 台账导入").click()
    bad = [
        ["QH-DY-T1-V1", "李四海", "430524196511220845", "边缘户", "缺劳力"],
        ["QH-DY-T1-V1", "赵老五", "430524199006071213", "其他", ""],
    ]
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(_ledger(tmp_path / "台账.xlsx", bad))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".import-status")).to_have_text("未导入")
    expect(page.locator(".errors")).to_contain_text("第3行 户主身份证号: 该身份证号已登记:石桥东村 户主 王*山")
    snap(page, "households-import-refused")
    good = bad[:1]
    page.get_by_role("link", name="改正后重新上传").click()
    page.get_by_label("Excel 表格(.xlsx)").set_input_files(_ledger(tmp_path / "台账-改.xlsx", good))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator(".import-status")).to_have_text("完成")
    expect(page.locator(".messages")).to_contain_text("新增帮扶户:1")
    page.get_by_role("link", name="查看列表").click()
    snap(page, "households-list")


@pytest.mark.browser
def test_the_county_office_registers_households_and_pairs_a_cadre(
    live_server, page, tree, make_user, county_officer, tmp_path
):
    make_user("county1_cadre", tree.county1, "cadre", name="刘海波")
    log_in(page, live_server, "county_officer")
    register(page)
    import_ledger(page, tmp_path)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="结对帮扶").click()
    page.get_by_role("link", name="建立结对").click()
    page.get_by_label("结对类型").select_option(label="干部包户")
    page.get_by_label("帮扶单位").select_option(label="东阳县教育局")
    page.get_by_label("帮扶责任人").select_option(label="刘海波")
    page.get_by_label("帮扶户").select_option(label="石桥东村 · 李四海 · 4305**********0845")
    page.get_by_label("开始日期").fill("2025-09-01")
    snap(page, "pairing-create")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_have_text("石桥东村 · 李四海")
    expect(page.locator("main")).to_contain_text("刘海波")
    snap(page, "pairing-detail")
    assert AuditEvent.objects.filter(action="view_personal", actor_username="county_officer").count() == 1
