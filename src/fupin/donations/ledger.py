"""The fund ledger: balanced, append-only transactions. Every line sits in one drive's restricted account
(专项): a drive's money is spent only on that drive, its balance is derived and never below zero."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from fupin.lib.bulk import allocate_ids, insert_values
from fupin.lib.money import yuan
from fupin.orgs.models import User

from .models import Account, AccountTotal, Donation, DonationDrive, Fund, LedgerLine, LedgerTransaction, Transfer
from .tally import count_gift

Line = tuple[DonationDrive, str, int]


def totals(drive: DonationDrive) -> dict[str, int]:
    """The drive's accounts summed (kept as the ledger posts): one indexed read, no write, no lock."""
    rows = AccountTotal.objects.filter(drive=drive).values_list("account", "amount_fen")
    return {account: amount for account, amount in rows}


def balance_fen(drive: DonationDrive) -> int:
    """What the drive's restricted account holds now."""
    return totals(drive).get(Account.CASH, 0)


def post(
    *,
    by: User | None,
    fund: Fund,
    kind: str,
    memo: str,
    lines: Iterable[Line],
    reverses: LedgerTransaction | None = None,
) -> LedgerTransaction:
    """Write one transaction; for every drive it touches its lines add up to zero and may not take that
    drive's cash below zero. The caller holds the fund's row lock (`locked_fund`), so two postings cannot
    both spend the same money."""
    lines = [(drive, account, amount) for drive, account, amount in lines if amount]
    per_drive: dict[int, int] = defaultdict(int)
    for drive, _account, amount in lines:
        if drive.fund_id != fund.pk:
            raise ValidationError(_("「%(d)s」不由这项资金管理") % {"d": drive.title})
        per_drive[drive.pk] += amount
    if any(per_drive.values()) or not lines:
        raise ValidationError(_("记账凭证借贷不平衡"))
    for drive, account, amount in lines:
        if account == Account.CASH and amount < 0 and balance_fen(drive) + amount < 0:
            raise ValidationError(
                _("「%(d)s」专项资金余额不足:现有 %(b)s 元,本次需 %(n)s 元")
                % {"d": drive.title, "b": yuan(balance_fen(drive)), "n": yuan(-amount)}
            )
    entry = LedgerTransaction.objects.create(fund=fund, kind=kind, memo=memo[:300], reverses=reverses, created_by=by)
    LedgerLine.objects.bulk_create(
        LedgerLine(transaction=entry, drive=drive, account=account, amount_fen=amount)
        for drive, account, amount in lines
    )
    for drive, account, amount in lines:
        changed = AccountTotal.objects.filter(drive=drive, account=account).update(amount_fen=F("amount_fen") + amount)
        if not changed:
            AccountTotal.objects.create(drive=drive, account=account, amount_fen=amount)
    return entry


def post_receipts_of_money(
    *, by: User | None, fund: Fund, drive: DonationDrive, memos_amounts: list[tuple[str, int]], at: datetime
) -> list[int]:
    """Many gifts into one drive at once (a sheet of 一日捐): each its own balanced transaction (cash in, donations
    received), their ids taken as one block and written in two statements instead of three per gift, the account
    totals moved once. Money only comes in here, so no balance can go below zero. The caller holds the fund's
    row lock. Returns the transactions' ids, in the order of `memos_amounts`."""
    if drive.fund_id != fund.pk:
        raise ValidationError(_("「%(d)s」不由这项资金管理") % {"d": drive.title})
    if any(amount <= 0 for _memo, amount in memos_amounts):
        raise ValidationError(_("记账金额必须大于零"))
    ids = allocate_ids(LedgerTransaction, len(memos_amounts))
    kind, by_id = LedgerTransaction.Kind.DONATION.value, by.pk if by else None
    entries = [
        (pk, fund.pk, kind, memo[:300], None, by_id, at) for pk, (memo, _a) in zip(ids, memos_amounts, strict=True)
    ]
    insert_values(LedgerTransaction, ("id", "fund", "kind", "memo", "reverses", "created_by", "created_at"), entries)
    lines = [
        line
        for pk, (_memo, amount) in zip(ids, memos_amounts, strict=True)
        for line in ((pk, drive.pk, Account.CASH.value, amount), (pk, drive.pk, Account.DONATIONS.value, -amount))
    ]
    insert_values(LedgerLine, ("transaction", "drive", "account", "amount_fen"), lines)
    total = sum(amount for _memo, amount in memos_amounts)
    for account, amount in ((Account.CASH, total), (Account.DONATIONS, -total)):
        if not AccountTotal.objects.filter(drive=drive, account=account).update(amount_fen=F("amount_fen") + amount):
            AccountTotal.objects.create(drive=drive, account=account, amount_fen=amount)
    return ids


