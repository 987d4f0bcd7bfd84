"""The rules of 微心愿, each test named after the rule it holds."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.matching import services
from fupin.matching.models import MicroWish, WishClaim
from fupin.matching.permissions import access_public_wish
from fupin.phones.models import PhoneCode

from .factories import photo, wish

pytestmark = pytest.mark.django_db


def test_a_wish_over_the_cap_cannot_be_posted(people):
    with pytest.raises(ValidationError) as refused:
        wish(people.village_reporter, people.campaign, people.household, value_fen=50_001)
    assert refused.value.messages == ["估计价值 500.01 元超过本次活动的上限 500.00 元"]
    assert not MicroWish.objects.exists()
    assert not AuditEvent.objects.filter(target_type="matching.microwish").exists()


def test_the_campaign_sets_the_cap(people):
    services.set_matching_setting(by=people.county_officer, campaign=people.campaign, wish_cap_fen=20_000, claim_days=7)
    with pytest.raises(ValidationError) as refused:
        wish(people.village_reporter, people.campaign, people.household, value_fen=20_001)
    assert refused.value.messages == ["估计价值 200.01 元超过本次活动的上限 200.00 元"]
    assert wish(people.village_reporter, people.campaign, people.household, value_fen=20_000).value_fen == 20_000


def test_a_wish_category_must_come_from_the_list(people):
    with pytest.raises(ValidationError) as refused:
        wish(people.village_reporter, people.campaign, people.household, category="cash")
    assert refused.value.messages == ["心愿类别须从列表中选择"]
    assert not MicroWish.objects.exists()


def test_a_photo_of_a_minor_needs_consent(people):
    with pytest.raises(ValidationError) as refused:
        services.post_wish(
            by=people.village_reporter,
            campaign=people.campaign,
            household=people.household,
            category="clothing",
            title="冬衣一件",
            value_fen=15_000,
            reason="冬天没有厚衣服",
            photo=photo(),
            photo_shows_minor=True,
        )
    assert refused.value.messages == ["照片中有可辨认的未成年人,须先取得监护人同意"]
    assert not MicroWish.objects.exists()


def test_another_villages_staff_cannot_post_for_a_household(people, make_user, tree):
    stranger = make_user("school_staff", tree.school2, "reporter")
    with pytest.raises(PermissionDenied):
        wish(stranger, people.campaign, people.household)
    assert not MicroWish.objects.exists()


def test_an_unvetted_wish_is_never_public(people, client):
    made = wish(people.village_reporter, people.campaign, people.household)
    assert made.status == "pending"
    with pytest.raises(Exception) as missing:
        access_public_wish(made.pk)
    assert missing.type.__name__ == "Http404"
    services.return_wish(by=people.town_reviewer, wish=made, reason="价值偏高,请核实")
    with pytest.raises(Exception) as still_missing:
        access_public_wish(made.pk)
    assert still_missing.type.__name__ == "Http404"


def test_the_poster_cannot_vet_their_own_wish(people, make_user, tree):
    both = make_user("village_head", tree.village1, "reviewer")
    both.memberships.create(unit=tree.village1, role="reporter")
    made = wish(both, people.campaign, people.household)
    with pytest.raises(ValidationError) as refused:
        services.approve_wish(by=both, wish=made)
    assert refused.value.messages == ["发布人不能审核自己发布的心愿"]
    made.refresh_from_db()
    assert made.status == "pending"


def test_a_returned_wish_needs_a_reason(people):
    made = wish(people.village_reporter, people.campaign, people.household)
    with pytest.raises(ValidationError) as refused:
        services.return_wish(by=people.town_reviewer, wish=made, reason="  ")
    assert refused.value.messages == ["退回须写明原因"]
    made.refresh_from_db()
    assert made.status == "pending"


def test_a_second_claimant_is_refused(people, make_user, tree):
    made = people.open_wish()
    services.claim_wish(by=people.county_officer, wish=made)
    other = make_user("teacher", tree.school1, "reporter")
    with pytest.raises(ValidationError) as refused:
        services.claim_wish(by=other, wish=MicroWish.objects.get(pk=made.pk))
    assert refused.value.messages == ["该心愿已被他人认领或暂不可认领"]
    assert list(WishClaim.objects.values_list("user__username", flat=True)) == ["county_officer"]


def test_the_public_claims_with_a_phone_verified_by_code(people, django_capture_on_commit_callbacks):
    made = people.open_wish()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_phone_code(phone="13912345678")
    with pytest.raises(ValidationError) as refused:
        services.claim_wish_as_public(wish=made, name="李爱心", phone="13912345678", code="000000x")
    assert refused.value.messages == ["验证码不正确"]
    assert not WishClaim.objects.exists()
    sent = mail.outbox[-1]
    assert sent.to == ["13912345678@sms.localhost"]
    code = sent.body.split("验证码是 ")[1][:6]
    claim, token = services.claim_wish_as_public(wish=made, name="李爱心", phone="13912345678", code=code)
    assert claim.name == "李爱心" and claim.user is None and len(token) >= 32
    assert MicroWish.objects.get(pk=made.pk).status == "claimed"
    code_row = PhoneCode.objects.get()
    assert code_row.used_at is not None and code_row.attempts == 1


def test_five_wrong_codes_end_the_code(people):
    made = people.open_wish()
    services.send_phone_code(phone="13912345678")
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.claim_wish_as_public(wish=made, name="李爱心", phone="13912345678", code="999999x")
    with pytest.raises(ValidationError) as refused:
        services.claim_wish_as_public(wish=made, name="李爱心", phone="13912345678", code="123456")
    assert refused.value.messages == ["验证码已过期或无效,请重新获取"]
    assert not WishClaim.objects.exists()


def test_cash_is_not_a_fulfilment(people):
    made = people.open_wish()
    claim = services.claim_wish(by=people.county_officer, wish=made)
    with pytest.raises(ValidationError) as refused:
        services.record_delivery(by=people.county_officer, claim=claim, kind="cash", note="转账 120 元")
    assert refused.value.messages == ["实现方式须为当面送达物品或网购寄送;微心愿不接受现金"]
    assert WishClaim.objects.get().status == "active"


def test_only_the_households_village_confirms(people):
    made = people.open_wish()
    claim = services.claim_wish(by=people.county_officer, wish=made)
    services.record_delivery(by=people.county_officer, claim=claim, kind="handed_over", note="10月17日送到家中")
    for outsider in (people.town_reviewer, people.county_officer):
        with pytest.raises(PermissionDenied) as refused:
            services.confirm_receipt(by=outsider, wish=made, photo=photo())
        assert str(refused.value) == "只有心愿所在村(学校)的工作人员可以确认收到"
    assert MicroWish.objects.get(pk=made.pk).status == "delivered"
    services.confirm_receipt(by=people.village_reporter, wish=made, photo=photo())
    assert MicroWish.objects.get(pk=made.pk).status == "confirmed"
    assert WishClaim.objects.get().confirmed_by == people.village_reporter


def test_a_receipt_photo_taken_before_delivery_is_refused(people):
    made = people.open_wish()
    claim = services.claim_wish(by=people.county_officer, wish=made)
    claim = services.record_delivery(by=people.county_officer, claim=claim, kind="handed_over", note="送到家中")
    with pytest.raises(ValidationError) as refused:
        services.confirm_receipt(
            by=people.village_reporter, wish=made, photo=photo(), taken_at=claim.delivered_at - timedelta(days=1)
        )
    assert refused.value.messages[0].startswith("照片拍摄时间早于登记送达时间")
    assert MicroWish.objects.get(pk=made.pk).status == "delivered"


def test_receipt_cannot_be_confirmed_before_delivery(people):
    made = people.open_wish()
    services.claim_wish(by=people.county_officer, wish=made)
    with pytest.raises(ValidationError) as refused:
        services.confirm_receipt(by=people.village_reporter, wish=made, photo=photo())
    assert refused.value.messages == ["认领人尚未登记送达,不能确认收到"]
    assert MicroWish.objects.get(pk=made.pk).status == "claimed"


def test_an_expired_claim_releases_the_wish(people, django_capture_on_commit_callbacks):
    made = people.open_wish()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_phone_code(phone="13912345678")
    code = mail.outbox[-1].body.split("验证码是 ")[1][:6]
    services.claim_wish_as_public(wish=made, name="李爱心", phone="13912345678", code=code)
    later = timezone.now() + timedelta(days=14, minutes=1)
    assert services.expire_claims(now=timezone.now() + timedelta(days=13)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        expired = services.expire_claims(now=later)
    assert [c.name for c in expired] == ["李爱心"]
    assert MicroWish.objects.get(pk=made.pk).status == "open"
    assert WishClaim.objects.get().status == "expired"
    assert mail.outbox[0].to == ["13912345678@sms.localhost"]
    assert "认领已失效" in mail.outbox[0].body
    assert services.expire_claims(now=later) == []
    services.claim_wish(by=people.county_officer, wish=MicroWish.objects.get(pk=made.pk))
    assert MicroWish.objects.get(pk=made.pk).status == "claimed"


def test_the_expire_command_reopens_overdue_wishes_once(people, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    made = people.open_wish()
    services.claim_wish(by=people.county_officer, wish=made)
    WishClaim.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    first, second = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("matching", "expire", stdout=first)
    call_command("matching", "expire", stdout=second)
    assert first.getvalue().strip() == "微心愿认领过期:1 条"
    assert second.getvalue().strip() == "微心愿认领过期:0 条"
    assert MicroWish.objects.get(pk=made.pk).status == "open"
