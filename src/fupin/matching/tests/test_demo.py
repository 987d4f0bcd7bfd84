"""The demo has wishes in every state, on the public wall only once vetted."""

import pytest
from django.core.management import call_command

from fupin.matching import project_funds
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
