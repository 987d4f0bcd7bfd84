"""Every archive page that takes an id answers 404 for another subtree's campaign or job, and for a
missing id; tests/test_scope_coverage.py reads ID_VIEWS."""

import pytest
from django.urls import reverse

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.documents.archive.services import request_archive
from fupin.documents.models import ArchiveJob

ID_VIEWS = [
    ("campaign_archive", "get", "campaign"),
    ("build_archive", "post", "campaign"),
    ("campaign_archive_download", "get", "campaign"),
    ("archive_job_status", "get", "job"),
    ("archive_job_download", "get", "job"),
]


@pytest.fixture
def sibling_ids(tree, outsider):
    """A draft campaign of county 2 (unseen from county 1) and a finished build of county 2's archive."""
    other = campaign_with_requirements(outsider, tree.county2, publish=False)
    job = request_archive(by=outsider, campaign=other, unit=tree.county2)
    return {"campaign": other.pk, "job": job.pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_campaign_or_archive_answers_404(name, method, target, county_officer, sibling_ids, login):
    jobs = ArchiveJob.objects.count()
    response = getattr(login(county_officer), method)(reverse(name, args=[sibling_ids[target]]))
    assert response.status_code == 404
    assert ArchiveJob.objects.count() == jobs


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_missing_ids_answer_404_too(name, method, target, county_officer, login):
    assert getattr(login(county_officer), method)(reverse(name, args=[999999])).status_code == 404


def test_every_archive_view_that_takes_an_id_is_in_the_scope_test():
    from fupin.documents.views import archive as views

    named = {p.name for p in views.urlpatterns if "<int:pk>" in str(p.pattern)}
    assert named == {name for name, _m, _t in ID_VIEWS}


def test_a_unit_outside_the_users_subtree_answers_404(tree, city_officer, county_officer, login):
    campaign = campaign_with_requirements(city_officer, tree.city)
    for name, method, _target in ID_VIEWS[:3]:
        response = getattr(login(county_officer), method)(
            reverse(name, args=[campaign.pk]) + f"?unit={tree.school2.pk}"
        )
        assert response.status_code == 404
    assert not ArchiveJob.objects.exists()
