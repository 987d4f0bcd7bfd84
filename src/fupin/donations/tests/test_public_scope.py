"""Every page of the public side that takes an id: staff pages give 404 for another subtree's objects,
public pages give 404 for a drive whose campaign is still a draft."""

import pytest
from django.urls import reverse

from fupin.donations import pledges, services
from fupin.donations.tests.factories import proof
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.orgs.tests.factories import make_user

# (url name, method, the objects whose ids go into the url)
ID_VIEWS = [
    ("pledge_list", "get", ("drive",)),
    ("confirm_pledge", "post", ("pledge",)),
    ("receipt_pdf", "get", ("receipt",)),
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
    asked = services.request_disbursement(by=finance, fund=drive.fund, recipient="某村", purpose="助学", amount_fen=100)
    paid = services.approve_and_pay(by=city_officer, disbursement=asked, proof=proof())
    objects = {"drive": drive.pk, "pledge": pledge(drive).pk, "receipt": receipt.pk, "disbursement": paid.pk}
    drive.campaign.status = "draft"
    drive.campaign.save(update_fields=["status"])
    return objects | {"draft_drive": drive.pk}


@pytest.mark.parametrize(("name", "method", "targets"), ID_VIEWS)
def test_another_countys_pledge_pages_give_404(name, method, targets, tree, other_countys_objects, login):
    office = make_user("dy_office", tree.county1, "office_admin")
    finance = make_user("dy_finance", tree.county1, "finance")
    args = [other_countys_objects[t] for t in targets]
    for user in (office, finance):
        assert getattr(login(user), method)(reverse(name, args=args)).status_code == 404
