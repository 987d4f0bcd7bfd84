"""Volunteer service (志愿服务): opportunities posted by an organising unit (often a youth organisation or a
school) in a campaign, with a number of slots; people sign up, and the organiser confirms each volunteer's
hours or marks them absent. A confirmed sign-up has its certificate of hours (志愿服务时长证明)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import ActivityItem, Campaign
from fupin.orgs.models import Unit


class VolunteerKind(models.TextChoices):
    DISABILITY = "disability", _("助残")
    MEDICAL = "medical", _("助医")
    EDUCATION = "education", _("助学")
    ENVIRONMENT = "environment", _("环境")
    OTHER = "other", _("其他")


class Opportunity(models.Model):
    """A volunteer service at a place and time with a fixed number of slots; `taken` counts the sign-ups not
    cancelled and never exceeds `slots` (a conditional update, so two people cannot take the last slot)."""

    organiser = models.ForeignKey(
        Unit, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="volunteer_opportunities"
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("扶贫日活动"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        ActivityItem, verbose_name=_("活动内容"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("服务类型"), max_length=16, choices=VolunteerKind.choices)
    title = models.CharField(_("服务项目"), max_length=200)
    place = models.CharField(_("地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    slots = models.PositiveIntegerField(_("招募人数"))
    taken = models.PositiveIntegerField(_("已报名"), default=0)
    description = models.TextField(_("服务内容"), max_length=4000, blank=True)
    is_public = models.BooleanField(_("面向社会公开招募"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organiser", "starts_at"], name="opportunity_organiser_start")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="opportunity_title_required", violation_error_message=_("请填写服务项目")
            ),
            models.CheckConstraint(
                condition=Q(slots__gte=1, slots__lte=10000),
                name="opportunity_slots_range",
                violation_error_message=_("招募人数须在 1 至 10000 之间"),
            ),
            models.CheckConstraint(
                condition=Q(taken__lte=F("slots")),
                name="opportunity_taken_within_slots",
                violation_error_message=_("报名人数不能超过招募人数"),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="opportunity_ends_after_start",
                violation_error_message=_("结束时间须晚于开始时间"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slots_left(self) -> int:
        return self.slots - self.taken

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class SignUpStatus(models.TextChoices):
    SIGNED_UP = "signed_up", _("已报名")
    CANCELLED = "cancelled", _("已取消")
    CONFIRMED = "confirmed", _("已确认时长")
    ABSENT = "absent", _("未到")


ACTIVE = Q(status__in=[SignUpStatus.SIGNED_UP, SignUpStatus.CONFIRMED, SignUpStatus.ABSENT])


class SignUp(models.Model):
    """One volunteer on an opportunity, signed up by themselves or by their teacher (a student), with the hours
    the organiser confirmed."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="sign_ups")
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20)
    status = models.CharField(_("状态"), max_length=16, choices=SignUpStatus.choices, default=SignUpStatus.SIGNED_UP)
    minutes = models.PositiveIntegerField(_("服务时长(分钟)"), default=0)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phone_verified_at = models.DateTimeField(_("手机验证时间"), null=True, blank=True)
    # a public volunteer comes back through a private link; only its hash is kept
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    signed_up_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿者报名")
        verbose_name_plural = _("志愿者报名")
        ordering = ["signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "name", "phone"],
                condition=ACTIVE,
                name="sign_up_once_per_person",
                violation_error_message=_("此人已报名该志愿服务"),
            ),
            models.CheckConstraint(
                condition=Q(status=SignUpStatus.CONFIRMED, minutes__gt=0)
                | (~Q(status=SignUpStatus.CONFIRMED) & Q(minutes=0)),
                name="sign_up_hours_only_when_confirmed",
                violation_error_message=_("只有确认到场的志愿者才有服务时长"),
            ),
            models.CheckConstraint(
                condition=Q(signed_up_by__isnull=False) | Q(phone_verified_at__isnull=False),
                name="sign_up_account_or_verified_phone",
                violation_error_message=_("报名须登录账号或验证手机号码"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.opportunity.title}"

    @property
    def hours(self) -> str:
        """The confirmed hours as printed (kept in whole tenths of an hour): 150 minutes → 「2.5」, 180 → 「3」."""
        return f"{self.minutes / 60:.1f}".removesuffix(".0")

    @property
    def certificate_number(self) -> str:
        return f"ZY{self.opportunity.starts_at:%Y}-{self.pk:06d}"
