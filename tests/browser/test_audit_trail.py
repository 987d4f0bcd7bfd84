"""The audit trail as an office reads it: filtered to one county, each change in the pages' words, exported."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from fupin.orgs import services

from .test_pages import log_in, snap


@pytest.mark.browser
def test_the_city_office_reads_one_countys_changes_and_exports_them(live_server, page, tree, city_officer, tmp_path):
    services.update_unit(by=city_officer, unit=tree.school1, area="rural", contact_person="林老师")
    services.update_unit(by=city_officer, unit=tree.school2, contact_person="何老师")
    log_in(page, live_server, "city_officer")

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="审计日志").click()
    page.get_by_label("单位(含下级)").select_option(label="东阳县教育局")
    page.get_by_label("操作").select_option(label="修改")
    page.get_by_role("button", name="查询").click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("城乡:城区 → 农村")
    expect(rows.first).to_contain_text("联系人:— → 林老师")
    snap(page, "audit-trail")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    saved = tmp_path / "audit.xlsx"
    download.value.save_as(saved)
    sheet = [list(r) for r in load_workbook(saved).active.iter_rows(values_only=True)]
    assert sheet[0][0] == "审计日志 · 单位(含下级):东阳县教育局 · 操作:修改"
    assert [row[7] for row in sheet[2:]] == ["城乡:城区 → 农村;联系人:— → 林老师"]
