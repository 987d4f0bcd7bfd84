"""City–rural exchanges and book donations: the goods handed over are recorded like donations in kind, with the
receiving school or community, the two people, the date and a photo; the statistics read the records."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fupin.campaigns.sources import source_value
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.publicity import services
from fupin.publicity.models import Handover, HandoverGoods, Photo

from .factories import HELD_ON, checked, event, jpeg

pytestmark = pytest.mark.django_db

BOOKS = {"item": "儿童读物", "quantity": 300, "unit_label": "册", "value_fen": 450000}
STATIONERY = {"item": "文具礼包", "quantity": 40, "unit_label": "套", "value_fen": 120000}


def _exchange(by, unit, *, kind="city_rural_exchange", campaign=None, title="城乡少年儿童手拉手"):
    return event(by, unit, campaign=campaign, title=title, kind=kind)


def _handover(by, made, goods, *, caption="向石桥小学移交捐赠图书", recipient="石桥镇中心小学"):
    return services.record_handover(
        by=by,
        event=made,
        recipient=recipient,
        handed_by="张老师",
        received_by="石桥小学李校长",
        handed_on=HELD_ON,
        photo=checked(),
        caption=caption,
        goods=goods,
    )


def test_goods_are_recorded_only_on_an_exchange_or_a_book_donation(tree, school_reporter):
    meeting = event(school_reporter, tree.school1)
    with pytest.raises(ValidationError) as exc:
        _handover(school_reporter, meeting, [BOOKS])
    assert exc.value.messages == ["只有城乡互动和捐赠图书活动登记捐赠物资交接;「“扶贫日”主题班会」是主题班会"]
    assert not Handover.objects.exists() and not Photo.objects.exists()


def test_a_handover_photo_without_a_caption_writes_nothing(tree, school_reporter):
    made = _exchange(school_reporter, tree.school1, kind="book_donation")
    with pytest.raises(ValidationError) as exc:
        _handover(school_reporter, made, [BOOKS], caption=" ")
    assert exc.value.messages == ["照片「班会.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件"]
    assert not Handover.objects.exists() and not HandoverGoods.objects.exists() and not Photo.objects.exists()


def test_a_handover_needs_at_least_one_line_of_goods(tree, school_reporter):
    made = _exchange(school_reporter, tree.school1)
    with pytest.raises(ValidationError) as exc:
        _handover(school_reporter, made, [])
    assert exc.value.messages == ["请至少填写一项交接的物资"]
    assert not Handover.objects.exists() and not Photo.objects.exists()


def test_table_counts_equal_handover_records(tree, city_officer, school_reporter, make_user):
    campaign = campaign_with_requirements(city_officer, tree.city)
    books = _exchange(school_reporter, tree.school1, kind="book_donation", campaign=campaign, title="捐赠图书进乡村")
    exchange = _exchange(school_reporter, tree.school1, campaign=campaign)
    _handover(school_reporter, books, [BOOKS, {**BOOKS, "item": "科普图书", "quantity": 120, "value_fen": 240000}])
    _handover(school_reporter, exchange, [STATIONERY], caption="向留守儿童赠送文具", recipient="石桥东村")
    elsewhere = _exchange(school_reporter, tree.school1, kind="book_donation", title="往年捐书")
    _handover(school_reporter, elsewhere, [BOOKS])  # not of this campaign

    assert source_value("publicity.handovers", tree.school1, campaign) == 2
    assert source_value("publicity.handover_goods_fen", tree.school1, campaign) == 810000  # 4500 + 2400 + 1200 元
    assert source_value("publicity.books", tree.school1, campaign) == 420
    assert source_value("publicity.books", tree.county2, campaign) == 0
    assert source_value("publicity.books", tree.city, campaign) == 420


def test_a_handover_is_recorded_from_the_page_and_a_bad_value_names_its_line(tree, school_reporter, login):
    made = _exchange(school_reporter, tree.school1, kind="book_donation")
    data = {
        "recipient": "石桥镇中心小学",
        "handed_by": "张老师",
        "received_by": "李校长",
        "handed_on": "2026-10-16",
        "caption": "向石桥小学移交图书",
        "goods-TOTAL_FORMS": "3",
        "goods-INITIAL_FORMS": "0",
        "goods-0-item": "儿童读物",
        "goods-0-quantity": "300",
        "goods-0-unit_label": "册",
        "goods-0-value_fen": "100,00",
    }
    client = login(school_reporter)
    photo = SimpleUploadedFile("交接.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(reverse("handover_create", args=[made.pk]), data | {"photo": photo})
    assert response.status_code == 200
    page = response.content.decode()
    first_line = page[page.index("物资 1") : page.index("物资 2")]
    assert "折价(元)「100,00」不是有效的金额:逗号只能作千位分隔符,每三位一组(如 1,234.50)" in first_line
    assert not Handover.objects.exists() and not Photo.objects.exists()

    photo = SimpleUploadedFile("交接.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(
        reverse("handover_create", args=[made.pk]), data | {"photo": photo, "goods-0-value_fen": "4,500"}
    )
    assert response.url == reverse("event_detail", args=[made.pk])
    assert list(HandoverGoods.objects.values_list("item", "quantity", "value_fen")) == [("儿童读物", 300, 450000)]
    page = client.get(response.url).content.decode()
    assert "儿童读物 300册 · 折价 4,500.00 元" in page


def test_a_handover_date_cannot_be_in_the_future(tree, school_reporter):
    made = _exchange(school_reporter, tree.school1)
    with pytest.raises(ValidationError) as exc:
        services.record_handover(
            by=school_reporter,
            event=made,
            recipient="石桥东村",
            handed_by="张老师",
            received_by="村主任",
            handed_on=date(2099, 1, 1),
            photo=checked(),
            caption="交接",
            goods=[STATIONERY],
        )
    assert exc.value.message_dict["handed_on"][0].startswith("交接日期不能晚于今天")
    assert not Handover.objects.exists()
