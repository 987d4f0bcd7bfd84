"""An office enters a village project; a unit's finance officer finds it in the public catalogue, claims part
of it, downloads the numbered receipt link, uploads its 拨付证明 and a captioned progress photo; the public page
shows the funded share and the photo with its caption.
Pages are saved at desktop and phone width in test-artifacts/."""

import pytest
from playwright.sync_api import expect

from fupin.matching.tests.factories import jpeg, make_campaign, proof

from .test_pages import log_in, snap


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.browser
def test_an_office_enters_a_project_and_a_unit_claims_part_of_it(
    live_server, page, tree, make_user, county_officer, tmp_path
):
    make_campaign(county_officer, tree.county1)
    make_user("dept_finance", tree.department, "finance", name="财务李")
    log_in(page, live_server, "county_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="认领项目").click()
    page.get_by_role("link", name="登记项目").click()
    page.get_by_label("所在村").select_option(label=tree.village1.name)
    page.get_by_label("项目类型").select_option(label="特色种养")
    page.get_by_label("项目名称").fill("石桥东村茶叶种植基地")
    page.get_by_label("项目预算(元)").fill("100000")
    page.get_by_label("项目简介").fill("扩种高山茶 50 亩,带动 20 户增收")
    page.get_by_role("button", name="保存并公开").click()
    expect(page.locator(".messages")).to_contain_text("已登记项目,公开认领中")
    page.context.clear_cookies()
    log_in(page, live_server, "dept_finance")
    page.goto(live_server.url + "/projects/")
    page.get_by_role("link", name="石桥东村茶叶种植基地").click()
    page.get_by_label("认领单位").select_option(label=tree.department.name)
    page.get_by_label("认领金额(元)").fill("40000")
    snap(page, "project-public-claim")
    page.get_by_role("button", name="认领", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("认领成功,可下载项目认领回执")
    expect(page.get_by_role("link", name="XMRL-")).to_be_visible()
    (tmp_path / "回单.jpg").write_bytes(proof().data)
    page.get_by_label("上传拨付证明").set_input_files(tmp_path / "回单.jpg")
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已上传拨付证明")
    page.get_by_role("textbox", name="进展", exact=True).fill("茶苗已种下 30 亩")
    (tmp_path / "茶园.jpg").write_bytes(jpeg())
    page.get_by_label("照片(可选,可多选)").set_input_files(tmp_path / "茶园.jpg")
    page.get_by_label("图片说明").fill("10月20日,石桥东村村民在新茶园补种茶苗")
    page.get_by_role("button", name="登记进展").click()
    expect(page.locator(".messages")).to_contain_text("已登记项目进展")
    snap(page, "project-detail")
    page.get_by_role("link", name="查看公开页面").click()
    expect(page.locator("#funded")).to_have_text("40%")
    expect(page.locator("main")).to_contain_text("市教育局扶贫办 · 40,000.00 元 · 已上传拨付证明")
    expect(page.locator("figcaption")).to_have_text("10月20日,石桥东村村民在新茶园补种茶苗")
    snap(page, "project-public")
