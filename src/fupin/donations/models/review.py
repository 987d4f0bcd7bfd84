"""The office's review of 疑似摊派 flags: a flag is cleared, or confirmed as 摊派, only with a written reason,
kept on record (a confirmed one costs the unit points in the 年度考核)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import Unit

from .giving import Donation, DonationDrive


class QuotaOutcome(models.TextChoices):
    CLEARED = "cleared", _("已解除")
    CONFIRMED = "confirmed", _("确认摊派")


class QuotaClearance(models.Model):
    """The office's finding on a unit's same-amount 一日捐 (voluntary, or 摊派 confirmed), the figures it saw
    and why."""

    drive = models.ForeignKey(DonationDrive, on_delete=models.PROTECT, related_name="flag_clearances")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    givers = models.PositiveIntegerField(_("捐款人数"))
    amount_fen = models.BigIntegerField(_("相同金额(分)"))
    same = models.PositiveIntegerField(_("相同金额人数"))
    reason = models.TextField(_("核查说明"))
    outcome = models.CharField(_("核查结论"), max_length=10, choices=QuotaOutcome.choices, default=QuotaOutcome.CLEARED)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cleared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("疑似摊派核查")
        verbose_name_plural = _("疑似摊派核查")
        ordering = ["-cleared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "unit"],
                name="quota_clearance_once_per_unit",
                violation_error_message=_("该单位在本次募捐中的同额捐赠已经核实过"),
            ),
            models.CheckConstraint(
                condition=Q(reason__regex=r"\S"),
                name="quota_clearance_has_reason",
                violation_error_message=_("请写明核实为自愿捐赠的理由"),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=QuotaOutcome.values),
                name="quota_clearance_outcome_known",
                violation_error_message=_("核查结论只能是「已解除」或「确认摊派」"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.reason[:20]}"


class EnterpriseNomination(models.Model):
    """推荐企业参加现场捐赠: a county bureau names an enterprise for the city's on-site donation event; the office
    running the event follows it (invited, attended, gave), and 「已捐赠」 points at the gift as recorded."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("已推荐")
        INVITED = "invited", _("已邀请")
        ATTENDED = "attended", _("已到场")
        GAVE = "gave", _("已捐赠")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+")
    nominated_by_unit = models.ForeignKey(Unit, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.CharField(_("企业名称"), max_length=200)
    contact = models.CharField(_("联系人"), max_length=60, blank=True)
    intention = models.CharField(_("拟捐赠款物(自愿)"), max_length=300, blank=True)
    reason = models.TextField(_("推荐理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NOMINATED)
    donation = models.OneToOneField(
        Donation,
        verbose_name=_("捐赠记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination",
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("状态更新时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("推荐企业")
        verbose_name_plural = _("推荐企业")
        ordering = ["nominated_by_unit__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "nominated_by_unit", "enterprise"],
                name="nomination_once_per_county",
                violation_error_message=_("本单位已推荐过这家企业"),
            ),
            models.CheckConstraint(
                condition=Q(status="gave", donation__isnull=False) | (~Q(status="gave") & Q(donation__isnull=True)),
                name="nomination_gave_has_gift",
                violation_error_message=_("「已捐赠」须关联这家企业的捐赠记录,其他状态不关联"),
            ),
        ]

    def __str__(self) -> str:
        return self.enterprise
