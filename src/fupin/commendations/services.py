"""Every write of 选树典型 and 表彰: checked against the rules, atomic, in the audit trail."""

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, diff, record_for, snapshot
from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can
from fupin.publicity.models import Photo
from fupin.publicity.services import add_photo

from .models import (
    Category,
    CommendationEntry,
    CommendationList,
    Nomination,
    NominationEvidence,
    NominationPhoto,
    NominationStatus,
)

# A mobile number or a 身份证号 written into the deeds would reach the public page with them.
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx]|\d{15}|0\d{2,3}-\d{7,8})(?![\dXx])")
NOMINATION_FIELDS = ("category", "kind", "name", "nominee_unit", "deeds")
DECISIONS = {
    "select": NominationStatus.SELECTED,
    "not_selected": NominationStatus.NOT_SELECTED,
    "return": NominationStatus.RETURNED,
}


def _checked_nomination(nomination: Nomination) -> None:
    """Names and deeds cleaned; the deeds may carry no phone or ID number, since they are shown to the public."""
    for field in ("name", "nominee_unit", "deeds"):
        setattr(nomination, field, clean_text(getattr(nomination, field)))
    if not nomination.deeds:
        raise ValidationError({"deeds": _("请填写先进事迹:做了什么、取得了什么成效")})
    if _PERSONAL_NUMBER.search(nomination.deeds.replace(" ", "")):
        raise ValidationError(
            {"deeds": _("先进事迹中不能含电话号码或身份证号:事迹将在表彰名单中公开,只写姓名、单位和事迹")}
        )
    nomination.full_clean(exclude=["created_by", "campaign", "unit"])


@transaction.atomic
def nominate(
    *, by: User, unit: Unit, campaign: Campaign, category: str, kind: str, name: str, nominee_unit: str, deeds: str
) -> Nomination:
    """A unit nominates an advanced individual or collective (a draft until submitted), with its deeds."""
    if not can(by, "commendations.nominate", unit.path):
        raise PermissionDenied(_("无权以该单位名义推荐先进典型"))
    nomination = Nomination(
        unit=unit,
        campaign=campaign,
        category=category,
        kind=kind,
        name=name,
        nominee_unit=nominee_unit,
        deeds=deeds,
        created_by=by,
    )
    _checked_nomination(nomination)
    nomination.save()
    record_for(by, AuditAction.CREATE, nomination, unit, created(snapshot(nomination, NOMINATION_FIELDS)))
    return nomination


