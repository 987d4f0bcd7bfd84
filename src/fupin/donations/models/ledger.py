"""The fund and its append-only ledger: balanced transactions of signed 分 amounts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import Unit


class Fund(models.Model):
    """Where money sits (统筹管理): kept by one managing unit; its balance is derived from the ledger."""

    unit = models.ForeignKey(Unit, verbose_name=_("管理单位"), on_delete=models.PROTECT, related_name="funds")
    name = models.CharField(_("名称"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("统筹资金")
        verbose_name_plural = _("统筹资金")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class LedgerTransaction(models.Model):
    """One balanced movement of money of a fund. Never changed; a correction is a reversing transaction."""

    class Kind(models.TextChoices):
        DONATION = "donation", _("捐款入账")
        DISBURSEMENT = "disbursement", _("拨付")
        REVERSAL = "reversal", _("冲正")
        TRANSFER = "transfer", _("专项调剂")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    memo = models.CharField(_("摘要"), max_length=300)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("记账凭证")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.memo}"


class Account(models.TextChoices):
    CASH = "cash", _("资金余额")
    DONATIONS = "donations", _("捐赠收入")
    DISBURSED = "disbursed", _("已拨付")
    TRANSFERRED_OUT = "transfer_out", _("调出")
    TRANSFERRED_IN = "transfer_in", _("调入")


class LedgerLine(models.Model):
    """A signed amount in 分 on one account of one drive's restricted account (专项); the lines of a
    transaction add up to zero for each drive they touch."""

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="lines")
    drive = models.ForeignKey(
        "donations.DonationDrive", verbose_name=_("专项"), on_delete=models.PROTECT, related_name="ledger_lines"
    )
    account = models.CharField(max_length=12, choices=Account.choices)
    amount_fen = models.BigIntegerField()

    class Meta:
        ordering = ["transaction", "id"]
        indexes = [models.Index(fields=["drive", "account"], name="ledger_line_drive_account")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount_fen=0), name="ledger_line_not_zero", violation_error_message=_("记账金额不能为零")
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount_fen}"


class AccountTotal(models.Model):
    """One account of one drive summed, kept by `ledger.post` in the transaction that writes the lines, so a
    disclosure reads its figures without writing or locking; `fupin ledger check` compares it with the lines."""

    drive = models.ForeignKey("donations.DonationDrive", on_delete=models.CASCADE, related_name="account_totals")
    account = models.CharField(max_length=12, choices=Account.choices)
    amount_fen = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "account"],
                name="account_total_per_drive",
                violation_error_message=_("每个专项的每个科目只有一行合计"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.drive_id} {self.account} {self.amount_fen}"
