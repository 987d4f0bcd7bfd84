"""Every pairing page that takes an id answers 404 outside the user's subtree; a cadre sees only their own."""

from datetime import date

import pytest
from django.urls import reverse

from fupin.orgs.tests.factories import UnitFactory
from fupin.pairing.models import VisitPhoto

from .factories import cadre_pairing, photo, visit

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("pairing_detail", "get", "pairing"),
    ("pairing_end", "post", "pairing"),
    ("visit_create", "get", "pairing"),
    ("visit_detail", "get", "visit"),
    ("visit_photo", "get", "photo"),
    ("coverage_unit", "get", "unit"),
]


@pytest.fixture
def theirs(tree, make_user):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    office = make_user("xc_office", tree.county2, "office_admin")
    cadre = make_user("xc_cadre", tree.county2, "cadre")
    pairing = cadre_pairing(office, tree.county2, cadre, village2)
    made = visit(cadre, pairing, date(2025, 10, 10), photos=[photo()])
    return {"pairing": pairing.pk, "visit": made.pk, "photo": VisitPhoto.objects.get().pk, "unit": tree.county2.pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_pairing_pages_give_404(name, method, target, tree, make_user, county_officer, theirs, login):
    cadre = make_user("dy_cadre", tree.county1, "cadre")
    for user in (county_officer, cadre):
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]))
        assert response.status_code == 404


def test_a_cadre_sees_their_own_pairings_and_not_a_colleagues(tree, make_user, county_officer, login):
    mine = make_user("dy_cadre", tree.county1, "cadre", name="刘海波")
    colleague = make_user("dy_cadre2", tree.county1, "cadre", name="张伟")
    own = cadre_pairing(county_officer, tree.county1, mine, tree.village1, "王大山")
    other = cadre_pairing(county_officer, tree.county1, colleague, tree.village1, "李四海", "430524196511220845")
    client = login(mine)
    page = client.get(reverse("my_pairings")).content.decode()
    assert "王大山" in page
    assert "李四海" not in page
    assert client.get(reverse("pairing_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("pairing_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("pairing_list")).status_code == 404
