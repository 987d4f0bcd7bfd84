"""Public writes are limited per client address, counted in the cache every app server shares: the pledge
over the limit is a Chinese 429 (a page, or JSON from the API) and writes nothing; another address still
pledges."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.test import Client
from django.urls import reverse

from fupin.donations.models import Concern, Pledge
from fupin.lib.tests.races import race

pytestmark = pytest.mark.django_db

REASON = "同一网络地址提交过于频繁,请约 60 分钟后再试。"


@pytest.fixture(autouse=True)
def _two_an_hour(settings):
    settings.FUPIN_PUBLIC_WRITE_RATE = "2/h"


def pledge_form(key, amount="100"):
    fields = {"donor_type": "individual", "donor_name": "张小三", "phone": "", "channel": "transfer"}
    return fields | {"idempotency_key": key, "amount": amount}


def from_address(ip):
    return Client(REMOTE_ADDR=ip)


def test_the_limit_counts_in_a_cache_every_app_server_shares():
    assert isinstance(caches[settings.RATELIMIT_USE_CACHE], DatabaseCache)


def test_counting_in_the_shared_cache_adds_up():
    counter, key = caches[settings.RATELIMIT_USE_CACHE], f"count-{uuid.uuid4().hex}"
    assert counter.add(key, 1, 60) is True
    assert [counter.incr(key) for _ in range(3)] == [2, 3, 4]
    assert counter.get(key) == 4
    with pytest.raises(ValueError):
        counter.incr(f"missing-{uuid.uuid4().hex}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_eight_app_servers_counting_one_address_at_the_same_moment_lose_no_count():
    counter, key = caches[settings.RATELIMIT_USE_CACHE], f"race-{uuid.uuid4().hex}"
    counter.add(key, 0, 60)
    outcomes = race(lambda: counter.incr(key), [()] * 8)
    assert sorted(outcomes) == [f"ok:{n}" for n in range(1, 9)], outcomes
    assert counter.get(key) == 8


def test_the_third_pledge_from_one_address_within_the_hour_is_refused_and_another_address_still_pledges(drive):
    url = reverse("make_pledge", args=[drive.pk])
    one = from_address("203.0.113.7")
    assert one.post(url, pledge_form("k-1", "100")).status_code == 302
    assert one.post(url, pledge_form("k-2", "200")).status_code == 302
    refused = one.post(url, pledge_form("k-3", "300"))
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    page = refused.content.decode()
    assert REASON in page and "本次提交没有记录" in page
    assert sorted(Pledge.objects.values_list("amount_fen", flat=True)) == [10000, 20000]
    assert from_address("198.51.100.9").post(url, pledge_form("k-4", "400")).status_code == 302
    assert sorted(Pledge.objects.values_list("amount_fen", flat=True)) == [10000, 20000, 40000]


def test_the_api_refuses_the_pledge_over_the_limit_in_json_and_writes_nothing(drive):
    url = f"/api/v1/public/drives/{drive.pk}/pledges"
    body = {"channel": "transfer", "donor_type": "individual", "donor_name": "王小明", "amount_yuan": "88.80"}
    one = from_address("203.0.113.7")
    for key, yuan in (("a-1", "1"), ("a-2", "2")):
        made = one.post(
            url, body | {"amount_yuan": yuan}, content_type="application/json", headers={"Idempotency-Key": key}
        )
        assert made.status_code == 201
    refused = one.post(url, body, content_type="application/json", headers={"Idempotency-Key": "a-3"})
    assert refused.status_code == 429 and REASON in refused.json()["detail"]
    assert Pledge.objects.count() == 2
    other = from_address("198.51.100.9")
    assert other.post(url, body, content_type="application/json", headers={"Idempotency-Key": "b-1"}).status_code == 201


def test_pledges_by_page_and_by_api_share_one_allowance(drive):
    one = from_address("203.0.113.7")
    assert one.post(reverse("make_pledge", args=[drive.pk]), pledge_form("k-1")).status_code == 302
    body = {"channel": "transfer", "donor_type": "individual", "donor_name": "王小明", "amount_yuan": "1"}
    url = f"/api/v1/public/drives/{drive.pk}/pledges"
    assert one.post(url, body, content_type="application/json", headers={"Idempotency-Key": "a-1"}).status_code == 201
    again = body | {"amount_yuan": "2"}
    refused = one.post(url, again, content_type="application/json", headers={"Idempotency-Key": "a-2"})
    assert refused.status_code == 429 and Pledge.objects.count() == 2


def test_the_third_concern_from_one_address_is_refused_and_nothing_is_written(drive):
    url = reverse("report_concern", args=[drive.pk])
    one = from_address("203.0.113.7")
    for text in ("收据没有编号", "开箱时只有一人"):
        assert one.post(url, {"text": text}).status_code == 302
    refused = one.post(url, {"text": "第三条"})
    assert refused.status_code == 429 and REASON in refused.content.decode()
    assert sorted(Concern.objects.values_list("text", flat=True)) == ["开箱时只有一人", "收据没有编号"]


def test_reading_the_pledge_form_does_not_count_against_the_limit(drive):
    url = reverse("make_pledge", args=[drive.pk])
    one = from_address("203.0.113.7")
    for _ in range(3):
        assert one.get(url).status_code == 200
    assert one.post(url, pledge_form("k-1")).status_code == 302


def test_behind_the_sites_proxy_each_forwarded_client_has_its_own_allowance(drive, settings):
    settings.FUPIN_TRUSTED_PROXY = True
    url = reverse("make_pledge", args=[drive.pk])
    proxy = from_address("10.0.0.1")
    for n, client_ip in enumerate(["203.0.113.7", "203.0.113.7", "198.51.100.9"]):
        made = proxy.post(url, pledge_form(f"k-{n}", str(n + 1)), headers={"X-Forwarded-For": client_ip})
        assert made.status_code == 302
    refused = proxy.post(url, pledge_form("k-9"), headers={"X-Forwarded-For": "203.0.113.7"})
    assert refused.status_code == 429 and Pledge.objects.count() == 3
