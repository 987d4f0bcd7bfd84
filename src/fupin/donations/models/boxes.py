"""募捐箱 and their openings: each opening counted by two different people, with the count sheet photo."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .giving import Donation, DonationDrive


class DonationBox(models.Model):
    """A sealed box of a drive, fixed in one place or carried around."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("固定")
        MOBILE = "mobile", _("流动")

    drive = models.ForeignKey(DonationDrive, on_delete=models.PROTECT, related_name="boxes")
    place = models.CharField(_("放置地点"), max_length=200)
    seal_number = models.CharField(_("封条编号"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.FIXED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("募捐箱")
        verbose_name_plural = _("募捐箱")
        ordering = ["drive", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "seal_number"],
                name="box_seal_unique_in_drive",
                violation_error_message=_("本次募捐已有相同封条编号的募捐箱"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.place}({self.seal_number})"


class BoxOpening(models.Model):
    """开箱清点: two different witnesses sign; the counted amount enters the ledger as a box donation once the
    second witness has confirmed it with their own login."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待第二清点人确认")
        CONFIRMED = "confirmed", _("已确认入账")

    box = models.ForeignKey(DonationBox, on_delete=models.PROTECT, related_name="openings")
    amount_fen = models.BigIntegerField(_("清点金额(分)"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    donation = models.OneToOneField(
        Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="box_opening"
    )
    first_witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("清点人一"), on_delete=models.PROTECT, related_name="+"
    )
    second_witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("清点人二"), on_delete=models.PROTECT, related_name="+"
    )
    count_sheet = models.FileField(_("清点单照片"), upload_to="box-openings/%Y/")
    count_sheet_name = models.CharField(max_length=120, blank=True)
    opened_at = models.DateTimeField(_("开箱时间"))
    new_seal_number = models.CharField(_("新封条编号"), max_length=60, blank=True)
    late_reason = models.CharField(_("逾期登记原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("开箱清点")
        verbose_name_plural = _("开箱清点")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_witness=models.F("second_witness")),
                name="box_opening_two_witnesses",
                violation_error_message=_("开箱清点须有两名不同的见证人"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.box} {self.opened_at:%Y-%m-%d}"
