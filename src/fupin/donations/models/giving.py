"""Drives, donations and disbursements: money in, money out, each tied to its ledger transaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import ActivityItem, Campaign
from fupin.orgs.models import Unit

from .ledger import Fund, LedgerTransaction


class Channel(models.TextChoices):
    ONE_DAY_PAY = "one_day_pay", _("一日捐")
    ONE_YUAN = "one_yuan", _("一元捐")
    BOX = "box", _("募捐箱")
    TRANSFER = "transfer", _("转账")
    ONSITE = "onsite", _("现场捐赠")
    GOODS = "goods", _("物资")


class DonorType(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    ENTERPRISE = "enterprise", _("企业")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    UNIT = "unit", _("机关事业单位")


class DonationDrive(models.Model):
    """A voluntary drive under a campaign's donation item; there is no quota or per-person target field."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="donation_drives")
    item = models.ForeignKey(ActivityItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organiser = models.ForeignKey(Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(Fund, verbose_name=_("资金管理"), on_delete=models.PROTECT, related_name="drives")
    title = models.CharField(_("名称"), max_length=200)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    channels = models.JSONField(_("募捐方式"), default=list)
    designated_uses = models.TextField(_("定向用途"), blank=True)
    payee_name = models.CharField(_("收款户名"), max_length=100, blank=True)
    payee_bank = models.CharField(_("开户行"), max_length=100, blank=True)
    payee_account = models.CharField(_("账号"), max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("募捐活动")
        verbose_name_plural = _("募捐活动")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="drive_period",
                violation_error_message=_("募捐结束日期不能早于开始日期"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Donation(models.Model):
    """Money or goods given to a drive; entered once, where it happens."""

    drive = models.ForeignKey(DonationDrive, on_delete=models.PROTECT, related_name="donations")
    channel = models.CharField(_("方式"), max_length=12, choices=Channel.choices)
    donor_type = models.CharField(_("捐赠方类型"), max_length=20, choices=DonorType.choices)
    donor_name = models.CharField(_("捐赠方"), max_length=100, blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_fen = models.BigIntegerField(_("金额(分)"), default=0)
    goods_description = models.CharField(_("物资"), max_length=200, blank=True)
    goods_quantity = models.PositiveIntegerField(_("物资数量"), default=0)
    goods_unit = models.CharField(_("计量单位"), max_length=10, blank=True)
    goods_value_fen = models.BigIntegerField(_("物资估值(分)"), default=0)  # an estimate; never cash in the fund
    transaction = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="donation"
    )
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("收到时间"))
    # why finance recorded it although the drive had ended (empty for a gift within the drive's dates)
    late_reason = models.CharField(_("逾期登记原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0),
                name="donation_amount_not_negative",
                violation_error_message=_("捐赠金额不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(goods_value_fen__gte=0),
                name="donation_goods_value_not_negative",
                violation_error_message=_("物资折价不能为负数"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor_name or _('匿名')} {self.amount_fen / 100:.2f}"


class Disbursement(models.Model):
    """拨付: requested by finance, approved by the office (another person), paid with a proof uploaded."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        APPROVED = "approved", _("已审批")
        PAID = "paid", _("已拨付")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="disbursements")
    drive = models.ForeignKey(
        DonationDrive, verbose_name=_("专项"), on_delete=models.PROTECT, related_name="disbursements"
    )
    use = models.CharField(_("定向用途"), max_length=100, blank=True)
    recipient = models.CharField(_("拨付对象"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=300)
    amount_fen = models.BigIntegerField(_("金额(分)"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proof = models.FileField(_("拨付证明"), upload_to="disbursements/%Y/", blank=True)
    proof_name = models.CharField(max_length=120, blank=True)
    # the uploader (the approver) confirmed that student names, ID and bank numbers are blacked out
    proof_is_redacted = models.BooleanField(_("已确认遮盖个人信息"), default=False)
    proof_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proof_published_at = models.DateTimeField(_("证明公开时间"), null=True, blank=True)
    transaction = models.OneToOneField(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="disbursement"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("拨付")
        verbose_name_plural = _("拨付")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0),
                name="disbursement_amount_positive",
                violation_error_message=_("拨付金额必须大于零"),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("requested_by")),
                name="disbursement_two_people",
                violation_error_message=_("拨付须由申请人以外的另一人审批"),
            ),
            models.CheckConstraint(
                condition=Q(proof_published_by__isnull=True)
                | (Q(proof_is_redacted=True) & ~Q(proof_published_by=models.F("approved_by"))),
                name="disbursement_proof_published_by_another",
                violation_error_message=_("拨付证明须确认已遮盖个人信息,并由上传人以外的另一人批准公开"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.amount_fen / 100:.2f}"

    @property
    def is_proof_public(self) -> bool:
        """The public sees the proof only once another person has approved its publication."""
        return bool(self.proof) and self.proof_published_at is not None
