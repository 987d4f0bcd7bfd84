"""A task is one requirement for one unit; its hand-ins are versioned submissions, reviewed above."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.orgs.models import Unit

from .campaign import Requirement


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("待报送")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


class Task(models.Model):
    """Overdue and late are computed from the requirement's `due_at`, never stored."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="tasks")
    # the top-most requirement that asked this unit; a derived plan's requirement takes the task over
    # (`requirement` moves down), so the unit keeps one task per requirement and its derivations
    origin = models.ForeignKey(
        Requirement, verbose_name=_("上级报送要求"), on_delete=models.CASCADE, related_name="given_tasks"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tasks")
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    submitted_at = models.DateTimeField(_("最近报送时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    paper_received_at = models.DateTimeField(_("纸质版收到时间"), null=True, blank=True)
    paper_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("纸质版签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["requirement__due_at", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "unit"],
                name="task_unique_unit",
                violation_error_message=_("该单位已有这项报送任务"),
            ),
            models.UniqueConstraint(
                fields=["origin", "unit"],
                name="task_unique_origin_unit",
                violation_error_message=_("同一单位对同一项报送要求只能有一项任务"),
            ),
        ]
        indexes = [models.Index(fields=["requirement", "status"], name="task_requirement_status")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.requirement}"

    @property
    def is_locked(self) -> bool:
        return self.status == TaskStatus.APPROVED


class Submission(models.Model):
    """One version of a task's hand-in; versions are never overwritten."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveSmallIntegerField(_("版本"))
    text = models.TextField(_("正文"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"))

    class Meta:
        verbose_name = _("报送")
        ordering = ["task", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "version"],
                name="submission_version_unique",
                violation_error_message=_("这一版已经报送过了,请刷新页面后查看"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} v{self.version}"


class FileKind(models.TextChoices):
    DOCUMENT = "document", _("文档")
    PHOTO = "photo", _("照片")
    VIDEO = "video", _("视频")
    SCAN = "scan", _("扫描件")
    SHEET = "sheet", _("表格")


class SubmissionFile(models.Model):
    """A checked upload, stored under a generated name; the original name is kept only for display."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to="submissions/%Y/%m/")
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("文字说明"), max_length=300, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # a photo's thumbnail for the photo library, made once when it is handed in
    thumbnail = models.FileField(upload_to="submissions/thumbs/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("报送附件")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回")
    REOPEN = "reopen", _("重新打开")


class Review(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reviews")
    submission = models.ForeignKey(Submission, null=True, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(_("结论"), max_length=10, choices=ReviewDecision.choices)
    comment = models.TextField(_("意见"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        ordering = ["task", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} {self.get_decision_display()}"


class Reminder(models.Model):
    """A reminder sent to a unit about a task, in the app and (where an address is known) by email."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("手动催报")
        SCHEDULED = "scheduled", _("到期提醒")
        OVERDUE = "overdue", _("逾期提醒")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    message = models.CharField(_("内容"), max_length=300)
    days_before = models.SmallIntegerField(null=True, blank=True)
    emailed_to = models.JSONField(default=list, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("催报提醒")
        ordering = ["-sent_at"]
        constraints = [
            # a scheduled reminder goes out once per task and lead time, so a retried run sends nothing twice
            models.UniqueConstraint(
                fields=["task", "kind", "days_before"],
                condition=models.Q(kind="scheduled"),
                name="reminder_scheduled_once",
                violation_error_message=_("这次定时催报已经发送过"),
            ),
        ]

    def __str__(self) -> str:
        return self.message
