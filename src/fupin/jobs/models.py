"""Imports run in the background: the uploaded sheet kept privately, the job's status, progress and result."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("完成")
    FAILED = "failed", _("未导入")


class Progress:
    """The share of a background job done, for its progress bar: whole once it has ended either way."""

    status: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        if self.status in ("done", "failed"):  # ImportStatus and ExportStatus end alike
            return 100
        return self.done * 100 // self.total if self.total else 0


class ImportJob(Progress, models.Model):
    """One uploaded sheet and what became of it: all of it written (done) or none of it (failed, with every
    reason). The file lives in private storage only until the job ends."""

    kind = models.CharField(_("导入类型"), max_length=40)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("导入单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("上传的表格"), upload_to="imports/%Y/%m/", blank=True)
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    done = models.PositiveIntegerField(_("已处理行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    summary = models.JSONField(_("导入结果"), default=list, blank=True)  # [[label, count], …]
    items = models.JSONField(_("导入的条目"), default=list, blank=True)  # what was created, for the result page
    errors = models.JSONField(_("问题"), default=list, blank=True)  # 「第N行 字段: 原因」, every one
    attempt = models.PositiveIntegerField(_("第几次运行"), default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="import_job_progress_bounded",
                violation_error_message=_("已处理的行数不能超过总行数"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="import_job_status_known",
                violation_error_message=_("导入任务的状态无效"),
            ),
        ]

    def __str__(self) -> str:
        return self.filename


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("完成")
    FAILED = "failed", _("未生成")


class ExportJob(Progress, models.Model):
    """A long export built by the worker: what was asked for (kind and its filters), its progress, and the
    finished workbook in private storage, downloaded only by the person who asked, within their scope."""

    kind = models.CharField(_("导出类型"), max_length=40)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("导出范围"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("导出内容"), max_length=200)
    params = models.JSONField(_("导出条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    done = models.PositiveIntegerField(_("已写入行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    file = models.FileField(_("生成的表格"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("问题"), blank=True)
    attempt = models.PositiveIntegerField(_("第几次运行"), default=0)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="export_job_progress_bounded",
                violation_error_message=_("已写入的行数不能超过总行数"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="export_job_status_known",
                violation_error_message=_("导出任务的状态无效"),
            ),
        ]

    def __str__(self) -> str:
        return self.title
