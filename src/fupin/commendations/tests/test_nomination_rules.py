"""Nominations: deeds required and free of phone and ID numbers, photos through the shared library with a
caption and, for minors, consent; the office above reviews once with a reason and forwards what it selected."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfWriter

from fupin.audit.models import AuditEvent
from fupin.commendations import selectors, services
from fupin.commendations.models import Nomination, NominationEvidence, NominationPhoto
from fupin.lib.photo_library import LibraryPhoto, file_in_library
from fupin.lib.uploads import check_document
from fupin.publicity.models import Photo
from fupin.publicity.tests.factories import checked, photo

from .factories import city_campaign, nomination, selected

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(city_officer, tree):
    return city_campaign(city_officer, tree)


def _photo(by, made, caption="李明华老师到结对学生家中家访", **extra):
    return services.add_nomination_photo(
        by=by,
        nomination=made,
        photo=checked(),
        caption=caption,
        taken_on=date(2026, 10, 12),
        theme="education",
        **extra,
    )


def test_deeds_with_ordinary_figures_are_kept(tree, school_reporter, campaign):
    deeds = "2026-10-17带领86名师生捐赠图书600余册,资助学生45名,户均年增收6000余元。"
    assert nomination(school_reporter, tree.school1, campaign, deeds=deeds).deeds == deeds


def test_nomination_without_deeds_is_refused(tree, school_reporter, campaign):
    with pytest.raises(ValidationError) as refused:
        nomination(school_reporter, tree.school1, campaign, deeds="  ")
    assert refused.value.message_dict["deeds"] == ["请填写先进事迹:做了什么、取得了什么成效"]
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("number", ["13912345678", "11010519491231002X", "139 1234 5678", "0571-88886666"])
def test_deeds_with_a_phone_or_id_number_are_refused(tree, school_reporter, campaign, number):
    with pytest.raises(ValidationError) as refused:
        nomination(school_reporter, tree.school1, campaign, deeds=f"热心帮扶困难学生,联系方式{number}。")
    assert refused.value.message_dict["deeds"] == [
        "先进事迹中不能含电话号码或身份证号:事迹将在表彰名单中公开,只写姓名、单位和事迹"
    ]
    assert Nomination.objects.count() == 0


def test_an_enterprise_cannot_be_nominated_as_an_individual(tree, school_reporter, campaign):
    with pytest.raises(ValidationError) as refused:
        nomination(school_reporter, tree.school1, campaign, category="individual", kind="enterprise")
    assert "先进个人的类型须为教师、干部、学生志愿者或其他;先进集体须为学校、企业或其他" in refused.value.messages
    assert Nomination.objects.count() == 0


def test_a_unit_cannot_nominate_for_another_county(tree, school_reporter, campaign):
    with pytest.raises(PermissionDenied, match="无权以该单位名义推荐先进典型"):
        nomination(school_reporter, tree.school2, campaign)
    assert Nomination.objects.count() == 0


def test_a_nomination_photo_without_caption_is_refused(tree, school_reporter, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    with pytest.raises(ValidationError) as refused:
        _photo(school_reporter, made, caption=" ")
    assert refused.value.message_dict["caption"] == ["照片「班会.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件"]
    assert Photo.objects.count() == 0
    assert NominationPhoto.objects.count() == 0


def test_minors_photo_without_consent_is_refused_for_a_nomination(tree, school_reporter, campaign):
    made = nomination(school_reporter, tree.school1, campaign, kind="student_volunteer", name="王小雨")
    with pytest.raises(ValidationError) as refused:
        _photo(school_reporter, made, shows_minors=True, minors_consent=False)
    assert refused.value.message_dict["minors_consent"] == ["照片「班会.jpg」含可辨认的未成年人,须先取得监护人同意公开"]
    assert Photo.objects.count() == 0
    assert NominationPhoto.objects.count() == 0


def test_a_nomination_photo_is_kept_in_the_photo_library(tree, school_reporter, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    link = _photo(school_reporter, made, shows_minors=True, minors_consent=True)
    stored = Photo.objects.get()
    assert (stored.unit, stored.campaign, stored.caption) == (tree.school1, campaign, "李明华老师到结对学生家中家访")
    assert link.photo == stored and stored.may_be_public


def test_the_same_evidence_twice_is_refused(tree, school_reporter, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    pdf = check_document("证书.pdf", _blank_pdf())
    services.add_evidence(by=school_reporter, nomination=made, title="获奖证书", document=pdf)
    with pytest.raises(ValidationError) as refused:
        services.add_evidence(by=school_reporter, nomination=made, title="获奖证书(再传)", document=pdf)
    assert refused.value.message_dict["document"] == ["「证书.pdf」已上传过"]
    assert NominationEvidence.objects.count() == 1


def _blank_pdf() -> bytes:
    writer, out = PdfWriter(), BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def test_review_needs_a_reason(tree, school_reporter, county_officer, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    services.submit_nomination(by=school_reporter, nomination=made)
    with pytest.raises(ValidationError) as refused:
        services.review_nomination(
            by=county_officer, office=tree.county1, nomination=made, decision="select", reason=""
        )
    assert refused.value.message_dict["reason"] == ["请填写审核意见(入选、不入选或退回的理由)"]
    assert Nomination.objects.get().status == "submitted"


def test_only_an_office_above_reviews_a_nomination(tree, school_reporter, county_officer, outsider, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    services.submit_nomination(by=school_reporter, nomination=made)
    for user, office in ((school_reporter, tree.school1), (outsider, tree.county2), (outsider, tree.county1)):
        with pytest.raises(PermissionDenied, match="只能审核下级单位的推荐"):
            services.review_nomination(by=user, office=office, nomination=made, decision="select", reason="好")
    assert Nomination.objects.get().status == "submitted"


def test_a_decision_is_taken_once(tree, school_reporter, county_officer, city_officer, campaign):
    made = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1)
    with pytest.raises(ValidationError) as refused:
        services.review_nomination(by=city_officer, office=tree.city, nomination=made, decision="return", reason="再改")
    assert refused.value.messages == ["「李明华」不在待审核状态,未作处理"]
    assert Nomination.objects.get().status == "selected"
    assert Nomination.objects.get().office == tree.county1


def test_a_returned_nomination_is_corrected_and_submitted_again(tree, school_reporter, county_officer, campaign):
    made = nomination(school_reporter, tree.school1, campaign, deeds="积极参与扶贫日活动。")
    services.submit_nomination(by=school_reporter, nomination=made)
    services.review_nomination(
        by=county_officer, office=tree.county1, nomination=made, decision="return", reason="事迹过于简略"
    )
    assert Nomination.objects.get().reason == "事迹过于简略"
    fields = {"category": "individual", "kind": "teacher", "name": "李明华", "nominee_unit": "东阳县第一中学"}
    services.update_nomination(by=school_reporter, nomination=made, deeds="坚持每月家访结对学生12名。", **fields)
    again = services.submit_nomination(by=school_reporter, nomination=made)
    assert (again.status, again.reason, again.deeds) == ("submitted", "", "坚持每月家访结对学生12名。")


def test_a_submitted_nomination_cannot_be_edited(tree, school_reporter, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    services.submit_nomination(by=school_reporter, nomination=made)
    fields = {"category": "individual", "kind": "teacher", "name": "李明", "nominee_unit": "东阳县第一中学"}
    with pytest.raises(ValidationError) as refused:
        services.update_nomination(by=school_reporter, nomination=made, deeds="改过的事迹", **fields)
    assert refused.value.messages == ["「李明华」已报送,不能再修改;被退回后才能修改"]
    assert Nomination.objects.get().name == "李明华"


def test_the_office_above_sees_what_a_county_forwarded(tree, school_reporter, county_officer, city_officer, campaign):
    made = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True)
    assert made.forwarded_to == tree.city
    assert list(selectors.forwarded_to_me(city_officer)) == [made]
    assert list(selectors.forwarded_to_me(county_officer)) == []
    with pytest.raises(ValidationError) as refused:
        services.forward_nomination(by=county_officer, office=tree.county1, nomination=made)
    assert refused.value.messages == ["「李明华」须由本单位评为入选且尚未上报,才能上报"]


def test_every_nomination_write_is_audited(tree, school_reporter, county_officer, campaign):
    selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True)
    notes = list(
        AuditEvent.objects.filter(target_type="commendations.nomination").order_by("pk").values_list("action", "note")
    )
    assert notes == [("create", ""), ("update", "报送推荐"), ("update", "审核先进典型推荐"), ("update", "上报先进典型")]


def test_a_library_photo_goes_with_the_case_only_from_the_units_own_library(tree, school_reporter, make_user, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    own = photo(school_reporter, tree.school1, "班主任向家长讲解学生资助政策")
    services.attach_library_photo(by=school_reporter, nomination=made, photo=own)
    assert list(selectors.nomination_photos(made)) == [own]
    neighbour = photo(make_user("xc_reporter", tree.school2, "reporter"), tree.school2, "西川班会")
    with pytest.raises(PermissionDenied, match="只能选用本单位图片库中的照片"):
        services.attach_library_photo(by=school_reporter, nomination=made, photo=neighbour)
    assert NominationPhoto.objects.count() == 1


def test_a_library_photo_not_marked_publishable_cannot_go_with_the_case_and_the_reason_says_so(
    tree, school_reporter, campaign
):
    made = nomination(school_reporter, tree.school1, campaign)
    visit_photo = file_in_library(
        LibraryPhoto(
            source="visit",
            unit=tree.school1,
            by=school_reporter,
            file=checked(),
            caption="2025-10-10 城关小学入户走访",
            taken_on=date(2025, 10, 10),
            theme="social_services",
        )
    )
    with pytest.raises(ValidationError) as refused:
        services.attach_library_photo(by=school_reporter, nomination=made, photo=visit_photo)
    assert refused.value.message_dict["photo"] == [
        "照片「2025-10-10 城关小学入户走访」未标为可公开:照片中的当事人尚未同意公开,不能随事迹公开"
    ]
    assert NominationPhoto.objects.count() == 0


def test_a_library_photo_of_minors_without_consent_cannot_go_with_the_case(tree, school_reporter, campaign):
    made = nomination(school_reporter, tree.school1, campaign)
    minors = photo(school_reporter, tree.school1, "学生在主题班会上发言", shows_minors=True)
    with pytest.raises(ValidationError) as refused:
        services.attach_library_photo(by=school_reporter, nomination=made, photo=minors)
    assert refused.value.message_dict["photo"] == [
        "「学生在主题班会上发言」含可辨认的未成年人且未取得监护人同意,不能随事迹公开"
    ]
    assert NominationPhoto.objects.count() == 0
