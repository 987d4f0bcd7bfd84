"""Rendering the Word files with LibreOffice: they open, paginate as 公文, and show their text."""

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from fupin.documents.word.plan import build_plan

from .word_factories import full_campaign

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def to_pdf(content: bytes, folder: Path, name: str = "plan") -> Path:
    """Convert with an isolated LibreOffice profile, so parallel runs never share one."""
    source = folder / f"{name}.docx"
    source.write_bytes(content)
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return folder / f"{name}.pdf"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def page_count(pdf: Path) -> int:
    return pdf_text(pdf).count("\f") or 1


@pytest.fixture
def plan_pdf(tree, city_officer, tmp_path):
    return to_pdf(build_plan(full_campaign(city_officer, tree)), tmp_path)


def test_the_plan_renders_to_a_few_a4_pages_with_its_text(plan_pdf):
    text = pdf_text(plan_pdf)
    assert 2 <= page_count(plan_pdf) <= 3
    flat = "".join(text.split())
    assert "清河市教育系统2026年扶贫日活动实施方案" in flat
    assert "第13个全国扶贫日" in flat
    assert "四、活动内容" in flat and "（三）开展结对帮扶走访" in flat
    assert "2026年10月19日(周一)24:00" in flat


def test_every_page_is_numbered_between_dashes(plan_pdf):
    pages = pdf_text(plan_pdf).split("\f")
    numbered = [page for page in pages if page.strip()]
    for number, page in enumerate(numbered, start=1):
        assert f"—{number}—" in "".join(page.split())


def test_a_page_is_a4(plan_pdf):
    info = subprocess.run(["pdfinfo", str(plan_pdf)], check=True, capture_output=True, text=True).stdout
    assert ("595.3" in info and "841.8" in info) or "595.32 x 841.92" in info


def test_the_summary_renders_with_its_photos_and_captions(tree, city_officer, school_reporter, tmp_path):
    from fupin.campaigns.models import Task
    from fupin.campaigns.services import tasks as task_services
    from fupin.campaigns.tests.factories import photo
    from fupin.documents.word.summary import build_summary

    campaign = full_campaign(city_officer, tree)
    task = Task.objects.get(unit=tree.school1, requirement__kind="photos")
    captions = ["学生观看扶贫日主题班会", "教师走访结对家庭", "校园宣传栏", "爱心义卖"]
    uploads = [photo(f"{n}.jpg", width=2400 + n, caption=c) for n, c in enumerate(captions)]
    task_services.submit_task(by=school_reporter, task=task, uploads=uploads)
    pdf = to_pdf(build_summary(campaign, tree.school1), tmp_path, "summary")
    flat = "".join(pdf_text(pdf).split())
    assert "东阳县第一中学2026年扶贫日活动总结" in flat
    assert all(f"{c}（东阳县第一中学）" in flat for c in captions)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) - 2 == 4


def test_a_page_holds_22_lines_of_28_characters(tmp_path):
    from fupin.documents.word import gbt9704 as gw

    doc = gw.new_document()
    gw.body(doc, "扶" * (26 + 28 + 5))  # the first line is indented by two characters
    for n in range(40):
        gw.body(doc, f"第{n + 1}行")
    pdf = to_pdf(gw.to_bytes(doc), tmp_path, "grid")
    first_page = [line.replace(" ", "") for line in pdf_text(pdf).split("\f")[0].splitlines()]
    lines = [line for line in first_page if line and not line.startswith("—")]
    assert [len(line) for line in lines[:3]] == [26, 28, 5]
    assert len(lines) == 22
