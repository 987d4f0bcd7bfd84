"""Five people sign up for the last two slots at the same moment, over real, separate database connections:
two are signed up, three are refused with the reason, and the slots are never exceeded."""

import pytest
from django.db import connection

from fupin.lib.tests.races import kinds, race
from fupin.volunteers.models import Opportunity, SignUp
from fupin.volunteers.services import sign_up

from .factories import opportunity


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_slots_are_never_exceeded_under_concurrency(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign, slots=2)
    people = [(f"志愿者{n}", f"1390000000{n}") for n in range(5)]

    def join(name, phone):
        return sign_up(by=school_reporter, opportunity=Opportunity.objects.get(pk=made.pk), name=name, phone=phone)

    outcomes = race(join, people)

    assert kinds(outcomes) == ["ok", "ok", "refused", "refused", "refused"], outcomes
    assert {o for o in outcomes if o.startswith("refused")} == {
        "refused: 「助残志愿服务:陪伴康复中心的孩子」名额已满(共 2 人),未能报名"
    }
    assert SignUp.objects.filter(opportunity=made).count() == 2
    assert Opportunity.objects.get(pk=made.pk).taken == 2
