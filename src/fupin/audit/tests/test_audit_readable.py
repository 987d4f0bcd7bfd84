"""The audit trail a person can read: fields by their names on the pages, choices by their labels, times in
Beijing time, old and new values; filtered by unit, person, action and date; exported in the same words."""

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.urls import reverse

from fupin.audit.readable import value_label
from fupin.lib.tests.exported import table, workbook
from fupin.orgs import services

AT_UTC = datetime(2026, 10, 17, 7, 0, 0, tzinfo=UTC)  # 15:00 in Beijing


@pytest.fixture
def changed(tree, city_officer, county_officer):
    """At 2026-10-17 15:00 Beijing time the county moves school 1 to the countryside and names its contact;
    the city names school 2's contact."""
    county_officer.name = "王县长"
    county_officer.save()
    with mock.patch("django.utils.timezone.now", return_value=AT_UTC):
        services.update_unit(by=county_officer, unit=tree.school1, area="rural", contact_person="林老师")
    services.update_unit(by=city_officer, unit=tree.school2, contact_person="何老师")


def _rows(response):
    return [(e.target_repr, [(c.label, c.old, c.new) for c in e.readable]) for e in response.context["page"]]


def test_a_change_is_shown_with_field_names_choice_labels_and_old_and_new_values(changed, city_officer, login):
    response = login(city_officer).get(reverse("audit_list"), {"actor": "county_officer"})

    assert _rows(response) == [("东阳县第一中学", [("城乡", "城区", "农村"), ("联系人", "—", "林老师")])]
    page = response.content.decode()
    assert '2026-10-17</span> <span class="nowrap">15:00:00' in page
    assert '<span class="tag">单位</span>' in page


def test_a_recorded_time_is_shown_in_beijing_time():
    assert value_label("campaigns.requirement", "due_at", "2026-10-19T15:59:59+00:00") == "2026-10-19 23:59:59"


def test_an_amount_in_fen_is_shown_in_yuan():
    assert value_label("donations.donation", "amount_fen", 30050) == "300.50 元"


def test_the_trail_filters_by_unit_including_its_subtree(changed, tree, city_officer, login):
    response = login(city_officer).get(reverse("audit_list"), {"unit": tree.county2.path, "action": "update"})

    assert [name for name, _changes in _rows(response)] == ["西川县第一中学"]


def test_the_trail_filters_by_a_persons_name(changed, city_officer, login):
    response = login(city_officer).get(reverse("audit_list"), {"actor": "王县长"})

    assert [name for name, _changes in _rows(response)] == ["东阳县第一中学"]


def test_the_trail_filters_by_date(changed, city_officer, login):
    client = login(city_officer)

    on_the_day = client.get(reverse("audit_list"), {"since": "2026-10-17", "until": "2026-10-17"})
    before = client.get(reverse("audit_list"), {"until": "2026-10-16"})

    assert [name for name, _changes in _rows(on_the_day)] == ["东阳县第一中学"]
    assert _rows(before) == []


def test_a_unit_outside_the_readers_scope_is_not_a_filter_choice(changed, tree, county_officer, login):
    response = login(county_officer).get(reverse("audit_list"), {"unit": tree.county2.path})

    assert response.context["form"].errors["unit"]
    assert _rows(response) == []


def test_the_export_uses_the_pages_words(changed, tree, city_officer, login):
    query = {"unit": tree.county1.path, "action": "update", "format": "xlsx"}
    response = login(city_officer).get(reverse("audit_list"), query)

    title, headers, rows = table(workbook(response).active)
    assert title == "审计日志 · 单位(含下级):东阳县教育局 · 操作:修改"
    assert headers == [
        "时间(北京时间)", "账号", "姓名", "操作", "对象类型", "对象", "所属单位", "变更内容", "说明", "来源地址",
    ]  # fmt: skip
    assert rows == [
        [
            "2026-10-17 15:00:00",
            "county_officer",
            "王县长",
            "修改",
            "单位",
            "东阳县第一中学",
            "东阳县第一中学",
            "城乡:城区 → 农村;联系人:— → 林老师",
            None,
            None,
        ]
    ]
