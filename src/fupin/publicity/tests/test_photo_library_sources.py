"""The one photo library: photos of 入户走访, of 微心愿 receipts and of village projects enter it where they are
taken, credited to the unit that did the work; a household's or a recipient's photo reaches the public exhibition
only after an office records their consent; purchase documents never enter; an office sees only its subtree."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fupin.audit.models import AuditEvent
from fupin.campaigns.sources import source_value
from fupin.matching import project_services
from fupin.matching import services as wish_services
from fupin.matching.tests.factories import People, photo
from fupin.pairing.services import record_visit
from fupin.pairing.tests.factories import cadre_pairing, visit
from fupin.pairing.tests.factories import photo as visit_photo
from fupin.publicity import library, services
from fupin.publicity.models import ExhibitionEntry, Photo
from fupin.publicity.selectors import PhotoFilter, visible_photos

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadre(tree, make_user):
    return make_user("liu_cadre", tree.county1, "cadre", name="刘海波", phone="13900000001")


@pytest.fixture
def visited(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    return visit(cadre, pairing, date(2025, 10, 10), measures="申请小额信贷发展养殖", photos=[visit_photo()])


@pytest.fixture
def exhibition(city_officer, tree):
    return services.create_exhibition(
        by=city_officer, unit=tree.city, title="成就图片展", opens_on=date(2020, 1, 1), closes_on=date(2099, 1, 1)
    )


def _confirmed_wish(people, *, delivery_proof=None):
    made = people.open_wish()
    claim = wish_services.claim_wish(by=people.county_officer, wish=made)
    wish_services.record_delivery(
        by=people.county_officer, claim=claim, kind="purchase_receipt", note="网购寄送", proof=delivery_proof
    )
    wish_services.confirm_receipt(by=people.village_reporter, wish=made, photo=photo("收到书包.jpg"))
    return made


def test_a_visit_photo_enters_the_library_of_the_visiting_unit_captioned_without_the_households_name(
    visited, county_officer
):
    filed = Photo.objects.get()
    assert (filed.source, filed.unit.name, filed.taken_on, filed.theme) == (
        "visit",
        "东阳县教育局",
        date(2025, 10, 10),
        "social_services",
    )
    assert filed.caption == "2025-10-10 东阳县教育局入户走访"
    assert (filed.is_publishable, filed.may_be_public) == (False, False)
    assert filed.thumbnail.name and filed.size_bytes > 0
    assert list(visible_photos(county_officer, PhotoFilter(source="visit"))) == [filed]


def test_a_visit_photo_keeps_the_caption_the_cadre_wrote(tree, county_officer, cadre):
    pairing = cadre_pairing(county_officer, tree.county1, cadre, tree.village1)
    record_visit(
        by=cadre,
        pairing=pairing,
        kind="home_visit",
        visited_on=date(2025, 10, 12),
        visitors="刘海波",
        photos=[visit_photo()],
        photo_caption="帮扶干部与户主商量养殖计划",
    )
    assert Photo.objects.get().caption == "帮扶干部与户主商量养殖计划"


def test_a_visit_photo_cannot_join_an_exhibition_before_the_household_consents(visited, city_officer, exhibition):
    filed = Photo.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.place_photo(by=city_officer, section=exhibition.sections.first(), photo=filed)
    assert refused.value.messages == [
        "「2025-10-10 东阳县教育局入户走访」来自入户走访,尚未取得当事人同意、标为可公开,不能公开展出"
    ]
    assert not ExhibitionEntry.objects.exists()


def test_marking_a_photo_publishable_needs_the_recorded_consent(visited, city_officer, tree):
    filed = Photo.objects.get()
    with pytest.raises(ValidationError) as refused:
        library.mark_publishable(by=city_officer, office=tree.city, photo=filed, consent=False)
    assert refused.value.messages == [
        "「2025-10-10 东阳县教育局入户走访」:须先取得照片中当事人(未成年人为其监护人)同意,才能标为可公开"
    ]
    assert Photo.objects.get().is_publishable is False
    library.mark_publishable(by=city_officer, office=tree.city, photo=filed, consent=True)
    assert Photo.objects.get().may_be_public is True
    assert AuditEvent.objects.filter(note="已取得当事人同意,标为可公开").count() == 1


def test_a_wish_receipt_photo_enters_the_library_and_the_purchase_document_never_does(tree, make_user, county_officer):
    people = People(tree, make_user, county_officer)
    _confirmed_wish(people, delivery_proof=photo("购物凭证.jpg"))
    assert [(p.source, p.unit.name, p.caption, p.is_publishable) for p in Photo.objects.all()] == [
        ("wish", "石桥东村", "微心愿「一个新书包」已实现,受助方收到心愿物品", False)
    ]
    assert Photo.objects.get().campaign == people.campaign


def test_a_project_progress_photo_is_public_in_the_library_only_on_the_project_pages_terms(
    tree, make_user, county_officer
):
    people = People(tree, make_user, county_officer)
    project = project_services.create_project(
        by=county_officer,
        campaign=people.campaign,
        village=tree.village1,
        kind="skills_training",
        title="石桥东村电商培训",
        description="培训 40 名村民",
        budget_fen=2_000_000,
    )
    shots = [
        project_services.ProgressPhoto(photo("课堂.jpg"), "村民在村委会学习开网店"),
        project_services.ProgressPhoto(photo("孩子.jpg"), "学员的孩子在旁观看", shows_minors=True),
    ]
    project_services.record_progress(by=county_officer, project=project, note="第一期开班", photos=shots)
    assert [(p.source, p.caption, p.may_be_public) for p in Photo.objects.order_by("pk")] == [
        ("project", "村民在村委会学习开网店", True),
        ("project", "学员的孩子在旁观看", False),
    ]


def test_another_countys_office_does_not_see_a_visit_photo(visited, outsider, county_officer, login):
    filed = Photo.objects.get()
    assert list(visible_photos(outsider)) == []
    assert login(outsider).get(reverse("photo_detail", args=[filed.pk])).status_code == 404
    response = login(outsider).post(reverse("photo_mark_publishable", args=[filed.pk]), {"consent": "on"})
    assert response.status_code == 404
    assert Photo.objects.get().is_publishable is False
    assert "东阳县教育局入户走访" in login(county_officer).get(reverse("photo_list")).content.decode()


def test_the_public_gallery_never_shows_a_photo_whose_consent_is_missing(visited, city_officer, exhibition, client):
    filed = library.mark_publishable(by=city_officer, office=exhibition.unit, photo=Photo.objects.get(), consent=True)
    services.place_photo(by=city_officer, section=exhibition.sections.first(), photo=filed)
    assert client.get(reverse("gallery_photo", args=[filed.pk])).status_code == 200
    Photo.objects.filter(pk=filed.pk).update(is_publishable=False)
    assert client.get(reverse("gallery_photo", args=[filed.pk])).status_code == 404
    assert "东阳县教育局入户走访" not in client.get(reverse("gallery", args=[exhibition.pk])).content.decode()


def test_the_api_lists_the_librarys_visit_photos_by_source_and_not_public(visited, county_officer, login):
    client = login(county_officer)
    items = client.get("/api/v1/photos", {"source": "visit"}).json()["items"]
    assert [(p["caption"], p["source"], p["may_be_public"]) for p in items] == [
        ("2025-10-10 东阳县教育局入户走访", "visit", False)
    ]
    assert client.get("/api/v1/photos", {"source": "upload"}).json()["items"] == []


def test_the_tables_publicity_photo_count_leaves_out_wish_receipts(tree, make_user, county_officer):
    people = People(tree, make_user, county_officer)
    _confirmed_wish(people, delivery_proof=photo("购物凭证.jpg"))
    services.add_photo(
        by=county_officer,
        unit=tree.county1,
        photo=photo("班会.jpg"),
        caption="县教育局开展扶贫日宣传",
        taken_on=date(2025, 10, 16),
        theme="activity",
        campaign=people.campaign,
    )
    assert Photo.objects.filter(campaign=people.campaign).count() == 2
    assert source_value("publicity.photos", tree.county1, people.campaign) == 1


def test_the_exhibition_page_says_which_chosen_photo_cannot_be_public_yet(
    visited, city_officer, exhibition, tree, login
):
    services.select_photo(by=city_officer, office=tree.city, photo=Photo.objects.get(), reason="真实记录走访")
    page = login(city_officer).get(reverse("exhibition_detail", args=[exhibition.pk])).content.decode()
    assert "2025-10-10 东阳县教育局入户走访(东阳县教育局) · 未取得当事人同意,不能公开</option>" in page
