"""Every list page costs a fixed number of queries, however many rows it shows."""

import pytest
from django.urls import reverse

from .coverage_data import build

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "user", "most"),
    [
        ("household_list", "office", 8),
        ("pairing_list", "office", 8),
        ("my_pairings", "liu", 8),
        ("coverage", "office", 18),
    ],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    name, user, most, tree, make_user, county_officer, login, django_assert_max_num_queries
):
    world = build(tree, make_user, county_officer)
    client = login(getattr(world, user))
    with django_assert_max_num_queries(most):
        response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
