"""What the public hands in and what it is handed: pledges, receipts, concerns, and the disclosure tally."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import Unit

from .giving import Channel, Donation, DonationDrive, DonorType
from .ledger import Fund


class Pledge(models.Model):
    """认捐: anyone, without an account, says what they will give; it becomes a Donation only when the
    managing unit's finance officer confirms the money (or goods) arrived."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("待确认到账")
        RECEIVED = "received", _("已确认到账")
        CANCELLED = "cancelled", _("捐赠人已撤回")
        VOID = "void", _("已作废")

    # No index of its own: pledge_lookalike and pledge_drive_status both begin with the drive. A lone drive index
    # was the planner's pick for the look-alike check whenever its statistics had not yet seen a new drive's
    # pledges (the first minutes of a drive), and then every pledge read all the drive's earlier ones.
    drive = models.ForeignKey(DonationDrive, on_delete=models.PROTECT, related_name="pledges", db_index=False)
    token = models.CharField(max_length=32, unique=True)  # the donor's own link to the pledge; not guessable
    idempotency_key = models.CharField(max_length=64, unique=True)
    donor_type = models.CharField(_("捐赠方类型"), max_length=20, choices=DonorType.choices)
    donor_name = models.CharField(_("姓名或名称"), max_length=100, blank=True)
    is_anonymous = models.BooleanField(_("匿名捐赠"), default=False)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    channel = models.CharField(_("捐赠方式"), max_length=12, choices=Channel.choices)
    amount_fen = models.BigIntegerField(_("金额(分)"), default=0)
    goods_description = models.CharField(_("物资"), max_length=200, blank=True)
    goods_quantity = models.PositiveIntegerField(_("物资数量"), default=0)
    goods_unit = models.CharField(_("计量单位"), max_length=10, blank=True)
    goods_value_fen = models.BigIntegerField(_("物资估值(分)"), default=0)  # the giver's estimate; never cash
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLEDGED)
    donation = models.OneToOneField(Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="pledge")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("认捐")
        verbose_name_plural = _("认捐")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["drive", "status", "id"], name="pledge_drive_status"),
            # the look-alike check of every public pledge: same drive and amount, made in the last half hour
            models.Index(fields=["drive", "amount_fen", "created_at"], name="pledge_lookalike"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gte=0),
                name="pledge_amount_not_negative",
                violation_error_message=_("认捐金额不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0) | ~Q(goods_description=""),
                name="pledge_gives_something",
                violation_error_message=_("请填写认捐金额或捐赠的物资"),
            ),
            models.CheckConstraint(
                condition=Q(status="received", donation__isnull=False) | (~Q(status="received") & Q(donation=None)),
                name="pledge_received_has_donation",
                violation_error_message=_("只有已确认到账的认捐才有捐赠记录"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """认捐编号, as printed for the donor: the drive and the pledge's own serial."""
        return f"RJ{self.drive_id:04d}-{self.pk:07d}"


class Receipt(models.Model):
    """捐赠收据: numbered per fund, 1, 2, 3 … with no gap (issued in the transaction that records the money)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="receipts")
    number = models.PositiveIntegerField(_("收据号"))
    donation = models.OneToOneField(Donation, on_delete=models.PROTECT, related_name="receipt")
    official_number = models.CharField(_("公益事业捐赠票据号码"), max_length=40, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("捐赠收据")
        verbose_name_plural = _("捐赠收据")
        ordering = ["fund", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "number"],
                name="receipt_number_per_fund",
                violation_error_message=_("该资金已有相同编号的收据"),
            ),
            models.CheckConstraint(
                condition=Q(number__gt=0),
                name="receipt_number_positive",
                violation_error_message=_("收据编号必须大于零"),
            ),
            models.UniqueConstraint(
                fields=["official_number"],
                condition=~Q(official_number=""),
                name="receipt_official_number_once",
                violation_error_message=_("这个公益事业捐赠票据号码已登记在另一张收据上"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return self.display(self.fund_id, self.number)

    @staticmethod
    def display(fund_id: int, number: int) -> str:
        """How a receipt number is written: the fund, then its place in the fund's series."""
        return f"{fund_id:04d}-{number:06d}"


class Concern(models.Model):
    """举报/意见: a member of the public reports a concern about a drive; it reaches the independent supervisor
    (监督, e.g. the bureau's 纪检 office), not the finance office managing the fund, and the person who raised
    it reads the answer through a private link."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已收到")
        HANDLING = "handling", _("核查中")
        ANSWERED = "answered", _("已答复")

    drive = models.ForeignKey(DonationDrive, on_delete=models.PROTECT, related_name="concerns")
    text = models.TextField(_("反映的问题"))
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    token = models.CharField(max_length=32, unique=True, null=True, blank=True)  # the raiser's private link
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # the supervisor's finding: 属实, against the unit named (it costs that unit points in the 年度考核)
    is_substantiated = models.BooleanField(_("核查属实"), default=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("涉及单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("群众反映")
        verbose_name_plural = _("群众反映")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_substantiated=False, unit__isnull=True)
                | Q(is_substantiated=True, status="answered", unit__isnull=False),
                name="concern_substantiated_names_unit",
                violation_error_message=_("核查属实的反映须已答复并写明涉及单位"),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class DisclosureTally(models.Model):
    """A cache of a drive's donations summed by day, channel and donor type, so the disclosure page costs
    the same for a thousand donations as for a million. Derived only; kept by `tally.count_gift` in the
    transaction that records or reverses a gift, rebuilt the same by `disclosure.rebuild`."""

    drive = models.ForeignKey(DonationDrive, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=12, choices=Channel.choices)
    donor_type = models.CharField(max_length=20, choices=DonorType.choices)
    donations = models.BigIntegerField(default=0)
    amount_fen = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["drive", "day", "channel", "donor_type"],
                name="tally_cell",
                violation_error_message=_("这一天该渠道、该类捐赠人的汇总已经存在"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.donor_type} {self.amount_fen}"
