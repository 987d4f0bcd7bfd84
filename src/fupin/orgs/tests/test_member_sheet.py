"""Accounts imported from a sheet: all or nothing, one-time passwords, first-login change."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fupin.audit.models import AuditEvent
from fupin.lib.sheet_import import SheetRowErrors
from fupin.orgs.member_sheet import export_members, import_member_sheet
from fupin.orgs.models import Membership, User

HEADER = ["单位代码", "账号", "姓名", "角色", "手机号码", "电子邮箱"]


def sheet(*rows) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_good_sheet_creates_accounts_that_must_change_their_password(tree, county_officer, client):
    data = sheet(
        ["QH-DY-S01", "dy_lin", "林老师", "报送员", "13900001111", "lin@example.cn"],
        ["QH-DY-T1", "dy_liu", "刘海", "帮扶责任人", "", ""],
        ["QH-DY-T1", "dy_lin", "林老师", "帮扶责任人", "", ""],
    )
    result = import_member_sheet(by=county_officer, data=data, filename="人员.xlsx")
    assert [a.user.username for a in result.created] == ["dy_lin", "dy_liu"]
    assert [m.role for m in result.granted] == ["cadre"]
    lin = User.objects.get(username="dy_lin")
    assert lin.must_change_password and lin.password.startswith("pbkdf2_temp$")
    assert set(lin.memberships.values_list("role", flat=True)) == {"reporter", "cadre"}
    client.post(reverse("login"), {"username": "dy_lin", "password": result.created[0].password})
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    assert AuditEvent.objects.filter(action="import", note__contains="新建账号 2 个").exists()


def test_an_existing_account_of_the_subtree_only_gains_the_role(tree, county_officer, school_reporter):
    result = import_member_sheet(
        by=county_officer, data=sheet(["QH-DY-T1", "school_reporter", school_reporter.name, "帮扶责任人", "", ""])
    )
    assert not result.created and Membership.objects.filter(user=school_reporter, role="cadre").exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["QH-XC-S01", "x1", "某人", "报送员", "", ""], "第2行 单位代码: 找不到单位 QH-XC-S01"),
        (["QH-DY-S01", "x 1", "某人", "报送员", "", ""], "第2行 账号: 账号只能包含"),
        (["QH-DY-S01", "x1", "某人", "校长", "", ""], "第2行 角色: 「校长」不是可选值"),
        (["QH-DY-S01", "x1", "某人", "报送员", "12345", ""], "第2行 手机号码: 电话号码格式不正确"),
        (["QH-DY-S01", "x1", "", "报送员", "", ""], "第2行 姓名: 不能为空"),
        (["QH-DY-S01", "outsider", "外人", "报送员", "", ""], "第2行 账号: 账号 outsider 已在其他单位登记"),
    ],
)
def test_a_bad_row_refuses_the_whole_sheet(row, message, tree, county_officer, outsider):
    users = User.objects.count()
    with pytest.raises(SheetRowErrors) as caught:
        import_member_sheet(by=county_officer, data=sheet(row, ["QH-DY-S01", "ok1", "好人", "报送员", "", ""]))
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors
    assert User.objects.count() == users


def test_the_same_person_and_role_twice_names_both_rows(tree, county_officer):
    row = ["QH-DY-S01", "x1", "某人", "报送员", "", ""]
    with pytest.raises(SheetRowErrors, match="第3行 账号: 与第2行重复"):
        import_member_sheet(by=county_officer, data=sheet(row, row))


def test_one_account_with_two_names_is_refused(tree, county_officer):
    with pytest.raises(SheetRowErrors, match="同一账号在第2行的姓名是「张三」"):
        import_member_sheet(
            by=county_officer,
            data=sheet(["QH-DY-S01", "x1", "张三", "报送员", "", ""], ["QH-DY-T1", "x1", "张叁", "帮扶责任人", "", ""]),
        )


def test_the_export_has_no_passwords_and_imports_back(tree, county_officer, school_reporter):
    data = export_members(Membership.objects.filter(unit__path__startswith=tree.county1.path))
    sheet_ = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet_[3]] == HEADER
    assert not any("pbkdf2" in str(c.value) for row in sheet_.iter_rows() for c in row)
    result = import_member_sheet(by=county_officer, data=data)
    assert not result.created


def test_the_page_shows_each_new_password_once(tree, county_officer, login):
    client = login(county_officer)
    upload = io.BytesIO(sheet(["QH-DY-S01", "dy_new", "新老师", "报送员", "", ""]))
    upload.name = "人员.xlsx"
    page = client.post(reverse("import_members"), {"file": upload}).content.decode()
    assert "初始密码只显示这一次" in page and "Fp-" in page and "报送员" in page


def test_a_reporter_cannot_import_accounts(school_reporter, login):
    assert login(school_reporter).get(reverse("import_members")).status_code == 404
