"""The demo shows the registry, the pairings and the 行动月's visits: county1_cadre has five households to visit,
the county's coverage has some households still unvisited, and no ID number is stored in the clear."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from fupin.households.models import Household
from fupin.orgs.models import Unit
from fupin.pairing.coverage import Period, coverage
from fupin.pairing.models import Pairing, Visit, VisitReminder


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_has_households_pairings_and_visits(demo):
    assert Household.objects.count() == 60
    assert Pairing.objects.filter(cadre__username="county1_cadre", ended_on__isnull=True).count() == 5
    assert Visit.objects.filter(kind="joint_activity").count() == 1
    assert Visit.objects.filter(kind="leader_visit").count() == 2
    county = Unit.objects.get(code="QH-DY")
    total = coverage(county, Period.action_month(timezone.localdate()), timezone.localdate()).total
    assert (total.paired, total.visited_count, total.unvisited) == (11, 9, 2)
    assert not any(h.head_id_cipher.startswith("4305") for h in Household.objects.all())
    assert VisitReminder.objects.filter(cadre__username="county1_cadre").exists()
