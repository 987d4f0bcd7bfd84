"""存档备查 of a campaign holds its 方案细化 too: a county's own plan derived from the city's campaign, with its
notice, tables, the hand-ins it received, their review history and audit trail, in the county's folders."""

import csv
import io

import pytest

from fupin.campaigns.models import Task
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.services import tasks as task_services
from fupin.campaigns.tests.factories import photo
from fupin.documents.archive import selectors
from fupin.documents.archive.contents import count_entries
from fupin.documents.archive.notice import plan_document

from . import archive_data
from .archive_data import archive_of

archived = archive_data.archived  # the fixture

COUNTY1 = "01 清河市教育局/02 东阳县教育局"
SCHOOL1 = f"{COUNTY1}/01 东阳县第一中学"
REFINED = "00 方案细化(东阳县教育局)"


def _manifest(archive) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))


def _sheet_text(archive, name: str) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(archive.read(name)), read_only=True)
    return "\n".join(" ".join(str(c) for c in row if c is not None) for row in book.active.iter_rows(values_only=True))


@pytest.fixture
def refined(archived, tree, county_officer, school_reporter, outsider):
    """County 1 refines the city's campaign and asks its schools for photos by its own earlier deadline: the
    refinement takes over school 1's task (one task per requirement), which the county reopens; school 1 hands
    in twice more (returned once). County 2 refines too, as a draft."""
    child = campaign_services.derive_child_campaign(by=county_officer, parent=archived, unit=tree.county1)
    campaign_services.publish_campaign(by=county_officer, campaign=child)
    task = Task.objects.get(requirement__campaign=child, requirement__kind="photos", unit=tree.school1)
    task_services.reopen_task(by=county_officer, task=task, reason="县里另有要求")
    task_services.submit_task(by=school_reporter, task=task, text="县里要的第一版", uploads=[photo("县-升旗.jpg")])
    task_services.return_submission(by=county_officer, task=task, comment="请补充活动现场照片")
    task_services.submit_task(
        by=school_reporter, task=task, text="县里要的第二版", uploads=[photo("县-班会.jpg", caption="县级主题班会")]
    )
    campaign_services.derive_child_campaign(by=outsider, parent=archived, unit=tree.county2)
    return child


def test_a_countys_refinement_is_archived_in_the_countys_folder(archived, refined, tree, city_officer):
    archive = archive_of(archived, tree.city, city_officer)
    names = set(archive.namelist())
    home = f"{COUNTY1}/{REFINED}"
    assert f"{home}/活动通知.txt" in names and f"{home}/统计表/01 活动统计表.xlsx" in names
    assert refined.title in archive.read(f"{home}/活动通知.txt").decode("utf-8-sig")
    if plan_document is not None:
        assert archive.read(f"{home}/实施方案.docx").startswith(b"PK")
    first, second = f"{SCHOOL1}/{REFINED}/01 活动照片/第1版", f"{SCHOOL1}/{REFINED}/01 活动照片/第4版"
    assert {f"{first}/正文.txt", f"{first}/照片-001.jpg", f"{second}/照片-001.jpg"} <= names
    assert "县里要的第二版" in archive.read(f"{second}/正文.txt").decode("utf-8-sig")
    assert "请补充活动现场照片" in _sheet_text(archive, f"{home}/审核记录.xlsx")
    assert "请补充活动现场照片" not in _sheet_text(archive, "00 汇总/审核记录.xlsx")
    trail = _sheet_text(archive, f"{home}/审计记录.xlsx")
    assert "campaigns.submission" in trail and refined.title in trail
    assert "县级主题班会" in _sheet_text(archive, "00 汇总/照片索引.xlsx")
    assert "方案细化" in archive.read("README.txt").decode("utf-8-sig")


def test_the_manifest_lists_the_refinements_entries_with_their_campaign(archived, refined, tree, city_officer):
    archive = archive_of(archived, tree.city, city_officer)
    rows = _manifest(archive)
    assert {r["路径"] for r in rows} == set(archive.namelist()) - {"manifest.csv", "README.txt"}
    photo_row = next(r for r in rows if r["路径"] == f"{SCHOOL1}/{REFINED}/01 活动照片/第4版/照片-001.jpg")
    assert photo_row["原文件名"] == "县-班会.jpg" and photo_row["活动"] == refined.title
    assert photo_row["单位"] == tree.school1.name and photo_row["版本"] == "4"
    notice = next(r for r in rows if r["路径"] == f"{COUNTY1}/{REFINED}/活动通知.txt")
    assert notice["单位"] == tree.county1.name and notice["活动"] == refined.title


def test_a_county_archive_holds_its_own_refinement_and_no_other_countys(archived, refined, tree, county_officer):
    archive = archive_of(archived, tree.county1, county_officer)
    names = archive.namelist()
    assert f"01 东阳县教育局/{REFINED}/活动通知.txt" in names
    assert f"01 东阳县教育局/01 东阳县第一中学/{REFINED}/01 活动照片/第4版/照片-001.jpg" in names
    assert not any("西川" in n or tree.county2.name in n for n in names)


def test_a_schools_archive_holds_what_it_handed_in_to_the_countys_refinement(archived, refined, tree, make_user):
    school_admin = make_user("school1_admin", tree.school1, "office_admin")
    archive = archive_of(archived, tree.school1, school_admin)
    names = archive.namelist()
    assert f"01 东阳县第一中学/{REFINED}/01 活动照片/第4版/照片-001.jpg" in names
    assert f"01 东阳县第一中学/{REFINED}/活动通知.txt" in names
    assert "请补充活动现场照片" in _sheet_text(archive, f"01 东阳县第一中学/{REFINED}/审核记录.xlsx")


def test_the_progress_total_and_the_size_count_the_refinements(archived, refined, tree, city_officer):
    archive = archive_of(archived, tree.city, city_officer)
    assert count_entries(archived, tree.city) == len(archive.namelist())
    files, _size = selectors.archive_file_totals(archived, tree.city)
    assert files == sum(1 for n in archive.namelist() if n.endswith(".jpg"))


def test_a_draft_refinement_of_a_unit_above_is_left_out(archived, tree, county_officer, make_user):
    campaign_services.derive_child_campaign(by=county_officer, parent=archived, unit=tree.county1)
    assert selectors.derived_campaigns(archived, tree.school1) == []
    assert [c.unit for c in selectors.derived_campaigns(archived, tree.city)] == [tree.county1]
