"""Scope: an import job's pages answer 404 outside the subtree of the unit it was uploaded for."""

import pytest
from django.urls import reverse

from fupin.jobs.models import ImportJob

# (url name, HTTP method, which object of the sibling subtree the id points to)
ID_VIEWS = [
    ("import_job", "get", "job"),
    ("import_job_status", "get", "job"),
]


@pytest.fixture
def sibling_job(tree, make_user):
    office = make_user("xc_office", tree.county2, "office_admin")
    job = ImportJob.objects.create(kind="unit_sheet", unit=tree.county2, requested_by=office, filename="单位.xlsx")
    return {"job": job.pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_a_county_officer_gets_404_for_the_sibling_countys_job(
    name, method, target, county_officer, sibling_job, login
):
    response = getattr(login(county_officer), method)(reverse(name, args=[sibling_job[target]]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_the_city_office_above_sees_the_countys_job(name, method, target, city_officer, sibling_job, login):
    response = getattr(login(city_officer), method)(reverse(name, args=[sibling_job[target]]))
    assert response.status_code == 200


def test_a_viewer_in_the_same_county_does_not_see_its_import_jobs(tree, make_user, login):
    office = make_user("dy_office", tree.county1, "office_admin")
    job = ImportJob.objects.create(
        kind="household_ledger", unit=tree.county1, requested_by=office, filename="台账.xlsx"
    )
    viewer = login(make_user("dy_viewer", tree.county1, "viewer"))
    assert viewer.get(reverse("import_job", args=[job.pk])).status_code == 404
