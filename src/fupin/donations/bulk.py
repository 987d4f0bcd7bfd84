"""一日捐 / 一元捐 in bulk from an Excel sheet: every row checked first, then all written in one transaction.

A row names the way of giving, the giver, the giver's unit (by code, within the drive's organising unit)
and the amount in 元. The same rows uploaded twice for a drive (even re-saved) are refused as a whole.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.jobs.registry import ITEMS_SHOWN, ImportOutcome, NoProgress, Progress
from fupin.lib.bulk import allocate_ids, insert_values
from fupin.lib.money import parse_yuan, yuan
from fupin.lib.sheet_import import SheetLayout, SheetRow, SheetRowErrors, read_sheet, row_errors
from fupin.lib.text import clean_text
from fupin.lib.xlsx import SheetError, write_table
from fupin.orgs.models import SchoolStage, Unit, UnitKind

from . import ledger
from .models import Channel, Donation, DonationDrive, DonorType, Fund, Receipt
from .permissions import access_drive
from .receipts import issue_receipts
from .services import refuse_late_gift
from .tally import count_sheet

MAX_ROWS = 5000


class SheetChannel(models.TextChoices):
    ONE_DAY_PAY = Channel.ONE_DAY_PAY.value, gettext_lazy("一日捐")
    ONE_YUAN = Channel.ONE_YUAN.value, gettext_lazy("一元捐")


class YesNo(models.TextChoices):
    YES = "yes", gettext_lazy("是")
    NO = "no", gettext_lazy("否")


DONATION_SHEET = SheetLayout(
    columns=[
        ("channel", "方式"),
        ("donor_name", "姓名"),
        ("unit_code", "单位代码"),
        ("amount", "金额(元)"),
        ("anonymous", "匿名"),
    ],
    required=["方式", "姓名", "单位代码", "金额(元)"],
    mandatory=("channel", "donor_name", "unit_code", "amount"),
    choices={"channel": SheetChannel, "anonymous": YesNo},
    identifiers=("unit_code",),
    what="捐款数据",
)


@dataclass
class SheetGift:
    row: int
    channel: str
    donor_name: str
    unit: Unit
    amount_fen: int
    is_anonymous: bool


def donation_template(drive: DonationDrive) -> bytes:
    """An empty sheet with the expected headers and one example row."""
    return write_table(
        title=_("%(t)s 捐款登记表") % {"t": drive.title},
        note=_("方式填「一日捐」或「一元捐」;金额以元为单位,最多两位小数;匿名填「是」或留空"),
        headers=[label for _key, label in DONATION_SHEET.columns],
        rows=[[_("一日捐"), _("张三"), drive.organiser.code, "300.00", ""]],
    )


def _check(row: SheetRow, drive: DonationDrive, units: dict[str, Unit]) -> SheetGift | None:
    values = row.values
    if values["channel"] and values["channel"] not in drive.channels:
        row.error("channel", _("本募捐活动没有「%(c)s」方式") % {"c": Channel(values["channel"]).label})
    unit = units.get(values["unit_code"])
    if values["unit_code"] and (unit is None or not unit.path.startswith(drive.organiser.path)):
        row.error(
            "unit_code",
            _("找不到单位 %(c)s(须为「%(o)s」或其下级单位)") % {"c": values["unit_code"], "o": drive.organiser.name},
        )
    amount = 0
    if values["amount"] and "amount" not in row.bad:
        try:
            amount = parse_yuan(values["amount"], field=_("金额"))
        except ValidationError as exc:
            row.error("amount", ";".join(exc.messages))
    if row.errors or unit is None:
        return None
    return SheetGift(
        row.number, values["channel"], values["donor_name"][:100], unit, amount, values["anonymous"] == YesNo.YES
    )


def _check_duplicates(rows: list[SheetRow]) -> None:
    seen: dict[tuple[str, str, str], SheetRow] = {}
    for row in rows:
        key = (row.values["channel"], row.values["unit_code"], row.values["donor_name"])
        if key in seen:
            row.error("donor_name", _("与第%(m)d行重复(同一单位、同一方式、同一姓名)") % {"m": seen[key].number})
        seen.setdefault(key, row)


def run_donation_import(*, by, data: bytes, filename: str, options: dict, progress: Progress) -> ImportOutcome:
    """The sheet import as a background job: the drive is looked up again through its door, as the person who
    uploaded it (who may have lost the right meanwhile)."""
    try:
        drive = access_drive(by, options.get("drive", ""), "donation.record")
    except Http404:
        raise SheetError(_("找不到这个募捐活动,或您已无权为它登记捐款")) from None
    late_reason = str(options.get("late_reason", ""))
    return _import(by=by, drive=drive, data=data, filename=filename, late_reason=late_reason, progress=progress)[1]


def import_donation_sheet(
    *, by, drive: DonationDrive, data: bytes, filename: str = "", late_reason: str = ""
) -> list[int]:
    """Record every row of a 一日捐 / 一元捐 sheet, or none: one bad row and nothing is written. Returns the ids of
    the gifts recorded, in the sheet's order."""
    return _import(by=by, drive=drive, data=data, filename=filename, late_reason=late_reason, progress=NoProgress())[0]


