"""Files into the photo library the photos of visits, 微心愿 receipts and project progress recorded before the
library took them, the same way as they are filed when recorded now (same unit, date, theme and, for wishes and
projects, caption; a visit, which keeps no caption, is described from what it recorded; a visit's and a wish's
photo not publishable, a student's wish flagged as showing a minor; thumbnail made once).

It reads three domains and writes through the library's own filing function, so it lives with the other
cross-app operations. A source photo counts as filed when the library already holds a photo of the same source,
unit and file (the library keeps the file's hash as the domain stored it), so running it again files nothing
twice; several identical files of one unit are matched one for one. Two runs at the same moment take turns: each
reads what the library holds only once it holds the run's lock (a PostgreSQL advisory lock held until its
transaction ends; SQLite's transactions begin IMMEDIATE, one writer at a time), so the second sees what the first
filed.
"""

import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from fupin.audit.models import AuditAction
from fupin.audit.services import record
from fupin.lib.photo_library import SOURCES, LibraryPhoto, file_in_library
from fupin.lib.uploads import CheckedFile
from fupin.matching.models import ClaimStatus, ProjectPhoto, WishClaim
from fupin.pairing.models import Visit, VisitPhoto
from fupin.publicity.models import Photo

LABELS = {"visit": "入户走访", "wish": "微心愿实现", "project": "帮扶项目"}
BACKFILL_LOCK = 0x66757069_70686F74  # "fupiphot": the advisory lock key that only this command takes


@dataclass(frozen=True)
class Candidate:
    """A source photo not known to be in the library: where it is stored and how it would be filed."""

    source: str
    unit_id: int
    stored: FieldFile
    sha256: str
    entry: Callable[[CheckedFile], LibraryPhoto]


@dataclass
class Backfill:
    """Per source: photos found in the domain, already in the library, filed now (or to file, in a dry run)."""

    found: Counter[str] = field(default_factory=Counter)
    present: Counter[str] = field(default_factory=Counter)
    filed: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)

    def lines(self, *, applied: bool) -> list[str]:
        verb = "补录" if applied else "待补录"
        return [
            f"{LABELS[s]}:共 {self.found[s]} 张,已在图片库 {self.present[s]} 张,{verb} {self.filed[s]} 张"
            for s in SOURCES
        ]


def _read(stored: FieldFile) -> bytes:
    with stored.open("rb") as handle:
        return handle.read()


def _checked(stored: FieldFile, data: bytes) -> CheckedFile:
    """The stored file as the intake handed it over: it was already checked and re-encoded as JPEG then."""
    width, height = Image.open(io.BytesIO(data)).size
    name = stored.name.rsplit("/", 1)[-1] if stored.name else "photo.jpg"
    return CheckedFile(name, "jpg", "image/jpeg", data, hashlib.sha256(data).hexdigest(), width, height)


def _visit_caption(visit: Visit) -> str:
    """A visit keeps no caption of its own, so its backfilled photo says when, who and where: the date, the
    household's responsible cadre and village (a unit's pairing: the unit and its partner village or school), and
    the kind of visit; never the household's head, an ID number or a phone."""
    pairing = visit.pairing
    facts = {"d": f"{visit.visited_on:%Y-%m-%d}", "u": pairing.unit.name, "k": visit.get_kind_display()}
    if pairing.household is not None:
        cadre = pairing.cadre.name if pairing.cadre is not None else ""
        who = _("帮扶责任人%(c)s") % {"c": cadre} if cadre else pairing.unit.name
        return _("%(d)s %(w)s到%(v)s%(k)s") % (facts | {"w": who, "v": pairing.household.village.name})
    if pairing.partner_unit is not None:
        return _("%(d)s %(u)s到%(p)s%(k)s") % (facts | {"p": pairing.partner_unit.name})
    return _("%(d)s %(u)s%(k)s") % facts


def _visit_candidates() -> Iterator[Candidate]:
    shots = VisitPhoto.objects.select_related(
        "visit__pairing__unit",
        "visit__pairing__cadre",
        "visit__pairing__household__village",
        "visit__pairing__partner_unit",
        "visit__recorded_by",
    )
    for shot in shots.order_by("pk"):
        visit = shot.visit
        caption = _visit_caption(visit)

        def entry(file: CheckedFile, visit=visit, caption=caption) -> LibraryPhoto:
            unit, by = visit.pairing.unit, visit.recorded_by
            return LibraryPhoto("visit", unit, by, file, caption, visit.visited_on, "social_services")

        yield Candidate("visit", visit.pairing.unit_id, shot.file, shot.sha256, entry)


