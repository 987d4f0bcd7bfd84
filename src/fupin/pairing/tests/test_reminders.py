"""Cadres are reminded of households not yet visited in the 行动月 and of overdue follow-ups, each once, in the
app and by email."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.pairing.models import VisitReminder
from fupin.pairing.reminders import remind_cadres

from .coverage_data import build

pytestmark = pytest.mark.django_db


def test_each_unvisited_household_and_overdue_follow_up_is_reminded_once(
    tree, make_user, county_officer, mailoutbox, django_capture_on_commit_callbacks
):
    world = build(tree, make_user, county_officer)
    world.liu.email = "liu@example.cn"
    world.liu.save()
    with django_capture_on_commit_callbacks(execute=True):
        made = remind_cadres(today=date(2025, 10, 20))
    assert sorted((r.cadre.username, r.message) for r in made) == [
        ("liu_cadre", "与 石桥东村 · 王大山 约定 2025-10-12 回访,尚未登记回访。"),
        ("liu_cadre", "结对帮扶行动月(10月31日止)内请到 石桥东村 · 李四海 家中入户走访。"),
    ]
    assert len(mailoutbox) == 1
    assert (mailoutbox[0].to, mailoutbox[0].subject) == (["liu@example.cn"], "【结对帮扶】走访提醒 2 条")
    assert AuditEvent.objects.filter(note="走访提醒 2 条").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_cadres(today=date(2025, 10, 21)) == []
    assert VisitReminder.objects.count() == 2
    assert len(mailoutbox) == 1


def test_outside_the_action_month_only_overdue_follow_ups_are_reminded(tree, make_user, county_officer):
    build(tree, make_user, county_officer)
    made = remind_cadres(today=date(2025, 11, 5))
    assert [r.kind for r in made] == ["overdue"]


def test_the_cadre_sees_the_reminders_on_the_workbench(tree, make_user, county_officer, login):
    world = build(tree, make_user, county_officer)
    call_command("remind_visits", "--today", "2025-10-20", stdout=io.StringIO())
    page = login(world.liu).get(reverse("home")).content.decode()
    assert "结对帮扶行动月(10月31日止)内请到 石桥东村 · 李四海 家中入户走访。" in page
