"""Fixtures the donation tests share: the city's drive open today and the city's finance officer."""

import pytest

from fupin.donations.tests.public_data import open_drive_today
from fupin.orgs.tests.factories import make_user


@pytest.fixture
def drive(tree, city_officer):
    return open_drive_today(city_officer, tree.city)


@pytest.fixture
def finance(tree):
    return make_user("finance", tree.city, "finance")
