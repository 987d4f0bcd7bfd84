"""The public disclosure of a drive (公示): totals, the daily chart, the donor list, where the money went.

Its cost does not grow with the number of donations: the totals come from a small tally (by day, channel
and donor type) that `refresh` brings up to date with only what was added since it last ran, and the donor
list is read a page at a time by id, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from fupin.lib.masking import mask_name
from fupin.lib.money import yuan
from fupin.lib.xlsx import write_table

from .models import (
    Account,
    Channel,
    Disbursement,
    DisclosureMark,
    DisclosureTally,
    Donation,
    DonationDrive,
    DonorType,
    Fund,
    FundCashMark,
    LedgerLine,
    LedgerTransaction,
    Receipt,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 20
CHUNK = 5_000  # ids per IN (…) query
EXPORT_ROWS = 50_000  # the newest donors in a download; the page itself lists them all


@dataclass
class Total:
    key: str
    label: StrOrPromise
    donations: int = 0
    amount_fen: int = 0


@dataclass
class Summary:
    drive: DonationDrive
    donations: int
    amount_fen: int
    by_channel: list[Total]
    by_donor_type: list[Total]
    daily: list[tuple[date, int, int]]
    disbursements: list[Disbursement]
    disbursed_fen: int
    balance_fen: int
    chart: dict = field(default_factory=dict)


@dataclass
class DonorRow:
    received_at: datetime
    donor: str
    donor_type: str
    channel: str
    amount_fen: int
    goods: str


def public_donor_name(*, name: str, donor_type: str, is_anonymous: bool) -> str:
    """What the public sees of a donor: 匿名 if they chose it; a person's name masked (张*三); an
    enterprise, organisation or unit by its name."""
    if is_anonymous or not name.strip():
        return _("匿名")
    if donor_type == DonorType.INDIVIDUAL:
        return mask_name(name)
    return name


def _live(drive: DonationDrive):
    """The drive's donations still standing: a donation whose ledger entry was reversed is left out."""
    return Donation.objects.filter(drive=drive, transaction__reversed_by__isnull=True)


def refresh(drive: DonationDrive) -> None:
    """Add to the tally what happened since it last ran. Derived data only, rebuilt the same from scratch."""
    mark = DisclosureMark.objects.filter(pk=drive.pk).first() or DisclosureMark(drive=drive)
    cash = FundCashMark.objects.filter(pk=drive.fund_id).first() or FundCashMark(fund_id=drive.fund_id)
    new = (
        Donation.objects.filter(drive=drive, pk__gt=mark.donation_upto).exists()
        or _reversals(drive, mark).exists()
        or LedgerTransaction.objects.filter(fund_id=drive.fund_id, pk__gt=cash.transaction_upto).exists()
    )
    if new:
        with transaction.atomic():
            # Every donation and reversal is written under the fund's row lock: holding it, nothing with a
            # lower id can still be uncommitted, so the marks never skip a row.
            Fund.objects.select_for_update().get(pk=drive.fund_id)
            _catch_up(drive)


def _reversals(drive: DonationDrive, mark: DisclosureMark):
    return LedgerTransaction.objects.filter(
        fund_id=drive.fund_id, kind=LedgerTransaction.Kind.REVERSAL, pk__gt=mark.reversal_upto
    )


