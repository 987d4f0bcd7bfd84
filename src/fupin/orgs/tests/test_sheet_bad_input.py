"""The unit and account imports refuse what a careful clerk would not read at face value, saying where, and
write nothing: a macro workbook, merged cells in the data, hidden rows with data, numbers where a code goes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.jobs.models import ImportJob
from fupin.jobs.tests.flow import audit_without_uploads
from fupin.lib.tests.bad_sheets import bad_variants, book
from fupin.orgs.models import Unit, User

UNIT_HEADER = ["单位代码", "单位名称", "上级单位代码", "单位类型", "学段", "城乡", "联系人", "联系电话", "电子邮箱"]
UNIT_ROWS = [
    ["QH-NX", "南溪县教育局", "QH", "县(区)教育局", "", "", "", "", ""],
    ["QH-NX-S01", "南溪县实验小学", "QH-NX", "学校", "小学", "城区", "王老师", "", ""],
]
MEMBER_HEADER = ["单位代码", "账号", "姓名", "角色", "手机号码", "电子邮箱"]
MEMBER_ROWS = [
    ["QH-DY-S01", "dy_lin", "林老师", "报送员", "", ""],
    ["QH-DY-T1", "dy_liu", "刘海", "帮扶责任人", "", ""],
]


def _post(client, name, data: bytes, **extra):
    return client.post(reverse(name), {"file": SimpleUploadedFile("表.xlsx", data), **extra})


PHONE_AS_NUMBER = ("number", book([UNIT_HEADER, [*UNIT_ROWS[0][:7], 13900000001, ""]]), "第2行 联系电话: 是数字单元格")


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [*bad_variants(UNIT_HEADER, UNIT_ROWS, merge_col="C", number_col=7)[:3], PHONE_AS_NUMBER],
)
def test_a_unit_sheet_a_clerk_would_not_trust_is_refused_and_nothing_is_written(
    kind, data, message, tree, city_officer, login, django_capture_on_commit_callbacks
):
    client = login(city_officer)
    units, events = Unit.objects.count(), audit_without_uploads()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "import_units", data)
    if response.status_code == 302:  # refused by its job (hidden rows are refused on the upload form itself)
        response = client.get(response["Location"])
        assert ImportJob.objects.get().status == "failed"
    assert response.status_code == 200 and message in response.content.decode(), kind
    assert Unit.objects.count() == units and audit_without_uploads() == events


@pytest.mark.parametrize(
    ("kind", "data", "message"), bad_variants(MEMBER_HEADER, MEMBER_ROWS, merge_col="D", number_col=1)
)
def test_an_account_sheet_a_clerk_would_not_trust_is_refused_and_nothing_is_written(
    kind, data, message, tree, county_officer, login
):
    client = login(county_officer)
    users, events = User.objects.count(), AuditEvent.objects.count()
    response = _post(client, "import_members", data)
    assert response.status_code == 200 and message in response.content.decode(), kind
    assert User.objects.count() == users and AuditEvent.objects.count() == events


def test_hidden_rows_are_imported_when_the_person_confirms_them(tree, county_officer, login):
    data = book([MEMBER_HEADER, *MEMBER_ROWS], hide_row=3)
    response = _post(login(county_officer), "import_members", data, include_hidden="on")
    assert response.status_code == 200 and "dy_liu" in response.content.decode()
    assert set(User.objects.filter(username__startswith="dy_l").values_list("username", flat=True)) == {
        "dy_lin",
        "dy_liu",
    }
