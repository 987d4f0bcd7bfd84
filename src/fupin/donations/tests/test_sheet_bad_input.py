"""The 一日捐/一元捐 import refuses what a careful clerk would not read at face value, saying where, and records
nothing: a macro workbook, a merged 匿名 cell (which would leave the second donor public), hidden rows with
data, a unit code stored as a number."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.donations import ledger
from fupin.donations.models import Donation
from fupin.lib.tests.bad_sheets import bad_variants

from .staff_data import import_sheet, staffed_drive

pytestmark = pytest.mark.django_db

HEADER = ["方式", "姓名", "单位代码", "金额(元)", "匿名"]
ROWS = [["一日捐", "张三", "QH-DY-S01", "300", "是"], ["一日捐", "李四", "QH-DY-S01", "200", None]]


@pytest.mark.parametrize(("kind", "data", "message"), bad_variants(HEADER, ROWS, merge_col="E", number_col=2))
def test_a_donation_sheet_a_clerk_would_not_trust_is_refused_and_nothing_is_recorded(
    kind, data, message, tree, login, django_capture_on_commit_callbacks
):
    staffed = staffed_drive(tree.county1, "dy")
    upload = SimpleUploadedFile("一日捐.xlsx", data)
    page, job = import_sheet(login(staffed.finance), staffed.drive, django_capture_on_commit_callbacks, upload)
    assert job.status == "failed" and message in page.content.decode(), kind
    assert not Donation.objects.exists() and ledger.balance_fen(staffed.drive) == 0
