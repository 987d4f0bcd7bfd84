"""信息报送: a news item with a picture needs the picture's caption; the county forwards the best upward once and
the city sees who forwarded it; the statistics table counts the items."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fupin.campaigns.sources import source_value
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.publicity import selectors, services
from fupin.publicity.models import NewsForward, NewsItem, Photo

from .factories import checked

pytestmark = pytest.mark.django_db


def _send(by, unit, **extra):
    return services.send_news(
        by=by, unit=unit, title="一中开展扶贫日主题班会", body="10月16日,我校各班开展主题班会。", **extra
    )


def test_a_news_picture_without_a_caption_refuses_the_whole_item(tree, school_reporter):
    with pytest.raises(ValidationError) as refused:
        _send(school_reporter, tree.school1, photo=checked("新闻图.jpg"), caption="")
    assert refused.value.message_dict["caption"] == [
        "照片「新闻图.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件"
    ]
    assert NewsItem.objects.count() == 0
    assert Photo.objects.count() == 0


def test_the_county_forwards_a_news_item_once_and_the_city_sees_who_forwarded(
    tree, school_reporter, county_officer, city_officer
):
    item = _send(school_reporter, tree.school1, photo=checked(), caption="主题班会现场")
    services.forward_news(by=county_officer, office=tree.county1, news_item=item)
    with pytest.raises(ValidationError) as again:
        services.forward_news(by=county_officer, office=tree.county1, news_item=item)
    assert again.value.messages == ["「一中开展扶贫日主题班会」已转报"]
    seen = selectors.visible_news(city_officer).get()
    assert [f.office.name for f in seen.forwards.all()] == ["东阳县教育局"]
    assert seen.photo_count == 1
    assert NewsForward.objects.count() == 1


def test_a_school_cannot_forward_news(tree, school_reporter):
    item = _send(school_reporter, tree.school1)
    with pytest.raises(PermissionDenied):
        services.forward_news(by=school_reporter, office=tree.school1, news_item=item)
    assert NewsForward.objects.count() == 0


def test_the_table_counts_the_news_items_of_the_campaign(tree, city_officer, school_reporter):
    campaign = campaign_with_requirements(city_officer, tree.city)
    _send(school_reporter, tree.school1, campaign=campaign)
    _send(school_reporter, tree.school1, campaign=campaign)
    _send(school_reporter, tree.school1)
    assert source_value("publicity.news", tree.school1, campaign) == 2
    assert source_value("publicity.news", tree.school2, campaign) == 0