def _editable(by: User, nomination: Nomination) -> Nomination:
    if not can(by, "commendations.nominate", nomination.unit.path):
        raise PermissionDenied(_("无权修改该推荐"))
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("「%(n)s」%(s)s,不能再修改;被退回后才能修改") % {"n": locked.name, "s": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def update_nomination(
    *, by: User, nomination: Nomination, category: str, kind: str, name: str, nominee_unit: str, deeds: str
) -> Nomination:
    """A draft or returned nomination is corrected before it is submitted again."""
    locked = _editable(by, nomination)
    before = snapshot(locked, NOMINATION_FIELDS)
    locked.category, locked.kind, locked.name, locked.nominee_unit, locked.deeds = (
        category,
        kind,
        name,
        nominee_unit,
        deeds,
    )
    _checked_nomination(locked)
    locked.save()
    record_for(by, AuditAction.UPDATE, locked, locked.unit, diff(before, snapshot(locked, NOMINATION_FIELDS)))
    return locked


@transaction.atomic
def add_nomination_photo(
    *,
    by: User,
    nomination: Nomination,
    photo: CheckedFile,
    caption: str,
    taken_on: date,
    theme: str,
    shows_minors: bool = False,
    minors_consent: bool = False,
) -> NominationPhoto:
    """A captioned photo through the shared photo library; a nominee's photos are shown with the case, so a
    photo of identifiable minors needs the guardians' consent."""
    locked = _editable(by, nomination)
    if shows_minors and not minors_consent:
        raise ValidationError(
            {"minors_consent": _("照片「%(f)s」含可辨认的未成年人,须先取得监护人同意公开") % {"f": photo.name}}
        )
    stored = add_photo(
        by=by,
        unit=locked.unit,
        photo=photo,
        caption=caption,
        taken_on=taken_on,
        theme=theme,
        campaign=locked.campaign,
        shows_minors=shows_minors,
        minors_consent=minors_consent,
    )
    link = NominationPhoto.objects.create(nomination=locked, photo=stored)
    record_for(by, AuditAction.CREATE, link, locked.unit, created({"nomination": locked.name, "photo": stored.caption}))
    return link


@transaction.atomic
def attach_library_photo(*, by: User, nomination: Nomination, photo: Photo) -> NominationPhoto:
    """A photo already in the nominating unit's library goes with the case; it is shown with the deeds, so a
    photo not marked publishable (a visit's or a wish's, until the people shown agreed) or of identifiable minors
    without the guardians' consent cannot."""
    locked = _editable(by, nomination)
    if not photo.unit.path.startswith(locked.unit.path):
        raise PermissionDenied(_("只能选用本单位图片库中的照片"))
    if not photo.is_publishable:
        why = _("照片「%(c)s」未标为可公开:照片中的当事人尚未同意公开,不能随事迹公开") % {"c": photo.caption}
        raise ValidationError({"photo": why})
    if not photo.may_be_public:
        raise ValidationError(
            {"photo": _("「%(c)s」含可辨认的未成年人且未取得监护人同意,不能随事迹公开") % {"c": photo.caption}}
        )
    if locked.photos.filter(photo=photo).exists():
        raise ValidationError({"photo": _("「%(c)s」已在本推荐中") % {"c": photo.caption}})
    link = NominationPhoto.objects.create(nomination=locked, photo=photo)
    record_for(by, AuditAction.CREATE, link, locked.unit, created({"nomination": locked.name, "photo": photo.caption}))
    return link


@transaction.atomic
def add_evidence(*, by: User, nomination: Nomination, title: str, document: CheckedFile) -> NominationEvidence:
    """A supporting document (PDF, .docx or .xlsx checked by the shared intake), once per nomination."""
    locked = _editable(by, nomination)
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": _("请填写材料名称,如「获奖证书」「活动照片说明」")})
    if locked.evidence.filter(sha256=document.sha256).exists():
        raise ValidationError({"document": _("「%(f)s」已上传过") % {"f": document.name}})
    evidence = NominationEvidence(
        nomination=locked,
        title=title,
        name=document.name[:120],
        content_type=document.content_type,
        sha256=document.sha256,
        size_bytes=len(document.data),
        uploaded_by=by,
    )
    evidence.file.save(f"{document.sha256[:32]}.{document.extension}", ContentFile(document.data), save=False)
    evidence.save()
    record_for(by, AuditAction.CREATE, evidence, locked.unit, created({"title": title, "file": document.name}))
    return evidence


@transaction.atomic
def submit_nomination(*, by: User, nomination: Nomination) -> Nomination:
    """A draft or returned nomination goes to the office above for review."""
    locked = _editable(by, nomination)
    if locked.unit.parent_id is None:
        raise ValidationError(_("%(u)s没有上级单位,无需报送") % {"u": locked.unit.name})
    before = locked.status
    locked.status, locked.reason, locked.submitted_at = NominationStatus.SUBMITTED, "", timezone.now()
    locked.save(update_fields=["status", "reason", "submitted_at"])
    record_for(by, AuditAction.UPDATE, locked, locked.unit, {"status": [before, locked.status]}, note=_("报送推荐"))
    return locked


def _reviewing(by: User, office: Unit, nomination: Nomination, action: str) -> None:
    inside = nomination.unit.path.startswith(office.path) and nomination.unit_id != office.pk
    if not inside or not can(by, action, office.path):
        raise PermissionDenied(_("只能审核下级单位的推荐"))


@transaction.atomic
def review_nomination(*, by: User, office: Unit, nomination: Nomination, decision: str, reason: str) -> Nomination:
    """The office above decides a submitted nomination: selected, not selected or returned, always with a
    reason; a decision is taken once (a conditional update, so two reviewers cannot both decide)."""
    _reviewing(by, office, nomination, "commendations.review")
    reason = clean_text(reason)
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("请选择审核结果")})
    if not reason:
        raise ValidationError({"reason": _("请填写审核意见(入选、不入选或退回的理由)")})
    status = DECISIONS[decision]
    now = timezone.now()
    done = Nomination.objects.filter(pk=nomination.pk, status=NominationStatus.SUBMITTED).update(
        status=status, office=office, reason=reason[:300], decided_at=now
    )
    if not done:
        raise ValidationError(_("「%(n)s」不在待审核状态,未作处理") % {"n": nomination.name})
    nomination.refresh_from_db()
    changes = {"status": [NominationStatus.SUBMITTED, status], "reason": [None, reason]}
    record_for(by, AuditAction.UPDATE, nomination, office, changes, note=_("审核先进典型推荐"))
    return nomination


@transaction.atomic
def forward_nomination(*, by: User, office: Unit, nomination: Nomination) -> Nomination:
    """An office forwards a nomination it selected to the office above, once (择优上报)."""
    _reviewing(by, office, nomination, "commendations.review")
    if office.parent is None:
        raise ValidationError(_("%(u)s没有上级单位,无需上报") % {"u": office.name})
    done = Nomination.objects.filter(
        pk=nomination.pk, status=NominationStatus.SELECTED, office=office, forwarded_to__isnull=True
    ).update(forwarded_to=office.parent, forwarded_at=timezone.now())
    if not done:
        raise ValidationError(_("「%(n)s」须由本单位评为入选且尚未上报,才能上报") % {"n": nomination.name})
    nomination.refresh_from_db()
    changes = {"forwarded_to": [None, office.parent.name]}
    record_for(by, AuditAction.UPDATE, nomination, office, changes, note=_("上报先进典型"))
    return nomination


