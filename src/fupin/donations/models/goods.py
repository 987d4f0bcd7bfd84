"""物资 handed out: like money paid out, each handing-out names the recipient and purpose, with a signed proof,
and never more than what is left of the gift."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .giving import Donation


class GoodsHandout(models.Model):
    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="handouts")
    recipient = models.CharField(_("发放对象"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=300)
    quantity = models.PositiveIntegerField(_("发放数量"))
    handed_out_at = models.DateTimeField(_("发放时间"))
    proof = models.FileField(_("签收凭证"), upload_to="goods-handouts/%Y/")
    proof_name = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("物资发放")
        verbose_name_plural = _("物资发放")
        ordering = ["-handed_out_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="goods_handout_quantity_positive",
                violation_error_message=_("发放数量必须大于零"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ×{self.quantity}"
