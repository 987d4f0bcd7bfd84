"""Scope: an export job's pages answer 404 to everyone but the person who asked for it, within their scope."""

import pytest
from django.urls import reverse

from fupin.jobs.models import ExportJob

# (url name, HTTP method, which object of the sibling subtree the id points to)
ID_VIEWS = [
    ("export_job", "get", "job"),
    ("export_job_status", "get", "job"),
    ("export_job_download", "get", "job"),
]


@pytest.fixture
def sibling_job(tree, make_user):
    office = make_user("xc_office", tree.county2, "office_admin")
    job = ExportJob.objects.create(
        kind="campaign_tasks", unit=tree.county2, requested_by=office, title="报送任务清单", status="done"
    )
    return {"job": job.pk, "office": office}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_a_county_officer_gets_404_for_the_sibling_countys_export(
    name, method, target, county_officer, sibling_job, login
):
    response = getattr(login(county_officer), method)(reverse(name, args=[sibling_job[target]]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS[:2])
def test_the_person_who_asked_sees_the_export(name, method, target, sibling_job, login):
    response = getattr(login(sibling_job["office"]), method)(reverse(name, args=[sibling_job[target]]))
    assert response.status_code == 200


def test_an_office_above_does_not_download_another_persons_export(city_officer, sibling_job, login):
    response = login(city_officer).get(reverse("export_job_download", args=[sibling_job["job"]]))
    assert response.status_code == 404
