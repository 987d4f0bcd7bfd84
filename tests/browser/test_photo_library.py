"""The one photo library in the browser: the city office takes a school's task hand-in into the library; a
cadre's 入户走访 photo and a village's 微心愿 receipt photo are in its 宣传图片 beside the units' uploads; the wish
photo cannot be exhibited until the office records the recipient's consent, then it is chosen and placed in
社会事业篇 and the public gallery shows it. Pages are saved at desktop and phone width in test-artifacts/."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from fupin.campaigns.models import Task
from fupin.campaigns.services.tasks import submit_task
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.campaigns.tests.factories import photo as upload
from fupin.households.tests.factories import NUMBERS
from fupin.matching import services as wish_services
from fupin.matching.tests.factories import People, photo
from fupin.pairing.tests.factories import cadre_pairing, visit
from fupin.pairing.tests.factories import photo as visit_photo

from .test_pages import log_in, snap

VISIT_CAPTION = "2025-10-10 东阳县教育局入户走访"
WISH_CAPTION = "微心愿「一个新书包」已实现,受助方收到心愿物品"
TASK_CAPTION = "一中升旗仪式上的扶贫日讲话"


@pytest.fixture
def library(tree, make_user, county_officer, city_officer):
    cadre = make_user("liu_cadre", tree.county1, "cadre", name="刘海波", phone="13900000001")
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1, head_name="李长顺", number=NUMBERS[1])
    visit(cadre, pairing, date(2025, 10, 10), measures="申请小额信贷发展养殖", photos=[visit_photo()])
    people = People(tree, make_user, county_officer)
    made = people.open_wish()
    claim = wish_services.claim_wish(by=county_officer, wish=made)
    wish_services.record_delivery(by=county_officer, claim=claim, kind="handed_over", note="10月17日送到家中")
    wish_services.confirm_receipt(by=people.village_reporter, wish=made, photo=photo("收到书包.jpg"))
    campaign = campaign_with_requirements(
        city_officer, tree.city, kind="photos", title="活动照片", photo_min_count=1, caption_required=True
    )
    task = Task.objects.get(requirement__campaign=campaign, unit=tree.school1)
    reporter = make_user("school_reporter", tree.school1, "reporter")
    submit_task(by=reporter, task=task, uploads=[upload("升旗.jpg", caption=TASK_CAPTION)])


def office_takes_in_a_handed_in_photo(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="宣传图片").click()
    handed_in = page.locator("#handed-in-photos figure", has_text=TASK_CAPTION)
    handed_in.get_by_label("主题").select_option(label="教育扶贫")
    snap(page, "photo-library-take-in")
    handed_in.get_by_role("button", name="收入图片库").click()
    expect(page.locator(".messages")).to_contain_text("已收入图片库")
    expect(page.locator("main h1")).to_have_text(TASK_CAPTION)


def office_marks_and_chooses_the_wish_photo(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="宣传图片").click()
    library = page.locator("#photo-library")
    expect(library.locator("figure", has_text=VISIT_CAPTION)).to_contain_text("入户走访 · 不公开")
    expect(library.locator("figure", has_text=WISH_CAPTION)).to_contain_text("微心愿实现 · 不公开")
    expect(library.locator("figure", has_text=TASK_CAPTION)).to_contain_text("教育扶贫 · 任务报送")
    snap(page, "photo-library-sources")
    library.locator("figure", has_text=WISH_CAPTION).get_by_role("link").click()
    expect(page.locator("#photo-public")).to_have_text("未取得当事人同意,不公开")
    page.get_by_role("button", name="标为可公开").click()
    expect(page.locator("main")).to_contain_text("须先取得照片中当事人(未成年人为其监护人)同意,才能标为可公开")
    page.get_by_label("已取得照片中当事人(未成年人为其监护人)同意公开使用").check()
    page.get_by_role("button", name="标为可公开").click()
    expect(page.locator(".messages")).to_contain_text("已标为可公开")
    expect(page.locator("#photo-public")).to_have_text("可公开展出")
    page.get_by_label("推荐理由").fill("真实记录心愿送达的时刻")
    page.get_by_role("button", name="选为优秀作品").click()
    expect(page.locator(".messages")).to_contain_text("已选为优秀作品")


def office_places_it(page: Page) -> None:
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="图片展").click()
    page.get_by_label("展览名称").fill("脱贫攻坚成就图片展")
    page.get_by_label("开展日期").fill("2020-10-10")
    page.get_by_label("闭展日期").fill("2099-10-31")
    page.get_by_role("button", name="创建图片展").click()
    page.get_by_label("篇章").select_option(label="社会事业篇")
    page.locator("#id_photo").select_option(label=f"{WISH_CAPTION}(石桥东村)")
    page.get_by_role("button", name="加入展览").click()
    expect(page.locator(".messages")).to_contain_text("已加入展览")
    expect(page.locator("#section-3 li")).to_have_count(1)
    snap(page, "photo-library-exhibition")


@pytest.mark.browser
def test_a_visit_photo_and_a_wish_photo_are_in_the_library_and_the_wish_photo_is_exhibited(
    live_server, page, library, city_officer
):
    log_in(page, live_server, "city_officer")
    office_takes_in_a_handed_in_photo(page)
    office_marks_and_chooses_the_wish_photo(page)
    office_places_it(page)
    page.get_by_role("link", name="公众展厅").click()
    gallery = page.url
    page.context.clear_cookies()
    page.goto(gallery)
    section = page.locator("#section-3")
    expect(section.locator("figure", has_text=WISH_CAPTION)).to_contain_text("供图:石桥东村")
    expect(page.locator("main")).not_to_contain_text(VISIT_CAPTION)
    snap(page, "photo-library-gallery")
