"""The demo has wishes in every state, on the public wall only once vetted."""

import pytest
from django.core.management import call_command

from fupin.campaigns.models import Campaign
from fupin.matching import project_funds, reports
from fupin.matching.models import MicroWish, Project, WishClaim


@pytest.mark.django_db
def test_the_demo_has_wishes_in_every_state():
    call_command("demo")
    states = sorted(MicroWish.objects.values_list("status", flat=True))
    assert states == ["claimed", "claimed", "confirmed", "delivered", "open", "open", "pending", "returned"]
    assert sorted(WishClaim.objects.values_list("status", flat=True)) == [
        "active",
        "active",
        "confirmed",
        "delivered",
        "expired",
    ]
    assert sorted(Project.objects.values_list("status", flat=True)) == ["closed", "funded", "open", "open"]
    assert sorted(Project.objects.values_list("claimed_fen", flat=True)) == [0, 1_000_000, 2_000_000, 10_000_000]
    library = Project.objects.get(title="村小学图书角")
    assert project_funds.project_money(library) == {"paid_in_fen": 1_000_000, "paid_out_fen": 1_000_000}
    call_command("ledger", "check")
    city = Campaign.objects.get(parent=None, unit__parent=None)
    states = {line.unit.name: line.state for line in reports.claims_deadline(city, city.unit).lines}
    assert states == {
        "东阳县教育局": "missing",
        "西川县教育局": "missing",
        "南岭区教育局": "missing",
        "市教育局扶贫办": "on_time",
        "清河市教育局": "late",
    }
