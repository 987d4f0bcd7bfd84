"""方案细化 over three levels (city → county → town): the lineage of a requirement is read in one query and maps
every derivation to the requirement it comes from."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fupin.campaigns.lineage import derived_from
from fupin.campaigns.models import Campaign, Requirement


def _chain(tree):
    """市 → 县 → 镇: each level's campaign derives the level above's summary requirement; a second city
    requirement nobody derives."""
    due = timezone.now() + timedelta(days=10)
    city = Campaign.objects.create(unit=tree.city, year=2026, title="市扶贫日活动实施方案")
    county = Campaign.objects.create(unit=tree.county1, year=2026, title="县扶贫日活动实施方案", parent=city)
    town = Campaign.objects.create(unit=tree.town1, year=2026, title="镇扶贫日活动实施方案", parent=county)
    top = Requirement.objects.create(campaign=city, kind="summary", title="活动总结", due_at=due)
    plan = Requirement.objects.create(campaign=city, kind="plan", title="活动方案", due_at=due)
    middle = Requirement.objects.create(
        campaign=county, kind="summary", title="活动总结", due_at=due, inherited_from=top
    )
    low = Requirement.objects.create(campaign=town, kind="summary", title="活动总结", due_at=due, inherited_from=middle)
    return city, top, plan, middle, low


def test_a_three_level_lineage_is_read_in_one_query(tree):
    city, top, plan, middle, low = _chain(tree)
    with CaptureQueriesContext(connection) as queries:
        mapping = derived_from(Requirement.objects.filter(campaign=city).values_list("pk", flat=True))
    assert len(queries) == 1
    assert mapping == {top.pk: top.pk, plan.pk: plan.pk, middle.pk: top.pk, low.pk: top.pk}


def test_a_requirement_derived_from_another_given_one_comes_from_the_top_most(tree):
    _city, top, _plan, middle, low = _chain(tree)
    with CaptureQueriesContext(connection) as queries:
        mapping = derived_from([middle.pk, top.pk])
    assert len(queries) == 1
    assert mapping == {middle.pk: top.pk, top.pk: top.pk, low.pk: top.pk}


def test_a_county_requirement_maps_only_what_derives_from_it(tree):
    _city, _top, _plan, middle, low = _chain(tree)
    assert derived_from([middle.pk]) == {middle.pk: middle.pk, low.pk: middle.pk}


def test_no_requirements_given_reads_nothing(tree):
    with CaptureQueriesContext(connection) as queries:
        assert derived_from([]) == {}
        assert derived_from(Requirement.objects.none().values_list("pk", flat=True)) == {}
    assert len(queries) == 0
