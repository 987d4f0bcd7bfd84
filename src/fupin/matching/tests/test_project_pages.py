"""Project pages: an office enters a project, a unit claims part of it and downloads its numbered receipt, the
public page shows the funded share and the claimant; project pages of another county answer 404."""

import pytest
from django.urls import reverse

from fupin.matching import project_services as ps
from fupin.matching.models import Project, ProjectClaim
from fupin.orgs.tests.factories import UnitFactory

from .factories import make_campaign, proof

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("project_detail", "get", "project"),
    ("record_progress", "post", "project"),
    ("close_project", "post", "project"),
    ("project_photo", "get", "project"),
    ("attach_proof", "post", "claim"),
    ("project_proof", "get", "claim"),
    ("project_receipt", "get", "claim"),
    ("claim_project", "post", "project"),  # open to every claiming unit; 404 for those who cannot claim
    ("project_funds", "get", "project"),
    ("pay_claim_into_fund", "post", "project"),
    ("request_project_payout", "post", "project"),
    ("matching_report", "get", "campaign"),
    ("claims_deadline", "get", "campaign"),
    ("public_project_detail", "get", "missing"),
    ("project_update_photo", "get", "missing"),
]


@pytest.fixture
def theirs(tree, make_user):
    village2 = UnitFactory(parent=tree.county2, name="白马村", code="QH-XC-V1", kind="village")
    office = make_user("xc_office", tree.county2, "office_admin")
    campaign = make_campaign(office, tree.county2)
    project = ps.create_project(
        by=office,
        campaign=campaign,
        village=village2,
        kind="solar",
        title="白马村光伏电站",
        description="村集体光伏",
        budget_fen=500_000,
    )
    claim = ps.claim_project(by=office, project=project, unit=tree.county2, amount_fen=100_000)
    ps.attach_disbursement_proof(by=office, claim=claim, proof=proof("回单.jpg"))
    return {"project": project.pk, "claim": claim.pk, "missing": project.pk + 1000, "campaign": campaign.pk}


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_project_pages_give_404(name, method, target, people, theirs, login):
    users = [people.village_reporter] if name == "claim_project" else [people.county_officer, people.village_reporter]
    for user in users:
        response = getattr(login(user), method)(reverse(name, args=[theirs[target]]))
        assert response.status_code == 404, (name, user)


def test_an_office_enters_a_project_a_unit_claims_part_and_gets_its_receipt(people, login, tree, make_user):
    office = login(people.county_officer)
    data = {
        "campaign": people.campaign.pk,
        "village": tree.village1.pk,
        "kind": "skills_training",
        "title": "石桥东村电商技能培训",
        "budget_fen": "20000",
        "description": "培训 40 名村民开网店",
    }
    office.post(reverse("project_create"), data)
    project = Project.objects.get()
    assert (project.budget_fen, project.status) == (2_000_000, "open")
    finance = login(make_user("dept_finance", tree.department, "finance"))
    assert "认领本项目" in finance.get(reverse("public_project_detail", args=[project.pk])).content.decode()
    over = finance.post(
        reverse("claim_project", args=[project.pk]), {"unit": tree.department.pk, "amount_fen": "20000.01"}, follow=True
    )
    assert "认领金额 20,000.01 元超过该项目尚未认领的 20,000.00 元" in over.content.decode()
    finance.post(reverse("claim_project", args=[project.pk]), {"unit": tree.department.pk, "amount_fen": "5000"})
    claim = ProjectClaim.objects.get()
    receipt = finance.get(reverse("project_receipt", args=[claim.pk]))
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")
    public = finance.get(reverse("public_project_detail", args=[project.pk])).content.decode()
    assert '<p class="stat" id="funded">25%</p>' in public and "市教育局扶贫办 · 5,000.00 元" in public
