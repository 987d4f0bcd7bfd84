"""The empty pledge page is rendered once for every anonymous visitor of a drive and served again with each
visit's own CSRF token, form key and CSP nonce; whatever changes on the drive shows at the next visit, and a
signed-in visitor, a pending message or a query string gets the page rendered for them."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fupin.donations.models import DonationDrive, Pledge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_from_an_earlier_test():
    """Another test's drive may have had the same id, title and dates (SQLite reuses ids)."""
    cache.clear()


KEY = re.compile(r'name="idempotency_key" value="([0-9a-f]{32})"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
NONCE = re.compile(r'<script nonce="([^"]+)">')


def visit(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return page, page.content.decode()


def test_every_plain_visit_gets_its_own_token_key_and_nonce_from_a_page_rendered_once(drive):
    url = reverse("make_pledge", args=[drive.pk])
    first, first_text = visit(Client(), url)
    second, second_text = visit(Client(), url)
    assert [t.name for t in second.templates] == []  # served from the page rendered at the first visit
    assert "donations/public_make_pledge.html" in [t.name for t in first.templates]
    assert KEY.search(first_text)[1] != KEY.search(second_text)[1]
    assert len(TOKEN.findall(second_text)) == 2  # the pledge form and the language switch
    assert TOKEN.search(first_text)[1] != TOKEN.search(second_text)[1]
    nonce = NONCE.search(second_text)[1]
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"] and nonce != NONCE.search(first_text)[1]
    assert "hole" not in second_text and second.cookies["csrftoken"].value


def test_a_visit_served_from_the_shared_page_can_pledge(drive):
    visitor, url = Client(enforce_csrf_checks=True), reverse("make_pledge", args=[drive.pk])
    visit(Client(), url)
    _page, text = visit(visitor, url)
    form = {"csrfmiddlewaretoken": TOKEN.search(text)[1], "idempotency_key": KEY.search(text)[1]}
    form |= {"donor_type": "individual", "donor_name": "张小三", "channel": "transfer", "amount": "88"}
    answer = visitor.post(url, form)
    assert answer.status_code == 302 and answer["Location"].startswith("/give/pledges/")
    assert Pledge.objects.get(idempotency_key=form["idempotency_key"]).amount_fen == 8800


def test_a_change_to_the_drive_shows_at_the_next_visit(drive):
    url = reverse("make_pledge", args=[drive.pk])
    visit(Client(), url)
    DonationDrive.objects.filter(pk=drive.pk).update(title="重阳敬老认捐")
    _page, text = visit(Client(), url)
    assert "重阳敬老认捐" in text and "扶贫日爱心认捐" not in text


def test_a_signed_in_visitor_or_a_query_string_gets_the_page_rendered_for_them(drive, login, city_officer):
    url = reverse("make_pledge", args=[drive.pk])
    visit(Client(), url)
    page, text = visit(login(city_officer), url)
    assert "donations/public_make_pledge.html" in [t.name for t in page.templates]
    assert "退出" in text and reverse("logout") in text
    page, text = visit(Client(), url + "?from=poster")
    assert 'name="next" value="/give/drives/' in text and "?from=poster" in text
