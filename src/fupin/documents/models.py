"""The documents app's records: background builds of the 存档备查 archive."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit


class ArchiveStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ArchiveJob(models.Model):
    """One build of a campaign's archive for a unit's subtree; the file exists only once it is whole."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("单位范围"), on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.QUEUED)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    file = models.FileField(_("存档文件"), upload_to="archives/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)  # written while a runner builds
    attempt = models.PositiveIntegerField(_("第几次生成"), default=0)  # a runner only writes to its own attempt

    class Meta:
        verbose_name = _("存档任务")
        verbose_name_plural = _("存档任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")),
                name="archive_job_progress_bounded",
                violation_error_message=_("已打包的条目数不能超过总数"),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""),
                name="archive_job_done_has_file",
                violation_error_message=_("已完成的存档必须有文件"),
            ),
        ]

    # set by `archive.selectors.mark_rebuildable` for the page; not stored
    is_stale: bool = False
    can_rebuild: bool = False

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"

    @property
    def percent(self) -> int:
        if self.status == ArchiveStatus.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0
