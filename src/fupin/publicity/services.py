"""Every write of publicity records: checked against the notices' rules, atomic, in the audit trail."""

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.campaigns.models import ActivityItem, Campaign
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can

from .library import captioned, store_photo
from .models import (
    GOODS_EVENT_KINDS,
    PARTICIPANT_GROUPS,
    Banner,
    Event,
    EventSignIn,
    Exhibition,
    ExhibitionEntry,
    ExhibitionSection,
    Handover,
    HandoverGoods,
    MediaReport,
    NewsForward,
    NewsItem,
    Photo,
    Selection,
)

THEMED_SECTIONS = ("领导关怀篇", "产业发展篇", "社会事业篇")


def _not_future(day: date, field: str, label: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise ValidationError({field: _("%(l)s不能晚于今天(%(d)s)") % {"l": label, "d": f"{today:%Y-%m-%d}"}})


@transaction.atomic
def add_photo(
    *,
    by: User,
    unit: Unit,
    photo: CheckedFile,
    caption: str,
    taken_on: date,
    theme: str,
    campaign: Campaign | None = None,
    event: Event | None = None,
    news_item: NewsItem | None = None,
    shows_minors: bool = False,
    minors_consent: bool = False,
) -> Photo:
    """A photo checked by the shared intake enters the library only with a caption; its thumbnail is made once."""
    if not can(by, "publicity.record", unit.path):
        raise PermissionDenied(_("无权为该单位上传照片"))
    caption = captioned(caption, photo.name)
    _not_future(taken_on, "taken_on", _("拍摄日期"))
    stored = Photo(
        unit=unit,
        campaign=campaign if event is None else event.campaign,
        event=event,
        news_item=news_item,
        caption=caption,
        taken_on=taken_on,
        theme=theme,
        shows_minors=shows_minors,
        minors_consent=shows_minors and minors_consent,
        uploaded_by=by,
    )
    return store_photo(stored, photo, by)


@transaction.atomic
def record_event(
    *,
    by: User,
    unit: Unit,
    kind: str,
    title: str,
    held_on: date,
    place: str,
    description: str = "",
    campaign: Campaign | None = None,
    item: ActivityItem | None = None,
    **counts: int,
) -> Event:
    """An activity held by the unit, never dated in the future; `counts` are participants by group."""
    if not can(by, "publicity.record", unit.path):
        raise PermissionDenied(_("无权为该单位登记活动"))
    if unknown := set(counts) - set(PARTICIPANT_GROUPS):
        raise TypeError(f"record_event() got unexpected fields {sorted(unknown)}")
    _not_future(held_on, "held_on", _("活动日期"))
    if item is not None and item.campaign_id != getattr(campaign, "pk", None):
        raise ValidationError({"item": _("所选活动内容不属于所选扶贫日活动")})
    event = Event(
        unit=unit,
        campaign=campaign,
        item=item,
        kind=kind,
        title=clean_text(title),
        held_on=held_on,
        place=clean_text(place),
        description=clean_text(description),
        recorded_by=by,
        **{group: counts.get(group) or 0 for group in PARTICIPANT_GROUPS},
    )
    event.full_clean(exclude=["recorded_by"])
    event.save()
    fields = ("kind", "title", "held_on", "place", *PARTICIPANT_GROUPS)
    record_for(by, AuditAction.CREATE, event, unit, created(snapshot(event, fields)))
    return event


@transaction.atomic
def record_media_report(
    *,
    by: User,
    unit: Unit,
    outlet_level: str,
    outlet: str,
    title: str,
    published_on: date,
    link: str = "",
    scan: CheckedFile | None = None,
    event: Event | None = None,
    campaign: Campaign | None = None,
) -> MediaReport:
    """A media report with its link or a scan (one of the two is required)."""
    if not can(by, "publicity.record", unit.path):
        raise PermissionDenied(_("无权为该单位登记媒体报道"))
    if not link and scan is None:
        raise ValidationError({"link": _("请填写报道链接或上传扫描件")})
    _not_future(published_on, "published_on", _("刊发日期"))
    report = MediaReport(
        unit=unit,
        campaign=event.campaign if event else campaign,
        event=event,
        outlet_level=outlet_level,
        outlet=clean_text(outlet),
        title=clean_text(title),
        published_on=published_on,
        link=link,
        recorded_by=by,
    )
    report.full_clean(exclude=["recorded_by", "scan"])
    if scan is not None:
        report.scan.save(f"{scan.sha256[:32]}.{scan.extension}", ContentFile(scan.data), save=False)
    report.save()
    fields = ("outlet_level", "outlet", "title", "published_on", "link")
    record_for(by, AuditAction.CREATE, report, unit, created(snapshot(report, fields)))
    return report


@transaction.atomic
def select_photo(*, by: User, office: Unit, photo: Photo, reason: str) -> Selection:
    """The office marks an outstanding photo of its subtree (甄选优秀作品), with the reason."""
    if not can(by, "publicity.manage", office.path) or not photo.unit.path.startswith(office.path):
        raise PermissionDenied(_("只能甄选本单位及下级单位的照片"))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("请填写推荐理由")})
    if Selection.objects.filter(photo=photo, office=office).exists():
        raise ValidationError({"reason": _("「%(c)s」已选为优秀作品") % {"c": photo.caption}})
    selection = Selection.objects.create(photo=photo, office=office, reason=reason, selected_by=by)
    record_for(by, AuditAction.CREATE, selection, office, created({"photo": photo.caption, "reason": reason}))
    return selection


