"""冲正: undoing a wrong ledger entry is asked by one person with a reason and approved by another."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .ledger import LedgerTransaction


class Reversal(models.Model):
    """A request to reverse one ledger transaction; the reversing transaction is posted when another person
    approves it, and the disclosure shows it with the reason."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        DONE = "done", _("已冲正")

    entry = models.OneToOneField(
        LedgerTransaction, verbose_name=_("被冲正的凭证"), on_delete=models.PROTECT, related_name="reversal_request"
    )
    reason = models.CharField(_("冲正原因"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversing = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("冲正")
        verbose_name_plural = _("冲正")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="reversal_two_people",
                violation_error_message=_("申请人不能审批自己的冲正(须两人经手)"),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.reason[:20]}"
