"""Every write of 认领项目: the catalogue, claims that never pass the budget, 拨付证明, progress and closing."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import created, record_for, snapshot
from fupin.campaigns.models import Campaign
from fupin.donations.proofs import refuse_blank
from fupin.lib.money import yuan
from fupin.lib.photo_library import LibraryPhoto, file_in_library
from fupin.lib.text import clean_text
from fupin.lib.uploads import CheckedFile
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import can

from .models import Project, ProjectClaim, ProjectKind, ProjectPhoto, ProjectStatus, ProjectUpdate

PROJECT_FIELDS = ("village", "kind", "title", "budget_fen", "status")


@transaction.atomic
def create_project(
    *, by: User, campaign: Campaign, village: Unit, kind: str, title: str, description: str, budget_fen: int
) -> Project:
    """A project of a village in the office's subtree, with a budget in 分."""
    if village.kind != UnitKind.VILLAGE:
        raise ValidationError({"village": _("项目须属于一个村")})
    if not can(by, "project.manage", village.path):
        raise PermissionDenied(_("无权为该村登记项目"))
    if kind not in ProjectKind.values:
        raise ValidationError({"kind": _("项目类型须从列表中选择")})
    project = Project(
        campaign=campaign,
        village=village,
        kind=kind,
        title=clean_text(title),
        description=clean_text(description),
        budget_fen=budget_fen,
        created_by=by,
    )
    project.full_clean(exclude=["campaign", "village", "created_by"])
    project.save()
    record_for(by, AuditAction.CREATE, project, village, created(snapshot(project, PROJECT_FIELDS)))
    return project


@transaction.atomic
def claim_project(*, by: User, project: Project, unit: Unit, amount_fen: int) -> ProjectClaim:
    """A unit claims a project in full or in part; the project row is locked while the claims are added, so
    concurrent claims never pass the budget."""
    if not can(by, "project.claim", unit.path):
        raise PermissionDenied(_("无权以该单位名义认领项目"))
    if amount_fen <= 0:
        raise ValidationError({"amount_fen": _("认领金额须大于 0")})
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status != ProjectStatus.OPEN:
        raise ValidationError(_("该项目已认领满额或已验收,不能再认领"))
    left = locked.budget_fen - locked.claimed_fen
    if amount_fen > left:
        raise ValidationError(
            {
                "amount_fen": _("认领金额 %(a)s 元超过该项目尚未认领的 %(l)s 元")
                % {"a": yuan(amount_fen), "l": yuan(left)}
            }
        )
    claim = ProjectClaim.objects.create(project=locked, unit=unit, amount_fen=amount_fen, claimed_by=by)
    locked.claimed_fen += amount_fen
    if locked.claimed_fen == locked.budget_fen:
        locked.status = ProjectStatus.FUNDED
    locked.save(update_fields=["claimed_fen", "status"])
    record_for(by, AuditAction.CREATE, claim, unit, {"amount_fen": [None, amount_fen], "project": [None, str(locked)]})
    project.claimed_fen, project.status = locked.claimed_fen, locked.status
    return claim


@transaction.atomic
def attach_disbursement_proof(*, by: User, claim: ProjectClaim, proof: CheckedFile) -> ProjectClaim:
    """The claiming unit uploads its 拨付证明, checked like a donation's (the shared intake, then refused when it
    is near-blank or a PDF showing nothing); a later upload replaces it."""
    if not can(by, "project.claim", claim.unit.path):
        raise PermissionDenied(_("只有认领单位可以上传拨付证明"))
    refuse_blank(proof, field="proof")
    claim.proof.save(f"{proof.sha256[:32]}.{proof.extension}", ContentFile(proof.data), save=False)
    claim.proof_name, claim.proof_at = proof.name, timezone.now()
    claim.save(update_fields=["proof", "proof_name", "proof_at"])
    record_for(by, AuditAction.UPDATE, claim, claim.unit, {"proof_name": [None, proof.name]})
    return claim


@dataclass(frozen=True)
class ProgressPhoto:
    """A photo for a progress update: checked by the shared intake, with its caption and the minors' flags."""

    file: CheckedFile
    caption: str
    shows_minors: bool = False
    minors_consent: bool = False


