"""The PIPL data map names every personal field, deploy/PIPL.md shows it as generated, and the public's contact data
is removed past retention (`fupin pipl purge`) or at the person's request (`fupin pipl erase-person`), audited."""

import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.donations.models import Concern, Pledge
from fupin.donations.pledges import report_concern
from fupin.donations.tests.public_data import open_drive_today, pledge
from fupin.matching.models import ClaimStatus, WishClaim
from fupin.matching.tests.factories import People
from fupin.ops import pipl, pipl_services
from fupin.phones.models import PhoneCode
from fupin.volunteers.models import SignUp, SignUpStatus
from fupin.volunteers.services import confirm_hours, sign_up
from fupin.volunteers.tests.factories import has_started, opportunity, youth_league

ROOT = Path(__file__).resolve().parents[4]
PERSONAL_NAME = re.compile(
    r"(^|_)(name|phone|contact|email|cipher|masked|card|income|latitude|longitude|birth|ip|address|visitors"
    r"|donor|payee|health|person|recipient)($|_)"
)
LONG_AGO = datetime(2025, 1, 10, 2, 0, tzinfo=UTC)
PHONE = "13912341234"


def test_every_field_in_the_data_map_exists():
    assert pipl.missing_fields() == []


def test_no_field_named_like_personal_data_is_left_out_of_the_map():
    mapped = {f"{e.model}.{name}".lower() for e in pipl.DATA_MAP for name in e.fields}
    unmapped = [
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("fupin.")
        for field in model._meta.concrete_fields
        if not field.is_relation and PERSONAL_NAME.search(field.name)
    ]
    assert sorted(set(unmapped) - mapped - pipl.NOT_PERSONAL) == []


def test_the_deployment_document_shows_the_map_as_generated():
    text = (ROOT / "deploy" / "PIPL.md").read_text(encoding="utf-8")
    assert text.endswith(pipl.markdown())
    assert "| `donations.Pledge.donor_name`, `donations.Pledge.phone` | 认捐、到账核对、联系捐赠人 |" in text


@pytest.fixture
def public(tree, city_officer):
    """A drive open today, a member of the public's cancelled pledge and answered concern from January 2025, an
    expired wish claim of theirs and an expired phone code; and someone else's pledge still waiting."""
    drive = open_drive_today(city_officer, tree.city)
    old = pledge(drive, phone=PHONE)
    waiting = pledge(drive, phone="13800001111", donor_name="李四")
    Pledge.objects.filter(pk=old.pk).update(status=Pledge.Status.CANCELLED, created_at=LONG_AGO)
    concern = report_concern(drive=drive, text="箱子没有封条", contact=f"电话 {PHONE}")
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.ANSWERED, answered_at=LONG_AGO)
    PhoneCode.objects.create(phone=PHONE, code_hash="x" * 64, expires_at=LONG_AGO)
    return {"old": old, "waiting": waiting, "concern": concern}


@pytest.fixture
def claim(tree, make_user, county_officer):
    return WishClaim.objects.create(
        wish=People(tree, make_user, county_officer).open_wish(),
        name="王先生",
        phone=PHONE,
        status=ClaimStatus.EXPIRED,
        due_at=LONG_AGO,
        expired_at=LONG_AGO,
    )


def test_personal_data_younger_than_six_months_cannot_be_purged(public):
    with pytest.raises(ValidationError) as refused:
        pipl_services.purge_personal_data(before=date(2026, 6, 1), today=date(2026, 11, 30))
    assert refused.value.messages == [
        "个人信息在事项结束后保存 6 个月:只能清理 2026-05-30 之前结束的事项,2026-06-01 太近"
    ]
    assert Pledge.objects.get(pk=public["old"].pk).phone == PHONE and PhoneCode.objects.count() == 1


