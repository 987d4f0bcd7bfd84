"""微心愿: a household's (or a student's) small wish, posted by its village or school, vetted before it is
public, claimed by exactly one claimant, delivered, and confirmed by the village with a photo.

A wish moves pending → open (or returned) → claimed → delivered → confirmed; an expired claim sends it back
to open. The database keeps one live claim per wish, whatever two claimants do at the same moment.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.donations.models import Disbursement, Donation, DonationDrive
from fupin.households.models import Household
from fupin.orgs.models import Unit

DEFAULT_WISH_CAP_FEN = 50_000  # 500 元
DEFAULT_CLAIM_DAYS = 14


class MatchingSetting(models.Model):
    """A campaign's rules for wishes: the value cap and the days a claimant has to fulfil."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="matching_setting")
    wish_cap_fen = models.PositiveIntegerField(_("微心愿金额上限(分)"), default=DEFAULT_WISH_CAP_FEN)
    claim_days = models.PositiveSmallIntegerField(_("认领后实现期限(天)"), default=DEFAULT_CLAIM_DAYS)

    class Meta:
        verbose_name = _("微心愿设置")
        verbose_name_plural = _("微心愿设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(wish_cap_fen__gt=0, wish_cap_fen__lte=10_000_000),
                name="matching_setting_cap_range",
                violation_error_message=_("微心愿金额上限须在 0.01 元至 10 万元之间"),
            ),
            models.CheckConstraint(
                condition=Q(claim_days__gte=1, claim_days__lte=180),
                name="matching_setting_days_range",
                violation_error_message=_("实现期限须在 1 至 180 天之间"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.campaign)


class WishCategory(models.TextChoices):
    STUDY_SUPPLIES = "study_supplies", _("学习用品")
    CLOTHING = "clothing", _("衣物")
    DAILY_GOODS = "daily_goods", _("生活用品")
    SMALL_APPLIANCE = "small_appliance", _("小家电")
    MEDICAL_AID = "medical_aid", _("医疗辅助")
    OTHER = "other", _("其他")


class WishStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    RETURNED = "returned", _("已退回")
    OPEN = "open", _("待认领")
    CLAIMED = "claimed", _("已认领")
    DELIVERED = "delivered", _("已送达")
    CONFIRMED = "confirmed", _("已实现")


PUBLIC_STATUSES = (WishStatus.OPEN, WishStatus.CLAIMED, WishStatus.DELIVERED, WishStatus.CONFIRMED)


class MicroWish(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("扶贫日活动"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("所在村/学校"), on_delete=models.PROTECT, related_name="wishes")
    household = models.ForeignKey(
        Household, verbose_name=_("帮扶户"), null=True, blank=True, on_delete=models.PROTECT, related_name="wishes"
    )
    student_name = models.CharField(_("学生姓名"), max_length=60, blank=True)
    category = models.CharField(_("心愿类别"), max_length=20, choices=WishCategory.choices)
    title = models.CharField(_("心愿内容"), max_length=100)
    value_fen = models.PositiveIntegerField(_("估计价值(分)"))
    reason = models.TextField(_("心愿理由"), max_length=1000)
    photo = models.FileField(upload_to="wishes/%Y/%m/", blank=True)
    photo_shows_minor = models.BooleanField(_("照片中有可辨认的未成年人"), default=False)
    minor_consent = models.BooleanField(_("已取得监护人同意"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=WishStatus.choices, default=WishStatus.PENDING)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vetted_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("微心愿")
        verbose_name_plural = _("微心愿")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "campaign"], name="wish_status_campaign")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_fen__gt=0),
                name="wish_value_positive",
                violation_error_message=_("估计价值须大于 0"),
            ),
            models.CheckConstraint(
                condition=(Q(household__isnull=False) & Q(student_name=""))
                | (Q(household__isnull=True) & ~Q(student_name="")),
                name="wish_for_household_or_student",
                violation_error_message=_("微心愿须且只能对应一户或一名学生"),
            ),
            models.CheckConstraint(
                condition=Q(photo_shows_minor=False) | Q(minor_consent=True),
                name="wish_minor_photo_needs_consent",
                violation_error_message=_("照片中有可辨认的未成年人,须先取得监护人同意"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.title}"

    @property
    def public_name(self) -> str:
        """Only the surname, masked (王*), whoever the wish is for."""
        name = self.household.head_name if self.household is not None else self.student_name
        return f"{name[:1]}*" if name else ""


class ClaimStatus(models.TextChoices):
    ACTIVE = "active", _("认领中")
    DELIVERED = "delivered", _("已送达")
    CONFIRMED = "confirmed", _("已确认")
    EXPIRED = "expired", _("已过期")


LIVE_CLAIM = (ClaimStatus.ACTIVE, ClaimStatus.DELIVERED, ClaimStatus.CONFIRMED)


class DeliveryKind(models.TextChoices):
    HANDED_OVER = "handed_over", _("物品已当面送达")
    PURCHASE_RECEIPT = "purchase_receipt", _("已网购寄送(附购物凭证)")


class WishClaim(models.Model):
    """One claimant's claim on a wish: a signed-in account, or a member of the public whose phone was verified.
    A public claimant comes back through a secret link (only its hash is kept)."""

    wish = models.ForeignKey(MicroWish, on_delete=models.PROTECT, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="wish_claims"
    )
    name = models.CharField(_("认领人"), max_length=60)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.ACTIVE)
    claimed_at = models.DateTimeField(_("认领时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("实现期限"))
    delivery_kind = models.CharField(_("实现方式"), max_length=20, choices=DeliveryKind.choices, blank=True)
    delivery_note = models.CharField(_("送达说明"), max_length=500, blank=True)
    delivery_proof = models.FileField(upload_to="wishes/delivery/%Y/%m/", blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    receipt_photo = models.FileField(upload_to="wishes/receipt/%Y/%m/", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认收到时间"), null=True, blank=True)
    expired_at = models.DateTimeField(_("过期时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("微心愿认领")
        verbose_name_plural = _("微心愿认领")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wish"],
                condition=Q(status__in=["active", "delivered", "confirmed"]),
                name="wish_one_live_claim",
                violation_error_message=_("该心愿已被认领"),
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(phone=""),
                name="wish_claim_account_or_phone",
                violation_error_message=_("认领人须登录或验证手机号码"),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="wish_claim_due")]

    def __str__(self) -> str:
        return f"{self.wish} · {self.name}"


class ProjectKind(models.TextChoices):
    SPECIALTY_FARMING = "specialty_farming", _("特色种养")
    SOLAR = "solar", _("光伏扶贫")
    SKILLS_TRAINING = "skills_training", _("技能培训")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    OPEN = "open", _("认领中")
    FUNDED = "funded", _("已认领满额")
    CLOSED = "closed", _("已验收")


class Project(models.Model):
    """认领项目: a village industry project of a campaign that units claim in full or in part, never beyond its
    budget (the claims are added under a row lock on the project)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("扶贫日活动"), on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(Unit, verbose_name=_("所在村"), on_delete=models.PROTECT, related_name="projects")
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("项目名称"), max_length=100)
    description = models.TextField(_("项目简介"), max_length=3000)
    budget_fen = models.PositiveBigIntegerField(_("项目预算(分)"))
    claimed_fen = models.PositiveBigIntegerField(_("已认领(分)"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("验收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("认领项目")
        verbose_name_plural = _("认领项目")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_fen__gt=0),
                name="project_budget_positive",
                violation_error_message=_("项目预算须大于 0"),
            ),
            models.CheckConstraint(
                condition=Q(claimed_fen__lte=models.F("budget_fen")),
                name="project_never_over_claimed",
                violation_error_message=_("认领总额不能超过项目预算"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village.name} · {self.title}"

    @property
    def funded_percent(self) -> int:
        return self.claimed_fen * 100 // self.budget_fen if self.budget_fen else 0


class ProjectClaim(models.Model):
    """A unit's claim on a project, with its numbered 项目认领回执 and, later, its 拨付证明."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="claims")
    unit = models.ForeignKey(Unit, verbose_name=_("认领单位"), on_delete=models.PROTECT, related_name="project_claims")
    amount_fen = models.PositiveBigIntegerField(_("认领金额(分)"))
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(_("认领时间"), auto_now_add=True)
    proof = models.FileField(upload_to="projects/proof/%Y/%m/", blank=True)
    proof_name = models.CharField(_("拨付证明"), max_length=120, blank=True)
    proof_at = models.DateTimeField(_("上传拨付证明时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目认领")
        verbose_name_plural = _("项目认领")
        ordering = ["project", "claimed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0),
                name="project_claim_amount_positive",
                violation_error_message=_("认领金额须大于 0"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.unit.name}"

    @property
    def receipt_number(self) -> str:
        """项目认领回执 number: the year and the claim's serial."""
        return f"XMRL-{self.claimed_at:%Y}-{self.pk:06d}"


class ProjectUpdate(models.Model):
    """A progress note of a project, with its photos; only added, never changed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    note = models.CharField(_("进展"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return self.note


class ProjectPhoto(models.Model):
    """A photo of a progress update, checked by the shared intake (re-encoded, location removed), always with its
    caption; a photo of identifiable minors is public only with the guardians' consent."""

    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="projects/progress/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=120, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("图片说明"), max_length=200)
    shows_minors = models.BooleanField(_("照片中有可辨认的未成年人"), default=False)
    minors_consent = models.BooleanField(_("已取得监护人同意"), default=False)

    class Meta:
        verbose_name = _("项目进展照片")
        verbose_name_plural = _("项目进展照片")
        ordering = ["update", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(caption=""),
                name="project_photo_caption_required",
                violation_error_message=_("照片须有图片说明"),
            ),
        ]

    def __str__(self) -> str:
        return self.caption

    @property
    def is_public(self) -> bool:
        return not self.shows_minors or self.minors_consent


class ProjectFunding(models.Model):
    """A project's money passing through a managed fund: a claim's money received into a drive's restricted
    account (a donation of the claiming unit), or paid out of it to the project's village (a disbursement).
    The ledger holds the money; this row only ties the ledger entry to the project."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="fundings")
    claim = models.ForeignKey(
        ProjectClaim, verbose_name=_("认领"), null=True, blank=True, on_delete=models.PROTECT, related_name="fundings"
    )
    drive = models.ForeignKey(DonationDrive, verbose_name=_("专项"), on_delete=models.PROTECT, related_name="+")
    donation = models.OneToOneField(
        Donation, verbose_name=_("缴入"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disbursement = models.OneToOneField(
        Disbursement, verbose_name=_("拨付"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_fen = models.PositiveBigIntegerField(_("金额(分)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目资金往来")
        verbose_name_plural = _("项目资金往来")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0),
                name="project_funding_amount_positive",
                violation_error_message=_("金额须大于 0"),
            ),
            models.CheckConstraint(
                condition=Q(donation__isnull=False, claim__isnull=False, disbursement__isnull=True)
                | Q(donation__isnull=True, disbursement__isnull=False),
                name="project_funding_in_or_out",
                violation_error_message=_("项目资金须是认领单位的一笔缴入,或一笔拨付到项目"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.amount_fen}"

    @property
    def is_paid_in(self) -> bool:
        return self.donation_id is not None
