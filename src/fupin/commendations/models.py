"""选树典型 and 表彰: units nominate advanced individuals and collectives with their deeds, evidence and photos;
the office above reviews, selects and forwards upward; an office publishes a commendation list (表彰名单) of
selected nominations, each entry with its certificate.

Only the nominee's name, unit and deeds are kept, so nothing else can reach a public page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit
from fupin.publicity.models import Photo


class Category(models.TextChoices):
    INDIVIDUAL = "individual", _("先进个人")
    COLLECTIVE = "collective", _("先进集体")


class NomineeKind(models.TextChoices):
    TEACHER = "teacher", _("教师")
    CADRE = "cadre", _("干部")
    STUDENT_VOLUNTEER = "student_volunteer", _("学生志愿者")
    SCHOOL = "school", _("学校")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


INDIVIDUAL_KINDS = (NomineeKind.TEACHER, NomineeKind.CADRE, NomineeKind.STUDENT_VOLUNTEER)
COLLECTIVE_KINDS = (NomineeKind.SCHOOL, NomineeKind.ENTERPRISE)


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    SELECTED = "selected", _("已入选")
    NOT_SELECTED = "not_selected", _("未入选")


class Nomination(models.Model):
    """A unit's nomination of an advanced individual or collective in a campaign, with its deeds (事迹)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("扶贫日活动"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="nominations")
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=NomineeKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    nominee_unit = models.CharField(_("所在单位"), max_length=100)
    deeds = models.TextField(_("先进事迹"), max_length=4000)
    status = models.CharField(_("状态"), max_length=14, choices=NominationStatus.choices, default="draft")
    office = models.ForeignKey(
        Unit, verbose_name=_("审核单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        Unit, verbose_name=_("上报至"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("先进典型推荐")
        verbose_name_plural = _("先进典型推荐")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="nomination_unit_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(nominee_unit="") & ~Q(deeds=""),
                name="nomination_name_unit_deeds_required",
                violation_error_message=_("推荐须有姓名或名称、所在单位和先进事迹"),
            ),
            models.CheckConstraint(
                condition=Q(category="individual", kind__in=["teacher", "cadre", "student_volunteer", "other"])
                | Q(category="collective", kind__in=["school", "enterprise", "other"]),
                name="nomination_kind_fits_category",
                violation_error_message=_(
                    "先进个人的类型须为教师、干部、学生志愿者或其他;先进集体须为学校、企业或其他"
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | ~Q(reason=""),
                name="nomination_decision_has_reason",
                violation_error_message=_("退回、入选或不入选须写明理由"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}:{self.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)


class NominationPhoto(models.Model):
    """A photo of the nominee, kept in the shared photo library."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="photos")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("典型照片")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "photo"], name="nomination_photo_once", violation_error_message=_("该照片已添加")
            ),
        ]

    def __str__(self) -> str:
        return self.photo.caption


class NominationEvidence(models.Model):
    """A supporting document (证明材料) of a nomination, checked by the shared intake; never public."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(upload_to="nominations/%Y/%m/")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("证明材料")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="evidence_title_required", violation_error_message=_("请填写材料名称")
            ),
            models.UniqueConstraint(
                fields=["nomination", "sha256"],
                name="evidence_once_per_nomination",
                violation_error_message=_("该材料已上传"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CommendationList(models.Model):
    """表彰名单: an office's list of commended individuals and collectives, public once published."""

    office = models.ForeignKey(Unit, verbose_name=_("发文单位"), on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, verbose_name=_("扶贫日活动"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名单标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("表彰日期"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("表彰名单")
        verbose_name_plural = _("表彰名单")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="commendation_list_title_required",
                violation_error_message=_("请填写名单标题"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CommendationEntry(models.Model):
    """One commended nomination on a list, in order, with the honour its certificate names."""

    commendation_list = models.ForeignKey(CommendationList, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="entries")
    honour = models.CharField(_("荣誉称号"), max_length=100)
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("表彰对象")
        ordering = ["commendation_list", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commendation_list", "nomination"],
                name="commendation_entry_once",
                violation_error_message=_("该对象已在名单中"),
            ),
            models.CheckConstraint(
                condition=~Q(honour=""),
                name="commendation_entry_honour_required",
                violation_error_message=_("请填写荣誉称号"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.honour}:{self.nomination.name}"
