"""The public API (/api/v1/public/…): anonymous, without session or CSRF; the same drives, figures and masked
donors as the public pages; pledges with an Idempotency-Key and the pledge form's rules and messages."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fupin.donations import disclosure, pledges, proofs, services
from fupin.donations.models import Pledge
from fupin.donations.tests.factories import proof
from fupin.donations.tests.public_data import open_drive_today

BASE = "/api/v1/public/drives"


@pytest.fixture
def anonymous():
    return Client(enforce_csrf_checks=True)


def give(drive, by, fen, **kw):
    fields = {"channel": "transfer", "donor_type": "individual", "donor_name": "张小三"} | kw
    return services.receive_donation(by=by, drive=drive, amount_fen=fen, **fields)


def post_pledge(client, drive_id, body, key="k-1"):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(f"{BASE}/{drive_id}/pledges", body, content_type="application/json", headers=headers)


PLEDGE = {"channel": "transfer", "donor_type": "individual", "donor_name": "王小明", "amount_yuan": "88.80"}


def test_the_drive_list_is_public_and_gives_each_drives_total(anonymous, drive, finance, city_officer):
    give(drive, finance, 123456)
    ended = services.open_drive(
        by=city_officer,
        campaign=drive.campaign,
        organiser=drive.organiser,
        fund=drive.fund,
        title="已结束的募捐",
        starts_on=timezone.localdate() - timedelta(days=20),
        ends_on=timezone.localdate() - timedelta(days=3),
        channels=["transfer"],
    )
    body = anonymous.get(BASE).json()
    listed = {d["id"]: d for d in body["items"]}
    assert body["count"] == len(listed) and drive.pk in listed and ended.pk in listed
    mine = listed[drive.pk]
    assert mine["is_open"] and mine["received_fen"] == 123456 and mine["received_yuan"] == "1234.56"
    assert mine["donations"] == 1 and mine["pledge_url"].endswith(f"/give/drives/{drive.pk}/")
    assert mine["managing_unit"] == drive.fund.unit.name and "转账" in mine["channel_labels"]
    assert listed[ended.pk]["pledge_url"] is None and not listed[ended.pk]["is_open"]
    assert listed[ended.pk]["disclosure_url"].endswith(f"/disclosure/drives/{ended.pk}/")
    first = anonymous.get(BASE, {"limit": 1}).json()
    assert len(first["items"]) == 1 and first["count"] == body["count"]
    assert anonymous.get(BASE, {"limit": 1000}).status_code == 422


def test_an_offset_beyond_the_api_bounds_is_a_422_not_a_database_error(anonymous, drive):
    response = anonymous.get("/api/v1/public/drives", {"offset": str(10**30)})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")


def test_a_draft_campaigns_drive_is_not_listed_and_its_pages_are_404(anonymous, drive):
    drive.campaign.status = "draft"
    drive.campaign.save(update_fields=["status"])
    assert drive.pk not in [d["id"] for d in anonymous.get(BASE).json()["items"]]
    for url in (f"{BASE}/{drive.pk}/disclosure", f"{BASE}/{drive.pk}/donors", f"{BASE}/999999/disclosure"):
        assert anonymous.get(url).status_code == 404
    assert post_pledge(anonymous, drive.pk, PLEDGE).status_code == 404
    assert post_pledge(anonymous, 999999, PLEDGE).status_code == 404
    assert not Pledge.objects.exists()


def test_the_disclosure_gives_what_the_summary_computes(anonymous, drive, finance, city_officer):
    give(drive, finance, 10000)
    give(drive, finance, 25050, channel="onsite", donor_type="enterprise", donor_name="清河建工集团")
    asked = services.request_disbursement(
        by=finance, drive=drive, use="石桥东村饮水工程", recipient="石桥东村", purpose="饮水工程", amount_fen=20000
    )
    paid = services.approve_and_pay(by=city_officer, disbursement=asked, proof=proof(), is_redacted=True)
    proofs.publish_proof(by=finance, disbursement=paid)
    body = anonymous.get(f"{BASE}/{drive.pk}/disclosure").json()
    data = disclosure.summary(drive)
    assert (body["amount_fen"], body["amount_yuan"], body["donations"]) == (data.amount_fen, "350.50", 2)
    assert (body["disbursed_fen"], body["balance_fen"]) == (data.disbursed_fen, data.balance_fen) == (20000, 15050)
    assert body["balance_yuan"] == "150.50"
    assert {t["key"]: t["amount_fen"] for t in body["by_channel"]} == {t.key: t.amount_fen for t in data.by_channel}
    assert {t["key"]: t["donations"] for t in body["by_donor_type"]} == {"individual": 1, "enterprise": 1}
    assert [(d["day"], d["amount_fen"]) for d in body["daily"]] == [(str(d), s) for d, _n, s in data.daily]
    [out] = body["disbursements"]
    assert (out["id"], out["purpose"], out["amount_yuan"]) == (paid.pk, "饮水工程", "200.00")
    assert out["proof_url"].endswith(f"/disclosure/drives/{drive.pk}/proofs/{paid.pk}/")
    assert anonymous.get(out["proof_url"]).status_code == 200


def test_the_donor_list_is_masked_and_keyset_paged_like_the_page(anonymous, drive, finance):
    give(drive, finance, 500, donor_name="阿卜杜拉·艾力")
    give(drive, finance, 600, donor_name="李四", is_anonymous=True)
    for i in range(disclosure.PAGE_SIZE):
        give(drive, finance, 100 + i, donor_type="enterprise", donor_name=f"企业{i}")
    first = anonymous.get(f"{BASE}/{drive.pk}/donors").json()
    rows, next_before = disclosure.donor_page(drive)
    assert [r["donor"] for r in first["items"]] == [r.donor for r in rows]
    assert first["next_before"] == next_before is not None
    second = anonymous.get(f"{BASE}/{drive.pk}/donors", {"before": next_before}).json()
    assert [r["donor"] for r in second["items"]] == ["匿名", "阿*力"] and second["next_before"] is None
    assert second["items"][1]["amount_fen"] == 500 and second["items"][1]["amount_yuan"] == "5.00"
    assert "阿卜杜拉" not in str(first) + str(second)
    for bad in ("x", "0", "-3", str(2**62)):
        assert anonymous.get(f"{BASE}/{drive.pk}/donors", {"before": bad}).status_code == 422


def test_a_pledge_needs_no_session_or_csrf_and_returns_its_number_and_link(anonymous, drive):
    response = post_pledge(anonymous, drive.pk, PLEDGE | {"phone": "13912341234"})
    assert response.status_code == 201, response.content
    body = response.json()
    pledge = Pledge.objects.get()
    assert body["number"] == pledge.number and body["token"] == pledge.token
    assert body["amount_fen"] == 8880 and body["amount_yuan"] == "88.80" and body["status"] == "pledged"
    assert anonymous.get(body["url"]).status_code == 200
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_a_signed_in_browser_pledges_as_the_public_without_a_csrf_token(drive, city_officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(city_officer)
    assert post_pledge(browser, drive.pk, PLEDGE).status_code == 201
    assert Pledge.objects.get().confirmed_by is None


def test_a_retry_with_the_same_key_returns_the_same_pledge_with_200(anonymous, drive):
    first = post_pledge(anonymous, drive.pk, PLEDGE, key="retry-1")
    again = post_pledge(anonymous, drive.pk, PLEDGE, key="retry-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"] and Pledge.objects.count() == 1
    assert post_pledge(anonymous, drive.pk, PLEDGE | {"is_not_duplicate": True}, key="retry-2").status_code == 201
    assert Pledge.objects.count() == 2


def test_a_key_used_for_another_drive_is_refused(anonymous, drive, tree, city_officer):
    other = open_drive_today(city_officer, tree.county1)
    assert post_pledge(anonymous, drive.pk, PLEDGE, key="shared").status_code == 201
    response = post_pledge(anonymous, other.pk, PLEDGE, key="shared")
    assert response.status_code == 409 and "Idempotency-Key" in response.json()["detail"]


def test_the_api_key_never_finds_a_pledge_made_on_the_page(anonymous, drive):
    key = uuid.uuid4().hex
    pledges.submit_pledge(
        drive=drive, idempotency_key=key, channel="transfer", donor_type="individual", donor_name="甲", amount_fen=100
    )
    assert post_pledge(anonymous, drive.pk, PLEDGE, key=key).status_code == 201
    assert Pledge.objects.count() == 2


@pytest.mark.parametrize("key", [None, "", "含中文的键", "x" * 61, "a b"])
def test_a_pledge_without_a_usable_idempotency_key_is_refused(anonymous, drive, key):
    assert post_pledge(anonymous, drive.pk, PLEDGE, key=key).status_code == 422
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ({"amount_yuan": "-5"}, "不能为负数"),
        ({"amount_fen": -500}, "不能为负数"),
        ({"amount_yuan": "0"}, "必须大于零"),
        ({"amount_fen": 0}, "必须大于零"),
        ({"amount_yuan": "1e12"}, "不是有效的金额"),
        ({"amount_yuan": "1000000000000"}, "不是有效的金额"),
        ({"amount_fen": 10**12}, "超过单笔上限"),
        ({"amount_yuan": "1.005"}, "超过两位小数"),
        ({}, "请填写捐赠金额"),
        ({"amount_yuan": "1", "amount_fen": 100}, "之一"),
    ],
)
def test_a_bad_amount_is_refused_with_the_forms_message(anonymous, drive, amount, message):
    body = {k: v for k, v in PLEDGE.items() if k != "amount_yuan"} | amount
    response = post_pledge(anonymous, drive.pk, body)
    assert response.status_code == 400 and message in response.json()["detail"], response.content
    assert "amount" in response.json()["errors"] and not Pledge.objects.exists()


@pytest.mark.parametrize(
    "amount", [{"amount_yuan": 12.5}, {"amount_fen": 12.5}, {"amount_fen": 1e12}, {"amount_fen": "１２０"}]
)
def test_an_amount_of_the_wrong_json_type_is_refused(anonymous, drive, amount):
    body = {k: v for k, v in PLEDGE.items() if k != "amount_yuan"} | amount
    assert post_pledge(anonymous, drive.pk, body).status_code == 422
    assert not Pledge.objects.exists()


def test_full_width_digits_are_read_like_on_the_page(anonymous, drive):
    response = post_pledge(anonymous, drive.pk, PLEDGE | {"amount_yuan": "１２０"})
    assert response.status_code == 201 and response.json()["amount_fen"] == 12000


def test_the_service_rules_and_messages_apply(anonymous, drive):
    nameless = post_pledge(anonymous, drive.pk, PLEDGE | {"donor_name": ""}, key="a")
    assert nameless.status_code == 400 and "请填写姓名或名称" in nameless.json()["detail"]
    staff_channel = post_pledge(anonymous, drive.pk, PLEDGE | {"channel": "one_day_pay"}, key="b")
    assert staff_channel.status_code == 400 and "channel" in staff_channel.json()["errors"]
    bad_phone = post_pledge(anonymous, drive.pk, PLEDGE | {"phone": "call me"}, key="c")
    assert bad_phone.status_code == 400 and "联系电话" in bad_phone.json()["detail"]
    goods = {
        "channel": "goods",
        "donor_type": "enterprise",
        "donor_name": "甲公司",
        "goods_description": "棉被",
        "goods_quantity": 20,
    }
    made = post_pledge(anonymous, drive.pk, goods, key="d")
    assert made.status_code == 201 and made.json()["amount_fen"] == 0
    anonymous_gift = post_pledge(anonymous, drive.pk, PLEDGE | {"donor_name": "", "is_anonymous": True}, key="e")
    assert anonymous_gift.status_code == 201
    assert Pledge.objects.get(idempotency_key="api:e").donor_name == ""


def test_a_closed_drive_refuses_pledges(anonymous, drive):
    drive.ends_on = timezone.localdate() - timedelta(days=1)
    drive.starts_on = drive.ends_on - timedelta(days=5)
    drive.save(update_fields=["starts_on", "ends_on"])
    response = post_pledge(anonymous, drive.pk, PLEDGE)
    assert response.status_code == 400 and "不在募捐期内" in response.json()["detail"]
    assert not Pledge.objects.exists()


def test_the_public_api_is_in_the_openapi_document(anonymous, db):
    paths = anonymous.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/public/drives",
        "/api/v1/public/drives/{drive_id}/disclosure",
        "/api/v1/public/drives/{drive_id}/donors",
        "/api/v1/public/drives/{drive_id}/pledges",
    } <= set(paths)


def test_the_drive_list_costs_the_same_queries_for_many_drives(anonymous, drive, city_officer, finance):
    give(drive, finance, 100)
    anonymous.get(BASE)
    with CaptureQueriesContext(connection) as one:
        anonymous.get(BASE)
    for _ in range(4):
        give(open_drive_today(city_officer, drive.organiser), finance, 300)
    anonymous.get(BASE)
    with CaptureQueriesContext(connection) as many:
        assert len(anonymous.get(BASE).json()["items"]) >= 10
    assert len(many) == len(one) <= 3