def _wish_candidates() -> Iterator[Candidate]:
    claims = WishClaim.objects.filter(status=ClaimStatus.CONFIRMED, confirmed_at__isnull=False).exclude(
        receipt_photo=""
    )
    for claim in claims.select_related("wish__unit", "wish__campaign", "confirmed_by").order_by("pk"):
        wish = claim.wish
        assert claim.confirmed_at is not None

        def entry(file: CheckedFile, wish=wish, claim=claim) -> LibraryPhoto:
            return LibraryPhoto(
                source="wish",
                unit=wish.unit,
                by=claim.confirmed_by,
                file=file,
                caption=_("微心愿「%(t)s」已实现,受助方收到心愿物品") % {"t": wish.title},
                taken_on=timezone.localdate(claim.confirmed_at),
                theme="social_services",
                campaign=wish.campaign,
                shows_minors=bool(wish.student_name),
            )

        yield Candidate("wish", wish.unit_id, claim.receipt_photo, "", entry)


def _project_candidates() -> Iterator[Candidate]:
    shots = ProjectPhoto.objects.select_related("update__project__village", "update__project__campaign")
    for shot in shots.select_related("update__recorded_by").order_by("pk"):
        update = shot.update

        def entry(file: CheckedFile, shot=shot, update=update) -> LibraryPhoto:
            return LibraryPhoto(
                source="project",
                unit=update.project.village,
                by=update.recorded_by,
                file=file,
                caption=shot.caption,
                taken_on=timezone.localdate(update.recorded_at),
                theme="industry",
                campaign=update.project.campaign,
                shows_minors=shot.shows_minors,
                minors_consent=shot.shows_minors and shot.minors_consent,
                is_publishable=True,
            )

        yield Candidate("project", update.project.village_id, shot.file, shot.sha256, entry)


def _in_library() -> Counter[tuple[str, int, str]]:
    rows = Photo.objects.filter(source__in=SOURCES).values_list("source", "unit_id", "sha256")
    return Counter(rows)


def _sort(candidate: Candidate, known: Counter[tuple[str, int, str]], done: Backfill) -> CheckedFile | None:
    """The candidate's file when it still has to be filed; None when the library holds it or the file is gone or
    unreadable (then named in `done.missing`)."""
    try:
        data = None if candidate.sha256 else _read(candidate.stored)
        key = (candidate.source, candidate.unit_id, candidate.sha256 or hashlib.sha256(data or b"").hexdigest())
        if known[key] > 0:
            known[key] -= 1
            done.present[candidate.source] += 1
            return None
        return _checked(candidate.stored, data if data is not None else _read(candidate.stored))
    except OSError:  # gone from storage, or no longer an image Pillow can open
        done.missing.append(f"{LABELS[candidate.source]}:{candidate.stored.name}")
        return None


def _take_turns() -> None:
    """Waits for another run to end (commit or roll back) before this one reads the library."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BACKFILL_LOCK])


def backfill_library(*, apply: bool = False) -> Backfill:
    """Counts (dry run) or files (`apply`) every visit, wish-receipt and project photo the library lacks, in one
    transaction, with one audit event for the run; a photo whose stored file is gone or unreadable is named, not
    filed. Runs at the same moment take turns, so none files a photo another has filed."""
    done = Backfill()
    with transaction.atomic():
        _take_turns()
        known = _in_library()
        for candidate in (*_visit_candidates(), *_wish_candidates(), *_project_candidates()):
            done.found[candidate.source] += 1
            file = _sort(candidate, known, done)
            if file is None:
                continue
            done.filed[candidate.source] += 1
            if apply:
                file_in_library(candidate.entry(file))
        if apply:
            changes = {LABELS[s]: [0, done.filed[s]] for s in SOURCES}
            note = _("补录走访、微心愿、项目照片到图片库")
            record(by=None, action=AuditAction.IMPORT, changes=changes, note=note, username="fupin photos")
    return done
