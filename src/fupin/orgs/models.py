"""The unit tree (materialised path), accounts and their roles on units."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .validators import validate_phone, validate_unit_code

PATH_STEP = 8  # digits per level: "00000001/00000007/" is unit 7 under unit 1


class UnitKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", _("市教育局")
    COUNTY_BUREAU = "county_bureau", _("县(区)教育局")
    SCHOOL = "school", _("学校")
    DEPARTMENT = "department", _("科室/部门")
    TOWN = "town", _("乡镇")
    VILLAGE = "village", _("村")
    ENTERPRISE = "enterprise", _("企业")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    OTHER = "other", _("其他")


class SchoolStage(models.TextChoices):
    PRIMARY = "primary", _("小学")
    SECONDARY = "secondary", _("中学")
    VOCATIONAL = "vocational", _("职业学校")
    HIGHER = "higher", _("高等学校")


class Area(models.TextChoices):
    URBAN = "urban", _("城区")
    RURAL = "rural", _("农村")


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("办公室管理员")
    COORDINATOR = "coordinator", _("活动协调员")
    REPORTER = "reporter", _("报送员")
    REVIEWER = "reviewer", _("审核员")
    CADRE = "cadre", _("帮扶责任人")
    FINANCE = "finance", _("财务")
    AID_OFFICER = "aid_officer", _("资助专干")
    AUDITOR = "auditor", _("审计员")
    VIEWER = "viewer", _("查看者")
    SUPERVISOR = "supervisor", _("监督(纪检)")


class User(AbstractUser):
    """An account; what it may see and do comes from its memberships."""

    name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, validators=[validate_phone])
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # look-alike letters are checked when an account is made; case, the commonest slip, is held here too
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ignoring_case",
                violation_error_message=_("已有仅大小写不同的同名账号,请换一个账号"),
            )
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        """The one 姓名 field (Chinese names are not split into first and last)."""
        return self.name


class Unit(models.Model):
    """A node of the org tree; `path` holds the ids from the root, so a subtree is one prefix query."""

    name = models.CharField(_("单位名称"), max_length=100)
    code = models.CharField(_("单位代码"), max_length=40, unique=True, validators=[validate_unit_code])
    kind = models.CharField(_("单位类型"), max_length=24, choices=UnitKind.choices)
    stage = models.CharField(_("学段"), max_length=12, choices=SchoolStage.choices, blank=True)
    area = models.CharField(_("城乡"), max_length=8, choices=Area.choices, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' needs the pattern opclass on PostgreSQL outside the C locale.
            models.Index(fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="school") | Q(stage=""),
                name="unit_stage_only_for_schools",
                violation_error_message=_("只有学校才有学段"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: "Unit") -> bool:
        return self.path.startswith(other.path)


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}/"


class Membership(models.Model):
    """A role granted to a user on a unit; it applies to the unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("成员角色")
        verbose_name_plural = _("成员角色")
        ordering = ["unit__path", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="membership_unique_role",
                violation_error_message=_("该账号在这个单位已有这个角色"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class UsedPassword(models.Model):
    """The hash of a password an account had before, kept so it cannot be chosen again (等保 2.0: no reuse of
    the last few passwords); only the most recent few are kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="used_passwords")
    password = models.CharField(max_length=128)
    replaced_at = models.DateTimeField(_("停用时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("用过的密码")
        verbose_name_plural = _("用过的密码")
        indexes = [models.Index(fields=["user", "-replaced_at"], name="used_password_recent")]

    def __str__(self) -> str:
        return f"{self.user} · {self.replaced_at:%Y-%m-%d}"
