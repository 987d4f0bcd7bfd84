import pytest

from .factories import People


@pytest.fixture
def people(tree, make_user, county_officer):
    """A village reporter who posts, the town's reviewer who vets, the county's campaign and a household."""
    return People(tree, make_user, county_officer)