def _import(
    *, by, drive: DonationDrive, data: bytes, filename: str, late_reason: str, progress: Progress
) -> tuple[list[int], ImportOutcome]:
    late_reason = clean_text(late_reason)[:200]
    try:
        refuse_late_gift(drive, timezone.now(), late_reason)
    except ValidationError as exc:
        raise SheetError(" ".join(exc.messages)) from None
    rows = read_sheet(data, DONATION_SHEET, max_rows=MAX_ROWS)
    # the rows' content, not the file's bytes: the same list saved again is still the same list
    digest = hashlib.sha256(repr([sorted(r.values.items()) for r in rows]).encode()).hexdigest()[:24]
    prefix = f"sheet:{drive.pk}:{digest}:"
    _refuse_imported(prefix, rows)
    units = {u.code: u for u in Unit.objects.filter(code__in={r.values["unit_code"] for r in rows})}
    gifts = [_check(row, drive, units) for row in rows]
    _check_duplicates(rows)
    progress.rows(len(rows), len(rows))
    if errors := row_errors(rows):
        raise SheetRowErrors(errors)
    valid = [g for g in gifts if g]
    with transaction.atomic():
        fund = ledger.locked_fund(drive.fund)
        _refuse_imported(prefix, rows)  # a twin upload got the lock first
        ids, numbers = _write(by=by, drive=drive, fund=fund, gifts=valid, prefix=prefix, late_reason=late_reason)
        _audit(by, drive, fund, valid, numbers, filename)
        done = outcome(valid, [Receipt.display(fund.pk, n) for n in numbers[:ITEMS_SHOWN]])
        progress.written(done)  # the job ends done in the commit that writes its gifts
    return ids, done


def _refuse_imported(prefix: str, rows: list[SheetRow]) -> None:
    """A sheet writes every row or none, so its first row's key says whether it was imported (an exact key, found
    by the unique index)."""
    if rows and Donation.objects.filter(idempotency_key=f"{prefix}{rows[0].number}").exists():
        raise SheetError(_("这个表格的内容已经导入过本募捐活动,未重复登记"))


DONATION_FIELDS = (
    "id",
    "drive",
    "channel",
    "donor_type",
    "donor_name",
    "is_anonymous",
    "unit",
    "amount_fen",
    "transaction",
    "idempotency_key",
    "recorded_by",
    "received_at",
    "late_reason",
)


