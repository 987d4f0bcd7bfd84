"""专项调剂: money moved from one drive's restricted account to another's, by two people, with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .giving import DonationDrive
from .ledger import LedgerTransaction


class Transfer(models.Model):
    """Finance asks to move money to another drive of the campaign, of the same fund or of another finance
    office's; the office (another person) approves, and both drives' disclosures show it with its reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        DONE = "done", _("已调剂")

    from_drive = models.ForeignKey(
        DonationDrive, verbose_name=_("调出专项"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_drive = models.ForeignKey(
        DonationDrive, verbose_name=_("调入专项"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    amount_fen = models.BigIntegerField(_("金额(分)"))
    reason = models.CharField(_("调剂理由"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transaction = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="transfer"
    )
    # between drives of two funds (two finance offices' books): the receiving fund's own entry; empty within a fund
    transaction_in = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="transfer_in"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专项调剂")
        verbose_name_plural = _("专项调剂")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0),
                name="transfer_amount_positive",
                violation_error_message=_("调剂金额必须大于零"),
            ),
            models.CheckConstraint(
                condition=~Q(from_drive=models.F("to_drive")),
                name="transfer_between_two_drives",
                violation_error_message=_("调出和调入须是两个不同的募捐活动"),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="transfer_two_people",
                violation_error_message=_("申请人不能审批自己的调剂(须两人经手)"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_drive_id}→{self.to_drive_id} {self.amount_fen / 100:.2f}"
