"""The demo shows student aid: the county's 2000-元 programme for new college students with four funders, its
list approved by a colleague and paid in one batch, its 公示 live; gaps remain in the other counties."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from fupin.aid.coverage import coverage_by_school
from fupin.aid.models import AidAward, AidProgram, FundingSource, PaymentBatch, Student
from fupin.orgs.models import User


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_has_the_county_programme_paid_and_publicised(demo, client):
    program = AidProgram.objects.get(name="2026年新录取大学生资助")
    assert Student.objects.count() == 72
    assert list(FundingSource.objects.values_list("name", "pledged_fen", "received_fen", "committed_fen")) == [
        ("县扶贫办", 30000000, 30000000, 2400000),
        ("团县委", 10000000, 10000000, 800000),
        ("县总工会", 10000000, 10000000, 0),
        ("县红十字会", 10000000, 6000000, 0),
    ]
    assert AidAward.objects.filter(program=program, status="approved").count() == 16
    assert PaymentBatch.objects.get().status == "approved"
    assert client.get(reverse("aid_disclosure", args=[program.pk])).status_code == 200
    officer = User.objects.get(username="city_aid_officer")
    gaps = sum(row.gaps for row in coverage_by_school(officer))
    assert gaps == 56
    assert not any(s.id_cipher.startswith("4305") for s in Student.objects.all())
    client.force_login(officer)
    page = client.get(reverse("paired_student_list")).content.decode()
    assert page.count("正在受助") == 1 and page.count("未关联名册") == 3
