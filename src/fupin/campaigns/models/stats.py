"""统计表: a typed form (template) and the filled reports whose figures add up the unit tree."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import Unit

from .task import Task


class RowMode(models.TextChoices):
    ONE_PER_UNIT = "one_per_unit", _("每个单位一行")
    MANY_ROWS = "many_rows", _("每个单位多行")


class ColumnType(models.TextChoices):
    INTEGER = "integer", _("整数")
    MONEY = "money", _("金额(元)")
    PERCENT = "percent", _("百分比")
    TEXT = "text", _("文字")
    DATE = "date", _("日期")
    CHOICE = "choice", _("选项")


class StatTable(models.Model):
    """A statistics table template; `campaign` is empty for the ready templates every campaign may use."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="stat_tables"
    )
    code = models.SlugField(_("代码"), max_length=40)
    title = models.CharField(_("表名"), max_length=200)
    row_mode = models.CharField(_("行"), max_length=16, choices=RowMode.choices, default=RowMode.ONE_PER_UNIT)
    note = models.TextField(_("填表说明"), blank=True)

    class Meta:
        verbose_name = _("统计表")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"],
                name="stat_table_code_unique",
                violation_error_message=_("本活动已有相同编号的统计表"),
            ),
            # NULLs are distinct in the constraint above, so the ready templates need their own
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(campaign__isnull=True),
                name="stat_template_code_unique",
                violation_error_message=_("已有相同编号的统计表模板"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_template(self) -> bool:
        return self.campaign_id is None

    @property
    def is_many_rows(self) -> bool:
        return self.row_mode == RowMode.MANY_ROWS


class StatColumn(models.Model):
    table = models.ForeignKey(StatTable, on_delete=models.CASCADE, related_name="columns")
    key = models.SlugField(max_length=40)
    label = models.CharField(_("列名"), max_length=100)
    type = models.CharField(_("类型"), max_length=10, choices=ColumnType.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    source = models.CharField(_("数据来源"), max_length=60, blank=True)
    help = models.CharField(_("填写说明"), max_length=200, blank=True)
    # relations between columns, by the other column's key: 「其中」 never exceeds its total; the parts of a
    # whole add up to it exactly
    within = models.SlugField(_("其中(不超过)"), max_length=40, blank=True)
    part_of = models.SlugField(_("组成(各部分之和等于)"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["table", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(within="") | models.Q(part_of=""),
                name="stat_column_one_relation",
                violation_error_message=_("一列只能是另一列的「其中」或组成部分之一,不能两者都是"),
            ),
            models.UniqueConstraint(
                fields=["table", "key"],
                name="stat_column_key_unique",
                violation_error_message=_("本统计表已有相同代码的栏目"),
            ),
            # a source gives a whole number (分 for money), so only counts and amounts can have one
            models.CheckConstraint(
                condition=models.Q(source="") | models.Q(type__in=["integer", "money"]),
                name="stat_column_source_numeric",
                violation_error_message=_("只有整数或金额栏目可以自动取数"),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_numeric(self) -> bool:
        return self.type in (ColumnType.INTEGER, ColumnType.MONEY, ColumnType.PERCENT)

    @property
    def is_additive(self) -> bool:
        """Counts and amounts add up the tree; a percentage does not (its sum means nothing)."""
        return self.type in (ColumnType.INTEGER, ColumnType.MONEY)


class StatReport(models.Model):
    """One unit's filled table for one campaign."""

    table = models.ForeignKey(StatTable, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="stat_reports")
    task = models.OneToOneField(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="stat_report")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("统计表填报")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "unit"],
                name="stat_report_unit_unique",
                violation_error_message=_("该单位已经填报过这张统计表"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.table}"


class StatValue(models.Model):
    """One cell. Numbers (integers, 分 for money, basis points for percentages) add up in SQL."""

    report = models.ForeignKey(StatReport, on_delete=models.CASCADE, related_name="values")
    row = models.PositiveIntegerField(default=0)
    column = models.ForeignKey(StatColumn, on_delete=models.CASCADE, related_name="+")
    number = models.BigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "row", "column"],
                name="stat_value_cell_unique",
                violation_error_message=_("这个单元格已经有数据"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} [{self.row}] {self.column_id}"


class FigureChoice(models.TextChoices):
    REPORTED = "reported", _("以本单位填报数为准")
    BELOW = "below", _("以下级合计为准")


class StatFigureChoice(models.Model):
    """Where a parent's own figure differs from its children's sum, which of the two the office lets stand in
    the totals and the summary (the parent's own figure stands until the office chooses)."""

    table = models.ForeignKey(StatTable, on_delete=models.CASCADE, related_name="figure_choices")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    column = models.ForeignKey(StatColumn, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("以何为准"), max_length=10, choices=FigureChoice.choices)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("统计数取舍")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "unit", "column"],
                name="stat_figure_choice_unique",
                violation_error_message=_("同一单位同一列只能选定一种取数"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.column} · {self.get_choice_display()}"
