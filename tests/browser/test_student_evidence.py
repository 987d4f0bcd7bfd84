"""The aid officer in a browser keeps a student's 低保证 on file: uploads a photo of it on the student's page,
a wrong file is refused with the reason, the certificate is listed and opens through the logged download.
Pages are saved at desktop and phone width."""

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from fupin.aid.tests.factories import student
from fupin.audit.models import AuditEvent

from .test_pages import log_in, snap


def _photo(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 180, 150)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.browser
def test_the_aid_officer_keeps_a_students_certificate_on_file(live_server, page, tree, make_user, tmp_path):
    officer = make_user("aid_officer", tree.county1, "aid_officer", name="吴芳")
    pupil = student(officer, tree.school1, categories=("registered_poor", "subsistence"))
    log_in(page, live_server, "aid_officer")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="受助学生").click()
    page.get_by_role("link", name="王小明").click()
    expect(page.locator("#evidence")).to_contain_text("还没有上传证明材料")
    page.locator("summary", has_text="上传证明材料").click()
    page.get_by_label("证明的资助类别").select_option(label="低保")
    wrong = tmp_path / "低保证.jpg"
    wrong.write_text("不是照片", encoding="utf-8")
    page.get_by_label("证明材料(照片、PDF 或 Word)").set_input_files(wrong)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("「低保证.jpg」不是可识别的照片,或文件已损坏")
    page.locator("summary", has_text="上传证明材料").click()
    page.get_by_label("证明的资助类别").select_option(label="低保")
    page.get_by_label("证明材料(照片、PDF 或 Word)").set_input_files(_photo(tmp_path / "低保证 王小明.jpg"))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已上传证明材料")
    expect(page.locator("#evidence")).to_contain_text("低保证 王小明.jpg")
    snap(page, "aid-student-evidence")
    with page.expect_response(lambda r: "/aid/evidence/" in r.url) as opened:
        page.get_by_role("link", name="低保证 王小明.jpg").click()
    assert (opened.value.status, opened.value.headers["content-type"]) == (200, "image/jpeg")
    page.wait_for_load_state("networkidle")  # the image has finished streaming before the database is flushed
    assert AuditEvent.objects.filter(action="view_personal", target_id=str(pupil.evidence.get().pk)).count() == 1
