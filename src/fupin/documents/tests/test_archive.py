"""存档备查: the archive's layout, manifest and scope."""

import csv
import hashlib
import io

import openpyxl

from fupin.documents.archive.contents import unit_folders
from fupin.documents.archive.notice import plan_document

from . import archive_data
from .archive_data import archive_of

archived = archive_data.archived  # the fixture

SCHOOL1 = "01 清河市教育局/02 东阳县教育局/01 东阳县第一中学"


def manifest_of(archive) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))


def sheet_text(archive, name: str) -> str:
    book = openpyxl.load_workbook(io.BytesIO(archive.read(name)), read_only=True)
    return "\n".join(" ".join(str(c) for c in row if c is not None) for row in book.active.iter_rows(values_only=True))


def test_units_are_folders_numbered_among_siblings_in_tree_order(tree):
    folders = unit_folders(tree.city)
    assert folders[tree.city.pk] == "01 清河市教育局"
    assert folders[tree.school1.pk] == SCHOOL1
    assert folders[tree.county2.pk].startswith("01 清河市教育局/03 ")


def test_every_version_of_a_hand_in_is_kept_with_its_text_and_files(archived, tree, city_officer):
    names = archive_of(archived, tree.city, city_officer).namelist()
    first, second = f"{SCHOOL1}/01 活动照片/第1版", f"{SCHOOL1}/01 活动照片/第2版"
    assert f"{first}/正文.txt" in names and f"{first}/照片-001.jpg" in names
    assert {f"{second}/正文.txt", f"{second}/照片-001.jpg", f"{second}/照片-002.jpg"} <= set(names)
    archive = archive_of(archived, tree.city, city_officer)
    assert "第二版总结" in archive.read(f"{second}/正文.txt").decode("utf-8-sig")


def test_the_manifest_gives_the_sha256_and_size_of_every_entry(archived, tree, city_officer):
    archive = archive_of(archived, tree.city, city_officer)
    rows = manifest_of(archive)
    listed = {row["路径"] for row in rows}
    assert listed == set(archive.namelist()) - {"manifest.csv", "README.txt"}
    for row in rows:
        data = archive.read(row["路径"])
        assert hashlib.sha256(data).hexdigest() == row["SHA-256"]
        assert len(data) == int(row["大小(字节)"])
    photo = next(r for r in rows if r["路径"] == f"{SCHOOL1}/01 活动照片/第2版/照片-001.jpg")
    assert photo["原文件名"] == "升旗.jpg" and photo["版本"] == "2" and photo["报送人"] and photo["报送时间"]


def test_the_campaign_tables_photo_index_reviews_and_audit_trail_are_included(archived, tree, city_officer):
    archive = archive_of(archived, tree.city, city_officer)
    notice = archive.read("00 活动通知/活动通知.txt").decode("utf-8-sig")
    assert "开展集中宣传活动" in notice and "2026年" in notice and "截止时间" in notice
    assert "00 统计表/01 活动统计表.xlsx" in archive.namelist()
    if plan_document is not None:  # the 实施方案 generator of documents/word, where it is installed
        assert archive.read("00 活动通知/实施方案.docx").startswith(b"PK")
    photos = sheet_text(archive, "00 汇总/照片索引.xlsx")
    assert "全校师生参加扶贫日升旗仪式" in photos and "东阳县第一中学" in photos
    assert "照片说明不够具体" in sheet_text(archive, "00 汇总/审核记录.xlsx")
    assert "campaigns.submission" in sheet_text(archive, "00 汇总/审计记录.xlsx")
    assert "manifest.csv" in archive.read("README.txt").decode("utf-8-sig")


def test_a_county_archive_holds_no_school_of_another_county(archived, tree, county_officer):
    archive = archive_of(archived, tree.county1, county_officer)
    names = archive.namelist()
    assert any(n.startswith("01 东阳县教育局/01 东阳县第一中学/") for n in names)
    assert not any("西河" in n or tree.school2.name in n for n in names)
    everything = b"".join(archive.read(n) for n in names if n.endswith((".txt", ".csv")))
    assert "西河县的总结".encode() not in everything
    assert "西河" not in sheet_text(archive, "00 汇总/照片索引.xlsx")
    assert tree.school2.name not in sheet_text(archive, "00 统计表/01 活动统计表.xlsx")
