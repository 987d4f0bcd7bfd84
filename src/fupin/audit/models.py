"""The audit trail: one append-only row per write, login or view of personal data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    MOVE = "move", _("移动")
    IMPORT = "import", _("导入")
    EXPORT = "export", _("导出")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    PASSWORD = "password", _("修改密码")
    VIEW_PERSONAL = "view_personal", _("查看个人信息")
    PURGE = "purge", _("清理过期记录")


class AuditEvent(models.Model):
    """Who did what to which object, when and from where. Rows are never updated, and deleted only by the
    retention purge once older than the kept period; each row's hash chains it to the row before (`chain.py`)."""

    # Set before saving (not auto_now_add, which would overwrite it on save) because the hash covers it.
    at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("账号"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    target_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    unit_name = models.CharField(_("所属单位"), max_length=100, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    seq = models.PositiveBigIntegerField(_("链序号"), editable=False)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("哈希"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["seq"], name="audit_seq_unique", violation_error_message=_("审计记录的链序号不能重复")
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()} {self.target_repr}"


class AuditChainHead(models.Model):
    """The chain's last link (one row): appending locks it, so writers on every app server take turns, and
    rows cut from the end of the trail show as a head ahead of the last row."""

    seq = models.PositiveBigIntegerField(_("链序号"), default=0)
    hash = models.CharField(_("哈希"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="audit_chain_head_single", violation_error_message=_("审计链头只有一行")
            )
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"
