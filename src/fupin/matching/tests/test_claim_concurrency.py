"""Two claimants on the same wish at the same moment, over real, separate database connections: exactly one
claim is made, the other claimant is refused with the reason."""

import pytest
from django.db import connection

from fupin.lib.tests.races import kinds, race
from fupin.matching.models import MicroWish, WishClaim
from fupin.matching.services import claim_wish


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_one_claimant_per_wish_under_concurrency(people, make_user, tree):
    made = people.open_wish()
    claimants = [make_user(f"claimant{i}", tree.school1, "reporter") for i in range(4)]
    outcomes = race(lambda user: claim_wish(by=user, wish=MicroWish.objects.get(pk=made.pk)), [(u,) for u in claimants])
    assert kinds(outcomes) == ["ok", "refused", "refused", "refused"], outcomes
    assert {o for o in outcomes if o.startswith("refused")} == {"refused: 该心愿已被他人认领或暂不可认领"}
    assert WishClaim.objects.filter(wish=made).count() == 1
    assert MicroWish.objects.get(pk=made.pk).status == "claimed"