def _write(
    *, by, drive: DonationDrive, fund: Fund, gifts: list[SheetGift], prefix: str, late_reason: str
) -> tuple[list[int], list[int]]:
    """Each row recorded as `receive_donation` records one gift (its own balanced ledger entry in the drive's
    restricted account, a receipt of the fund's gap-free series, the disclosure's tally), but in a few statements
    for the whole sheet, under the fund's row lock the caller holds: the gifts' and entries' ids and the receipts'
    numbers are each taken as one block. Returns the gifts' ids and their receipts' numbers."""
    label, anonymous, memo = (
        {c: str(Channel(c).label) for c in SheetChannel.values},
        _("匿名"),
        _("%(c)s %(d)s %(a)s 元"),
    )
    memos = [
        (
            memo % {"c": label[g.channel], "d": anonymous if g.is_anonymous else g.donor_name, "a": yuan(g.amount_fen)},
            g.amount_fen,
        )
        for g in gifts
    ]
    at = timezone.now()
    entries = ledger.post_receipts_of_money(by=by, fund=fund, drive=drive, memos_amounts=memos, at=at)
    ids = allocate_ids(Donation, len(gifts))
    individual = DonorType.INDIVIDUAL.value
    key, by_id = prefix + "%d", by.pk
    rows = [
        (pk, drive.pk, g.channel, individual, g.donor_name, g.is_anonymous, g.unit.pk, g.amount_fen, entry, key % g.row)
        for pk, g, entry in zip(ids, gifts, entries, strict=True)
    ]
    insert_values(Donation, DONATION_FIELDS, [(*row, by_id, at, late_reason) for row in rows])
    count_sheet(
        drive_id=drive.pk, received_at=at, donor_type=individual, gifts=((g.channel, g.amount_fen) for g in gifts)
    )
    return ids, issue_receipts(by=by, fund=fund, donation_ids=ids, at=at)


def _audit(by, drive: DonationDrive, fund: Fund, gifts: list[SheetGift], numbers: list[int], filename: str) -> None:
    """One audit entry for the sheet, listing what it created: the gifts, their sum and the receipts' numbers."""
    total = sum(g.amount_fen for g in gifts)
    note = _("导入捐款表 %(f)s:%(n)d 笔,共 %(a)s 元") % {"f": filename[:100], "n": len(gifts), "a": yuan(total)}
    changes: dict[str, list] = {"donations": [None, len(gifts)], "amount_fen": [None, total]}
    if numbers:
        span = f"{Receipt.display(fund.pk, numbers[0])} – {Receipt.display(fund.pk, numbers[-1])}"
        changes["receipts"] = [None, span]
    record_for(by, AuditAction.IMPORT, drive, drive.organiser, changes, note=note)


def outcome(gifts: list[SheetGift], receipts: list[str]) -> ImportOutcome:
    """What the job's page shows: how many gifts and their total, how many 一元捐 of primary-school pupils were
    flagged for the office, then the first gifts with their receipts."""
    pupils = sum(1 for g in gifts if g.channel == Channel.ONE_YUAN and _is_primary(g.unit))
    total = yuan(sum(g.amount_fen for g in gifts))
    summary = [(_("登记捐款 %(a)s 元,笔数") % {"a": total}, len(gifts))]
    if pupils:
        summary.append((_("小学学生一元捐,已提示办公室核查「中小学校原则上不组织学生捐款」,笔数"), pupils))
    anonymous, line = _("匿名"), _("收据 %(r)s:%(c)s %(d)s %(a)s 元")
    items = [
        line
        % {
            "r": receipt,
            "c": Channel(g.channel).label,
            "d": anonymous if g.is_anonymous else g.donor_name,
            "a": yuan(g.amount_fen),
        }
        for g, receipt in zip(gifts, receipts, strict=False)
    ]
    return ImportOutcome(summary=summary, items=items)


def _is_primary(unit: Unit | None) -> bool:
    return unit is not None and unit.kind == UnitKind.SCHOOL and unit.stage == SchoolStage.PRIMARY
