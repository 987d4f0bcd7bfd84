"""The library's own writes: storing a photo (re-encoded file, thumbnail made once, audited), filing the photos
of visits, wishes and projects handed over through `fupin.lib.photo_library`, taking a task's handed-in photo into
the library, and an office's record of the people's consent that makes a photo publishable."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.campaigns.models import SubmissionFile
from fupin.lib.images import thumbnail_jpeg
from fupin.lib.photo_library import LibraryPhoto
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile, UploadError, check_photo
from fupin.orgs.models import Unit, User
from fupin.orgs.policy import can

from .models import Photo, PhotoSource, PhotoTheme


def store_photo(stored: Photo, photo: CheckedFile, by: User) -> Photo:
    stored.name, stored.sha256, stored.size_bytes = photo.name[:120], photo.sha256, len(photo.data)
    stored.width, stored.height = photo.width or 0, photo.height or 0
    stored.full_clean(exclude=["file", "thumbnail", "uploaded_by"])
    stored.file.save(f"{photo.sha256[:32]}.{photo.extension}", ContentFile(photo.data), save=False)
    stored.thumbnail.save(f"{photo.sha256[:32]}.jpg", ContentFile(thumbnail_jpeg(photo.data)), save=False)
    stored.save()
    fields = ("caption", "taken_on", "theme", "shows_minors", "minors_consent", "event", "source", "is_publishable")
    record_for(by, AuditAction.CREATE, stored, stored.unit, created(snapshot(stored, fields)))
    return stored


def captioned(caption: str, name: str) -> str:
    caption = clean_text(caption)
    if not caption:
        raise ValidationError(
            {"caption": _("照片「%(f)s」没有图片说明,未保存;请写明时间、地点、人物和事件") % {"f": name}}
        )
    return caption


@transaction.atomic
def file_photo(entry: LibraryPhoto) -> Photo:
    """A visit's, a wish's or a project's photo enters the library with its caption, in the writing domain's
    transaction (that domain already decided who may upload it); only photos the domain marks publishable may
    ever be shown to the public."""
    stored = Photo(
        unit=entry.unit,
        campaign=entry.campaign,
        caption=captioned(entry.caption, entry.file.name)[:300],
        taken_on=entry.taken_on,
        theme=entry.theme,
        shows_minors=entry.shows_minors,
        minors_consent=entry.shows_minors and entry.minors_consent,
        source=entry.source,
        is_publishable=entry.is_publishable,
        uploaded_by=entry.by,
    )
    return store_photo(stored, entry.file, entry.by)


@transaction.atomic
def mark_publishable(*, by: User, office: Unit, photo: Photo, consent: bool) -> Photo:
    """An office above the photo's unit marks a visit's or a wish's photo publishable only after recording that
    the people shown (the guardians, for minors) agreed to its public use."""
    if not can(by, "publicity.manage", office.path) or not photo.unit.path.startswith(office.path):
        raise PermissionDenied(_("只能处理本单位及下级单位的照片"))
    if not consent:
        why = _("「%(c)s」:须先取得照片中当事人(未成年人为其监护人)同意,才能标为可公开") % {"c": photo.caption}
        raise ValidationError({"consent": why})
    locked = Photo.objects.select_for_update().get(pk=photo.pk)
    if locked.is_publishable and locked.may_be_public:
        raise ValidationError(_("「%(c)s」已可公开展出") % {"c": photo.caption})
    before = (locked.is_publishable, locked.minors_consent)
    locked.is_publishable, locked.minors_consent = True, locked.shows_minors
    locked.save(update_fields=["is_publishable", "minors_consent"])
    changes = {"is_publishable": [before[0], True], "minors_consent": [before[1], locked.minors_consent]}
    record_for(by, AuditAction.UPDATE, locked, office, changes, note=_("已取得当事人同意,标为可公开"))
    return locked


@transaction.atomic
def take_in_handed_in_photo(*, by: User, office: Unit, file: SubmissionFile, theme: str) -> Photo:
    """An office takes a photo its subtree handed in with a campaign task into the library (once), so it can be
    chosen and exhibited like any other; it keeps its caption, unit, campaign and hand-in date."""
    task = file.submission.task
    if not can(by, "publicity.manage", office.path) or not task.unit.path.startswith(office.path):
        raise PermissionDenied(_("只能收入本单位及下级单位报送的照片"))
    if theme not in PhotoTheme.values:
        raise ValidationError({"theme": _("请选择主题")})
    if Photo.objects.filter(handed_in=file).exists():
        raise ValidationError(_("「%(c)s」已收入图片库") % {"c": file.caption or file.original_name})
    try:
        with file.file.open("rb") as stored:
            checked = check_photo(file.original_name, stored.read())
    except UploadError as exc:
        raise ValidationError(str(exc)) from None
    photo = Photo(
        unit=task.unit,
        campaign=task.requirement.campaign,
        caption=captioned(file.caption, file.original_name),
        taken_on=timezone.localdate(file.submission.submitted_at),
        theme=theme,
        source=PhotoSource.TASK,
        handed_in=file,
        uploaded_by=file.submission.submitted_by,
    )
    try:
        with transaction.atomic():
            return store_photo(photo, checked, by)
    except IntegrityError:
        raise ValidationError(_("「%(c)s」已收入图片库") % {"c": photo.caption}) from None
