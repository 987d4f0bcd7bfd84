"""The audit trail: every write recorded with who, when, what and from where; nobody can alter it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from fupin.audit.context import ip_of
from fupin.audit.models import AuditEvent
from fupin.orgs import services
from fupin.orgs.tests.factories import make_user


def test_a_unit_change_is_recorded_with_the_changed_fields_and_address(tree, city_officer, login):
    client = login(city_officer)
    form = {
        "name": "东阳县第一中学(新校区)",
        "code": tree.school1.code,
        "kind": "school",
        "stage": "secondary",
        "area": "urban",
        "contact_person": "林老师",
        "contact_phone": "13900001111",
        "contact_email": "",
    }
    response = client.post(reverse("unit_edit", args=[tree.school1.pk]), form, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update", target_id=str(tree.school1.pk))
    assert event.actor == city_officer and event.ip == "10.1.2.3"
    assert event.changes["name"] == ["东阳县第一中学", "东阳县第一中学(新校区)"]
    assert event.changes["contact_person"] == ["", "林老师"]
    assert "code" not in event.changes
    assert event.unit_path == tree.school1.path


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (False, "198.51.100.9", "10.0.0.1"),  # no proxy of ours: the header is the client's to forge
        (True, "198.51.100.9", "198.51.100.9"),
        (True, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # what the client sent comes first, our proxy's last
    ],
)
def test_the_recorded_address_is_the_one_our_own_proxy_saw(settings, rf, trusted, forwarded, expected):
    settings.FUPIN_TRUSTED_PROXY = trusted
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert ip_of(request) == expected


def test_creating_an_account_and_granting_a_role_are_recorded(tree, county_officer):
    services.create_account(by=county_officer, unit=tree.school1, username="t1", name="李四", role="reporter")
    kinds = set(AuditEvent.objects.filter(actor=county_officer).values_list("target_type", "action"))
    assert {("orgs.user", "create"), ("orgs.membership", "create")} <= kinds
    grant = AuditEvent.objects.get(target_type="orgs.membership")
    assert grant.changes == {"role": [None, "报送员"], "user": [None, "t1"]}
    account = AuditEvent.objects.get(target_type="orgs.user", action="create")
    assert account.changes["name"] == [None, "李四"] and "phone" not in account.changes


def test_the_audit_trail_cannot_be_updated_through_the_database(tree, city_officer):
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(note="篡改")
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL refuses deletes; SQLite tests empty it")
def test_the_audit_trail_cannot_be_deleted_on_postgresql(tree):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_an_office_admin_reads_only_its_own_subtree(tree, county_officer, city_officer, login):
    services.update_unit(by=city_officer, unit=tree.school2, contact_person="何老师")
    services.update_unit(by=city_officer, unit=tree.school1, contact_person="林老师")
    page = login(county_officer).get(reverse("audit_list")).content.decode()
    assert tree.school1.name in page and tree.school2.name not in page


def test_an_auditor_reads_the_trail_but_cannot_change_units(tree, login):
    auditor = make_user("auditor", tree.city, "auditor")
    client = login(auditor)
    assert client.get(reverse("audit_list")).status_code == 200
    assert client.get(reverse("unit_edit", args=[tree.school1.pk])).status_code == 404
    assert client.get(reverse("member_create", args=[tree.school1.pk])).status_code == 404


def test_the_audit_list_filters_by_account_and_action(tree, city_officer, county_officer, login):
    services.update_unit(by=county_officer, unit=tree.school1, contact_person="甲")
    services.update_unit(by=city_officer, unit=tree.school2, contact_person="乙")
    client = login(city_officer)
    response = client.get(reverse("audit_list"), {"actor": "county_officer", "action": "update"})
    assert [e.target_repr for e in response.context["page"]] == [tree.school1.name]


def test_an_end_date_before_the_start_is_refused_and_lists_nothing(tree, city_officer, login):
    page = login(city_officer).get(reverse("audit_list"), {"since": "2026-10-20", "until": "2026-10-01"})
    assert "起始日期不能晚于截止日期" in page.content.decode()
    assert page.context["page"].paginator.count == 0


def test_the_audit_export_is_an_xlsx(tree, city_officer, login):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(city_officer).get(reverse("export_audit"))
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(1, 1).value == "审计日志" and sheet.cell(2, 2).value == "账号"


def test_nobody_can_change_audit_rows_in_django_admin(tree, client):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"note": "x"}).status_code == 403
