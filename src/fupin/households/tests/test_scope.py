"""Every registry page that takes an id answers 404 for another county's household."""

import pytest
from django.urls import reverse

from fupin.orgs.tests.factories import UnitFactory

from .factories import household

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("household_detail", "get", "household"),
    ("household_reveal", "post", "household"),
    ("household_member_add", "post", "household"),
    ("household_status", "post", "household"),
]


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_household_pages_give_404(name, method, target, tree, make_user, county_officer, login):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    theirs = household(make_user("xc_office", tree.county2, "office_admin"), village2)
    response = getattr(login(county_officer), method)(reverse(name, args=[theirs.pk]))
    assert response.status_code == 404


def test_a_cadre_does_not_browse_the_registry(tree, make_user, county_officer, login):
    made = household(county_officer, tree.village1)
    cadre = make_user("cadre", tree.county1, "cadre")
    client = login(cadre)
    assert client.get(reverse("household_list")).status_code == 404
    assert client.get(reverse("household_detail", args=[made.pk])).status_code == 404