def eligible_q(commendation_list: CommendationList) -> Q:
    """Nominations a list may carry: selected in the list's campaign (or a plan derived from it), by the issuing
    office itself or by an office below that forwarded them to it."""
    office = commendation_list.office
    return (
        campaign_lineage_q(commendation_list.campaign, "campaign")
        & Q(status=NominationStatus.SELECTED, unit__path__startswith=office.path)
        & (Q(office=office) | Q(forwarded_to=office))
    )


def honour_for(commendation_list: CommendationList, nomination: Nomination) -> str:
    return _("%(y)d年扶贫日活动%(c)s") % {
        "y": commendation_list.campaign.year,
        "c": Category(nomination.category).label,
    }


@transaction.atomic
def create_commendation_list(
    *, by: User, office: Unit, campaign: Campaign, title: str, issued_on: date, document_number: str = ""
) -> CommendationList:
    """An office starts a commendation list (表彰名单) for a campaign; it is public only once published."""
    if not can(by, "commendations.publish", office.path):
        raise PermissionDenied(_("无权以该单位名义发布表彰名单"))
    made = CommendationList(
        office=office,
        campaign=campaign,
        title=clean_text(title),
        document_number=clean_text(document_number),
        issued_on=issued_on,
        created_by=by,
    )
    made.full_clean(exclude=["created_by"])
    made.save()
    fields = ("title", "document_number", "issued_on", "campaign")
    record_for(by, AuditAction.CREATE, made, office, created(snapshot(made, fields)))
    return made


def _unpublished(by: User, commendation_list: CommendationList) -> CommendationList:
    if not can(by, "commendations.publish", commendation_list.office.path):
        raise PermissionDenied(_("无权修改该表彰名单"))
    locked = CommendationList.objects.select_for_update().select_related("office", "campaign")
    found = locked.get(pk=commendation_list.pk)
    if found.is_published:
        raise ValidationError(_("「%(t)s」已发布,不能再修改") % {"t": found.title})
    return found


@transaction.atomic
def add_to_list(*, by: User, commendation_list: CommendationList, nomination: Nomination) -> CommendationEntry:
    """Only a selected nomination eligible for the office goes on its list, at the end, once."""
    locked = _unpublished(by, commendation_list)
    if not Nomination.objects.filter(eligible_q(locked), pk=nomination.pk).exists():
        raise ValidationError(
            {"nomination": _("「%(n)s」未经本单位评为入选或上报至本单位,不能列入表彰名单") % {"n": nomination.name}}
        )
    if locked.entries.filter(nomination=nomination).exists():
        raise ValidationError({"nomination": _("「%(n)s」已在名单中") % {"n": nomination.name}})
    last = locked.entries.aggregate(last=Max("order"))["last"] or 0
    entry = CommendationEntry.objects.create(
        commendation_list=locked, nomination=nomination, honour=honour_for(locked, nomination), order=last + 1
    )
    record_for(by, AuditAction.CREATE, entry, locked.office, created({"list": locked.title, "name": nomination.name}))
    return entry


@transaction.atomic
def publish_list(*, by: User, commendation_list: CommendationList) -> CommendationList:
    """A list with at least one entry is published; from then on it is public and cannot change."""
    locked = _unpublished(by, commendation_list)
    count = locked.entries.count()
    if not count:
        raise ValidationError(_("「%(t)s」还没有表彰对象,不能发布") % {"t": locked.title})
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at"])
    record_for(by, AuditAction.UPDATE, locked, locked.office, {"published": [False, True], "entries": [None, count]})
    return locked


@transaction.atomic
def remove_from_list(*, by: User, entry: CommendationEntry) -> None:
    """An entry leaves a list not yet published; the entries after it move up, so the order stays 1, 2, 3…"""
    locked = _unpublished(by, entry.commendation_list)
    name = entry.nomination.name
    entry.delete()
    for order, pk in enumerate(locked.entries.order_by("order", "pk").values_list("pk", flat=True), start=1):
        CommendationEntry.objects.filter(pk=pk).update(order=order)
    record_for(by, AuditAction.DELETE, locked, locked.office, {"entry": [name, None]}, note=_("移出表彰名单"))


@transaction.atomic
def move_entry(*, by: User, entry: CommendationEntry, up: bool) -> None:
    """Swaps an entry with its neighbour in a list not yet published."""
    locked = _unpublished(by, entry.commendation_list)
    entries = list(locked.entries.order_by("order", "pk").values_list("pk", flat=True))
    index = entries.index(entry.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(entries):
        entries[index], entries[other] = entries[other], entries[index]
        for order, pk in enumerate(entries, start=1):
            CommendationEntry.objects.filter(pk=pk).update(order=order)
        record_for(by, AuditAction.UPDATE, entry, locked.office, {"order": [index + 1, other + 1]})
