"""A member of the public signs up for a volunteer service open to the public without an account: a name and a
mobile number verified by a texted code (five an hour, ten minutes, used once); the same person signs up once;
a service not opened to the public cannot be joined this way."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.phones.models import PhoneCode
from fupin.volunteers import services
from fupin.volunteers.models import Opportunity, SignUp

from .factories import has_started, opportunity

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture
def public(organiser, league, campaign):
    return opportunity(organiser, league, campaign, slots=3, is_public=True)


@pytest.fixture
def code_for(django_capture_on_commit_callbacks):
    """Sends a sign-up code as the page does (texted after commit) and reads it from the texted message."""

    def _code(made, name="李晓梅", phone=PHONE) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            services.send_sign_up_code(opportunity=made, name=name, phone=phone)
        return mail.outbox[-1].body.split("验证码是 ")[1][:6]

    return _code


def test_a_member_of_the_public_signs_up_with_a_phone_verified_by_code(public, code_for):
    code = code_for(public)
    assert mail.outbox[-1].body.startswith("【扶贫日】您报名志愿服务的验证码是 ")
    made, _token = services.sign_up_as_public(opportunity=public, name=" 李晓梅 ", phone=PHONE, code=code)
    assert (made.name, made.phone, made.signed_up_by, made.status) == ("李晓梅", PHONE, None, "signed_up")
    assert made.phone_verified_at is not None
    assert Opportunity.objects.get(pk=public.pk).taken == 1
    assert AuditEvent.objects.filter(target_id=str(made.pk), note="公众凭手机验证码报名").count() == 1


def test_the_same_person_cannot_sign_up_twice(public, code_for):
    services.sign_up_as_public(opportunity=public, name="李晓梅", phone=PHONE, code=code_for(public))
    with pytest.raises(ValidationError) as refused:
        services.send_sign_up_code(opportunity=public, name="李晓梅", phone=PHONE)
    assert refused.value.messages == ["李晓梅(13912345678)已报名「助残志愿服务:陪伴康复中心的孩子」"]
    assert PhoneCode.objects.count() == 1
    assert SignUp.objects.count() == 1 and Opportunity.objects.get(pk=public.pk).taken == 1


def test_a_wrong_code_is_refused_and_nothing_is_written(public, code_for):
    code_for(public)
    with pytest.raises(ValidationError) as refused:
        services.sign_up_as_public(opportunity=public, name="李晓梅", phone=PHONE, code="000000x")
    assert refused.value.messages == ["验证码不正确"]
    assert not SignUp.objects.exists() and Opportunity.objects.get(pk=public.pk).taken == 0
    assert PhoneCode.objects.get().attempts == 1


def test_a_code_signs_up_once(public, code_for):
    code = code_for(public)
    services.sign_up_as_public(opportunity=public, name="李晓梅", phone=PHONE, code=code)
    with pytest.raises(ValidationError) as refused:
        services.sign_up_as_public(opportunity=public, name="李晓梅的妈妈", phone=PHONE, code=code)
    assert refused.value.messages == ["验证码已过期或无效,请重新获取"]
    assert SignUp.objects.count() == 1


def test_an_expired_code_is_refused(public, code_for):
    code = code_for(public)
    PhoneCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as refused:
        services.sign_up_as_public(opportunity=public, name="李晓梅", phone=PHONE, code=code)
    assert refused.value.messages == ["验证码已过期或无效,请重新获取"]
    assert not SignUp.objects.exists()


def test_a_number_gets_at_most_five_codes_an_hour(public, code_for):
    for _ in range(5):
        code_for(public)
    with pytest.raises(ValidationError) as refused:
        services.send_sign_up_code(opportunity=public, name="李晓梅", phone=PHONE)
    assert refused.value.messages == ["该号码一小时内获取验证码次数过多,请稍后再试"]
    assert PhoneCode.objects.count() == 5 and len(mail.outbox) == 5


def test_a_service_not_open_to_the_public_cannot_be_joined_without_an_account(organiser, league, campaign, client):
    internal = opportunity(organiser, league, campaign, title="校内助学")
    with pytest.raises(PermissionDenied) as refused:
        services.send_sign_up_code(opportunity=internal, name="李晓梅", phone=PHONE)
    assert str(refused.value) == "该志愿服务不面向社会公开招募"
    assert not PhoneCode.objects.exists()
    assert client.get(reverse("public_opportunity_detail", args=[internal.pk])).status_code == 404
    assert "校内助学" not in client.get(reverse("public_opportunity_list")).content.decode()


def test_the_public_page_signs_up_with_the_code_and_refuses_a_second_time(
    public, client, django_capture_on_commit_callbacks
):
    page = reverse("public_opportunity_detail", args=[public.pk])
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(page, {"name": "李晓梅", "phone": PHONE, "action": "code"})
    assert "验证码已发送至 139****5678" in sent.content.decode()
    code = mail.outbox[-1].body.split("验证码是 ")[1][:6]
    done = client.post(page, {"name": "李晓梅", "phone": PHONE, "code": code, "action": "sign_up"}, follow=True)
    assert "报名成功!组织单位将通过 139****5678 与您联系" in done.content.decode()
    assert done.redirect_chain[-1][0].startswith("/volunteer-services/sign-ups/")
    again = client.post(page, {"name": "李晓梅", "phone": PHONE, "action": "code"})
    assert "李晓梅(13912345678)已报名「助残志愿服务:陪伴康复中心的孩子」" in again.content.decode()
    assert SignUp.objects.count() == 1


def test_a_public_volunteer_downloads_the_certificate_by_the_private_link_once_hours_are_confirmed(
    public, code_for, organiser, client
):
    made, token = services.sign_up_as_public(opportunity=public, name="李晓梅", phone=PHONE, code=code_for(public))
    assert made.token_hash and made.token_hash != token
    mine = reverse("public_sign_up", args=[token])
    certificate = reverse("public_sign_up_certificate", args=[token])
    assert "已报名" in client.get(mine).content.decode()
    refused = client.get(certificate, follow=True).content.decode()
    assert "李晓梅的服务时长尚未由组织单位确认,暂不能出具时长证明" in refused
    has_started(public)
    services.confirm_hours(by=organiser, sign_up=SignUp.objects.get(pk=made.pk), hours="2.5")
    assert "已确认时长 · 2.5 小时" in client.get(mine).content.decode()
    response = client.get(certificate)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.get(reverse("public_sign_up", args=["not-" + token])).status_code == 404


def test_one_address_asks_for_a_limited_number_of_codes(public, settings, django_capture_on_commit_callbacks):
    settings.FUPIN_PUBLIC_WRITE_RATE = "2/h"
    page = reverse("public_opportunity_detail", args=[public.pk])
    client = Client(REMOTE_ADDR="203.0.113.9")
    with django_capture_on_commit_callbacks(execute=True):
        for phone in ("13912340001", "13912340002"):
            client.post(page, {"name": "李晓梅", "phone": phone, "action": "code"})
        refused = client.post(page, {"name": "李晓梅", "phone": "13912340003", "action": "code"})
    assert "同一网络地址获取验证码过于频繁,请稍后再试" in refused.content.decode()
    assert sorted(PhoneCode.objects.values_list("phone", flat=True)) == ["13912340001", "13912340002"]
    assert len(mail.outbox) == 2
