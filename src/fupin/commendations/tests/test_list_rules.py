"""表彰名单: only selected nominations the office may commend go on its list, in order; a published list is
public and fixed; the public sees name, unit, honour and deeds only; each entry's certificate is a PDF."""

import io
from datetime import date

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from fupin.campaigns.sources import source_value
from fupin.commendations import services
from fupin.commendations.models import CommendationEntry
from fupin.commendations.summary import commendation_paragraphs

from .factories import city_campaign, nomination, selected

pytestmark = pytest.mark.django_db
ISSUED = "2026-10-25"


@pytest.fixture
def campaign(city_officer, tree):
    return city_campaign(city_officer, tree)


@pytest.fixture
def clist(city_officer, tree, campaign):
    return services.create_commendation_list(
        by=city_officer,
        office=tree.city,
        campaign=campaign,
        title="关于表彰2026年扶贫日活动先进个人和先进集体的决定",
        document_number="清教发〔2026〕18号",
        issued_on=date(2026, 10, 25),
    )


@pytest.fixture
def forwarded(tree, school_reporter, county_officer, campaign):
    return selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True)


def _published(city_officer, clist, *nominations):
    for made in nominations:
        services.add_to_list(by=city_officer, commendation_list=clist, nomination=made)
    return services.publish_list(by=city_officer, commendation_list=clist)


def test_only_selected_entries_appear_on_list(tree, school_reporter, city_officer, clist, campaign, forwarded):
    pending = nomination(school_reporter, tree.school1, campaign, name="周敏")
    services.submit_nomination(by=school_reporter, nomination=pending)
    with pytest.raises(ValidationError) as refused:
        services.add_to_list(by=city_officer, commendation_list=clist, nomination=pending)
    assert refused.value.message_dict["nomination"] == ["「周敏」未经本单位评为入选或上报至本单位,不能列入表彰名单"]
    assert CommendationEntry.objects.count() == 0
    _published(city_officer, clist, forwarded)
    assert [e.nomination.name for e in clist.entries.all()] == ["李明华"]


def test_a_county_selection_not_forwarded_cannot_go_on_the_city_list(
    tree, school_reporter, county_officer, city_officer, clist, campaign
):
    kept = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1)
    with pytest.raises(ValidationError) as refused:
        services.add_to_list(by=city_officer, commendation_list=clist, nomination=kept)
    assert refused.value.message_dict["nomination"] == ["「李明华」未经本单位评为入选或上报至本单位,不能列入表彰名单"]
    assert CommendationEntry.objects.count() == 0


def test_an_empty_list_cannot_be_published(city_officer, clist):
    with pytest.raises(ValidationError) as refused:
        services.publish_list(by=city_officer, commendation_list=clist)
    assert refused.value.messages == ["「关于表彰2026年扶贫日活动先进个人和先进集体的决定」还没有表彰对象,不能发布"]
    clist.refresh_from_db()
    assert clist.published_at is None


def test_a_published_list_cannot_change(
    tree, school_reporter, county_officer, city_officer, clist, campaign, forwarded
):
    _published(city_officer, clist, forwarded)
    later = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True, name="周敏")
    with pytest.raises(ValidationError) as refused:
        services.add_to_list(by=city_officer, commendation_list=clist, nomination=later)
    assert refused.value.messages == ["「关于表彰2026年扶贫日活动先进个人和先进集体的决定」已发布,不能再修改"]
    assert CommendationEntry.objects.count() == 1


def test_an_unpublished_list_is_not_public(client, clist, city_officer, forwarded):
    services.add_to_list(by=city_officer, commendation_list=clist, nomination=forwarded)
    entry = CommendationEntry.objects.get()
    assert client.get(reverse("public_commendation_list", args=[clist.pk])).status_code == 404
    assert client.get(reverse("commendation_certificate", args=[entry.pk])).status_code == 404
    assert client.get("/api/v1/public/commendation-lists").json()["items"] == []


def test_public_list_shows_no_phone_or_id(tree, client, city_officer, school_reporter, clist, forwarded):
    tree.school1.contact_phone = "13912345678"
    tree.school1.save()
    school_reporter.phone = "13812345678"
    school_reporter.save()
    _published(city_officer, clist, forwarded)
    entry = CommendationEntry.objects.get()
    pages = [
        client.get(reverse("public_commendation_list", args=[clist.pk])).content.decode(),
        client.get(reverse("public_commendation_case", args=[entry.pk])).content.decode(),
        client.get(f"/api/v1/public/commendation-lists/{clist.pk}").content.decode(),
    ]
    for page in pages:
        assert "李明华" in page and "东阳县第一中学" in page
        assert "13912345678" not in page and "13812345678" not in page and "韦龙" not in page
    assert "结对帮扶石桥镇建档立卡家庭学生12名" in pages[1]


