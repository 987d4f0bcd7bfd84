"""Office admins manage the members and roles of the units in their subtree."""

from django.urls import reverse

from fupin.orgs.models import Membership, User


def test_an_office_admin_creates_an_account_and_sees_its_temporary_password_once(county_officer, tree, login):
    client = login(county_officer)
    form = {"username": "wang_laoshi", "name": "王老师", "phone": "13812345678", "email": "", "role": "cadre"}
    response = client.post(reverse("member_create", args=[tree.school1.pk]), form)
    assert response.status_code == 200 and "只显示这一次" in response.content.decode()
    user = User.objects.get(username="wang_laoshi")
    assert user.must_change_password
    assert Membership.objects.filter(user=user, unit=tree.school1, role="cadre").exists()
    assert (
        response.context["password"] not in client.get(reverse("unit_detail", args=[tree.school1.pk])).content.decode()
    )


def test_a_bad_phone_or_taken_username_is_shown_on_the_form(county_officer, school_reporter, tree, login):
    client = login(county_officer)
    form = {"username": "school_reporter", "name": "重名", "phone": "12345", "email": "", "role": "reporter"}
    page = client.post(reverse("member_create", args=[tree.school1.pk]), form).content.decode()
    assert "电话号码格式不正确" in page and "已存在" in page
    assert User.objects.filter(name="重名").count() == 0


def test_granting_and_revoking_a_role(county_officer, school_reporter, tree, login):
    client = login(county_officer)
    client.post(reverse("grant_role", args=[tree.town1.pk]), {"username": "school_reporter", "role": "cadre"})
    membership = Membership.objects.get(user=school_reporter, unit=tree.town1)
    assert membership.role == "cadre"
    client.post(reverse("revoke_role", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_granting_to_an_unknown_account_says_so(county_officer, tree, login):
    page = login(county_officer).post(
        reverse("grant_role", args=[tree.town1.pk]), {"username": "nobody", "role": "cadre"}
    )
    assert "没有这个账号" in page.content.decode()


def test_resetting_a_password_obliges_a_change_at_next_login(county_officer, school_reporter, tree, login):
    membership = Membership.objects.get(user=school_reporter)
    response = login(county_officer).post(reverse("reset_password", args=[membership.pk]))
    assert response.status_code == 200
    school_reporter.refresh_from_db()
    assert school_reporter.must_change_password
    assert school_reporter.check_password(response.context["password"])


def test_adding_a_child_unit_and_moving_it(county_officer, tree, login):
    client = login(county_officer)
    form = {
        "name": "东阳县柳溪镇",
        "code": "QH-DY-T2",
        "kind": "town",
        "stage": "",
        "area": "rural",
        "contact_person": "",
        "contact_phone": "",
        "contact_email": "",
    }
    assert client.post(reverse("unit_create", args=[tree.county1.pk]), form).status_code == 302
    town = tree.county1.children.get(code="QH-DY-T2")
    response = client.post(reverse("move_unit", args=[tree.village1.pk]), {"parent_code": "QH-DY-T2"})
    assert response.status_code == 302
    tree.village1.refresh_from_db()
    assert tree.village1.parent_id == town.pk and tree.village1.path.startswith(town.path)


def test_a_unit_cannot_be_moved_outside_the_officers_subtree(county_officer, tree, login):
    page = login(county_officer).post(reverse("move_unit", args=[tree.village1.pk]), {"parent_code": "QH-XC"})
    assert "不在您的管辖范围内" in page.content.decode()


def test_the_unit_list_costs_a_fixed_number_of_queries(city_officer, tree, login, django_assert_max_num_queries):
    client = login(city_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("unit_list")).status_code == 200


def test_the_unit_form_shows_every_rule_at_once(county_officer, tree, login):
    form = {
        "name": "新学校",
        "code": "QH-DY",
        "kind": "school",
        "stage": "",
        "area": "",
        "contact_person": "",
        "contact_phone": "",
        "contact_email": "",
    }
    page = login(county_officer).post(reverse("unit_create", args=[tree.county1.pk]), form).content.decode()
    assert "已被其他单位使用" in page and "学校须填写学段" in page


def test_an_oversized_unit_sheet_is_refused_before_it_is_read(county_officer, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fupin.lib import xlsx

    big = SimpleUploadedFile("大表.xlsx", b"PK" + b"0" * (xlsx.MAX_BYTES + 1))
    page = login(county_officer).post(reverse("import_units"), {"file": big}).content.decode()
    assert "超过 20 MB 上限" in page