@transaction.atomic
def forward_selections(*, by: User, office: Unit) -> int:
    """Forwards the office's chosen works not yet forwarded to the office above, as one set."""
    if not can(by, "publicity.manage", office.path):
        raise PermissionDenied(_("无权上报该单位的优秀作品"))
    if office.parent_id is None:
        raise ValidationError(_("%(u)s没有上级单位,无需上报") % {"u": office.name})
    now = timezone.now()
    count = Selection.objects.filter(office=office, forwarded_at__isnull=True).update(forwarded_at=now)
    if not count:
        raise ValidationError(_("没有待上报的优秀作品,请先甄选"))
    record_for(by, AuditAction.UPDATE, None, office, {"forwarded": [0, count]}, note=_("上报优秀作品"))
    return count


@transaction.atomic
def create_exhibition(
    *, by: User, unit: Unit, title: str, opens_on: date, closes_on: date, sections: tuple[str, ...] = THEMED_SECTIONS
) -> Exhibition:
    """An exhibition with its themed sections in order; it closes no earlier than it opens."""
    if not can(by, "publicity.manage", unit.path):
        raise PermissionDenied(_("无权为该单位举办图片展"))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("闭展日期不能早于开展日期")})
    exhibition = Exhibition(unit=unit, title=clean_text(title), opens_on=opens_on, closes_on=closes_on)
    exhibition.full_clean()
    exhibition.save()
    for order, name in enumerate(sections, start=1):
        ExhibitionSection.objects.create(exhibition=exhibition, title=name, order=order)
    changes = created(snapshot(exhibition, ("title", "opens_on", "closes_on"))) | {"sections": [None, list(sections)]}
    record_for(by, AuditAction.CREATE, exhibition, unit, changes)
    return exhibition


@transaction.atomic
def place_photo(*, by: User, section: ExhibitionSection, photo: Photo) -> ExhibitionEntry:
    """Places a photo of the office's subtree at the end of a section; a minor's photo without consent is
    never shown to the public, so it cannot be placed."""
    office = section.exhibition.unit
    if not can(by, "publicity.manage", office.path) or not photo.unit.path.startswith(office.path):
        raise PermissionDenied(_("只能展出本单位及下级单位的照片"))
    if not photo.is_publishable:
        raise ValidationError(
            _("「%(c)s」来自%(s)s,尚未取得当事人同意、标为可公开,不能公开展出")
            % {"c": photo.caption, "s": photo.get_source_display()}
        )
    if not photo.may_be_public:
        raise ValidationError(_("「%(c)s」含可辨认的未成年人且未取得监护人同意,不能公开展出") % {"c": photo.caption})
    section = ExhibitionSection.objects.select_for_update().get(pk=section.pk)
    if section.entries.filter(photo=photo).exists():
        raise ValidationError(_("「%(c)s」已在%(s)s中") % {"c": photo.caption, "s": section.title})
    last = section.entries.aggregate(last=Max("order"))["last"] or 0
    entry = ExhibitionEntry.objects.create(section=section, photo=photo, order=last + 1)
    changes = {"section": [None, section.title], "photo": [None, photo.caption]}
    record_for(by, AuditAction.CREATE, entry, office, changes)
    return entry


