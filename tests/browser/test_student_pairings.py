"""The aid officer in a browser links a long-term 学生结对 to the student registry: from the student list to
学生结对, a wrong 身份证号 is refused with the reason, the student of that name is chosen, and the page then shows
whether the student receives aid; the student's record lists the pairing. Pages are saved at desktop and phone
width."""

from datetime import date

import pytest
from playwright.sync_api import expect

from fupin.aid.models import PairedStudent
from fupin.aid.tests.factories import NUMBERS, student
from fupin.pairing.services import create_pairing, record_visit

from .test_pages import log_in, snap


@pytest.mark.browser
def test_the_aid_officer_links_a_student_pairing_to_the_registry(live_server, page, tree, make_user):
    officer = make_user("aid_officer", tree.county1, "aid_officer", name="吴芳")
    pupil = student(officer, tree.school1, "王小明", NUMBERS[0])
    admin = make_user("county_admin", tree.county1, "office_admin")
    pairing = create_pairing(
        by=admin,
        kind="student_student",
        unit=tree.school1,
        started_on=date(2025, 9, 1),
        helper_name="李城",
        partner_name="王小明",
    )
    record_visit(
        by=admin,
        pairing=pairing,
        kind="leader_visit",
        visited_on=date(2025, 10, 17),
        visitors="李城",
        measures="资助学习用品",
    )
    log_in(page, live_server, "aid_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="受助学生").click()
    page.get_by_role("link", name="学生结对").click()
    partner = page.locator("dd", has_text="王小明")
    expect(partner).to_contain_text("未关联名册")
    partner.get_by_label("身份证号").fill(NUMBERS[2])
    partner.get_by_role("button", name="关联").click()
    expect(page.locator(".messages")).to_contain_text("受助学生名册中没有该身份证号")
    page.locator("dd", has_text="王小明").get_by_label("名册中的同名学生").select_option(
        label="东阳县第一中学 4305**********4314"
    )
    page.locator("dd", has_text="王小明").get_by_role("button", name="关联").click()
    expect(page.locator(".messages")).to_contain_text("已关联名册中的学生:东阳县第一中学 王*明")
    expect(page.locator("dd", has_text="王小明")).to_contain_text("未获资助")
    snap(page, "aid-student-pairings")
    assert list(PairedStudent.objects.values_list("student", "side")) == [(pupil.pk, "partner")]
    page.locator("dd", has_text="王小明").get_by_role("link", name="东阳县第一中学").click()
    expect(page.locator("#pairings")).to_contain_text("2025-10-17 一线慰问调研:资助学习用品")
    snap(page, "aid-student-pairings-record")