def test_the_purge_removes_contact_data_of_what_ended_before_the_date(public, claim):
    out = StringIO()
    call_command("pipl", "purge", "--before", "2025-02-01", stdout=out)
    assert "认捐手机号码 1 条,微心愿认领手机号码 1 条,群众反映联系方式 1 条,短信验证码 1 条" in out.getvalue()
    assert Pledge.objects.get(pk=public["old"].pk).phone == ""
    assert Pledge.objects.get(pk=public["waiting"].pk).phone == "13800001111"  # still waiting to be confirmed
    assert Concern.objects.get(pk=public["concern"].pk).contact == ""
    assert WishClaim.objects.get(pk=claim.pk).phone == "已删除" and WishClaim.objects.get(pk=claim.pk).name == "王先生"
    assert PhoneCode.objects.count() == 0
    erased = AuditEvent.objects.filter(note="超过保存期限,删除个人信息").order_by("seq")
    assert [(e.target_type, e.changes) for e in erased] == [
        ("donations.pledge", {"phone": ["***", ""]}),
        ("matching.wishclaim", {"phone": ["***", "已删除"]}),
        ("donations.concern", {"contact": ["***", ""]}),
    ]
    assert not AuditEvent.objects.filter(changes__icontains=PHONE).exists()


def test_a_person_is_erased_by_phone_from_pledges_claims_concerns_and_codes(public, claim):
    done = pipl_services.erase_person(phone=f" {PHONE} ")
    assert done.line() == (
        "认捐 1 条,微心愿认领 1 条,群众反映 1 条,志愿服务报名 0 条,代为报名的志愿服务 0 条,短信验证码 1 条"
    )
    old = Pledge.objects.get(pk=public["old"].pk)
    assert (old.phone, old.donor_name) == ("", "")
    assert Pledge.objects.get(pk=public["waiting"].pk).donor_name == "李四"
    assert WishClaim.objects.filter(pk=claim.pk, name="已删除", phone="已删除").exists()
    assert AuditEvent.objects.filter(note="按本人要求删除个人信息").count() == 3


def test_a_public_volunteer_is_erased_by_phone_and_the_confirmed_hours_stay_without_the_person(
    tree, city_officer, make_user
):
    league = youth_league(tree.county1)
    organiser = make_user("league_reporter", league, "reporter")
    campaign = campaign_with_requirements(city_officer, tree.city)
    service = has_started(opportunity(organiser, league, campaign, is_public=True))
    verified = timezone.now()
    theirs, other = (
        SignUp.objects.create(opportunity=service, name=name, phone=phone, phone_verified_at=verified, token_hash=t)
        for name, phone, t in (("赵晓", PHONE, "a" * 64), ("钱敏", "13800001111", "b" * 64))
    )
    confirm_hours(by=organiser, sign_up=theirs, hours="2.5")
    assert pipl_services.erase_person(phone=PHONE).line() == (
        "认捐 0 条,微心愿认领 0 条,群众反映 0 条,志愿服务报名 1 条,代为报名的志愿服务 0 条,短信验证码 0 条"
    )
    erased = SignUp.objects.get(pk=theirs.pk)
    assert (erased.name, erased.phone, erased.token_hash) == (f"已删除#{theirs.pk}", "已删除", "")
    assert (erased.status, erased.minutes) == (SignUpStatus.CONFIRMED, 150)
    assert SignUp.objects.filter(opportunity=service, status=SignUpStatus.CONFIRMED).count() == 1
    assert SignUp.objects.get(pk=other.pk).name == "钱敏"
    event = AuditEvent.objects.get(note="按本人要求删除个人信息")
    assert (event.target_type, event.unit_name) == ("volunteers.signup", "共青团东阳县委")
    assert not AuditEvent.objects.filter(changes__icontains=PHONE).exists()
    assert not AuditEvent.objects.filter(changes__icontains="赵晓").exists()


def test_a_person_with_a_claim_under_way_is_not_erased_and_nothing_changes(public, claim):
    WishClaim.objects.filter(pk=claim.pk).update(status=ClaimStatus.ACTIVE, due_at=timezone.now() + timedelta(days=9))
    reason = "该手机号码有进行中的微心愿认领:请待认领结束(确认或过期)后再删除"
    with pytest.raises(CommandError, match=re.escape(reason)):
        call_command("pipl", "erase-person", "--phone", PHONE, "--apply")
    assert Pledge.objects.get(pk=public["old"].pk).phone == PHONE
    assert not AuditEvent.objects.filter(note="按本人要求删除个人信息").exists()


