"""Collect once: the 扶贫日活动情况统计表's event, participant, media report and photo counts, read from the
records of the unit's subtree for the campaign (and the plans derived from it)."""

from django.db.models import F, Sum

from fupin.campaigns.sources import campaign_lineage_q, register_source
from fupin.orgs.models import Unit

from .models import Banner, Event, EventKind, HandoverGoods, MediaReport, NewsItem, Photo, PhotoSource


def campaign_events(unit: Unit, campaign):
    return Event.objects.filter(campaign_lineage_q(campaign, "campaign"), unit__path__startswith=unit.path)


def event_count(unit: Unit, campaign) -> int:
    return campaign_events(unit, campaign).count()


def participant_count(unit: Unit, campaign) -> int:
    total = F("students") + F("teachers") + F("parents") + F("party_members") + F("villagers")
    return campaign_events(unit, campaign).aggregate(n=Sum(total))["n"] or 0


def report_count(unit: Unit, campaign) -> int:
    return MediaReport.objects.filter(
        campaign_lineage_q(campaign, "campaign"), unit__path__startswith=unit.path
    ).count()


def photo_count(unit: Unit, campaign) -> int:
    """Publicity photos the subtree uploaded for the campaign; the wish receipts and project photos the library
    also holds are counted by their own domains."""
    return Photo.objects.filter(
        campaign_lineage_q(campaign, "campaign"), unit__path__startswith=unit.path, source=PhotoSource.UPLOAD
    ).count()


def news_count(unit: Unit, campaign) -> int:
    return NewsItem.objects.filter(campaign_lineage_q(campaign, "campaign"), unit__path__startswith=unit.path).count()


def campaign_goods(unit: Unit, campaign):
    """Goods handed over at the subtree's city–rural exchanges and book donations of the campaign."""
    return HandoverGoods.objects.filter(
        campaign_lineage_q(campaign, "handover__event__campaign"), handover__event__unit__path__startswith=unit.path
    )


def handover_count(unit: Unit, campaign) -> int:
    return campaign_goods(unit, campaign).values("handover").distinct().count()


def goods_value_fen(unit: Unit, campaign) -> int:
    return campaign_goods(unit, campaign).aggregate(n=Sum("value_fen"))["n"] or 0


def book_count(unit: Unit, campaign) -> int:
    """Books donated: the quantities handed over at book donations."""
    books = campaign_goods(unit, campaign).filter(handover__event__kind=EventKind.BOOK_DONATION)
    return books.aggregate(n=Sum("quantity"))["n"] or 0


def banner_count(unit: Unit, campaign) -> int:
    return Banner.objects.filter(campaign_lineage_q(campaign, "campaign"), unit__path__startswith=unit.path).count()


def register() -> None:
    register_source("publicity.events", "宣传活动:活动场次", event_count)
    register_source("publicity.participants", "宣传活动:参与人数", participant_count)
    register_source("publicity.media_reports", "宣传报道:媒体报道篇数", report_count)
    register_source("publicity.news", "信息报送:报送信息条数", news_count)
    register_source("publicity.photos", "图片库:宣传图片张数", photo_count)
    register_source("publicity.banners", "宣传标语:悬挂条数", banner_count)
    register_source("publicity.handovers", "城乡互动与捐赠图书:物资交接次数", handover_count)
    register_source("publicity.handover_goods_fen", "城乡互动与捐赠图书:交接物资折价", goods_value_fen)
    register_source("publicity.books", "捐赠图书:交接图书册数", book_count)
