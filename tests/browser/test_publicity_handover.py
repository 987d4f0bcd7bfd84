"""A school records the books it donated at a book donation: the goods, the receiving school, the two people and a
photo of the handover; the event's page shows them."""

import pytest
from playwright.sync_api import expect

from fupin.publicity.tests.factories import event, jpeg

from .test_pages import log_in, snap


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.browser
def test_a_school_records_the_handover_of_donated_books(live_server, page, tree, school_reporter, tmp_path):
    made = event(school_reporter, tree.school1, title="捐赠图书进乡村", kind="book_donation")
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/events/{made.pk}/")
    page.get_by_role("link", name="登记物资交接").click()
    page.get_by_label("受赠学校或社区").fill("石桥镇中心小学")
    page.get_by_label("移交人").fill("张老师")
    page.get_by_label("接收人").fill("李校长")
    (tmp_path / "handover.jpg").write_bytes(jpeg())
    page.get_by_label("交接照片").set_input_files(tmp_path / "handover.jpg")
    page.get_by_label("图片说明").fill("向石桥镇中心小学移交捐赠图书")
    page.locator("#id_goods-0-item").fill("儿童读物")
    page.locator("#id_goods-0-quantity").fill("300")
    page.locator("#id_goods-0-unit_label").fill("册")
    page.locator("#id_goods-0-value_fen").fill("4,500")
    snap(page, "publicity-handover-form")
    page.get_by_role("button", name="保存交接记录").click()
    expect(page.locator(".messages")).to_contain_text("已登记物资交接")
    expect(page.locator(".handover")).to_contain_text("儿童读物 300册 · 折价 4,500.00 元")
    expect(page.locator(".handover")).to_contain_text("移交人 张老师,接收人 李校长")
    snap(page, "publicity-handover")


@pytest.mark.browser
def test_a_school_records_a_banner_it_hung_on_a_phone(live_server, page, tree, school_reporter, tmp_path):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "school_reporter")
    page.goto(f"{live_server.url}/events/")
    page.get_by_role("link", name="各单位悬挂的宣传标语").click()
    page.get_by_role("link", name="登记宣传标语").click()
    page.get_by_label("标语内容").fill("扶贫济困,你我同行")
    page.get_by_label("悬挂地点").fill("学校正门")
    (tmp_path / "banner.jpg").write_bytes(jpeg())
    page.get_by_label("照片").set_input_files(tmp_path / "banner.jpg")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已登记宣传标语")
    expect(page.locator("#banners")).to_contain_text("扶贫济困,你我同行")
    snap(page, "publicity-banners")
    page.get_by_role("link", name="扶贫济困,你我同行").click()
    expect(page.locator("h1")).to_contain_text("学校正门悬挂宣传标语「扶贫济困,你我同行」")


@pytest.mark.browser
def test_photos_handed_in_with_a_task_show_in_the_photo_library(live_server, page, tree, city_officer, school_reporter):
    from fupin.campaigns.models import Task
    from fupin.campaigns.services import tasks as ts
    from fupin.campaigns.tests.factories import campaign_with_requirements, photo

    campaign = campaign_with_requirements(
        city_officer, tree.city, kind="photos", title="活动照片", photo_min_count=1, caption_required=True
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    ts.submit_task(by=school_reporter, task=task, uploads=[photo("升旗.jpg", caption="一中升旗仪式上的扶贫日讲话")])
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server, "city_officer")
    page.goto(f"{live_server.url}/photos/")
    handed_in = page.locator("#handed-in-photos figure")
    expect(handed_in).to_contain_text("一中升旗仪式上的扶贫日讲话")
    expect(handed_in).to_contain_text("东阳县第一中学")
    shot = handed_in.locator("img")
    shot.scroll_into_view_if_needed()  # lazy-loaded: it loads once it is in view
    shot.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done, {once: true}))")
    assert shot.evaluate("img => img.naturalWidth") > 0
    snap(page, "publicity-library-hand-ins")
