"""The registry's rules: one household per 身份证号, the number kept encrypted and masked, seen in full only with
the permission and every full view logged."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.households import views
from fupin.households.models import Household, StatusChange
from fupin.households.services import add_member, record_status, register_household
from fupin.orgs.tests.factories import UnitFactory

from .factories import NUMBERS, household

pytestmark = pytest.mark.django_db


def test_a_county_office_registers_a_household_with_its_number_encrypted(tree, county_officer):
    made = household(county_officer, tree.village1, "王大山", "430524199006071213")
    row = Household.objects.values().get(pk=made.pk)
    assert "430524199006071213" not in str(row)
    assert row["head_id_masked"] == "4305**********1213"
    assert list(StatusChange.objects.filter(household=made).values_list("status", flat=True)) == ["in_poverty"]
    event = AuditEvent.objects.get(target_type="households.household", target_id=str(made.pk))
    assert event.action == "create"
    assert "430524199006071213" not in str(event.changes)


def test_the_same_id_number_cannot_be_registered_twice(tree, county_officer):
    household(county_officer, tree.village1, "王大山", "430524199006071213")
    with pytest.raises(ValidationError) as exc:
        household(county_officer, tree.village1, "王小山", "430524199006071213")
    assert exc.value.message_dict == {"id_number": ["该身份证号已登记:石桥东村 户主 王*山"]}
    assert Household.objects.count() == 1


def test_a_number_registered_in_another_county_says_only_that_it_is_registered_elsewhere(tree, make_user):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    other_office = make_user("xc_office", tree.county2, "office_admin")
    household(other_office, village2, "赵二", "430524196511220845")
    dy_office = make_user("dy_office", tree.county1, "office_admin")
    with pytest.raises(ValidationError) as exc:
        household(dy_office, tree.village1, "赵二", "430524196511220845")
    assert exc.value.message_dict == {"id_number": ["该身份证号已在其他单位登记"]}
    assert Household.objects.filter(village=tree.village1).count() == 0


def test_a_household_is_registered_only_in_a_village(tree, county_officer):
    with pytest.raises(ValidationError) as exc:
        household(county_officer, tree.town1, "王大山", NUMBERS[2])
    assert exc.value.message_dict == {"village": ["帮扶户须登记在村一级单位"]}
    assert Household.objects.count() == 0


def test_an_unknown_poverty_cause_is_refused(tree, county_officer):
    with pytest.raises(ValidationError) as exc:
        register_household(
            by=county_officer,
            village=tree.village1,
            head_name="王大山",
            id_number=NUMBERS[3],
            category="monitored",
            poverty_causes=["illness", "laziness"],
        )
    assert exc.value.message_dict == {"poverty_causes": ["致贫原因「laziness」不在可选范围内"]}
    assert Household.objects.count() == 0


def test_status_history_is_kept_when_a_household_is_lifted_out_of_poverty(tree, county_officer):
    made = household(county_officer, tree.village1)
    record_status(by=county_officer, household=made, status="lifted", year=2020, note="产业帮扶后脱贫")
    made.refresh_from_db()
    assert made.status == "lifted"
    history = list(StatusChange.objects.filter(household=made).order_by("pk").values_list("status", "note"))
    assert history == [("in_poverty", ""), ("lifted", "产业帮扶后脱贫")]


def test_a_member_born_in_the_future_is_refused(tree, county_officer):
    made = household(county_officer, tree.village1)
    with pytest.raises(ValidationError) as exc:
        add_member(
            by=county_officer,
            household=made,
            name="王小花",
            relation="child",
            sex="female",
            birth_year=2999,
            schooling="primary",
            health="healthy",
        )
    assert exc.value.message_dict == {"birth_year": ["出生年份应在1900年至今之间"]}
    assert made.members.count() == 0


def test_the_id_number_is_never_unmasked_without_the_permission(tree, county_officer, make_user, login):
    made = household(county_officer, tree.village1, "王大山", "430524199006071213")
    viewer = make_user("dy_viewer", tree.county1, "viewer")
    client = login(viewer)
    page = client.get(reverse("household_detail", args=[made.pk])).content.decode()
    assert "4305**********1213" in page
    assert "430524199006071213" not in page
    assert "查看完整" not in page
    assert client.post(reverse("household_reveal", args=[made.pk])).status_code == 404
    listing = client.get(reverse("household_list")).content.decode()
    assert "430524199006071213" not in listing
    assert not AuditEvent.objects.filter(action="view_personal").exists()


def test_the_full_view_is_logged_in_the_audit_trail(tree, county_officer, login):
    made = household(county_officer, tree.village1, "王大山", "430524199006071213")
    response = login(county_officer).post(reverse("household_reveal", args=[made.pk]))
    assert "430524199006071213" in response.content.decode()
    event = AuditEvent.objects.get(action="view_personal")
    assert (event.actor_username, event.target_id, event.note) == ("county_officer", str(made.pk), "查看完整身份证号")
    assert event.unit_name == "石桥东村"


def test_searching_by_the_whole_number_finds_the_household(tree, county_officer, login):
    household(county_officer, tree.village1, "王大山", "430524199006071213")
    household(county_officer, tree.village1, "李四海", "430524196511220845")
    page = login(county_officer).get(reverse("household_list"), {"q": "430524196511220845"}).content.decode()
    assert "李四海" in page
    assert "王大山" not in page


def test_the_list_shows_every_household_a_page_at_a_time_with_the_count(tree, county_officer, login, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name, number in zip(["户主C", "户主A", "户主B"], NUMBERS, strict=False):
        household(county_officer, tree.village1, name, number)
    client = login(county_officer)
    first = client.get(reverse("household_list")).content.decode()
    assert "共 3 户" in first and "第 1 / 2 页" in first
    assert "户主A" in first and "户主B" in first and "户主C" not in first
    second = client.get(reverse("household_list"), {"page": "2"}).content.decode()
    assert "户主C" in second and "户主A" not in second and "第 2 / 2 页" in second


def test_a_household_is_reached_through_its_village(tree, county_officer, login):
    made = household(county_officer, tree.village1, "王大山", "430524199006071213")
    client = login(county_officer)
    page = client.get(reverse("household_detail", args=[made.pk])).content.decode()
    assert "经石桥东村联系" in page and "该村尚未登记联系人和电话" in page
    tree.village1.contact_person, tree.village1.contact_phone = "周支书", "13907301234"
    tree.village1.save()
    page = client.get(reverse("household_detail", args=[made.pk])).content.decode()
    assert "经石桥东村联系:周支书" in page and 'href="tel:13907301234"' in page


def test_production_refuses_to_start_without_a_personal_data_key():
    env = {**os.environ, "FUPIN_PRODUCTION": "1", "FUPIN_SECRET_KEY": "k" * 50, "FUPIN_PERSONAL_DATA_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "fupin.cli", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "FUPIN_PERSONAL_DATA_KEY" in result.stderr
