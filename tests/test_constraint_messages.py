"""Every database constraint a person can run into speaks Chinese, and forms show that message, never the raw
「约束 "…" 是无效的」."""

import re

from django.apps import apps
from django.db.models import CheckConstraint, UniqueConstraint
from django.urls import reverse

from fupin.donations.models import DonationDrive, Fund
from fupin.donations.tests.staff_data import donation_item

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _project_constraints():
    for model in apps.get_models():
        if model.__module__.startswith("fupin."):
            for constraint in model._meta.constraints:
                if isinstance(constraint, CheckConstraint | UniqueConstraint):
                    yield model, constraint


def test_every_check_and_unique_constraint_has_a_chinese_violation_message():
    lacking = [
        f"{model._meta.label}.{constraint.name}"
        for model, constraint in _project_constraints()
        if constraint.violation_error_message == constraint.default_violation_error_message
        or not CHINESE.search(str(constraint.violation_error_message))
    ]

    assert lacking == []


def test_the_walk_sees_the_constraints_of_every_app_that_has_them():
    apps_seen = {model._meta.app_label for model, _constraint in _project_constraints()}

    assert {"orgs", "campaigns", "documents", "donations"} <= apps_seen


def test_a_drive_form_shows_the_constraints_own_message(tree, county_officer, login):
    item = donation_item(county_officer, tree.county1)
    data = {
        "item": item.pk,
        "organiser": tree.county1.pk,
        "managing_unit": tree.county1.pk,
        "title": "2026年扶贫日爱心募捐",
        "starts_on": "2026-10-31",
        "ends_on": "2026-10-10",
        "channels": ["transfer"],
    }

    response = login(county_officer).post(reverse("drive_create"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "募捐结束日期不能早于开始日期" in page
    assert "约束" not in page
    assert not DonationDrive.objects.exists() and not Fund.objects.exists()
