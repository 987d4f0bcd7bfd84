"""Units claiming the same project at the same moment, over real, separate database connections: the total
never passes the budget, and the refused claim says how much was left."""

import pytest
from django.db import connection

from fupin.lib.tests.races import kinds, race
from fupin.matching import project_services as ps
from fupin.matching.models import Project, ProjectClaim


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_project_is_never_over_claimed_under_concurrency(people, make_user, tree):
    project = ps.create_project(
        by=people.county_officer,
        campaign=people.campaign,
        village=tree.village1,
        kind="solar",
        title="石桥东村光伏电站",
        description="村集体光伏电站 100 千瓦",
        budget_fen=1_000_000,
    )
    units = [tree.department, tree.county1, tree.county2, tree.city]
    users = [make_user(f"finance{i}", unit, "finance") for i, unit in enumerate(units)]
    outcomes = race(
        lambda user, unit: ps.claim_project(
            by=user, project=Project.objects.get(pk=project.pk), unit=unit, amount_fen=400_000
        ),
        list(zip(users, units, strict=True)),
    )
    assert kinds(outcomes) == ["ok", "ok", "refused", "refused"], outcomes
    assert sorted(o for o in outcomes if o.startswith("refused")) == [
        "refused: 认领金额 4,000.00 元超过该项目尚未认领的 2,000.00 元",
        "refused: 认领金额 4,000.00 元超过该项目尚未认领的 2,000.00 元",
    ], outcomes
    assert Project.objects.get().claimed_fen == 800_000
    assert sum(ProjectClaim.objects.values_list("amount_fen", flat=True)) == 800_000
