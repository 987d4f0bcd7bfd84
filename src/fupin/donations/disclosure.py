"""The public disclosure of a drive (公示): totals, the daily chart, the donor list, where the money went.

Its cost does not grow with the number of donations, and reading it never writes or locks: the figures come
from a small tally (by day, channel and donor type) and the drive's account totals, both kept in the
transaction that records or reverses a gift (`tally.count_gift`, `ledger.post`), and the donor list is read a
page at a time by id, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from fupin.lib.masking import mask_name
from fupin.lib.money import yuan
from fupin.lib.xlsx import write_table

from . import ledger
from .models import (
    Account,
    Channel,
    Disbursement,
    DisclosureTally,
    Donation,
    DonationDrive,
    DonorType,
    Fund,
    LedgerLine,
    LedgerTransaction,
    Receipt,
    Transfer,
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
    """A drive's disclosure. Money and goods apart: `donations`/`amount_fen` count money gifts only (from the
    tally); the account figures come from the drive's own restricted account in the ledger and reconcile:
    received − disbursed − transferred out + transferred in = balance."""

    drive: DonationDrive
    donations: int
    amount_fen: int
    by_channel: list[Total]
    by_donor_type: list[Total]
    daily: list[tuple[date, int, int]]
    disbursements: list[Disbursement]
    received_fen: int
    disbursed_fen: int
    transferred_out_fen: int
    transferred_in_fen: int
    balance_fen: int
    transfers: list[Transfer] = field(default_factory=list)
    reversals: list[LedgerTransaction] = field(default_factory=list)
    goods: list[Donation] = field(default_factory=list)
    chart: dict = field(default_factory=dict)

    @property
    def goods_value_fen(self) -> int:
        return sum(g.goods_value_fen for g in self.goods)


@dataclass
class DonorRow:
    received_at: datetime
    donor: str
    donor_type: str
    channel: str
    amount_fen: int
    goods: str


BOX_DONOR = "box"  # a box's takings are counted as the 募捐箱's, never as a person's


def public_donor_name(*, name: str, donor_type: str, is_anonymous: bool, channel: str = "") -> str:
    """What the public sees of a donor: 匿名 if they chose it; a person's name masked (张*三); an
    enterprise, organisation or unit by its name; a box's takings as 募捐箱."""
    if channel == Channel.BOX:
        return str(Channel.BOX.label)
    if is_anonymous or not name.strip():
        return _("匿名")
    if donor_type == DonorType.INDIVIDUAL:
        return mask_name(name)
    return name


def _live(drive: DonationDrive):
    """The drive's donations still standing: a donation whose ledger entry was reversed is left out."""
    return Donation.objects.filter(drive=drive, transaction__reversed_by__isnull=True)


