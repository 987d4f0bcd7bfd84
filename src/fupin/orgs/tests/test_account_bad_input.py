"""Accounts cannot impersonate each other, and a first password cannot be kept: user names that read the same
(case, width, look-alike letters) collide in the account form and the account import, the temporary and the
last few passwords cannot be chosen again, and the import reports only what it did."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook

from fupin.audit.models import AuditEvent
from fupin.lib.sheet_import import SheetRowErrors
from fupin.orgs import services
from fupin.orgs.member_sheet import import_member_sheet
from fupin.orgs.models import Membership, UsedPassword, User

HEADER = ["单位代码", "账号", "姓名", "角色", "手机号码", "电子邮箱"]
CYRILLIC_A = "\u0430"


def sheet(*rows) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def admin_account(tree, make_user):
    return make_user("admin", tree.school1, "reporter", name="管理员")


LOOKS_LIKE_ADMIN = "与已有账号「admin」相同或过于相似(仅大小写、全角半角或形近字母不同),请换一个账号"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Admin", LOOKS_LIKE_ADMIN),
        ("ADMIN", LOOKS_LIKE_ADMIN),
        (CYRILLIC_A + "dmin", LOOKS_LIKE_ADMIN),
        ("ａｄｍｉｎ", "已存在一位使用该名字的用户。"),  # full width is folded to 「admin」 itself
    ],
)
def test_an_account_whose_name_reads_like_an_existing_one_is_refused_in_the_form(
    typed, message, admin_account, tree, county_officer, login
):
    client = login(county_officer)
    data = {"username": typed, "name": "冒名者", "phone": "", "email": "", "role": "reporter"}
    page = client.post(reverse("member_create", args=[tree.school1.pk]), data).content.decode()
    assert message in page
    assert User.objects.count() == 2 and not User.objects.filter(name="冒名者").exists()


def test_a_cyrillic_look_alike_is_refused_by_the_service_with_the_existing_name(admin_account, tree, county_officer):
    with pytest.raises(services.ValidationError) as refused:
        services.create_account(
            by=county_officer, unit=tree.school1, username=CYRILLIC_A + "dmin", name="冒名者", role="reporter"
        )
    assert refused.value.message_dict["username"] == [
        "与已有账号「admin」相同或过于相似(仅大小写、全角半角或形近字母不同),请换一个账号"
    ]
    assert not User.objects.filter(name="冒名者").exists()


def test_an_imported_name_reading_like_an_existing_account_or_another_row_is_refused(
    admin_account, tree, county_officer
):
    events = AuditEvent.objects.count()
    data = sheet(
        ["QH-DY-S01", "Admin", "甲", "报送员", "", ""],
        ["QH-DY-S01", CYRILLIC_A + "dmin", "乙", "报送员", "", ""],
        ["QH-DY-S01", "dy_lin", "林老师", "报送员", "", ""],
        ["QH-DY-T1", "DY_LIN", "林老师", "帮扶责任人", "", ""],
    )
    with pytest.raises(SheetRowErrors) as refused:
        import_member_sheet(by=county_officer, data=data)
    assert refused.value.errors == [
        "第2行 账号: 与已有账号「admin」相同或过于相似(仅大小写、全角半角或形近字母不同),请换一个账号",
        "第3行 账号: 与已有账号「admin」相同或过于相似(仅大小写、全角半角或形近字母不同),请换一个账号",
        "第5行 账号: 与第4行的账号「dy_lin」相同或过于相似(仅大小写、全角半角或形近字母不同)",
    ]
    assert User.objects.count() == 2 and AuditEvent.objects.count() == events


def _first_login(client, tree, county_officer):
    user, temporary = services.create_account(
        by=county_officer, unit=tree.school1, username="dy_new", name="新老师", role="reporter"
    )
    client.force_login(user)
    return user, temporary


def _change(client, old, new):
    return client.post(reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_temporary_password_cannot_be_kept_at_first_login(client, tree, county_officer):
    user, temporary = _first_login(client, tree, county_officer)
    page = _change(client, temporary, temporary)
    assert page.status_code == 200
    assert "新密码不能与当前密码(包括管理员发放的临时密码)或最近 5 次用过的密码相同。" in page.content.decode()
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(temporary)


def test_the_last_few_passwords_cannot_be_chosen_again(client, tree, county_officer):
    user, temporary = _first_login(client, tree, county_officer)
    assert _change(client, temporary, "Qinghe#2026a").status_code == 302
    assert _change(client, "Qinghe#2026a", "Qinghe#2026b").status_code == 302
    page = _change(client, "Qinghe#2026b", "Qinghe#2026a")
    assert "最近 5 次用过的密码相同" in page.content.decode()
    user.refresh_from_db()
    assert user.check_password("Qinghe#2026b") and UsedPassword.objects.filter(user=user).count() == 2


def test_only_the_last_five_passwords_are_kept(tree, county_officer):
    user, _temporary = services.create_account(
        by=county_officer, unit=tree.school1, username="dy_new", name="新老师", role="reporter"
    )
    for n in range(7):
        services.set_password(by=user, user=user, password=f"Qinghe#20{n}x", must_change=False)
    assert UsedPassword.objects.filter(user=user).count() == 5
    services.set_password(by=user, user=user, password="Qinghe#200x", must_change=False)  # 6 changes ago
    user.refresh_from_db()
    assert user.check_password("Qinghe#200x")


def test_an_import_that_changes_nothing_says_so_and_claims_no_grant(admin_account, tree, county_officer, login):
    client = login(county_officer)
    upload = io.BytesIO(sheet(["QH-DY-S01", "admin", "管理员", "报送员", "", ""]))
    upload.name = "人员.xlsx"
    page = client.post(reverse("import_members"), {"file": upload}).content.decode()
    assert "表中的账号都已有所列角色,本次没有任何改动。" in page and "1 行的账号已有该角色,未作改动。" in page
    assert "授予角色 1 项" not in page and "新建账号 0 个" not in page
    assert Membership.objects.filter(user=admin_account).count() == 1
    assert AuditEvent.objects.filter(note__contains="授予角色 0 项,已有角色未改动 1 项").exists()


def test_the_database_refuses_two_accounts_differing_only_in_case(admin_account):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="ADMIN", name="并发写入")
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_a_plain_name_is_refused_when_an_existing_account_spells_it_with_look_alike_letters(
    tree, county_officer, make_user
):
    make_user(CYRILLIC_A + "lice", tree.school1, "reporter")
    with pytest.raises(services.ValidationError) as refused:
        services.create_account(by=county_officer, unit=tree.school1, username="Alice", name="爱丽丝", role="reporter")
    assert refused.value.message_dict["username"] == [
        f"与已有账号「{CYRILLIC_A}lice」相同或过于相似(仅大小写、全角半角或形近字母不同),请换一个账号"
    ]
    assert not User.objects.filter(name="爱丽丝").exists()
