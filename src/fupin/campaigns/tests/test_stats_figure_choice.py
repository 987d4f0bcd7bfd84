"""When a parent files its own figure and its children's sum differs, the issuing office chooses which stands;
the totals and the Word summary's figures use that choice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fupin.campaigns.models import StatFigureChoice
from fupin.campaigns.selectors import stats as sel
from fupin.campaigns.services import stats as ss
from fupin.campaigns.tests.stat_factories import simple_columns, stat_campaign, task_of
from fupin.documents.selectors import stat_figures

GOOD = {"activities": "3", "people": "120", "money": "1500.50", "rate": "85", "day": "2026-10-17", "form": "线下"}


@pytest.fixture
def differing(tree, city_officer, school_reporter, county_officer):
    """County 1 reports 150 people; its only school reported 120."""
    _c, table = stat_campaign(city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "school"])
    ss.fill_report(by=school_reporter, task=task_of(table, tree.school1), rows=[GOOD])
    ss.fill_report(by=county_officer, task=task_of(table, tree.county1), rows=[GOOD | {"people": "150"}])
    return table, table.columns.get(key="people")


def test_the_parents_own_figure_stands_until_the_office_chooses(differing, tree):
    table, people = differing
    assert sel.subtree_totals(table, tree.city)[people.pk] == 150


def test_the_office_chooses_the_childrens_sum_and_the_totals_and_summary_use_it(differing, tree, city_officer):
    table, people = differing
    ss.choose_figure(by=city_officer, table=table, unit=tree.county1, column=people, choice="below")
    assert sel.subtree_totals(table, tree.city)[people.pk] == 120
    assert sel.subtree_totals(table, tree.county1)[people.pk] == 120
    assert sel.child_totals(table, tree.city)[tree.county1.path][people.pk] == 120  # the totals page's row
    figures = dict((c.key, v) for t, cols in stat_figures(table.campaign, tree.city) if t == table for c, v in cols)
    assert figures["people"] == 120
    ss.choose_figure(by=city_officer, table=table, unit=tree.county1, column=people, choice="reported")
    assert sel.subtree_totals(table, tree.city)[people.pk] == 150
    assert StatFigureChoice.objects.count() == 1


def test_only_the_issuing_office_chooses(differing, tree, county_officer):
    table, people = differing
    with pytest.raises(PermissionDenied, match="只有发文单位可以选定以何为准"):
        ss.choose_figure(by=county_officer, table=table, unit=tree.county1, column=people, choice="below")
    assert not StatFigureChoice.objects.exists()


def test_a_choice_for_a_unit_without_a_report_is_refused(differing, tree, city_officer):
    table, people = differing
    with pytest.raises(ValidationError) as refused:
        ss.choose_figure(by=city_officer, table=table, unit=tree.county2, column=people, choice="below")
    assert refused.value.messages == ["西川县教育局没有填报本表,无需选定"]
    assert not StatFigureChoice.objects.exists()


def test_the_totals_page_offers_the_choice_and_records_it(differing, tree, city_officer, outsider, login):
    table, people = differing
    client = login(city_officer)
    page = client.get(reverse("stat_totals", args=[table.pk])).content.decode()
    assert "以本单位填报数为准" in page and "改为以下级合计为准" in page
    form = {"unit": tree.county1.pk, "column": people.pk, "choice": "below", "back": tree.city.pk}
    assert client.post(reverse("stat_choose_figure", args=[table.pk]), form).status_code == 302
    assert "改为以填报数为准" in client.get(reverse("stat_totals", args=[table.pk])).content.decode()
    assert StatFigureChoice.objects.get().choice == "below"
    assert login(outsider).post(reverse("stat_choose_figure", args=[table.pk]), form).status_code == 404


@pytest.fixture
def three_levels(tree, city_officer, county_officer, make_user):
    """The village reports 100 people, its town 110 of its own, the county 150 of its own."""
    _c, table = stat_campaign(
        city_officer, tree.city, columns=simple_columns(), unit_kinds=["county_bureau", "town", "village"]
    )
    for unit, by, people in (
        (tree.village1, make_user("village_rep", tree.village1, "reporter"), "100"),
        (tree.town1, make_user("town_rep", tree.town1, "reporter"), "110"),
        (tree.county1, county_officer, "150"),
    ):
        ss.fill_report(by=by, task=task_of(table, unit), rows=[GOOD | {"people": people}])
    return table, table.columns.get(key="people")


def test_the_figure_choice_holds_at_every_level_and_the_summary_uses_it(three_levels, tree, city_officer):
    table, people = three_levels
    ss.choose_figure(by=city_officer, table=table, unit=tree.town1, column=people, choice="below")
    assert sel.subtree_totals(table, tree.town1)[people.pk] == 100
    assert sel.subtree_totals(table, tree.county1)[people.pk] == 150  # the county's own figure still stands
    differing = {
        (m.unit.name, m.reported, m.below) for m in sel.total_mismatches(table, tree.city) if m.column == people
    }
    assert differing == {("东阳县石桥镇", 110, 100), ("东阳县教育局", 150, 100)}  # the county against the town's choice
    ss.choose_figure(by=city_officer, table=table, unit=tree.county1, column=people, choice="below")
    assert sel.subtree_totals(table, tree.county1)[people.pk] == 100  # the town counted as chosen, not 110
    assert sel.subtree_totals(table, tree.city)[people.pk] == 100
    assert sel.child_totals(table, tree.city)[tree.county1.path][people.pk] == 100
    figures = dict((c.key, v) for t, cols in stat_figures(table.campaign, tree.city) if t == table for c, v in cols)
    assert figures["people"] == 100
    ss.choose_figure(by=city_officer, table=table, unit=tree.town1, column=people, choice="reported")
    assert sel.subtree_totals(table, tree.city)[people.pk] == 110
