"""Concerns reach the independent supervisor (监督), who takes them up and answers; the person who raised one
reads the answer through its private link."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fupin.donations import concerns, pledges
from fupin.donations.models import Concern
from fupin.orgs.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(tree):
    return make_user("jijian", tree.city, "supervisor")


def test_the_raiser_follows_a_concern_to_its_answer_through_a_private_link(anonymous, drive, supervisor, login):
    answer = anonymous.post(reverse("report_concern", args=[drive.pk]), {"text": "开箱清点时只有一人在场"})
    concern = Concern.objects.get()
    assert answer.url == reverse("concern_status", args=[concern.token])
    assert "已收到" in anonymous.get(answer.url).content.decode()
    client = login(supervisor)
    client.post(reverse("take_up_concern", args=[concern.pk]))
    assert Concern.objects.get().status == "handling"
    client.post(reverse("concern_detail", args=[concern.pk]), {"answer": "经核查,当日有两名清点人签字,已调阅清点单。"})
    client.logout()
    page = anonymous.get(reverse("concern_status", args=[concern.token])).content.decode()
    assert "已答复" in page and "当日有两名清点人签字" in page


def test_finance_cannot_answer_a_concern(drive, finance):
    concern = pledges.report_concern(drive=drive, text="收据没有编号")
    with pytest.raises(PermissionDenied, match=r"群众反映由监督\(纪检\)人员处理"):
        concerns.answer_concern(by=finance, concern=concern, answer="已处理")
    assert Concern.objects.get().status == "received"


def test_an_answer_is_given_once_and_not_blank(drive, supervisor):
    concern = pledges.report_concern(drive=drive, text="收据没有编号")
    with pytest.raises(ValidationError) as blank:
        concerns.answer_concern(by=supervisor, concern=concern, answer=" ")
    assert blank.value.message_dict["answer"] == ["请填写答复内容"]
    concerns.answer_concern(by=supervisor, concern=concern, answer="收据号见 PDF 右上角")
    with pytest.raises(ValidationError, match="这条反映已答复"):
        concerns.answer_concern(by=supervisor, concern=concern, answer="改口")
    assert Concern.objects.get().answer == "收据号见 PDF 右上角"


def test_a_supervisor_elsewhere_sees_no_concern_of_this_fund(drive, tree, login):
    concern = pledges.report_concern(drive=drive, text="收据没有编号")
    elsewhere = make_user("xc_jijian", tree.county2, "supervisor")
    assert login(elsewhere).get(reverse("concern_detail", args=[concern.pk])).status_code == 404
