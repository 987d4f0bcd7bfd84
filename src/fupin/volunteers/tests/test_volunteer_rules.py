"""The rules of volunteer service, each refusal with its Chinese reason and nothing written."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.volunteers import services
from fupin.volunteers.certificate_pdf import hours_certificate_pdf
from fupin.volunteers.models import Opportunity, SignUp

from .factories import has_started, opportunity

pytestmark = pytest.mark.django_db


def _reasons(exc) -> list[str]:
    return exc.value.messages


def test_an_opportunity_is_posted_with_its_slots_and_audited(organiser, league, campaign):
    made = opportunity(organiser, league, campaign, slots=3)
    assert (made.slots, made.taken, made.organiser.name) == (3, 0, "共青团东阳县委")
    assert timezone.localtime(made.starts_at).hour == 9
    assert AuditEvent.objects.filter(target_id=str(made.pk), action="create").exists()


def test_an_opportunity_that_has_already_ended_cannot_be_posted(organiser, league, campaign):
    with pytest.raises(ValidationError) as exc:
        services.post_opportunity(
            by=organiser,
            organiser=league,
            campaign=campaign,
            kind="medical",
            title="助医义诊",
            place="石桥镇卫生院",
            held_on=timezone.localdate() - timedelta(days=2),
            starts=time(9, 0),
            ends=time(11, 0),
            slots=5,
        )
    assert _reasons(exc) == ["该时段已经过去,请填写尚未结束的服务时间"]
    assert not Opportunity.objects.exists()


def test_an_opportunity_must_end_after_it_starts(organiser, league, campaign):
    with pytest.raises(ValidationError) as exc:
        services.post_opportunity(
            by=organiser,
            organiser=league,
            campaign=campaign,
            kind="education",
            title="助学辅导",
            place="石桥小学",
            held_on=timezone.localdate() + timedelta(days=3),
            starts=time(15, 0),
            ends=time(14, 0),
            slots=5,
        )
    assert _reasons(exc) == ["结束时间须晚于开始时间"]
    assert not Opportunity.objects.exists()


def test_an_opportunity_belongs_to_a_campaign_issued_at_or_above_the_organiser(
    organiser, league, tree, outsider, make_user
):
    from fupin.campaigns.tests.factories import campaign_with_requirements

    other = campaign_with_requirements(outsider, tree.county2)
    with pytest.raises(ValidationError) as exc:
        opportunity(organiser, league, other)
    assert _reasons(exc) == ["所选扶贫日活动不是本单位或上级单位发布的"]
    assert not Opportunity.objects.exists()


def test_sign_up_refused_when_slots_full(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign, slots=2)
    services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    services.sign_up(by=school_reporter, opportunity=made, name="王芳", phone="13800000002")
    with pytest.raises(ValidationError) as exc:
        services.sign_up(by=school_reporter, opportunity=made, name="赵磊", phone="13800000003")
    assert _reasons(exc) == ["「助残志愿服务:陪伴康复中心的孩子」名额已满(共 2 人),未能报名"]
    assert list(SignUp.objects.values_list("name", flat=True)) == ["李小明", "王芳"]
    assert Opportunity.objects.get(pk=made.pk).taken == 2


def test_the_same_person_cannot_sign_up_twice_and_the_slot_is_not_used(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign, slots=5)
    services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    with pytest.raises(ValidationError) as exc:
        services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="138 0000 0001")
    assert _reasons(exc) == ["李小明(13800000001)已报名「助残志愿服务:陪伴康复中心的孩子」"]
    assert SignUp.objects.count() == 1
    assert Opportunity.objects.get(pk=made.pk).taken == 1


def test_a_sign_up_needs_a_name_and_a_valid_phone(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    with pytest.raises(ValidationError) as exc:
        services.sign_up(by=school_reporter, opportunity=made, name=" ", phone="1380000")
    assert exc.value.message_dict == {
        "name": ["请填写志愿者姓名"],
        "phone": ["电话号码格式不正确:应为11位手机号或带区号的固定电话"],
    }
    assert not SignUp.objects.exists()
    assert Opportunity.objects.get(pk=made.pk).taken == 0


def test_cancelling_frees_the_slot(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign, slots=1)
    first = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    services.cancel_sign_up(by=school_reporter, sign_up=first)
    again = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    assert list(SignUp.objects.order_by("pk").values_list("status", flat=True)) == ["cancelled", "signed_up"]
    assert again.status == "signed_up"
    assert Opportunity.objects.get(pk=made.pk).taken == 1


def test_a_sign_up_cannot_be_cancelled_after_the_service_started(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    has_started(made)
    with pytest.raises(ValidationError) as exc:
        services.cancel_sign_up(by=school_reporter, sign_up=SignUp.objects.get(pk=mine.pk))
    assert _reasons(exc) == ["「助残志愿服务:陪伴康复中心的孩子」已经开始,不能再取消报名"]
    assert SignUp.objects.get(pk=mine.pk).status == "signed_up"
    assert Opportunity.objects.get(pk=made.pk).taken == 1


def test_hours_cannot_be_confirmed_before_the_service_starts(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    with pytest.raises(ValidationError) as exc:
        services.confirm_hours(by=organiser, sign_up=mine, hours="2")
    assert _reasons(exc) == ["「助残志愿服务:陪伴康复中心的孩子」尚未开始,开始后才能确认服务时长"]
    assert (SignUp.objects.get(pk=mine.pk).status, SignUp.objects.get(pk=mine.pk).minutes) == ("signed_up", 0)


def test_confirmed_hours_cannot_exceed_the_length_of_the_service(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    mine = SignUp.objects.select_related("opportunity__organiser").get(pk=mine.pk)
    has_started(made)
    mine.opportunity = Opportunity.objects.get(pk=made.pk)
    with pytest.raises(ValidationError) as exc:
        services.confirm_hours(by=organiser, sign_up=mine, hours="3.5")
    assert exc.value.message_dict == {"hours": ["服务时长 3.5 小时超过本次服务的时长 3 小时"]}
    assert SignUp.objects.get(pk=mine.pk).minutes == 0


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2,5", "服务时长「2,5」格式不正确:请填写小时数,最多一位小数,如 2.5"),
        ("2.55", "服务时长「2.55」格式不正确:请填写小时数,最多一位小数,如 2.5"),
        ("1e1", "服务时长「1e1」格式不正确:请填写小时数,最多一位小数,如 2.5"),
        ("٢", "服务时长「٢」格式不正确:请填写小时数,最多一位小数,如 2.5"),
        ("0", "服务时长须大于 0;未到场的请标记「未到」"),
    ],
)
def test_hours_are_typed_as_hours_with_at_most_one_decimal(typed, reason, organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    mine.opportunity = has_started(made)
    with pytest.raises(ValidationError) as exc:
        services.confirm_hours(by=organiser, sign_up=mine, hours=typed)
    assert exc.value.message_dict == {"hours": [reason]}
    assert SignUp.objects.get(pk=mine.pk).status == "signed_up"


def test_the_organiser_confirms_hours_or_marks_absent(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    came = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    away = services.sign_up(by=school_reporter, opportunity=made, name="王芳", phone="13800000002")
    started = has_started(made)
    came.opportunity = away.opportunity = started
    services.confirm_hours(by=organiser, sign_up=came, hours="２.5")
    services.mark_absent(by=organiser, sign_up=away)
    assert list(SignUp.objects.order_by("pk").values_list("name", "status", "minutes")) == [
        ("李小明", "confirmed", 150),
        ("王芳", "absent", 0),
    ]
    assert SignUp.objects.get(pk=came.pk).hours == "2.5"


def test_a_volunteer_cannot_confirm_their_own_hours(organiser, league, campaign, school_reporter):
    from django.core.exceptions import PermissionDenied

    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    mine.opportunity = has_started(made)
    with pytest.raises(PermissionDenied):
        services.confirm_hours(by=school_reporter, sign_up=mine, hours="3")
    assert SignUp.objects.get(pk=mine.pk).status == "signed_up"


def test_hours_certificate_only_after_confirmation(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    mine = services.sign_up(by=school_reporter, opportunity=made, name="李小明", phone="13800000001")
    with pytest.raises(ValidationError) as exc:
        hours_certificate_pdf(mine)
    assert _reasons(exc) == ["李小明的服务时长尚未由组织单位确认,暂不能出具时长证明"]
    mine.opportunity = has_started(made)
    confirmed = services.confirm_hours(by=organiser, sign_up=mine, hours="3")
    assert hours_certificate_pdf(confirmed).startswith(b"%PDF-")


def test_sign_up_refused_after_the_service_ended(organiser, league, campaign, school_reporter):
    made = opportunity(organiser, league, campaign)
    Opportunity.objects.filter(pk=made.pk).update(
        starts_at=timezone.now() - timedelta(hours=5), ends_at=timezone.now() - timedelta(hours=2)
    )
    with pytest.raises(ValidationError) as exc:
        services.sign_up(
            by=school_reporter, opportunity=Opportunity.objects.get(pk=made.pk), name="李小明", phone="13800000001"
        )
    assert _reasons(exc) == ["「助残志愿服务:陪伴康复中心的孩子」已经结束,不能再报名"]
    assert not SignUp.objects.exists()
    assert Opportunity.objects.get(pk=made.pk).taken == 0