def locked_fund(fund: Fund) -> Fund:
    """The fund's row, locked until the end of the transaction (PostgreSQL: SELECT … FOR UPDATE)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked_fund needs a transaction")
    return Fund.objects.select_for_update().get(pk=fund.pk)


@transaction.atomic
def reverse(*, by: User, entry: LedgerTransaction, reason: str) -> LedgerTransaction:
    """Undo a transaction with its mirror image, once, giving the reason; the original stays on record."""
    if not reason.strip():
        raise ValidationError({"reason": [_("冲正须写明原因")]})
    fund = locked_fund(entry.fund)
    if entry.kind == LedgerTransaction.Kind.REVERSAL or LedgerTransaction.objects.filter(reverses=entry).exists():
        raise ValidationError(_("这笔凭证已冲正,或本身就是冲正凭证"))
    if Transfer.objects.filter(Q(transaction=entry) | Q(transaction_in=entry), transaction_in__isnull=False).exists():
        raise ValidationError(_("跨资金的专项调剂记在两本账上,不能只冲一边;如需退回,请申请一笔反向调剂"))
    lines = [(line.drive, line.account, -line.amount_fen) for line in entry.lines.select_related("drive")]
    memo = _("冲正#%(n)d:%(r)s") % {"n": entry.pk, "r": reason.strip()}
    mirror = post(by=by, fund=fund, kind=LedgerTransaction.Kind.REVERSAL, memo=memo, lines=lines, reverses=entry)
    if (gift := Donation.objects.filter(transaction=entry).first()) is not None:
        count_gift(gift, sign=-1)  # the reversed gift leaves the disclosure's tally in the same transaction
    return mirror


def problems() -> list[str]:
    """Every broken invariant of the ledger, in words; empty when all hold."""
    found = []
    unbalanced = (
        LedgerLine.objects.values("transaction_id", "drive_id").annotate(s=Sum("amount_fen")).exclude(s=0).order_by()
    )
    found += [
        _("凭证#%(n)d 在专项#%(d)d 借贷不平衡(差 %(s)s 元)")
        % {"n": r["transaction_id"], "d": r["drive_id"], "s": yuan(r["s"])}
        for r in unbalanced
    ]
    empty = LedgerTransaction.objects.filter(lines__isnull=True).values_list("pk", flat=True)
    found += [_("凭证#%(n)d 没有分录") % {"n": pk} for pk in empty]
    strays = LedgerLine.objects.exclude(drive__fund_id=F("transaction__fund_id")).values_list(
        "transaction_id", flat=True
    )
    found += [_("凭证#%(n)d 记入了不属于该资金的专项") % {"n": pk} for pk in strays]
    for drive in DonationDrive.objects.order_by("id"):
        found += _drive_problems(drive)
    return found + _cross_fund_problems()


def _cross_fund_problems() -> list[str]:
    """A transfer between two funds: what left the one fund's drive entered the other's, in both books."""
    found = []
    pairs = Transfer.objects.filter(transaction_in__isnull=False).order_by("id")
    for moved in pairs.values("pk", "amount_fen", "transaction_id", "transaction_in_id"):
        out = LedgerLine.objects.filter(transaction_id=moved["transaction_id"], account=Account.TRANSFERRED_OUT)
        into = LedgerLine.objects.filter(transaction_id=moved["transaction_in_id"], account=Account.TRANSFERRED_IN)
        sums = (out.aggregate(s=Sum("amount_fen"))["s"], into.aggregate(s=Sum("amount_fen"))["s"])
        if sums != (moved["amount_fen"], -moved["amount_fen"]):
            found.append(_("跨资金调剂#%(n)d 两本账的调出、调入金额不符") % {"n": moved["pk"]})
    return found


def _drive_problems(drive: DonationDrive) -> list[str]:
    """One drive's account: its cash never below zero, and its kept totals equal to its lines."""
    found = []
    running = 0
    cash = LedgerLine.objects.filter(drive=drive, account=Account.CASH).order_by("transaction_id")
    for line_tx, amount in cash.values_list("transaction_id", "amount_fen"):
        running += amount
        if running < 0:
            found.append(_("「%(d)s」专项在凭证#%(n)d 后余额为负") % {"d": drive.title, "n": line_tx})
            break
    summed = LedgerLine.objects.filter(drive=drive).values("account").annotate(s=Sum("amount_fen")).order_by()
    if {row["account"]: row["s"] for row in summed} != totals(drive):
        found.append(_("「%(d)s」专项的科目合计与分录不符") % {"d": drive.title})
    return found
