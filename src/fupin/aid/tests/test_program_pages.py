"""The programme pages through the client: set up the 2000-元 programme, four funders, list the eligible
students, a colleague approves; refusals come back as Chinese messages and write nothing."""

import pytest
from django.urls import reverse

from fupin.aid.models import AidAward, AidProgram, FundingSource

from .factories import NUMBERS, aid_officer, student

pytestmark = pytest.mark.django_db

FUNDERS = [("县扶贫办", "300000"), ("团县委", "100000"), ("县总工会", "100000"), ("县红十字会", "100000")]


def _set_up(client, tree) -> AidProgram:
    response = client.post(
        reverse("program_create"),
        {
            "unit": tree.county1.pk,
            "name": "2026年新录取大学生资助",
            "level": "county",
            "amount_fen": "2000",
            "target_count": "300",
            "categories": ["registered_poor"],
            "stages": ["college"],
            "new_students_only": "on",
            "opens_on": "2026-08-01",
            "closes_on": "2026-09-30",
        },
    )
    made = AidProgram.objects.get()
    assert response.url == reverse("program_detail", args=[made.pk])
    for name, amount in FUNDERS:
        client.post(
            reverse("source_add", args=[made.pk]), {"name": name, "pledged_fen": amount, "received_fen": amount}
        )
    return made


def test_the_aid_officer_sets_up_a_programme_and_a_colleague_approves_the_list(tree, make_user, login):
    officer = aid_officer(tree, make_user)
    pupils = [
        student(officer, tree.school1, n, NUMBERS[i], stage="college", is_new_student=True)
        for i, n in enumerate(["王小明", "李华"])
    ]
    made = _set_up(login(officer), tree)
    assert made.amount_fen == 200000
    assert list(FundingSource.objects.values_list("name", "received_fen")) == [
        ("县扶贫办", 30000000),
        ("团县委", 10000000),
        ("县总工会", 10000000),
        ("县红十字会", 10000000),
    ]
    page = login(officer).get(reverse("program_detail", args=[made.pk])).content.decode()
    assert "符合条件、尚未列入的学生 2 人" in page
    fund = FundingSource.objects.get(name="团县委")
    login(officer).post(
        reverse("award_propose", args=[made.pk]), {"source": fund.pk, "students": [p.pk for p in pupils]}
    )
    assert AidAward.objects.filter(status="proposed").count() == 2
    response = login(officer).post(
        reverse("award_approve", args=[made.pk]),
        {"award": list(AidAward.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert "审核人不能是经办人本人" in response.content.decode()
    colleague = make_user("aid_reviewer", tree.county1, "aid_officer")
    login(colleague).post(
        reverse("award_approve", args=[made.pk]), {"award": list(AidAward.objects.values_list("pk", flat=True))}
    )
    assert list(AidAward.objects.values_list("status", flat=True)) == ["approved", "approved"]


def test_an_overdrawn_source_is_refused_on_the_page_and_nothing_listed(tree, make_user, login):
    officer = aid_officer(tree, make_user)
    pupils = [
        student(officer, tree.school1, n, NUMBERS[i], stage="college", is_new_student=True)
        for i, n in enumerate(["王小明", "李华"])
    ]
    made = _set_up(login(officer), tree)
    FundingSource.objects.filter(name="县总工会").update(received_fen=300000)
    fund = FundingSource.objects.get(name="县总工会")
    response = login(officer).post(
        reverse("award_propose", args=[made.pk]), {"source": fund.pk, "students": [p.pk for p in pupils]}, follow=True
    )
    assert "资金来源「县总工会」到账余额不足:可安排 3,000.00 元,本次需要 4,000.00 元" in response.content.decode()
    assert AidAward.objects.count() == 0
