"""QR sign-in: each participant who scans the code adds one to the event's count of their group; a wrong code
answers 404 and counts nothing."""

import pytest
from django.urls import reverse

from fupin.publicity import services
from fupin.publicity.models import Event, EventSignIn

from .factories import event

pytestmark = pytest.mark.django_db


def test_each_sign_in_adds_one_to_its_group(tree, school_reporter, login, client):
    made = services.open_sign_in(by=school_reporter, event=event(school_reporter, tree.school1, students=0, teachers=0))
    page = reverse("event_sign_in", args=[made.sign_in_token])
    for group in ("students", "students", "parents"):
        assert client.post(page, {"group": group}).status_code == 200
    made = Event.objects.get(pk=made.pk)
    assert (made.students, made.parents, made.teachers, made.participants) == (2, 1, 0, 3)
    assert EventSignIn.objects.count() == 3


def test_a_sign_in_without_a_group_is_refused_and_counts_nothing(tree, school_reporter, client):
    made = services.open_sign_in(by=school_reporter, event=event(school_reporter, tree.school1, students=0))
    response = client.post(reverse("event_sign_in", args=[made.sign_in_token]), {"group": ""})
    assert "这个字段是必填项" in response.content.decode()
    assert Event.objects.get(pk=made.pk).participants == 2  # the two teachers entered when it was recorded
    assert EventSignIn.objects.count() == 0


def test_an_unknown_sign_in_code_answers_404(client, db):
    assert client.get(reverse("event_sign_in", args=["not-a-code"])).status_code == 404


def test_the_qr_code_is_an_svg_of_the_sign_in_address(tree, school_reporter, login):
    made = services.open_sign_in(by=school_reporter, event=event(school_reporter, tree.school1))
    response = login(school_reporter).get(reverse("event_qr", args=[made.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b'xmlns="http://www.w3.org/2000/svg"' in response.content
