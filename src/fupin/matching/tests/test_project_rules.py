"""The rules of 认领项目, each test named after the rule it holds."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fupin.matching import project_services as ps
from fupin.matching.models import Project, ProjectClaim

from .factories import photo, proof

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(people):
    return ps.create_project(
        by=people.county_officer,
        campaign=people.campaign,
        village=people.tree.village1,
        kind="specialty_farming",
        title="石桥东村茶叶种植基地",
        description="扩种茶叶 50 亩,带动 20 户增收",
        budget_fen=10_000_000,
    )


@pytest.fixture
def department(tree, make_user):
    return make_user("dept_finance", tree.department, "finance")


def test_a_unit_claims_a_project_in_part_then_another_in_full(project, people, department, tree):
    first = ps.claim_project(by=department, project=project, unit=tree.department, amount_fen=4_000_000)
    ps.claim_project(by=people.county_officer, project=project, unit=tree.county1, amount_fen=6_000_000)
    project.refresh_from_db()
    assert (project.claimed_fen, project.status, project.funded_percent) == (10_000_000, "funded", 100)
    assert first.receipt_number.startswith("XMRL-") and first.receipt_number.endswith(f"{first.pk:06d}")


def test_a_project_is_never_over_claimed(project, people, department, tree):
    ps.claim_project(by=department, project=project, unit=tree.department, amount_fen=7_000_000)
    with pytest.raises(ValidationError) as refused:
        ps.claim_project(by=people.county_officer, project=project, unit=tree.county1, amount_fen=3_000_001)
    assert refused.value.messages == ["认领金额 30,000.01 元超过该项目尚未认领的 30,000.00 元"]
    assert ProjectClaim.objects.count() == 1
    assert Project.objects.get().claimed_fen == 7_000_000


def test_a_unit_cannot_claim_in_another_units_name(project, department, tree):
    with pytest.raises(PermissionDenied):
        ps.claim_project(by=department, project=project, unit=tree.county2, amount_fen=100)
    assert not ProjectClaim.objects.exists()


def test_a_project_closes_only_when_every_claim_has_its_disbursement_proof(project, people, department, tree):
    claim = ps.claim_project(by=department, project=project, unit=tree.department, amount_fen=10_000_000)
    with pytest.raises(ValidationError) as refused:
        ps.close_project(by=people.county_officer, project=project)
    assert refused.value.messages == ["以下认领单位尚未上传拨付证明:市教育局扶贫办"]
    assert Project.objects.get().status == "funded"
    ps.attach_disbursement_proof(by=department, claim=claim, proof=proof("拨付凭证.jpg"))
    shot = ps.ProgressPhoto(photo("茶园.jpg"), "茶园一角,新种的茶苗")
    ps.record_progress(by=department, project=project, note="茶苗已种下 30 亩", photos=[shot])
    closed = ps.close_project(by=people.county_officer, project=project)
    assert closed.status == "closed"


def test_only_the_claiming_unit_uploads_its_disbursement_proof(project, people, department, tree, make_user):
    claim = ps.claim_project(by=department, project=project, unit=tree.department, amount_fen=500_000)
    other = make_user("xc_finance", tree.county2, "finance")
    with pytest.raises(PermissionDenied):
        ps.attach_disbursement_proof(by=other, claim=claim, proof=proof("拨付凭证.jpg"))
    assert not ProjectClaim.objects.get().proof
