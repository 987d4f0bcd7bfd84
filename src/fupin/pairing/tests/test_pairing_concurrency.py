"""Two offices making two cadres responsible for the same household at the same moment, over real, separate
database connections: the database keeps one, the other is refused with the reason."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fupin.households.tests.factories import household
from fupin.orgs.tests.factories import make_user
from fupin.pairing.models import Pairing
from fupin.pairing.services import create_pairing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_responsible_cadres_set_at_once_one_is_refused(tree, county_officer):
    made = household(county_officer, tree.village1)
    cadres = [make_user(f"cadre{i}", tree.county1, "cadre") for i in range(2)]
    start, outcomes = threading.Barrier(2), []

    def pair(cadre):
        try:
            start.wait()
            create_pairing(
                by=county_officer,
                kind="cadre_household",
                unit=tree.county1,
                cadre=cadre,
                household=made,
                started_on=date(2025, 9, 1),
            )
            outcomes.append("paired")
        except ValidationError as exc:
            outcomes.append("refused: " + ";".join(exc.messages))
        except Exception as exc:  # anything else is a failure of the test, reported below
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pair, args=(c,)) for c in cadres]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.split(":")[0] for o in outcomes) == ["paired", "refused"], outcomes
    assert Pairing.objects.filter(household=made, ended_on__isnull=True).count() == 1
