"""Two claimants on the same wish at the same moment, over real, separate database connections: exactly one
claim is made, the other claimant is refused with the reason."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fupin.matching.models import MicroWish, WishClaim
from fupin.matching.services import claim_wish


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_one_claimant_per_wish_under_concurrency(people, make_user, tree):
    made = people.open_wish()
    claimants = [make_user(f"claimant{i}", tree.school1, "reporter") for i in range(4)]
    start, outcomes = threading.Barrier(len(claimants)), []

    def claim(user):
        try:
            start.wait()
            claim_wish(by=user, wish=MicroWish.objects.get(pk=made.pk))
            outcomes.append("claimed")
        except ValidationError as exc:
            outcomes.append("refused: " + ";".join(exc.messages))
        except Exception as exc:  # anything else is a failure of the test, reported below
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(u,)) for u in claimants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["claimed"] + ["refused: 该心愿已被他人认领或暂不可认领"] * 3, outcomes
    assert WishClaim.objects.filter(wish=made).count() == 1
    assert MicroWish.objects.get(pk=made.pk).status == "claimed"
