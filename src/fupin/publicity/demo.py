"""Demo: this year's 扶贫日 activities of two schools and a county bureau (主题班会, 国旗下讲话, 家长座谈会,
国情教育, 收看特别节目, 主题党日) with captioned photos and media reports; a city–rural exchange and a book
donation with the goods handed over; the banners each unit hung; 东阳县 chooses three photos and
forwards them; the city's achievement exhibition, open now, shows them in its three themed sections."""

import io
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from PIL import Image, ImageDraw

from fupin.lib.uploads import check_photo
from fupin.orgs.models import Membership, Unit, User

from . import services
from .models import Event, Photo

EVENTS: list[tuple[Any, ...]] = [
    # (who, kind, title, place, day of October, counts, photo captions and themes)
    (
        "school1_reporter",
        "class_meeting",
        "“扶贫日”主题班会",
        "高一年级各班教室",
        16,
        {"students": 520, "teachers": 12},
        [
            ("高一(3)班同学在主题班会上讲述家乡脱贫故事", "social_services"),
            ("班会后同学们为结对学校整理捐赠图书", "social_services"),
        ],
    ),
    (
        "school1_reporter",
        "flag_speech",
        "国旗下讲话:扶贫日,我们在行动",
        "学校操场",
        17,
        {"students": 1480, "teachers": 96},
        [("校长在国旗下作扶贫日主题讲话", "leadership_care")],
    ),
    (
        "school1_reporter",
        "parents_meeting",
        "家长座谈会:资助政策进家庭",
        "学校报告厅",
        18,
        {"parents": 160, "teachers": 20},
        [("班主任向家长讲解学生资助政策", "social_services")],
    ),
    (
        "school2_reporter",
        "national_conditions_education",
        "国情教育:脱贫攻坚伟大成就",
        "西川县第一中学礼堂",
        15,
        {"students": 900, "teachers": 40},
        [("学生参观西川县茶叶产业扶贫基地", "industry")],
    ),
    (
        "school2_reporter",
        "broadcast_viewing",
        "组织收看全国脱贫攻坚特别节目",
        "各班教室",
        17,
        {"students": 1100, "teachers": 60},
        [("师生集中收看特别节目", "social_services")],
    ),
    (
        "county1_admin",
        "party_day",
        "主题党日:走进结对帮扶村",
        "东阳县石桥镇",
        17,
        {"party_members": 35, "villagers": 80},
        [("县教育局党员干部看望结对帮扶户", "leadership_care"), ("结对村茶园喜获丰收", "industry")],
    ),
]
REPORTS = [
    ("school1_reporter", 0, "wechat", "东阳一中公众号", "我校开展“扶贫日”主题班会", "https://example.org/dy1/1016"),
    ("school1_reporter", 0, "county", "东阳融媒", "东阳一中:主题班会讲好脱贫故事", "https://example.org/dyrm/1017"),
    ("county1_admin", 5, "city", "清河日报", "东阳县教育局开展主题党日活动", "https://example.org/qhrb/1018"),
]