def test_erasing_a_malformed_phone_says_what_is_wrong(db):
    with pytest.raises(CommandError, match="电话号码格式不正确"):
        call_command("pipl", "erase-person", "--phone", "12-34")


@pytest.fixture
def signed_up_by_teacher(tree, city_officer, school_reporter, make_user):
    """A teacher (the school's reporter) signed up two sisters with their mother's phone; the elder's 2.5 hours
    are confirmed."""
    league = youth_league(tree.county1)
    organiser = make_user("league_reporter", league, "reporter")
    service = opportunity(organiser, league, campaign_with_requirements(city_officer, tree.city), slots=5)
    elder, younger = (
        sign_up(by=school_reporter, opportunity=service, name=name, phone=PHONE) for name in ("孙小雨", "孙小雪")
    )
    has_started(service)
    confirm_hours(by=organiser, sign_up=SignUp.objects.get(pk=elder.pk), hours="2.5")
    return elder, younger


def _erase(*args: str) -> str:
    out = StringIO()
    call_command("pipl", "erase-person", "--phone", PHONE, *args, stdout=out)
    return out.getvalue()


def test_a_student_signed_up_by_their_teacher_is_erased_by_phone_and_name_and_the_confirmed_hours_stay(
    signed_up_by_teacher,
):
    elder, younger = signed_up_by_teacher
    out = _erase("--name", "孙小雨", "--apply")
    assert "志愿服务报名 0 条,代为报名的志愿服务 1 条" in out
    assert "另有 1 条他人代为报名的志愿服务用此号码而姓名不符,未删除" in out
    erased = SignUp.objects.get(pk=elder.pk)
    assert (erased.name, erased.phone, erased.status, erased.minutes) == (
        f"已删除#{elder.pk}",
        "已删除",
        SignUpStatus.CONFIRMED,
        150,
    )
    assert (SignUp.objects.get(pk=younger.pk).name, SignUp.objects.get(pk=younger.pk).phone) == ("孙小雪", PHONE)
    event = AuditEvent.objects.get(note="按本人要求删除个人信息")
    assert (event.target_type, event.target_id, event.unit_name) == (
        "volunteers.signup",
        str(elder.pk),
        "共青团东阳县委",
    )
    assert event.changes == {"name": ["***", f"已删除#{elder.pk}"], "phone": ["***", "已删除"]}
    assert not AuditEvent.objects.filter(changes__icontains=PHONE).exists()


def test_without_a_name_sign_ups_made_on_someones_behalf_are_counted_and_left_as_they_are(signed_up_by_teacher):
    out = _erase("--apply")
    assert "另有 2 条他人代为报名的志愿服务用此号码而姓名不符(未给出姓名:代为报名的须加 --name 姓名),未删除" in out
    assert "志愿服务报名 0 条,代为报名的志愿服务 0 条" in out
    assert sorted(SignUp.objects.values_list("name", "phone")) == [("孙小雨", PHONE), ("孙小雪", PHONE)]
    assert not AuditEvent.objects.filter(note="按本人要求删除个人信息").exists()


def test_erase_person_without_apply_shows_what_it_would_erase_and_writes_nothing(signed_up_by_teacher, public, claim):
    elder, _younger = signed_up_by_teacher
    events = AuditEvent.objects.count()
    out = _erase("--name", " 孙小雨 ")
    assert out.splitlines()[-1] == (
        "将删除个人信息:认捐 1 条,微心愿认领 1 条,群众反映 1 条,志愿服务报名 0 条,代为报名的志愿服务 1 条,"
        "短信验证码 1 条。以上为统计,未写入;确认后加 --apply 删除。"
    )
    assert SignUp.objects.get(pk=elder.pk).name == "孙小雨"
    assert Pledge.objects.get(pk=public["old"].pk).phone == PHONE
    assert WishClaim.objects.get(pk=claim.pk).phone == PHONE
    assert PhoneCode.objects.filter(phone=PHONE).count() == 1
    assert AuditEvent.objects.count() == events
    assert "已删除个人信息:认捐 1 条" in _erase("--name", "孙小雨", "--apply")
    assert SignUp.objects.get(pk=elder.pk).name == f"已删除#{elder.pk}"