def rebuild(drive: DonationDrive) -> None:
    """Forget the drive's tally and count its standing gifts again (derived data only: the same as kept)."""
    with transaction.atomic():
        Fund.objects.select_for_update().get(pk=drive.fund_id)
        DisclosureTally.objects.filter(drive=drive).delete()
        day = TruncDate("received_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
        cells = (
            _live(drive)
            .annotate(day=day)
            .values("day", "channel", "donor_type")
            .annotate(n=Count("id"), s=Sum("amount_fen"))
            .order_by()
        )
        DisclosureTally.objects.bulk_create(
            DisclosureTally(
                drive=drive,
                day=c["day"],
                channel=c["channel"],
                donor_type=c["donor_type"],
                donations=c["n"],
                amount_fen=c["s"] or 0,
            )
            for c in cells
        )


def _breakdown(cells: list[DisclosureTally]) -> tuple[list[Total], list[Total], list[tuple[date, int, int]]]:
    """Money gifts by channel, by giver (a box's takings as 募捐箱, never a person) and by day."""
    by_channel = {c: Total(c, label) for c, label in Channel.choices}
    by_type = {t: Total(t, label) for t, label in DonorType.choices}
    by_type[BOX_DONOR] = Total(BOX_DONOR, Channel.BOX.label)
    days: dict[date, list[int]] = {}
    for cell in cells:
        giver = BOX_DONOR if cell.channel == Channel.BOX else cell.donor_type
        for total in (by_channel[cell.channel], by_type[giver]):
            total.donations += cell.donations
            total.amount_fen += cell.amount_fen
        day = days.setdefault(cell.day, [0, 0])
        day[0], day[1] = day[0] + cell.donations, day[1] + cell.amount_fen
    daily = [(d, n, s) for d, (n, s) in sorted(days.items())]
    return [t for t in by_channel.values() if t.donations], [t for t in by_type.values() if t.donations], daily


def summary(drive: DonationDrive) -> Summary:
    """Everything on the disclosure page except the donor list: the tally, the drive's account totals and the
    few disbursements, transfers, reversals and goods of this drive."""
    cells = list(DisclosureTally.objects.filter(drive=drive).exclude(channel=Channel.GOODS))
    cells = [c for c in cells if c.donations or c.amount_fen]
    by_channel, by_type, daily = _breakdown(cells)
    accounts = ledger.totals(drive)
    result = Summary(
        drive=drive,
        donations=sum(c.donations for c in cells),
        amount_fen=sum(c.amount_fen for c in cells),
        by_channel=by_channel,
        by_donor_type=by_type,
        daily=daily,
        disbursements=list(drive.disbursements.filter(status=Disbursement.Status.PAID).order_by("-created_at", "-id")),
        received_fen=-accounts.get(Account.DONATIONS, 0),
        disbursed_fen=accounts.get(Account.DISBURSED, 0),
        transferred_out_fen=accounts.get(Account.TRANSFERRED_OUT, 0),
        transferred_in_fen=-accounts.get(Account.TRANSFERRED_IN, 0),
        balance_fen=accounts.get(Account.CASH, 0),
        transfers=list(
            Transfer.objects.filter(Q(from_drive=drive) | Q(to_drive=drive), status=Transfer.Status.DONE)
            .select_related("from_drive", "to_drive")
            .order_by("-created_at", "-id")
        ),
        reversals=list(
            LedgerTransaction.objects.filter(kind=LedgerTransaction.Kind.REVERSAL, lines__drive=drive)
            .distinct()
            .order_by("-id")
        ),
        goods=list(_live(drive).filter(channel=Channel.GOODS).order_by("-received_at", "-id")),
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
        "goods_quantity",
        "goods_unit",
        "goods_value_fen",
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
    is_box = r["channel"] == Channel.BOX
    return DonorRow(
        received_at=r["received_at"],
        donor=public_donor_name(
            name=r["donor_name"], donor_type=r["donor_type"], is_anonymous=r["is_anonymous"], channel=r["channel"]
        ),
        donor_type=str(Channel.BOX.label if is_box else DonorType(r["donor_type"]).label),
        channel=str(Channel(r["channel"]).label),
        amount_fen=r["amount_fen"],
        goods=goods_text(r["goods_description"], r["goods_quantity"], r["goods_unit"], r["goods_value_fen"]),
    )


def goods_text(description: str, quantity: int, unit: str, value_fen: int) -> str:
    """Goods as the public reads them: what, how many, and the estimated value (never as money received)."""
    if not description:
        return ""
    text = f"{description} {quantity}{unit}" if quantity else description
    return text + (_("(估值 %(v)s 元)") % {"v": yuan(value_fen)} if value_fen else "")


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
    unreceipted = Donation.objects.filter(receipt__isnull=True).values_list("pk", flat=True)[:20]
    found += [_("捐赠#%(n)d 没有收据") % {"n": pk} for pk in unreceipted]
    for drive in DonationDrive.objects.order_by("id"):
        found += [_("「%(d)s」%(p)s") % {"d": drive.title, "p": p} for p in drive_problems(drive)]
    return found


def drive_problems(drive: DonationDrive) -> list[str]:
    """Every public figure of one drive against its ledger lines and its records, counted afresh."""
    found = []
    data = summary(drive)
    shown = DisclosureTally.objects.filter(drive=drive).aggregate(n=Sum("donations"), s=Sum("amount_fen"))
    counted = _live(drive).aggregate(n=Count("id"), s=Sum("amount_fen"))
    if (shown["n"] or 0, shown["s"] or 0) != (counted["n"] or 0, counted["s"] or 0):
        found.append(_("公示的捐赠合计与捐赠记录不符"))
    lines = dict(
        LedgerLine.objects.filter(drive=drive)
        .values("account")
        .annotate(s=Sum("amount_fen"))
        .values_list("account", "s")
    )
    figures = {
        _("累计收到"): (data.received_fen, -lines.get(Account.DONATIONS, 0)),
        _("捐款合计"): (data.amount_fen, -lines.get(Account.DONATIONS, 0)),
        _("已拨付"): (data.disbursed_fen, lines.get(Account.DISBURSED, 0)),
        _("调出"): (data.transferred_out_fen, lines.get(Account.TRANSFERRED_OUT, 0)),
        _("调入"): (data.transferred_in_fen, -lines.get(Account.TRANSFERRED_IN, 0)),
        _("余额"): (data.balance_fen, lines.get(Account.CASH, 0)),
    }
    for name, (public, booked) in figures.items():
        if public != booked:
            found.append(
                _("公示的%(f)s %(p)s 元与账目 %(b)s 元不符") % {"f": name, "p": yuan(public), "b": yuan(booked)}
            )
    paid = sum(d.amount_fen for d in data.disbursements if not _undone(d.transaction_id))
    if paid != data.disbursed_fen:
        found.append(_("公示的拨付明细合计与已拨付金额不符"))
    net = data.received_fen - data.disbursed_fen - data.transferred_out_fen + data.transferred_in_fen
    if net != data.balance_fen:
        found.append(_("收到 − 拨付 − 调出 + 调入 不等于余额"))
    return found


def _undone(transaction_id: int | None) -> bool:
    return LedgerTransaction.objects.filter(reverses_id=transaction_id).exists()
