"""Every page of the public side that takes an id: staff pages give 404 for another subtree's objects,
public pages give 404 for a drive whose campaign is still a draft."""

import pytest
from django.urls import reverse

from fupin.donations import pledges, proofs, services
from fupin.donations.tests.factories import proof
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.orgs.tests.factories import make_user

# (url name, method, the objects whose ids go into the url)
ID_VIEWS = [
    ("pledge_list", "get", ("drive",)),
    ("confirm_pledge", "post", ("pledge",)),
    ("void_pledge", "post", ("pledge",)),
    ("concern_detail", "get", ("concern",)),
    ("take_up_concern", "post", ("concern",)),
    ("receipt_pdf", "get", ("receipt",)),
    ("receipt_certificate", "get", ("receipt",)),
    ("drive_disclosure", "get", ("draft_drive",)),
    ("disclosure_xlsx", "get", ("draft_drive",)),
    ("disclosure_pdf", "get", ("draft_drive",)),
    ("disbursement_proof", "get", ("draft_drive", "disbursement")),
    ("report_concern", "get", ("draft_drive",)),
    ("make_pledge", "get", ("draft_drive",)),
]


@pytest.fixture
def other_countys_objects(tree, city_officer):
    """A county-2 drive with a confirmed pledge and a paid disbursement; and the same drive made a draft."""
    drive = open_drive_today(city_officer, tree.county2)
    finance = make_user("xc_finance", tree.county2, "finance")
    receipt = pledges.confirm_pledge(by=finance, pledge=pledge(drive, amount_fen=5000))
    asked = services.request_disbursement(
        by=finance, drive=drive, use="石桥东村饮水工程", recipient="某村", purpose="助学", amount_fen=100
    )
    paid = services.approve_and_pay(by=city_officer, disbursement=asked, proof=proof(), is_redacted=True)
    proofs.publish_proof(by=finance, disbursement=paid)
    objects = {"drive": drive.pk, "pledge": pledge(drive).pk, "receipt": receipt.pk, "disbursement": paid.pk}
    objects["concern"] = pledges.report_concern(drive=drive, text="收据没有编号").pk
    drive.campaign.status = "draft"
    drive.campaign.save(update_fields=["status"])
    return objects | {"draft_drive": drive.pk}


@pytest.mark.parametrize(("name", "method", "targets"), ID_VIEWS)
def test_another_countys_pledge_pages_give_404(name, method, targets, tree, other_countys_objects, login):
    office = make_user("dy_office", tree.county1, "office_admin")
    finance = make_user("dy_finance", tree.county1, "finance")
    supervisor = make_user("dy_jijian", tree.county1, "supervisor")
    args = [other_countys_objects[t] for t in targets]
    for user in (office, finance, supervisor):
        assert getattr(login(user), method)(reverse(name, args=args)).status_code == 404


# The public API's paths that take a drive id (ninja's own URL patterns, so not in ID_VIEWS): a drive of a
# draft campaign answers 404 there too, to the public and to staff alike.
PUBLIC_API_ID_PATHS = [
    ("get", "/api/v1/public/drives/{}/disclosure"),
    ("get", "/api/v1/public/drives/{}/donors"),
    ("post", "/api/v1/public/drives/{}/pledges"),
]


def _call(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    body = {"channel": "transfer", "donor_type": "individual", "donor_name": "张三", "amount_yuan": "10"}
    return client.post(url, body, content_type="application/json", headers={"Idempotency-Key": "scope-1"})


@pytest.mark.parametrize(("method", "path"), PUBLIC_API_ID_PATHS)
def test_the_public_api_gives_404_for_a_draft_campaigns_drive(method, path, tree, other_countys_objects, client):
    url = path.format(other_countys_objects["draft_drive"])
    assert _call(client, method, url).status_code == 404
    client.force_login(make_user("dy_finance", tree.county1, "finance"))
    assert _call(client, method, url).status_code == 404
