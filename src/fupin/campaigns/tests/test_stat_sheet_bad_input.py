"""A statistics table's import refuses what a careful clerk would not read at face value, saying where, and
saves nothing: a macro workbook, merged cells under the header, hidden rows with data, an impossible date."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.models import StatReport
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of
from fupin.lib.tests.bad_sheets import bad_variants, book

pytestmark = pytest.mark.django_db

HEADER = ["开展活动(次)*", "参与人数", "帮扶资金(元)", "覆盖率(%)", "活动日期", "活动形式", "备注"]
ROWS = [[3, 120, "100", 85, "2026-10-17", "线下", "甲"], [2, 80, "50", 60, "2026-10-18", "线下", "乙"]]


@pytest.fixture
def table(tree, city_officer):
    return stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])[1]


PHANTOM_DAY = ("phantom day", book([HEADER, [3, 120, "100", 85, 60, "线下", ""]], dates=("E2",)), "1900-02-29")
ONE_ROW_AND_A_NOTE = [*ROWS[:1], [None] * 6 + ["乙"]]


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [*bad_variants(HEADER, ONE_ROW_AND_A_NOTE, merge_col="F", number_col=0)[:3], PHANTOM_DAY],
)
def test_a_statistics_sheet_a_clerk_would_not_trust_is_refused_and_nothing_is_saved(
    kind, data, message, tree, table, school_reporter, login
):
    task = task_of(table, tree.school1)
    upload = SimpleUploadedFile("统计表.xlsx", data)
    response = login(school_reporter).post(reverse("stat_import", args=[task.pk]), {"file": upload})
    assert response.status_code == 200 and message in response.text, kind
    assert not StatReport.objects.exists()
