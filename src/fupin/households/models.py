"""The household registry: 建档立卡户, 脱贫监测户 and 边缘户 of each village, their members and status over time.

The head's 身份证号 is stored only encrypted (`head_id_cipher`), with its keyed hash for finding duplicates
(`head_id_hash`) and its masked form for display (`head_id_masked`); see fupin.lib.id_numbers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.lib.masking import mask_name
from fupin.orgs.models import Unit


class Category(models.TextChoices):
    REGISTERED_POOR = "registered_poor", _("建档立卡户")
    MONITORED = "monitored", _("脱贫监测户")
    BORDERLINE = "borderline", _("边缘户")
    OTHER = "other", _("其他")


class PovertyCause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    SCHOOLING = "schooling", _("因学")
    DISASTER = "disaster", _("因灾")
    LAND = "land", _("缺土地")
    WATER = "water", _("缺水")
    SKILLS = "skills", _("缺技术")
    LABOUR = "labour", _("缺劳力")
    FUNDS = "funds", _("缺资金")
    TRANSPORT = "transport", _("交通条件落后")
    MOTIVATION = "motivation", _("自身发展动力不足")
    OTHER = "other", _("其他")


class HouseholdStatus(models.TextChoices):
    IN_POVERTY = "in_poverty", _("未脱贫")
    LIFTED = "lifted", _("已脱贫")
    MONITORING = "monitoring", _("监测帮扶中")
    RISK_CLEARED = "risk_cleared", _("风险已消除")


class Household(models.Model):
    village = models.ForeignKey(Unit, verbose_name=_("所在村"), on_delete=models.PROTECT, related_name="households")
    head_name = models.CharField(_("户主姓名"), max_length=60)
    head_id_cipher = models.TextField(editable=False)
    head_id_hash = models.CharField(max_length=64, editable=False)
    head_id_masked = models.CharField(_("户主身份证号"), max_length=18, editable=False)
    category = models.CharField(_("户类别"), max_length=20, choices=Category.choices)
    poverty_causes = models.JSONField(_("致贫原因"), default=list, blank=True)
    cause_note = models.CharField(_("致贫原因说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=HouseholdStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("帮扶户")
        verbose_name_plural = _("帮扶户")
        ordering = ["village__path", "head_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["head_id_hash"],
                name="household_one_per_id_number",
                violation_error_message=_("该身份证号已登记"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village.name} {mask_name(self.head_name)}"

    def cause_labels(self) -> list[str]:
        return [str(PovertyCause(c).label) for c in self.poverty_causes if c in PovertyCause.values]


class Relation(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    GRANDCHILD = "grandchild", _("孙子女")
    OTHER = "other", _("其他")


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Schooling(models.TextChoices):
    NONE = "none", _("未上学")
    PRESCHOOL = "preschool", _("学前")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    COLLEGE = "college", _("大专及以上")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    CHRONIC = "chronic", _("长期慢性病")
    SERIOUS = "serious", _("患有大病")
    DISABLED = "disabled", _("残疾")


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=60)
    relation = models.CharField(_("与户主关系"), max_length=12, choices=Relation.choices)
    sex = models.CharField(_("性别"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    schooling = models.CharField(_("文化程度"), max_length=12, choices=Schooling.choices)
    health = models.CharField(_("健康状况"), max_length=12, choices=Health.choices)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900, birth_year__lte=2100),
                name="member_birth_year_plausible",
                violation_error_message=_("出生年份应在1900年至今之间"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.name}"


class StatusChange(models.Model):
    """One step of a household's history (e.g. 2019年脱贫); rows are only added."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("状态"), max_length=16, choices=HouseholdStatus.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("状态变化")
        verbose_name_plural = _("状态变化")
        ordering = ["household", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2013, year__lte=2100),
                name="status_change_year_plausible",
                violation_error_message=_("年度应在2013年(精准扶贫建档立卡起)至今之间"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_status_display()}"
