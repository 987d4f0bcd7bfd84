"""Two offices making two cadres responsible for the same household at the same moment, over real, separate
database connections: the database keeps one, the other is refused with the reason."""

from datetime import date

import pytest
from django.db import connection

from fupin.households.tests.factories import household
from fupin.lib.tests.races import kinds, race
from fupin.orgs.tests.factories import make_user
from fupin.pairing.models import Pairing
from fupin.pairing.services import create_pairing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_responsible_cadres_set_at_once_one_is_refused(tree, county_officer):
    made = household(county_officer, tree.village1)
    cadres = [make_user(f"cadre{i}", tree.county1, "cadre") for i in range(2)]

    def pair(cadre):
        return create_pairing(
            by=county_officer,
            kind="cadre_household",
            unit=tree.county1,
            cadre=cadre,
            household=made,
            started_on=date(2025, 9, 1),
        )

    outcomes = race(pair, [(c,) for c in cadres])
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    refusal = next(o for o in outcomes if o.startswith("refused"))
    assert "该户已有帮扶责任人" in refusal and "请先结束原结对" in refusal, refusal
    assert Pairing.objects.filter(household=made, ended_on__isnull=True).count() == 1