def test_the_public_api_gives_published_lists_with_their_entries(client, city_officer, clist, forwarded):
    _published(city_officer, clist, forwarded)
    listed = client.get("/api/v1/public/commendation-lists").json()["items"]
    assert [(x["title"], x["document_number"], x["issued_on"]) for x in listed] == [
        ("关于表彰2026年扶贫日活动先进个人和先进集体的决定", "清教发〔2026〕18号", ISSUED)
    ]
    one = client.get(f"/api/v1/public/commendation-lists/{clist.pk}").json()
    assert [(e["order"], e["honour"], e["name"], e["unit"]) for e in one["entries"]] == [
        (1, "2026年扶贫日活动先进个人", "李明华", "东阳县第一中学")
    ]
    assert set(one["entries"][0]) == {"order", "honour", "category", "name", "unit", "deeds", "certificate_url"}


def test_the_certificate_names_the_person_unit_honour_office_and_date(client, city_officer, clist, forwarded):
    _published(city_officer, clist, forwarded)
    entry = CommendationEntry.objects.get()
    response = client.get(reverse("commendation_certificate", args=[entry.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text().replace(" ", "")
    for expected in (
        "荣誉证书",
        "李明华",
        "东阳县第一中学",
        "2026年扶贫日活动先进个人",
        "清河市教育局",
        "2026年10月25日",
    ):
        assert expected in text
    page = pypdfium2.PdfDocument(response.content)[0]
    assert (round(page.get_width()), round(page.get_height())) == (842, 595)  # A4 landscape, in points


def test_the_list_downloads_as_xlsx_and_pdf_in_order(
    tree, client, school_reporter, county_officer, city_officer, clist, campaign, forwarded
):
    second = selected(
        school_reporter,
        tree.school1,
        campaign,
        county_officer,
        tree.county1,
        forward=True,
        name="东阳县第一中学",
        category="collective",
        kind="school",
    )
    _published(city_officer, clist, forwarded, second)
    response = client.get(reverse("public_commendation_list", args=[clist.pk]) + "?format=xlsx")
    rows = [r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[-2][:4] == (1, "2026年扶贫日活动先进个人", "李明华", "东阳县第一中学")
    assert rows[-1][:4] == (2, "2026年扶贫日活动先进集体", "东阳县第一中学", "东阳县第一中学")
    pdf = client.get(reverse("public_commendation_list_pdf", args=[clist.pk])).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", "")
    assert text.index("1 2026年扶贫日活动先进个人李明华") < text.index("2 2026年扶贫日活动先进集体东阳县第一中学")


def test_the_statistics_and_summary_count_commended_individuals_and_collectives(
    tree, school_reporter, county_officer, city_officer, clist, campaign, forwarded
):
    assert source_value("commendations.individuals", tree.city, campaign) == 0
    _published(city_officer, clist, forwarded)
    assert source_value("commendations.individuals", tree.city, campaign) == 1
    assert source_value("commendations.individuals", tree.county1, campaign) == 1
    assert source_value("commendations.individuals", tree.county2, campaign) == 0
    assert source_value("commendations.collectives", tree.city, campaign) == 0
    assert commendation_paragraphs(campaign, tree.county1, None) == [
        "东阳县教育局及所属单位挖掘、宣传工作中涌现的先进典型,受表彰先进个人1名、先进集体0个。"
    ]


def test_entries_are_reordered_and_removed_before_publishing(
    tree, school_reporter, county_officer, city_officer, clist, campaign, forwarded
):
    second = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True, name="周敏")
    third = selected(school_reporter, tree.school1, campaign, county_officer, tree.county1, forward=True, name="陈刚")
    entries = [
        services.add_to_list(by=city_officer, commendation_list=clist, nomination=n) for n in (forwarded, second, third)
    ]
    services.move_entry(by=city_officer, entry=entries[2], up=True)
    assert list(clist.entries.order_by("order").values_list("nomination__name", "order")) == [
        ("李明华", 1),
        ("陈刚", 2),
        ("周敏", 3),
    ]
    services.remove_from_list(by=city_officer, entry=entries[0])
    assert list(clist.entries.order_by("order").values_list("nomination__name", "order")) == [("陈刚", 1), ("周敏", 2)]
    services.publish_list(by=city_officer, commendation_list=clist)
    with pytest.raises(ValidationError) as refused:
        services.remove_from_list(by=city_officer, entry=clist.entries.get(order=1))
    assert refused.value.messages == ["「关于表彰2026年扶贫日活动先进个人和先进集体的决定」已发布,不能再修改"]
    assert clist.entries.count() == 2