MAX_PROGRESS_PHOTOS = 9


def _refuse_uncaptioned(photos: Sequence[ProgressPhoto]) -> None:
    for photo in photos:
        if not clean_text(photo.caption):
            why = _("照片「%(f)s」没有图片说明,未保存;请写明时间、地点、人物和事件") % {"f": photo.file.name}
            raise ValidationError({"caption": why})


def _stored_photo(update: ProjectUpdate, photo: ProgressPhoto) -> ProjectPhoto:
    stored = ProjectPhoto(
        update=update,
        name=photo.file.name[:120],
        sha256=photo.file.sha256,
        width=photo.file.width or 0,
        height=photo.file.height or 0,
        caption=clean_text(photo.caption)[:200],
        shows_minors=photo.shows_minors,
        minors_consent=photo.shows_minors and photo.minors_consent,
    )
    stored.file.save(f"{photo.file.sha256[:32]}.{photo.file.extension}", ContentFile(photo.file.data), save=False)
    return stored


def _file_progress_photo(by: User, project: Project, photo: ProgressPhoto) -> None:
    """A progress photo enters the photo library credited to the village, public on the same terms as on the
    project's public page (a minor's photo only with the guardians' consent)."""
    file_in_library(
        LibraryPhoto(
            source="project",
            unit=project.village,
            by=by,
            file=photo.file,
            caption=clean_text(photo.caption)[:200],
            taken_on=timezone.localdate(),
            theme="industry",
            campaign=project.campaign,
            shows_minors=photo.shows_minors,
            minors_consent=photo.shows_minors and photo.minors_consent,
            is_publishable=True,
        )
    )


@transaction.atomic
def record_progress(*, by: User, project: Project, note: str, photos: Sequence[ProgressPhoto] = ()) -> ProjectUpdate:
    """A progress note by the office or a claiming unit; every photo carries a caption (or nothing is saved), and
    a photo of identifiable minors stays off the public page unless the guardians consented."""
    claimant = any(can(by, "project.claim", c.unit.path) for c in project.claims.select_related("unit"))
    if not (claimant or can(by, "project.manage", project.village.path)):
        raise PermissionDenied(_("无权登记该项目的进展"))
    note = clean_text(note)
    if not note:
        raise ValidationError({"note": _("请填写项目进展")})
    if len(photos) > MAX_PROGRESS_PHOTOS:
        raise ValidationError({"photos": _("每次最多上传 %(n)d 张照片") % {"n": MAX_PROGRESS_PHOTOS}})
    _refuse_uncaptioned(photos)
    update = ProjectUpdate.objects.create(project=project, note=note, recorded_by=by)
    stored = [_stored_photo(update, photo) for photo in photos]
    ProjectPhoto.objects.bulk_create(stored)
    for photo in photos:
        _file_progress_photo(by, project, photo)
    changes = {"note": [None, note]} | ({"photos": [None, [p.caption for p in stored]]} if stored else {})
    record_for(by, AuditAction.CREATE, update, project.village, changes)
    return update


@transaction.atomic
def close_project(*, by: User, project: Project) -> Project:
    """The office verifies and closes a project once every claim carries its 拨付证明."""
    if not can(by, "project.manage", project.village.path):
        raise PermissionDenied(_("无权验收该项目"))
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status == ProjectStatus.CLOSED:
        raise ValidationError(_("该项目已验收"))
    missing = [c.unit.name for c in locked.claims.select_related("unit") if not c.proof]
    if not locked.claims.exists():
        raise ValidationError(_("该项目尚无单位认领,不能验收"))
    if missing:
        raise ValidationError(_("以下认领单位尚未上传拨付证明:%(u)s") % {"u": "、".join(missing)})
    before = locked.get_status_display()
    locked.status, locked.closed_at = ProjectStatus.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    record_for(
        by, AuditAction.UPDATE, locked, locked.village, {"status": [str(before), str(ProjectStatus.CLOSED.label)]}
    )
    return locked