def _image(seed: int, caption: str):
    image = Image.new("RGB", (1600, 1067), (214 - seed * 9, 226 - seed * 5, 208))
    draw = ImageDraw.Draw(image)
    draw.rectangle((160, 240 + seed * 30, 1440, 960), fill=(150 + seed * 10, 110, 80))
    draw.ellipse((1180, 90, 1380, 290), fill=(240, 200, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return check_photo(f"{caption[:12]}.jpg", out.getvalue())


def _unit_of(user: User) -> Unit:
    return Membership.objects.select_related("unit").get(user=user).unit


def _day(campaign, day: int, today: date) -> date:
    return min(date(campaign.year, 10, day), today)


def _events(campaign, today: date) -> tuple[list[Event], list[Photo]]:
    made, photos = [], []
    for seed, (who, kind, title, place, day, counts, captions) in enumerate(EVENTS):
        user = User.objects.get(username=who)
        unit = _unit_of(user)
        held_on = _day(campaign, day, today)
        event = services.record_event(
            by=user, unit=unit, kind=kind, title=title, held_on=held_on, place=place, campaign=campaign, **counts
        )
        made.append(event)
        for n, (caption, theme) in enumerate(captions):
            photos.append(
                services.add_photo(
                    by=user,
                    unit=unit,
                    photo=_image(seed + n, caption),
                    caption=caption,
                    taken_on=held_on,
                    theme=theme,
                    event=event,
                )
            )
    return made, photos


NEWS = [
    (
        "school1_reporter",
        "东阳一中开展“扶贫日”系列教育活动",
        "10月16日至18日,我校开展主题班会、国旗下讲话和家长座谈会,引导学生了解脱贫攻坚成就,向家长宣讲学生资助政策。",
    ),
    (
        "school2_reporter",
        "西川一中组织师生收看脱贫攻坚特别节目",
        "10月17日,全校师生在各班教室集中收看特别节目,并以“我眼中的脱贫故事”为题开展讨论。",
    ),
]


def _news(campaign, county_admin: User, county: Unit) -> None:
    for who, title, body in NEWS:
        user = User.objects.get(username=who)
        item = services.send_news(by=user, unit=_unit_of(user), title=title, body=body, campaign=campaign)
        if item.unit.path.startswith(county.path):
            services.forward_news(by=county_admin, office=county, news_item=item)


GOODS: list[tuple[Any, ...]] = [
    # (kind, title, place, day, counts, recipient, handed by, received by, caption, goods: item, quantity, unit, 元)
    (
        "city_rural_exchange",
        "城乡少年儿童手拉手:留守儿童走进县城",
        "东阳县第一中学、县科技馆",
        12,
        {"students": 86, "teachers": 10, "parents": 12},
        "石桥镇中心小学",
        "东阳一中团委 张老师",
        "石桥镇中心小学 李校长",
        "东阳一中学生向石桥镇中心小学留守儿童赠送学习用品",
        [("书包文具礼包", 40, "套", 6000), ("冬季校服", 40, "件", 4800)],
    ),
    (
        "book_donation",
        "捐赠图书进乡村",
        "石桥镇中心小学图书室",
        14,
        {"students": 120, "teachers": 8},
        "石桥镇中心小学",
        "东阳一中 王老师",
        "石桥镇中心小学 图书管理员 赵老师",
        "东阳一中师生为石桥镇中心小学图书室捐赠图书",
        [("儿童文学读物", 300, "册", 4500), ("科普图书", 120, "册", 2400)],
    ),
]
BANNERS = [
    ("school1_reporter", "扶贫济困,你我同行", "学校正门"),
    ("school2_reporter", "弘扬扶贫济困传统美德,凝聚社会扶贫强大合力", "教学楼前"),
    ("county1_admin", "全社会行动起来,助力乡村振兴", "县教育局办公楼"),
]


def _goods_and_banners(campaign, today: date) -> None:
    user = User.objects.get(username="school1_reporter")
    unit = _unit_of(user)
    for seed, (kind, title, place, day, counts, recipient, hands, receives, caption, goods) in enumerate(GOODS):
        held_on = _day(campaign, day, today)
        event = services.record_event(
            by=user, unit=unit, kind=kind, title=title, held_on=held_on, place=place, campaign=campaign, **counts
        )
        services.record_handover(
            by=user,
            event=event,
            recipient=recipient,
            handed_by=hands,
            received_by=receives,
            handed_on=held_on,
            photo=_image(seed + 3, caption),
            caption=caption,
            goods=[
                {"item": item, "quantity": n, "unit_label": label, "value_fen": yuan * 100}
                for item, n, label, yuan in goods
            ],
        )
    for seed, (who, slogan, place) in enumerate(BANNERS):
        by = User.objects.get(username=who)
        services.record_banner(
            by=by,
            unit=_unit_of(by),
            slogan=slogan,
            place=place,
            hung_on=_day(campaign, 10, today),
            photo=_image(seed + 5, slogan),
            campaign=campaign,
        )


def build(ctx: dict) -> None:
    campaign, today = ctx["campaign"], timezone.localdate()
    events, photos = _events(campaign, today)
    _goods_and_banners(campaign, today)
    for who, index, level, outlet, title, link in REPORTS:
        user = User.objects.get(username=who)
        services.record_media_report(
            by=user,
            unit=_unit_of(user),
            outlet_level=level,
            outlet=outlet,
            title=title,
            published_on=_day(campaign, 18, today),
            link=link,
            event=events[index],
        )
    county_admin, city_admin = User.objects.get(username="county1_admin"), User.objects.get(username="city_admin")
    county = ctx["counties"][0]["county"]
    chosen = [p for p in photos if p.unit.path.startswith(county.path)][:4]
    for photo in chosen:
        services.select_photo(by=county_admin, office=county, photo=photo, reason="主题鲜明,画面生动,说明完整")
    services.forward_selections(by=county_admin, office=county)
    _news(campaign, county_admin, county)
    exhibition = services.create_exhibition(
        by=city_admin,
        unit=ctx["city"],
        title=f"{campaign.year}年教育脱贫攻坚成就图片展",
        opens_on=_day(campaign, 10, today),
        closes_on=today + timedelta(days=60),
    )
    sections = {s.title: s for s in exhibition.sections.all()}
    by_theme = {"leadership_care": "领导关怀篇", "industry": "产业发展篇", "social_services": "社会事业篇"}
    for photo in [*chosen, *(p for p in photos if p.theme == "industry" and p not in chosen)]:
        services.place_photo(by=city_admin, section=sections[by_theme[photo.theme]], photo=photo)
