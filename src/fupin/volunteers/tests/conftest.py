import pytest

from fupin.campaigns.tests.factories import campaign_with_requirements

from .factories import youth_league


@pytest.fixture
def league(tree):
    return youth_league(tree.county1)


@pytest.fixture
def organiser(league, make_user):
    return make_user("league_reporter", league, "reporter")


@pytest.fixture
def campaign(tree, city_officer):
    return campaign_with_requirements(city_officer, tree.city)
