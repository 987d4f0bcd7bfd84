"""The disclosure tally (a drive's gifts summed by day, channel and giver type), kept in the transaction that
records or reverses a gift, under the fund's row lock: the public pages only read it, never write or lock."""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F

from .models import DisclosureTally, Donation


def count_gift(donation: Donation, sign: int = 1) -> None:
    """Add a recorded gift to its cell of the tally (sign −1 takes a reversed gift out again)."""
    day = donation.received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    key = {"drive_id": donation.drive_id, "day": day, "channel": donation.channel, "donor_type": donation.donor_type}
    cell = DisclosureTally.objects.filter(**key)
    changes = {"donations": F("donations") + sign, "amount_fen": F("amount_fen") + sign * donation.amount_fen}
    if not cell.update(**changes):
        DisclosureTally.objects.create(**key, donations=sign, amount_fen=sign * donation.amount_fen)


def count_sheet(*, drive_id: int, received_at: datetime, donor_type: str, gifts: Iterable[tuple[str, int]]) -> None:
    """Add a sheet's gifts (channel and amount each, all of one giver type, received at one moment) to the tally:
    one update per channel instead of one per gift."""
    day = received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    cells: dict[str, list[int]] = {}
    for channel, amount_fen in gifts:
        cell = cells.setdefault(channel, [0, 0])
        cell[0], cell[1] = cell[0] + 1, cell[1] + amount_fen
    for channel, (count, amount) in cells.items():
        key = {"drive_id": drive_id, "day": day, "channel": channel, "donor_type": donor_type}
        changes = {"donations": F("donations") + count, "amount_fen": F("amount_fen") + amount}
        if not DisclosureTally.objects.filter(**key).update(**changes):
            DisclosureTally.objects.create(**key, donations=count, amount_fen=amount)
