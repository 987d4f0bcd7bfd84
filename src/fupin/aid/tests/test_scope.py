"""Every student aid page that takes an id answers 404 for another county's objects."""

import pytest
from django.urls import reverse

from .factories import student

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("student_detail", "get", "student"),
    ("student_reveal", "post", "student"),
    ("student_update", "post", "student"),
]


@pytest.fixture
def targets(tree, make_user):
    theirs = make_user("xc_aid", tree.county2, "aid_officer")
    return {"student": student(theirs, tree.school2)}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_aid_pages_give_404(name, method, target, targets, tree, make_user, login):
    ours = make_user("aid_officer", tree.county1, "aid_officer")
    response = getattr(login(ours), method)(reverse(name, args=[targets[target].pk]))
    assert response.status_code == 404


def test_a_school_reporter_does_not_browse_the_student_registry(tree, school_reporter, login):
    assert login(school_reporter).get(reverse("student_list")).status_code == 404
