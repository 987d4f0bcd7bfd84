"""Every student aid page that takes an id answers 404 for another county's objects."""

from datetime import date

import pytest
from django.urls import reverse

from fupin.aid.services.awards import approve_awards, propose_awards
from fupin.aid.services.batches import create_batch
from fupin.aid.services.evidence import add_student_evidence
from fupin.lib.uploads import check_document
from fupin.pairing.services import create_pairing

from .factories import blank_pdf, program, source, student

pytestmark = pytest.mark.django_db

ID_VIEWS = [
    ("student_detail", "get", "student"),
    ("student_reveal", "post", "student"),
    ("student_update", "post", "student"),
    ("program_detail", "get", "program"),
    ("source_add", "post", "program"),
    ("source_received", "post", "source"),
    ("award_propose", "post", "program"),
    ("award_approve", "post", "program"),
    ("award_return", "post", "award"),
    ("batch_create", "post", "program"),
    ("batch_detail", "get", "batch"),
    ("batch_approve", "post", "batch"),
    ("batch_bank_file", "get", "batch"),
    ("batch_results", "post", "batch"),
    ("batch_requeue", "post", "batch"),
    ("batch_layout", "post", "batch"),
    ("disclosure_publish", "post", "program"),
    ("aid_disclosure", "get", "program"),
    ("aid_disclosure_xlsx", "get", "program"),
    ("coverage_reason", "post", "student"),
    ("student_evidence_add", "post", "student"),
    ("student_evidence_file", "get", "evidence"),
    ("paired_student_link", "post", "student_pairing"),
]


@pytest.fixture
def targets(tree, make_user):
    theirs = make_user("xc_aid", tree.county2, "aid_officer")
    pupil = student(theirs, tree.school2, stage="college")
    prog = program(theirs, tree.county2)
    fund = source(theirs, prog)
    [award] = propose_awards(by=theirs, program=prog, students=[pupil], source=fund)
    approve_awards(by=make_user("xc_reviewer", tree.county2, "aid_officer"), program=prog, awards=[award])
    batch = create_batch(by=theirs, program=prog)
    proof = check_document("低保证.pdf", blank_pdf())
    evidence = add_student_evidence(by=theirs, student=pupil, category="registered_poor", document=proof)
    helped = create_pairing(
        by=make_user("xc_admin", tree.county2, "office_admin"),
        kind="student_student",
        unit=tree.school2,
        started_on=date(2025, 9, 1),
        helper_name="李城",
        partner_name=pupil.name,
    )
    return {
        "student_pairing": [helped.pk],
        "evidence": [evidence.pk],
        "student": [pupil.pk],
        "program": [prog.pk],
        "source": [prog.pk, fund.pk],
        "award": [award.pk],
        "batch": [batch.pk],
    }


@pytest.mark.parametrize(("name", "method", "target"), ID_VIEWS)
def test_another_countys_aid_pages_give_404(name, method, target, targets, tree, make_user, login):
    ours = make_user("aid_officer", tree.county1, "aid_officer")
    response = getattr(login(ours), method)(reverse(name, args=targets[target]))
    assert response.status_code == 404


def test_a_school_reporter_does_not_browse_the_student_registry(tree, school_reporter, login):
    assert login(school_reporter).get(reverse("student_list")).status_code == 404


def test_a_viewer_sees_a_programme_but_cannot_approve_it(tree, make_user, login):
    ours = make_user("aid_officer", tree.county1, "aid_officer")
    prog = program(ours, tree.county1)
    viewer = login(make_user("viewer", tree.county1, "viewer"))
    assert viewer.get(reverse("program_detail", args=[prog.pk])).status_code == 200
    assert viewer.post(reverse("award_approve", args=[prog.pk])).status_code == 404
