"""Pairings (结对帮扶) of every kind, the visits made under them and their photos.

A cadre_household pairing makes the cadre the household's 帮扶责任人; the database allows one open such pairing
per household, so a household has one responsible cadre at a time and the ended pairings are its history.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.households.models import Household, PovertyCause
from fupin.orgs.models import Unit


class PairingKind(models.TextChoices):
    UNIT_VILLAGE = "unit_village", _("单位包村")
    CADRE_HOUSEHOLD = "cadre_household", _("干部包户")
    SCHOOL_SCHOOL = "school_school", _("城乡学校结对")
    STUDENT_STUDENT = "student_student", _("学生结对")
    ENTERPRISE_VILLAGE = "enterprise_village", _("企业包村")


SHAPE = (
    Q(kind="cadre_household", cadre__isnull=False, household__isnull=False)
    | Q(kind__in=["unit_village", "enterprise_village", "school_school"], partner_unit__isnull=False)
    | (Q(kind="student_student") & ~Q(helper_name="") & ~Q(partner_name=""))
)


class Pairing(models.Model):
    kind = models.CharField(_("结对类型"), max_length=20, choices=PairingKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, related_name="pairings_given")
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("帮扶责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("帮扶户"), null=True, blank=True, on_delete=models.PROTECT, related_name="pairings"
    )
    partner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("结对村/学校"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings_received",
    )
    helper_name = models.CharField(_("结对学生"), max_length=60, blank=True)
    partner_name = models.CharField(_("受助学生"), max_length=60, blank=True)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("结对")
        verbose_name_plural = _("结对")
        ordering = ["kind", "unit__path", "-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(kind="cadre_household", ended_on__isnull=True),
                name="pairing_one_responsible_cadre",
                violation_error_message=_("该户已有帮扶责任人,请先结束原结对"),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="pairing_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=SHAPE,
                name="pairing_sides_match_kind",
                violation_error_message=_("结对双方与结对类型不符"),
            ),
        ]
        indexes = [models.Index(fields=["cadre", "ended_on"], name="pairing_cadre_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit.name} → {self.partner_label()}"

    def partner_label(self) -> str:
        if self.household is not None:
            return f"{self.household.village.name} · {self.household.head_name}"
        if self.partner_unit is not None:
            return self.partner_unit.name
        return self.partner_name


class VisitKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("入户走访")
    LEADER_VISIT = "leader_visit", _("一线慰问调研")
    JOINT_ACTIVITY = "joint_activity", _("结对学校联合活动")


class Visit(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("类型"), max_length=16, choices=VisitKind.choices)
    visited_on = models.DateField(_("日期"))
    visitors = models.CharField(_("走访人员"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"), null=True, blank=True)
    living = models.TextField(_("生活情况"), max_length=2000, blank=True)
    income = models.TextField(_("收入情况"), max_length=2000, blank=True)
    schooling = models.TextField(_("子女上学情况"), max_length=2000, blank=True)
    health = models.TextField(_("健康情况"), max_length=2000, blank=True)
    poverty_causes = models.JSONField(_("致贫原因"), default=list, blank=True)
    difficulties = models.TextField(_("存在困难"), max_length=2000, blank=True)
    measures = models.TextField(_("商定的帮扶措施"), max_length=2000, blank=True)
    follow_up_on = models.DateField(_("回访日期"), null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_consent = models.BooleanField(_("同意记录位置"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("走访")
        verbose_name_plural = _("走访")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["pairing", "visited_on"], name="visit_pairing_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gt=F("visited_on")),
                name="visit_follow_up_after_visit",
                violation_error_message=_("回访日期应晚于走访日期"),
            ),
            models.CheckConstraint(
                condition=Q(location_consent=True) | Q(latitude__isnull=True, longitude__isnull=True),
                name="visit_location_only_with_consent",
                violation_error_message=_("未经同意不能记录位置"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.get_kind_display()}"

    def cause_labels(self) -> list[str]:
        return [str(PovertyCause(c).label) for c in self.poverty_causes if c in PovertyCause.values]


class VisitPhoto(models.Model):
    """A photo checked by the shared intake (re-encoded, location and owner data removed)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="visits/%Y/%m/")
    name = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.name


class VisitReminder(models.Model):
    """A reminder to a cadre: a paired household not yet visited in the 行动月, or an agreed follow-up whose
    date has passed. Each goes out once (per month for the household, per visit for the follow-up)."""

    class Kind(models.TextChoices):
        UNVISITED = "unvisited", _("尚未走访")
        OVERDUE = "overdue", _("回访逾期")

    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_reminders")
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=24)  # the month's first day (unvisited) or the visit's id (overdue)
    message = models.CharField(_("内容"), max_length=300)
    sent_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    emailed_to = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("走访提醒")
        verbose_name_plural = _("走访提醒")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "kind", "key"],
                name="visit_reminder_once",
                violation_error_message=_("该提醒已经发送过"),
            ),
        ]

    def __str__(self) -> str:
        return self.message
