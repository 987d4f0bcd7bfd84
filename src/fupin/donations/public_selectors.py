"""Reads of the public list of drives (the /give/ page and the public API), no account needed.

A drive is listed once its campaign has been issued (like `permissions.public_drive`) and its period has
begun. What a drive has received comes from the disclosure tally (kept as gifts are recorded), read for a
whole page at once: the page costs the same number of queries for three drives as for thirty.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet, Sum
from django.utils import timezone

from . import pledges
from .models import Channel, DisclosureTally, DonationDrive, Pledge


def _public() -> QuerySet[DonationDrive]:
    """Drives of issued campaigns."""
    return DonationDrive.objects.exclude(campaign__status="draft").select_related("organiser", "fund__unit")


def open_drives(today: date | None = None) -> QuerySet[DonationDrive]:
    """Drives taking gifts today, the one closing soonest first."""
    today = today or timezone.localdate()
    return _public().filter(starts_on__lte=today, ends_on__gte=today).order_by("ends_on", "-id")


def ended_drives(today: date | None = None) -> QuerySet[DonationDrive]:
    """Drives whose period is over, the latest first: their disclosure stays public."""
    today = today or timezone.localdate()
    return _public().filter(ends_on__lt=today).order_by("-ends_on", "-id")


def listed_drives(today: date | None = None) -> QuerySet[DonationDrive]:
    """Open and ended drives together, by end date, latest first: the open ones come before every ended one."""
    today = today or timezone.localdate()
    return _public().filter(starts_on__lte=today).order_by("-ends_on", "-id")


@dataclass
class ListedDrive:
    """A drive as the public list shows it."""

    drive: DonationDrive
    received_fen: int
    gifts: int
    is_open: bool
    can_pledge: bool
    channel_labels: list[str]


def with_totals(drives: Iterable[DonationDrive], today: date | None = None) -> list[ListedDrive]:
    """Each drive of a page with what it has received, whether it is open and takes the public's pledges.

    The totals are the disclosure's own (its tally, kept as gifts are recorded), so the list and the disclosure
    page never disagree; reading them writes nothing. Goods are counted apart, never as money."""
    today = today or timezone.localdate()
    drives = list(drives)
    sums = (
        DisclosureTally.objects.filter(drive__in=[d.pk for d in drives])
        .exclude(channel=Channel.GOODS)
        .values("drive_id")
        .annotate(n=Sum("donations"), s=Sum("amount_fen"))
        .order_by()
    )
    totals = {row["drive_id"]: (row["s"] or 0, row["n"] or 0) for row in sums} if drives else {}
    return [_listed(drive, *totals.get(drive.pk, (0, 0)), today=today) for drive in drives]


def _listed(drive: DonationDrive, received_fen: int, gifts: int, *, today: date) -> ListedDrive:
    is_open = pledges.is_open(drive, today)
    return ListedDrive(
        drive=drive,
        received_fen=received_fen,
        gifts=gifts,
        is_open=is_open,
        can_pledge=is_open and bool(pledges.public_channels(drive)),
        channel_labels=[str(Channel(c).label) for c in drive.channels if c in Channel.values],
    )


def pledge_by_key(idempotency_key: str) -> Pledge | None:
    return Pledge.objects.filter(idempotency_key=idempotency_key).select_related("drive").first()
