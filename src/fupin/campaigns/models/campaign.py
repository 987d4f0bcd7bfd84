"""A campaign as issued by one unit, its numbered activity items and what must be handed in by when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import Unit


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class Campaign(models.Model):
    """One year's 扶贫日 campaign of one unit; a lower unit's own plan is a child (`parent`)."""

    unit = models.ForeignKey(Unit, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="campaigns")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级活动"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    theme = models.CharField(_("活动主题"), max_length=200, blank=True)
    slogan = models.CharField(_("行动口号"), max_length=200, blank=True)
    guiding_ideas = models.TextField(_("指导思想"), blank=True)
    principles = models.TextField(_("基本原则"), blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("扶贫日活动")
        verbose_name_plural = _("扶贫日活动")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2014) & Q(year__lte=2100),
                name="campaign_year_range",
                violation_error_message=_("年度须在 2014 年至 2100 年之间"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_order",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def edition(self) -> int:
        """第N个扶贫日: 2014 was the first."""
        return self.year - 2013

    @property
    def international_edition(self) -> int:
        """第N个国际消除贫困日: 1993 was the first."""
        return self.year - 1992


class Contact(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("联系人"), max_length=60)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    note = models.CharField(_("负责事项"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("联系人")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ItemKind(models.TextChoices):
    PUBLICITY = "publicity", _("集中宣传")
    NATIONAL_CONDITIONS_EDUCATION = "national_conditions_education", _("国情教育")
    DONATION_DRIVE = "donation_drive", _("扶贫募捐")
    PROJECT_CLAIM = "project_claim", _("项目认领")
    MICRO_WISH = "micro_wish", _("微心愿认领")
    PAIRING_VISIT = "pairing_visit", _("结对帮扶走访")
    STUDENT_AID = "student_aid", _("学生资助")
    EXHIBITION = "exhibition", _("图片展")
    VOLUNTEER_SERVICE = "volunteer_service", _("志愿服务")
    CITY_RURAL_EXCHANGE = "city_rural_exchange", _("城乡互动")
    PARTY_DAY = "party_day", _("主题党日")
    PARENTS_MEETING = "parents_meeting", _("家长座谈会")
    BROADCAST_VIEWING = "broadcast_viewing", _("收看特别节目")
    BOOK_DONATION = "book_donation", _("捐赠图书")
    OTHER = "other", _("其他")


class ActivityItem(models.Model):
    """活动内容 (一)(二)…: a numbered item with its lead units (牵头) and responsible units (责任/承办)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=32, choices=ItemKind.choices, default=ItemKind.OTHER)
    description = models.TextField(_("内容"), blank=True)
    lead_units = models.ManyToManyField(Unit, verbose_name=_("牵头单位"), blank=True, related_name="+")
    responsible_units = models.ManyToManyField(Unit, verbose_name=_("责任单位"), blank=True, related_name="+")
    inherited_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("活动内容")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "number"],
                name="item_number_unique",
                violation_error_message=_("本活动已有相同序号的活动内容"),
            )
        ]

    def __str__(self) -> str:
        return f"({self.number}) {self.title}"


class RequirementKind(models.TextChoices):
    PLAN = "plan", _("活动方案")
    SUMMARY = "summary", _("活动总结")
    STAT_TABLE = "stat_table", _("统计表")
    PHOTOS = "photos", _("活动照片")
    VIDEO = "video", _("视频")
    STAMPED_SCAN = "stamped_scan", _("盖章扫描件")


class Requirement(models.Model):
    """报送要求: what must be handed in, by when, by which units, to whom."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="requirements")
    item = models.ForeignKey(
        ActivityItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="requirements"
    )
    kind = models.CharField(_("报送内容"), max_length=16, choices=RequirementKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    due_at = models.DateTimeField(_("截止时间"))
    due_text = models.CharField(_("通知原文"), max_length=100, blank=True)
    close_after_days = models.PositiveSmallIntegerField(
        _("逾期关闭天数"), null=True, blank=True, help_text=_("截止后再过几天停止接收;留空表示一直接收(标记逾期)")
    )
    photo_min_count = models.PositiveSmallIntegerField(_("照片最少张数"), default=0)
    photo_min_megapixels = models.DecimalField(_("照片最低像素(百万)"), max_digits=4, decimal_places=1, default=0)
    caption_required = models.BooleanField(_("照片须配文字说明"), default=False)
    stat_table = models.ForeignKey(
        "campaigns.StatTable",
        verbose_name=_("统计表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    unit_kinds = models.JSONField(_("报送单位类型"), default=list, blank=True)
    school_stages = models.JSONField(_("学段"), default=list, blank=True)
    direct_only = models.BooleanField(_("仅直属单位"), default=False)
    named_units = models.ManyToManyField(Unit, verbose_name=_("指定单位"), blank=True, related_name="+")
    recipient = models.ForeignKey(
        Unit, verbose_name=_("报送至"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inherited_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived")
    paper_copies = models.PositiveSmallIntegerField(_("纸质版份数"), default=0, help_text=_("0 表示不需要纸质版"))
    paper_stamped = models.BooleanField(_("纸质版须加盖公章"), default=False)
    paper_deliver_to = models.CharField(_("纸质版送达地点"), max_length=200, blank=True)
    parent_change = models.CharField(
        _("上级调整说明"),
        max_length=300,
        blank=True,
        help_text=_("上级提前截止时间时,本要求随之调整的说明,供本单位知悉"),
    )

    class Meta:
        verbose_name = _("报送要求")
        ordering = ["campaign", "due_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paper_copies=0) | ~Q(paper_deliver_to=""),
                name="requirement_paper_needs_place",
                violation_error_message=_("要求报送纸质版时,请填写纸质版送达地点"),
            ),
        ]

    def __str__(self) -> str:
        return self.title