def _catch_up(drive: DonationDrive) -> None:
    mark, _created = DisclosureMark.objects.get_or_create(drive=drive)
    day = TruncDate("received_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
    added = (
        Donation.objects.filter(drive=drive, pk__gt=mark.donation_upto)
        .annotate(day=day)
        .values("day", "channel", "donor_type")
        .annotate(n=Count("id"), s=Sum("amount_fen"), top=Max("id"))
        .order_by()
    )
    for row in added:
        _add(drive, row["day"], row["channel"], row["donor_type"], row["n"], row["s"] or 0)
        mark.donation_upto = max(mark.donation_upto, row["top"])
    # Every transaction of the fund up to `top` has been looked at, reversal or not: the next look starts there.
    cash = FundCashMark.objects.filter(pk=drive.fund_id).first()
    seen = min(mark.reversal_upto, cash.transaction_upto if cash else 0)
    newer = LedgerTransaction.objects.filter(fund_id=drive.fund_id, pk__gt=seen).aggregate(m=Max("id"))["m"]
    top = max(newer or 0, seen)
    undone = (
        _reversals(drive, mark)
        .filter(pk__lte=top, reverses__donation__drive=drive)
        .values_list(
            "reverses__donation__received_at",
            "reverses__donation__channel",
            "reverses__donation__donor_type",
            "reverses__donation__amount_fen",
        )
    )
    for received_at, channel, donor_type, amount in undone:
        _add(drive, received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date(), channel, donor_type, -1, -amount)
    mark.reversal_upto = max(mark.reversal_upto, top)
    mark.save()
    _catch_up_cash(drive.fund_id, top)


def _add(drive, day, channel, donor_type, n: int, amount: int) -> None:
    cell, _created = DisclosureTally.objects.get_or_create(drive=drive, day=day, channel=channel, donor_type=donor_type)
    cell.donations += n
    cell.amount_fen += amount
    cell.save(update_fields=["donations", "amount_fen"])


def _catch_up_cash(fund_id: int, top: int) -> None:
    """Add the cash lines of the fund's transactions after the mark, up to `top`. The transactions are
    picked by an indexed range first, so the lines are found by their transaction, never by a scan."""
    mark, _created = FundCashMark.objects.get_or_create(fund_id=fund_id)
    if top <= mark.transaction_upto:
        return
    entries = LedgerTransaction.objects.filter(fund_id=fund_id, pk__gt=mark.transaction_upto, pk__lte=top)
    ids = list(entries.values_list("pk", flat=True))
    for first in range(0, len(ids), CHUNK):
        lines = LedgerLine.objects.filter(transaction_id__in=ids[first : first + CHUNK], account=Account.CASH)
        mark.cash_fen += lines.aggregate(s=Sum("amount_fen"))["s"] or 0
    mark.transaction_upto = top
    mark.save()


def rebuild(drive: DonationDrive) -> None:
    """Forget the tally and count everything again (what `fupin ledger check` compares against)."""
    with transaction.atomic():
        Fund.objects.select_for_update().get(pk=drive.fund_id)
        DisclosureTally.objects.filter(drive=drive).delete()
        DisclosureMark.objects.filter(pk=drive.pk).delete()
        FundCashMark.objects.filter(pk=drive.fund_id).delete()
        _catch_up(drive)


def summary(drive: DonationDrive) -> Summary:
    """Everything on the disclosure page except the donor list, from the tally and the few disbursements."""
    refresh(drive)
    cells = list(DisclosureTally.objects.filter(drive=drive).exclude(donations=0, amount_fen=0))
    by_channel = {c: Total(c, label) for c, label in Channel.choices}
    by_type = {t: Total(t, label) for t, label in DonorType.choices}
    days: dict[date, list[int]] = {}
    for cell in cells:
        for total in (by_channel[cell.channel], by_type[cell.donor_type]):
            total.donations += cell.donations
            total.amount_fen += cell.amount_fen
        day = days.setdefault(cell.day, [0, 0])
        day[0], day[1] = day[0] + cell.donations, day[1] + cell.amount_fen
    paid = list(
        Disbursement.objects.filter(fund_id=drive.fund_id, status=Disbursement.Status.PAID).order_by(
            "-created_at", "-id"
        )
    )
    daily = [(d, n, s) for d, (n, s) in sorted(days.items())]
    result = Summary(
        drive=drive,
        donations=sum(c.donations for c in cells),
        amount_fen=sum(c.amount_fen for c in cells),
        by_channel=[t for t in by_channel.values() if t.donations],
        by_donor_type=[t for t in by_type.values() if t.donations],
        daily=daily,
        disbursements=paid,
        disbursed_fen=sum(d.amount_fen for d in paid),
        balance_fen=FundCashMark.objects.filter(pk=drive.fund_id).values_list("cash_fen", flat=True).first() or 0,
    )
    result.chart = {
        "labels": [d.strftime("%m-%d") for d, _n, _s in daily],
        "amounts": [str(Decimal(s) / 100) for _d, _n, s in daily],
        "counts": [n for _d, n, _s in daily],
        "amountLabel": _("捐款金额(元)"),
        "countLabel": _("捐赠笔数"),
    }
    return result


def donor_page(drive: DonationDrive, *, before: int | None = None, size: int = PAGE_SIZE):
    """One page of the donor list, newest first, and the id to continue from (None on the last page).

    Rows are read by the drive's index in id order and reversed donations dropped afterwards (they are
    rare), so the page costs the same however long the list is."""
    fields = (
        "id",
        "received_at",
        "donor_name",
        "donor_type",
        "is_anonymous",
        "channel",
        "amount_fen",
        "goods_description",
        "transaction_id",
    )
    rows: list[dict] = []
    while len(rows) <= size:
        qs = Donation.objects.filter(drive=drive).order_by("-id")
        if before:
            qs = qs.filter(pk__lt=before)
        batch = list(qs.values(*fields)[: size + 1 - len(rows)])
        if not batch:
            break
        before = batch[-1]["id"]
        undone = set(
            LedgerTransaction.objects.filter(
                reverses_id__in=[r["transaction_id"] for r in batch if r["transaction_id"]]
            )
            .order_by()  # without ORDER BY id, SQLite looks each id up in the unique index instead of a table walk
            .values_list("reverses_id", flat=True)
        )
        rows += [r for r in batch if r["transaction_id"] not in undone]
    more = len(rows) > size
    rows = rows[:size]
    return [_donor_row(r) for r in rows], (rows[-1]["id"] if more else None)


def _donor_row(r: dict) -> DonorRow:
    return DonorRow(
        received_at=r["received_at"],
        donor=public_donor_name(name=r["donor_name"], donor_type=r["donor_type"], is_anonymous=r["is_anonymous"]),
        donor_type=str(DonorType(r["donor_type"]).label),
        channel=str(Channel(r["channel"]).label),
        amount_fen=r["amount_fen"],
        goods=r["goods_description"],
    )


def newest_donors(drive: DonationDrive, limit: int = EXPORT_ROWS) -> list[DonorRow]:
    rows, _next = donor_page(drive, size=limit)
    return rows


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def disclosure_xlsx(drive: DonationDrive) -> bytes:
    """The disclosure as one table in the shape of a cash journal: income rows, then payment rows."""
    data = summary(drive)
    local = ZoneInfo(settings.TIME_ZONE)
    rows = [
        [
            r.received_at.astimezone(local).strftime("%Y-%m-%d %H:%M"),
            _("捐赠"),
            r.donor,
            r.channel,
            _yuan(r.amount_fen),
            None,
            r.goods,
        ]
        for r in newest_donors(drive)
    ]
    rows += [
        [
            d.created_at.astimezone(local).strftime("%Y-%m-%d %H:%M"),
            _("拨付"),
            d.recipient,
            d.purpose,
            None,
            _yuan(d.amount_fen),
            "",
        ]
        for d in data.disbursements
    ]
    note = _(
        "共收到捐赠 %(n)d 笔,%(a)s 元;已拨付 %(d)s 元;资金余额 %(b)s 元。捐赠人姓名已按本人选择匿名或隐去部分。"
    ) % {"n": data.donations, "a": yuan(data.amount_fen), "d": yuan(data.disbursed_fen), "b": yuan(data.balance_fen)}
    if data.donations > EXPORT_ROWS:
        note += _("表中列出最近 %(n)d 笔捐赠。") % {"n": EXPORT_ROWS}
    headers = [_("时间"), _("类别"), _("捐赠方/拨付对象"), _("方式/用途"), _("收入(元)"), _("支出(元)"), _("物资")]
    return write_table(
        title=_("%(t)s 公示") % {"t": drive.title}, headers=headers, rows=rows, note=note, sheet_name=_("公示")
    )


def problems() -> list[str]:
    """Broken promises of the public side, in words (for `fupin ledger check`): receipt numbers with a gap
    or not starting at 1, and a drive whose disclosed totals differ from its donations counted afresh."""
    found = []
    per_fund = Receipt.objects.values("fund_id", "fund__name").annotate(n=Count("id"), top=Max("number")).order_by()
    for row in per_fund:
        if row["n"] != row["top"]:
            found.append(
                _("「%(f)s」的收据号不连续:共 %(n)d 张,最大号 %(m)d")
                % {"f": row["fund__name"], "n": row["n"], "m": row["top"]}
            )
    for drive in DonationDrive.objects.all():
        refresh(drive)
        shown = DisclosureTally.objects.filter(drive=drive).aggregate(n=Sum("donations"), s=Sum("amount_fen"))
        counted = _live(drive).aggregate(n=Count("id"), s=Sum("amount_fen"))
        if (shown["n"] or 0, shown["s"] or 0) != (counted["n"] or 0, counted["s"] or 0):
            found.append(_("「%(d)s」公示的捐赠合计与捐赠记录不符") % {"d": drive.title})
    return found