@transaction.atomic
def move_entry(*, by: User, entry: ExhibitionEntry, up: bool) -> ExhibitionEntry:
    """Swaps the entry with its neighbour in the section's order."""
    office = entry.section.exhibition.unit
    if not can(by, "publicity.manage", office.path):
        raise PermissionDenied(_("无权调整该展览"))
    siblings = list(ExhibitionEntry.objects.select_for_update().filter(section=entry.section).order_by("order", "pk"))
    index = next(i for i, e in enumerate(siblings) if e.pk == entry.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for order, item in enumerate(siblings, start=1):
            ExhibitionEntry.objects.filter(pk=item.pk).update(order=order)
        record_for(by, AuditAction.UPDATE, entry, office, {"order": [index + 1, other + 1]})
    return ExhibitionEntry.objects.get(pk=entry.pk)


@transaction.atomic
def send_news(
    *,
    by: User,
    unit: Unit,
    title: str,
    body: str,
    campaign: Campaign | None = None,
    photo: CheckedFile | None = None,
    caption: str = "",
) -> NewsItem:
    """信息报送: a news item with its text and, if any, a captioned picture (refused whole without a caption)."""
    if not can(by, "publicity.record", unit.path):
        raise PermissionDenied(_("无权为该单位报送信息"))
    item = NewsItem(unit=unit, campaign=campaign, title=clean_text(title), body=clean_text(body), sent_by=by)
    item.full_clean(exclude=["sent_by"])
    item.save()
    record_for(by, AuditAction.CREATE, item, unit, created(snapshot(item, ("title", "campaign"))))
    if photo is not None:
        add_photo(
            by=by,
            unit=unit,
            photo=photo,
            caption=caption,
            taken_on=timezone.localdate(),
            theme="activity",
            campaign=campaign,
            news_item=item,
        )
    return item


@transaction.atomic
def forward_news(*, by: User, office: Unit, news_item: NewsItem) -> NewsForward:
    """An office forwards a news item of its subtree to the office above, once."""
    if not can(by, "publicity.manage", office.path) or not news_item.unit.path.startswith(office.path):
        raise PermissionDenied(_("只能转报本单位及下级单位的信息"))
    if office.parent_id is None:
        raise ValidationError(_("%(u)s没有上级单位,无需转报") % {"u": office.name})
    if NewsForward.objects.filter(news_item=news_item, office=office).exists():
        raise ValidationError(_("「%(t)s」已转报") % {"t": news_item.title})
    forward = NewsForward.objects.create(news_item=news_item, office=office, forwarded_by=by)
    record_for(by, AuditAction.CREATE, forward, office, created({"news_item": news_item.title}))
    return forward


@transaction.atomic
def open_sign_in(*, by: User, event: Event) -> Event:
    """Gives the event a QR sign-in code (once); participants then count themselves in by scanning it."""
    if not can(by, "publicity.record", event.unit.path):
        raise PermissionDenied(_("无权为该活动开启签到"))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.sign_in_token:
        event.sign_in_token = secrets.token_urlsafe(18)[:24]
        event.save(update_fields=["sign_in_token"])
        record_for(by, AuditAction.UPDATE, event, event.unit, {"sign_in": [False, True]}, note=_("开启扫码签到"))
    return event


@transaction.atomic
def sign_in(*, event: Event, group: str, name: str = "") -> EventSignIn:
    """A participant signs in by the QR code; the event's count of that group goes up by one, in one statement."""
    if group not in PARTICIPANT_GROUPS:
        raise ValidationError({"group": _("请选择身份")})
    made = EventSignIn.objects.create(event=event, group=group, name=clean_text(name)[:30])
    Event.objects.filter(pk=event.pk).update(**{group: F(group) + 1})
    record_for(None, AuditAction.CREATE, made, event.unit, created({"group": group}), note=_("扫码签到"))
    return made


@transaction.atomic
def record_handover(
    *,
    by: User,
    event: Event,
    recipient: str,
    handed_by: str,
    received_by: str,
    handed_on: date,
    photo: CheckedFile,
    caption: str,
    goods: list[dict[str, Any]],
) -> Handover:
    """Goods of a city–rural exchange or a book donation handed to a school or community: at least one line of
    goods, the two people and a captioned photo of the handover; all of it or nothing."""
    if not can(by, "publicity.record", event.unit.path):
        raise PermissionDenied(_("无权为该活动登记物资交接"))
    if event.kind not in GOODS_EVENT_KINDS:
        raise ValidationError(
            _("只有城乡互动和捐赠图书活动登记捐赠物资交接;「%(t)s」是%(k)s")
            % {"t": event.title, "k": event.get_kind_display()}
        )
    if not goods:
        raise ValidationError(_("请至少填写一项交接的物资"))
    _not_future(handed_on, "handed_on", _("交接日期"))
    taken = add_photo(
        by=by, unit=event.unit, photo=photo, caption=caption, taken_on=handed_on, theme="social_services", event=event
    )
    handover = Handover(
        event=event,
        recipient=clean_text(recipient),
        handed_by=clean_text(handed_by),
        received_by=clean_text(received_by),
        handed_on=handed_on,
        photo=taken,
        recorded_by=by,
    )
    handover.full_clean(exclude=["recorded_by", "photo"])
    handover.save()
    lines = [
        HandoverGoods(
            handover=handover,
            item=clean_text(line["item"]),
            quantity=line["quantity"],
            unit_label=clean_text(line["unit_label"]),
            value_fen=line["value_fen"],
        )
        for line in goods
    ]
    for line in lines:
        line.full_clean(exclude=["handover"])
    HandoverGoods.objects.bulk_create(lines)
    changes = created(snapshot(handover, ("recipient", "handed_by", "received_by", "handed_on")))
    changes["goods"] = [None, [f"{g.item} {g.quantity}{g.unit_label} {g.value_fen}分" for g in lines]]
    record_for(by, AuditAction.CREATE, handover, event.unit, changes)
    return handover


@transaction.atomic
def record_banner(
    *,
    by: User,
    unit: Unit,
    slogan: str,
    place: str,
    hung_on: date,
    photo: CheckedFile,
    campaign: Campaign | None = None,
) -> Banner:
    """A banner hung by the unit, with its photo (captioned with the slogan and the place) in the library."""
    if not can(by, "publicity.record", unit.path):
        raise PermissionDenied(_("无权为该单位登记宣传标语"))
    slogan, place = clean_text(slogan), clean_text(place)
    if not slogan or not place:
        missing = {"slogan": _("请填写标语内容"), "place": _("请填写悬挂地点")}
        raise ValidationError({k: v for k, v in missing.items() if not {"slogan": slogan, "place": place}[k]})
    banner = Banner(unit=unit, campaign=campaign, slogan=slogan, place=place, hung_on=hung_on, recorded_by=by)
    banner.full_clean(exclude=["recorded_by", "photo"])
    _not_future(hung_on, "hung_on", _("悬挂日期"))
    caption = _("%(p)s悬挂宣传标语「%(s)s」") % {"p": place, "s": slogan}
    banner.photo = add_photo(
        by=by, unit=unit, photo=photo, caption=caption, taken_on=hung_on, theme="activity", campaign=campaign
    )
    banner.save()
    record_for(by, AuditAction.CREATE, banner, unit, created(snapshot(banner, ("slogan", "place", "hung_on"))))
    return banner
