"""Two operators drawing on the same funding source at the same moment, over real, separate database
connections: the source pays for one list, the other is refused with the reason."""

import pytest
from django.db import connection

from fupin.aid.models import AidAward, FundingSource
from fupin.aid.services.awards import propose_awards
from fupin.lib.tests.races import kinds, race
from fupin.orgs.tests.factories import make_user

from .factories import NUMBERS, program, source, student


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_lists_drawing_on_one_source_at_once_never_overspend_it(tree):
    operators = [make_user(f"aid{i}", tree.county1, "aid_officer") for i in range(2)]
    prog = program(operators[0], tree.county1)
    fund = source(operators[0], prog, "县总工会", pledged_fen=300000, received_fen=300000)
    pupils = [
        student(operators[0], tree.school1, n, NUMBERS[i], stage="college") for i, n in enumerate(["甲一", "乙二"])
    ]
    outcomes = race(
        lambda operator, pupil: propose_awards(by=operator, program=prog, students=[pupil], source=fund),
        list(zip(operators, pupils, strict=True)),
    )
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    assert AidAward.objects.count() == 1
    assert FundingSource.objects.get(pk=fund.pk).committed_fen == 200000
