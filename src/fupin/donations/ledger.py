"""The fund ledger: balanced, append-only transactions; a fund's balance is derived and never below zero."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from fupin.lib.money import yuan
from fupin.orgs.models import User

from .models import Account, Fund, LedgerLine, LedgerTransaction


def balance_fen(fund: Fund) -> int:
    """What the fund holds now: the sum of its cash lines."""
    total = LedgerLine.objects.filter(transaction__fund=fund, account=Account.CASH).aggregate(s=Sum("amount_fen"))
    return total["s"] or 0


def post(
    *,
    by: User,
    fund: Fund,
    kind: str,
    memo: str,
    lines: dict[str, int],
    reverses: LedgerTransaction | None = None,
) -> LedgerTransaction:
    """Write one transaction; its lines must add up to zero and may not take the fund's cash below zero.
    The caller holds the fund's row lock (`locked_fund`), so two postings cannot both spend the same money."""
    if sum(lines.values()) != 0:
        raise ValidationError(_("记账凭证借贷不平衡"))
    cash = lines.get(Account.CASH, 0)
    if cash < 0 and balance_fen(fund) + cash < 0:
        raise ValidationError(
            _("资金余额不足:现有 %(b)s 元,本次需 %(n)s 元") % {"b": yuan(balance_fen(fund)), "n": yuan(-cash)}
        )
    entry = LedgerTransaction.objects.create(fund=fund, kind=kind, memo=memo[:300], reverses=reverses, created_by=by)
    LedgerLine.objects.bulk_create(
        LedgerLine(transaction=entry, account=account, amount_fen=amount) for account, amount in lines.items() if amount
    )
    return entry


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
    lines = {line.account: -line.amount_fen for line in entry.lines.all()}
    memo = _("冲正#%(n)d:%(r)s") % {"n": entry.pk, "r": reason.strip()}
    return post(by=by, fund=fund, kind=LedgerTransaction.Kind.REVERSAL, memo=memo, lines=lines, reverses=entry)


def problems() -> list[str]:
    """Every broken invariant of the ledger, in words; empty when all hold."""
    found = []
    unbalanced = LedgerLine.objects.values("transaction_id").annotate(s=Sum("amount_fen")).exclude(s=0).order_by()
    found += [
        _("凭证#%(n)d 借贷不平衡(差 %(d)s 元)") % {"n": r["transaction_id"], "d": yuan(r["s"])} for r in unbalanced
    ]
    empty = LedgerTransaction.objects.filter(lines__isnull=True).values_list("pk", flat=True)
    found += [_("凭证#%(n)d 没有分录") % {"n": pk} for pk in empty]
    for fund in Fund.objects.all():
        running = 0
        for line in LedgerLine.objects.filter(transaction__fund=fund, account=Account.CASH).order_by("transaction_id"):
            running += line.amount_fen
            if running < 0:
                found.append(_("「%(f)s」在凭证#%(n)d 后余额为负") % {"f": fund.name, "n": line.transaction_id})
                break
    return found
