"""The notices' publicity rules, enforced by the services: captions, minors' consent, the gallery's dates, and
the selection forwarded upward."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fupin.audit.models import AuditEvent
from fupin.publicity import selectors, services
from fupin.publicity.models import Event, Exhibition, ExhibitionEntry, MediaReport, Photo, Selection

from .factories import HELD_ON, checked, photo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("caption", ["", "   ", "\u200b"])
def test_a_photo_without_a_caption_is_refused_with_the_reason(tree, school_reporter, caption):
    with pytest.raises(ValidationError) as refused:
        services.add_photo(
            by=school_reporter,
            unit=tree.school1,
            photo=checked("无说明.jpg"),
            caption=caption,
            taken_on=HELD_ON,
            theme="activity",
        )
    assert refused.value.message_dict["caption"] == [
        "照片「无说明.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件"
    ]
    assert Photo.objects.count() == 0
    assert AuditEvent.objects.filter(target_type="publicity.photo").count() == 0


def test_a_photo_is_stored_with_its_size_and_a_thumbnail_made_once(tree, school_reporter):
    made = photo(school_reporter, tree.school1)
    assert (made.width, made.height) == (1600, 1200)
    assert made.size_bytes > 0
    assert made.thumbnail.name.endswith(".jpg")
    from PIL import Image

    with made.thumbnail.open("rb") as thumb:
        assert Image.open(thumb).size == (480, 360)
    assert AuditEvent.objects.filter(target_type="publicity.photo", target_id=str(made.pk)).count() == 1


def test_a_school_cannot_add_photos_for_another_unit(tree, school_reporter):
    with pytest.raises(PermissionDenied):
        photo(school_reporter, tree.school2)
    assert Photo.objects.count() == 0


def _exhibition(by, unit, opens_on=date(2020, 1, 1), closes_on=date(2099, 12, 31)):
    return services.create_exhibition(
        by=by, unit=unit, title="脱贫攻坚成就图片展", opens_on=opens_on, closes_on=closes_on
    )


def test_a_minors_photo_without_consent_is_never_placed_in_an_exhibition(tree, school_reporter, city_officer):
    minors = photo(school_reporter, tree.school1, "留守儿童收到图书", shows_minors=True)
    exhibition = _exhibition(city_officer, tree.city)
    section = exhibition.sections.get(title="社会事业篇")
    with pytest.raises(ValidationError) as refused:
        services.place_photo(by=city_officer, section=section, photo=minors)
    assert refused.value.messages == ["「留守儿童收到图书」含可辨认的未成年人且未取得监护人同意,不能公开展出"]
    assert ExhibitionEntry.objects.count() == 0


def test_a_minors_photo_without_consent_is_never_served_to_the_public(tree, school_reporter, city_officer, client):
    minors = photo(school_reporter, tree.school1, "留守儿童收到图书", shows_minors=True, minors_consent=True)
    exhibition = _exhibition(city_officer, tree.city)
    services.place_photo(by=city_officer, section=exhibition.sections.get(title="社会事业篇"), photo=minors)
    Photo.objects.filter(pk=minors.pk).update(minors_consent=False)  # consent withdrawn after placing
    assert selectors.public_photo(minors.pk, date(2026, 10, 17)) is None
    assert client.get(f"/exhibitions/photos/{minors.pk}/thumb/").status_code == 404
    assert "留守儿童收到图书" not in client.get(f"/exhibitions/{exhibition.pk}/").content.decode()


def test_consent_is_not_recorded_for_a_photo_without_minors(tree, school_reporter):
    assert photo(school_reporter, tree.school1, shows_minors=False, minors_consent=True).minors_consent is False


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "status"),
    [
        (date(2020, 1, 1), date(2099, 12, 31), 200),
        (date(2099, 1, 1), date(2099, 12, 31), 404),
        (date(2020, 1, 1), date(2020, 12, 31), 404),
    ],
)
def test_the_gallery_is_hidden_outside_its_dates(
    tree, school_reporter, city_officer, client, opens_on, closes_on, status
):
    shown = photo(school_reporter, tree.school1, "村小新教室")
    exhibition = _exhibition(city_officer, tree.city, opens_on, closes_on)
    services.place_photo(by=city_officer, section=exhibition.sections.get(title="社会事业篇"), photo=shown)
    assert client.get(f"/exhibitions/{exhibition.pk}/").status_code == status
    assert client.get(f"/exhibitions/photos/{shown.pk}/thumb/").status_code == status


def test_an_exhibition_cannot_close_before_it_opens(tree, city_officer):
    with pytest.raises(ValidationError) as refused:
        _exhibition(city_officer, tree.city, date(2026, 10, 20), date(2026, 10, 10))
    assert refused.value.message_dict["closes_on"] == ["闭展日期不能早于开展日期"]
    assert Exhibition.objects.count() == 0


def test_an_exhibition_has_the_three_themed_sections_in_order(tree, city_officer):
    exhibition = _exhibition(city_officer, tree.city)
    assert [s.title for s in exhibition.sections.order_by("order")] == ["领导关怀篇", "产业发展篇", "社会事业篇"]


def test_the_county_forwards_its_chosen_photos_and_the_city_sees_them_by_office(
    tree, school_reporter, county_officer, city_officer
):
    first, second, third = (photo(school_reporter, tree.school1, c) for c in ("班会", "图书角", "家访"))
    services.select_photo(by=county_officer, office=tree.county1, photo=first, reason="主题鲜明")
    services.select_photo(by=county_officer, office=tree.county1, photo=second, reason="画面生动")
    assert list(selectors.forwarded_to(city_officer, tree.city)) == []
    assert services.forward_selections(by=county_officer, office=tree.county1) == 2
    forwarded = selectors.forwarded_to(city_officer, tree.city)
    assert [(s.office.name, s.photo.caption, s.reason) for s in forwarded] == [
        ("东阳县教育局", "班会", "主题鲜明"),
        ("东阳县教育局", "图书角", "画面生动"),
    ]
    assert third.pk not in {s.photo_id for s in forwarded}


def test_a_selection_needs_a_reason_and_is_made_once(tree, school_reporter, county_officer):
    chosen = photo(school_reporter, tree.school1, "班会")
    with pytest.raises(ValidationError) as refused:
        services.select_photo(by=county_officer, office=tree.county1, photo=chosen, reason=" ")
    assert refused.value.message_dict["reason"] == ["请填写推荐理由"]
    services.select_photo(by=county_officer, office=tree.county1, photo=chosen, reason="主题鲜明")
    with pytest.raises(ValidationError) as again:
        services.select_photo(by=county_officer, office=tree.county1, photo=chosen, reason="再选")
    assert again.value.message_dict["reason"] == ["「班会」已选为优秀作品"]
    assert Selection.objects.count() == 1


def test_nothing_to_forward_is_refused_with_the_reason(tree, county_officer):
    with pytest.raises(ValidationError) as refused:
        services.forward_selections(by=county_officer, office=tree.county1)
    assert refused.value.messages == ["没有待上报的优秀作品,请先甄选"]


def test_an_office_cannot_choose_another_countys_photo(tree, make_user, county_officer):
    other = make_user("xc_reporter", tree.school2, "reporter")
    theirs = photo(other, tree.school2, "西川班会")
    with pytest.raises(PermissionDenied):
        services.select_photo(by=county_officer, office=tree.county1, photo=theirs, reason="好")
    assert Selection.objects.count() == 0


def test_an_event_cannot_be_dated_in_the_future(tree, school_reporter):
    with pytest.raises(ValidationError) as refused:
        services.record_event(
            by=school_reporter,
            unit=tree.school1,
            kind="class_meeting",
            title="班会",
            held_on=date(2099, 1, 1),
            place="教室",
        )
    assert refused.value.message_dict["held_on"][0].startswith("活动日期不能晚于今天")
    assert Event.objects.count() == 0


def test_a_media_report_needs_a_link_or_a_scan(tree, school_reporter):
    with pytest.raises(ValidationError) as refused:
        services.record_media_report(
            by=school_reporter,
            unit=tree.school1,
            outlet_level="county",
            outlet="东阳融媒",
            title="一中开展主题班会",
            published_on=HELD_ON,
        )
    assert refused.value.message_dict["link"] == ["请填写报道链接或上传扫描件"]
    assert MediaReport.objects.count() == 0


def test_entries_are_reordered_within_their_section(tree, school_reporter, city_officer):
    exhibition = _exhibition(city_officer, tree.city)
    section = exhibition.sections.get(title="产业发展篇")
    first, second = (photo(school_reporter, tree.school1, c) for c in ("茶园", "车间"))
    services.place_photo(by=city_officer, section=section, photo=first)
    moved = services.place_photo(by=city_officer, section=section, photo=second)
    services.move_entry(by=city_officer, entry=moved, up=True)
    assert [e.photo.caption for e in section.entries.order_by("order")] == ["车间", "茶园"]


def test_the_public_home_links_only_open_exhibitions(tree, city_officer, client):
    _exhibition(city_officer, tree.city)
    services.create_exhibition(
        by=city_officer, unit=tree.city, title="往年成就展", opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1)
    )
    page = client.get("/").content.decode()
    assert "脱贫攻坚成就图片展" in page
    assert "往年成就展" not in page
