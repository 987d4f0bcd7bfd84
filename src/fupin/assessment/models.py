"""年度考核: a campaign's scheme (the rules the office chose), each unit's result and its lines, and the
queries (异议) a unit raises on a line of its draft."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit


class AssessmentScheme(models.Model):
    """The office's scoring of one campaign: its chosen rules, when units may query the draft, and when it
    was published (after which every result is frozen)."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("扶贫日活动"), on_delete=models.PROTECT, related_name="assessment_scheme"
    )
    query_until = models.DateTimeField(
        _("异议截止时间"), null=True, blank=True, help_text=_("设定后,各单位可查看考核初稿并在此时间前提出异议")
    )
    computed_at = models.DateTimeField(_("计分时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(published_by__isnull=False),
                name="assessment_scheme_published_by_whom",
                violation_error_message=_("发布考核结果须记录发布人"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {_('年度考核')}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class SchemeRule(models.Model):
    """One rule of the catalogue chosen for the scheme, with its weight (full points, or points per item)
    and cap (the most a count or a deduction can reach)."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="rules")
    rule_key = models.CharField(_("考核项"), max_length=60)
    weight = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    cap = models.DecimalField(_("上限"), max_digits=5, decimal_places=1, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("考核项")
        ordering = ["scheme", "position", "rule_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "rule_key"],
                name="scheme_rule_once",
                violation_error_message=_("考核方案中已有这一考核项"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="scheme_rule_weight_positive", violation_error_message=_("分值须大于 0")
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0),
                name="scheme_rule_cap_positive",
                violation_error_message=_("上限须大于 0"),
            ),
        ]

    def __str__(self) -> str:
        return self.rule_key


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("初稿")
    PUBLISHED = "published", _("已发布")


class AssessmentResult(models.Model):
    """A unit's score under a scheme; published results are frozen, with who published them and when."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.PROTECT, related_name="results")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("合计"), max_digits=8, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.DRAFT)
    computed_at = models.DateTimeField(_("计分时间"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["scheme", "-total", "unit__path"]
        # the ranking reads a scheme's results best first, a page at a time: walked in this order, not sorted whole
        indexes = [models.Index(fields=["scheme", "-total"], name="assessment_result_ranking")]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "unit"],
                name="assessment_result_once",
                violation_error_message=_("该单位已有考核结果"),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(published_at__isnull=False) & Q(published_by__isnull=False)),
                name="assessment_result_published_by_whom",
                violation_error_message=_("已发布的考核结果须记录发布人和发布时间"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.total}"

    @property
    def is_frozen(self) -> bool:
        return self.status == ResultStatus.PUBLISHED


class AssessmentLine(models.Model):
    """One rule's points for one unit, with the reason for every point and a link to the evidence."""

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="lines")
    rule_key = models.CharField(_("考核项"), max_length=60)
    label = models.CharField(_("考核项"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    explanation = models.TextField(_("计分说明"))
    evidence_url = models.CharField(_("依据链接"), max_length=300, blank=True)
    evidence_label = models.CharField(_("依据"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("考核得分项")
        ordering = ["result", "position", "rule_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "rule_key"], name="assessment_line_once", violation_error_message=_("该考核项已计分")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.points}"


class AssessmentQuery(models.Model):
    """异议: a unit questions one line of its draft; the office answers."""

    line = models.ForeignKey(AssessmentLine, on_delete=models.CASCADE, related_name="queries")
    text = models.TextField(_("异议内容"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("考核异议")
        verbose_name_plural = _("考核异议")
        ordering = ["raised_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(text__regex=r"\S"),
                name="assessment_query_has_text",
                violation_error_message=_("请写明异议内容"),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]
