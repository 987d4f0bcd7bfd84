"""一元捐 rows of primary-school pupils are flagged for the office's review, quoting the rule
「中小学校原则上不组织学生捐款」; secondary-school rows are not."""

import pytest
from django.urls import reverse

from fupin.orgs.tests.factories import school

from .staff_data import import_sheet, sheet, staffed_drive

pytestmark = pytest.mark.django_db


def test_one_yuan_rows_from_primary_school_pupils_are_flagged_for_review(
    tree, login, django_capture_on_commit_callbacks
):
    staffed = staffed_drive(tree.county1, "dy")
    school(tree.county1, "东阳县实验小学", "primary", code="QH-DY-P01")
    rows = [
        ["一元捐", "王小明", "QH-DY-P01", "1"],
        ["一元捐", "李小红", "QH-DY-P01", "2"],
        ["一元捐", "赵强", "QH-DY-S01", "1"],
    ]
    page, job = import_sheet(login(staffed.finance), staffed.drive, django_capture_on_commit_callbacks, sheet(rows))
    assert job.summary == [
        ["登记捐款 4.00 元,笔数", 3],
        ["小学学生一元捐,已提示办公室核查「中小学校原则上不组织学生捐款」,笔数", 2],
    ]
    assert "小学学生一元捐,已提示办公室核查「中小学校原则上不组织学生捐款」,笔数:2" in page.content.decode()
    page = login(staffed.office).get(reverse("quota_review", args=[staffed.drive.pk])).content.decode()
    section = page.split('id="pupils"')[1]
    assert "通知要求「中小学校原则上不组织学生捐款」" in section
    assert "东阳县实验小学" in section and "3.00" in section and "东阳县第一中学" not in section


def test_no_flag_without_primary_school_rows(tree, login, django_capture_on_commit_callbacks):
    staffed = staffed_drive(tree.county1, "dy")
    upload = sheet([["一元捐", "赵强", "QH-DY-S01", "1"]])
    page, job = import_sheet(login(staffed.finance), staffed.drive, django_capture_on_commit_callbacks, upload)
    assert job.summary == [["登记捐款 1.00 元,笔数", 1]] and "小学学生一元捐" not in page.content.decode()
    page = login(staffed.office).get(reverse("quota_review", args=[staffed.drive.pk])).content.decode()
    assert 'id="pupils"' not in page
