"""Two offices deciding the same nomination, and two officers putting the same nomination on a list, at the same
moment over real, separate database connections: one succeeds, the other is refused with the reason."""

from datetime import date

import pytest
from django.db import connection

from fupin.commendations import services
from fupin.commendations.models import CommendationEntry, CommendationList, Nomination
from fupin.lib.tests.races import kinds, race

from .factories import city_campaign, nomination, selected

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_a_nomination_is_decided_once_under_concurrency(tree, school_reporter, county_officer, city_officer):
    made = nomination(school_reporter, tree.school1, city_campaign(city_officer, tree))
    services.submit_nomination(by=school_reporter, nomination=made)

    def decide(user, office, decision):
        fresh = Nomination.objects.select_related("unit").get(pk=made.pk)
        return services.review_nomination(
            by=user, office=office, nomination=fresh, decision=decision, reason="理由"
        ).status

    outcomes = race(decide, [(county_officer, tree.county1, "select"), (city_officer, tree.city, "return")])
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    assert "refused: 「李明华」不在待审核状态,未作处理" in outcomes
    decided = Nomination.objects.get(pk=made.pk)
    assert (decided.status, decided.office) in {("selected", tree.county1), ("returned", tree.city)}


def test_a_nomination_goes_on_a_list_once_under_concurrency(tree, school_reporter, county_officer, city_officer):
    campaign = city_campaign(city_officer, tree)
    made = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True)
    clist = services.create_commendation_list(
        by=city_officer, office=tree.city, campaign=campaign, title="表彰名单", issued_on=date(2026, 10, 25)
    )

    def add(_n):
        fresh = CommendationList.objects.select_related("office", "campaign").get(pk=clist.pk)
        return services.add_to_list(by=city_officer, commendation_list=fresh, nomination=made).order

    outcomes = race(add, [(1,), (2,)])
    assert kinds(outcomes) == ["ok", "refused"], outcomes
    assert "refused: 「李明华」已在名单中" in outcomes
    assert CommendationEntry.objects.filter(commendation_list=clist).count() == 1
