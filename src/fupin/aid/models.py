"""学生资助: the student registry (工作台帐) with its history, aid programmes, their funding sources and awards.

A student's 身份证号 is stored only encrypted (`id_cipher`), with its keyed hash for finding the same student
again (`id_hash`) and its masked form for display (`id_masked`); see fupin.lib.id_numbers.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.households.models import Household
from fupin.lib.masking import mask_name
from fupin.orgs.models import Unit
from fupin.pairing.models import Pairing


class StudentCategory(models.TextChoices):
    REGISTERED_POOR = "registered_poor", _("建档立卡")
    SUBSISTENCE = "subsistence", _("低保")
    EXTREME_POOR = "extreme_poor", _("特困")
    DISABLED = "disabled", _("残疾")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    PRESCHOOL = "preschool", _("学前")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中职")
    COLLEGE = "college", _("大学")


class Enrolment(models.TextChoices):
    ENROLLED = "enrolled", _("在读")
    SUSPENDED = "suspended", _("休学")
    GRADUATED = "graduated", _("毕业")
    DROPPED_OUT = "dropped_out", _("辍学")


class Difficulty(models.TextChoices):
    SEVERE = "severe", _("特别困难")
    DIFFICULT = "difficult", _("困难")
    MILD = "mild", _("一般困难")


class Student(models.Model):
    school = models.ForeignKey(Unit, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="aid_students")
    household = models.ForeignKey(
        Household, verbose_name=_("所属帮扶户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=60)
    id_cipher = models.TextField(editable=False)
    id_hash = models.CharField(max_length=64, editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=18, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    card_cipher = models.TextField(blank=True, editable=False)
    card_masked = models.CharField(_("银行卡号"), max_length=24, blank=True, editable=False)
    stage = models.CharField(_("学段"), max_length=12, choices=Stage.choices)
    grade = models.CharField(_("年级"), max_length=20, blank=True)
    is_new_student = models.BooleanField(_("新生"), default=False)
    enrolment = models.CharField(_("就读状态"), max_length=12, choices=Enrolment.choices, default=Enrolment.ENROLLED)
    categories = models.JSONField(_("资助类别"), default=list)
    difficulty = models.CharField(_("困难等级"), max_length=12, choices=Difficulty.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("受助学生")
        verbose_name_plural = _("受助学生")
        ordering = ["school__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_hash"], name="student_one_per_id_number", violation_error_message=_("该身份证号已登记")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {mask_name(self.name)}"

    def category_labels(self) -> list[str]:
        return [str(StudentCategory(c).label) for c in self.categories if c in StudentCategory.values]


class StudentEvidence(models.Model):
    """A scan or photo proving one of a student's categories (低保证, 残疾证, 特困证明…); kept in private storage
    under a generated name and given out only through the permission-checked, audited download."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="evidence")
    category = models.CharField(_("资助类别"), max_length=20, choices=StudentCategory.choices)
    file = models.FileField(upload_to="aid-evidence/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["student", "category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "sha256"],
                name="student_evidence_once",
                violation_error_message=_("该证明材料已上传"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.get_category_display()}"


class StudentChange(models.Model):
    """One line of the 工作台帐: what changed on a student, by whom, when; rows are only added."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="changes")
    changes = models.JSONField(_("变更内容"), default=dict)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("台帐变更")
        verbose_name_plural = _("台帐变更")
        ordering = ["student", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.student} {self.recorded_at:%Y-%m-%d}"

    def lines(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) in words, in the form's order (jsonb keeps no key order): choice
        labels, 是/否, categories joined."""
        order = [f.name for f in Student._meta.get_fields()]
        keys = sorted(self.changes, key=lambda k: order.index(k) if k in order else len(order))
        return [(_label(k), _shown(k, self.changes[k][0]), _shown(k, self.changes[k][1])) for k in keys]


_CHOICES: dict[str, type[models.TextChoices]] = {
    "stage": Stage,
    "enrolment": Enrolment,
    "difficulty": Difficulty,
    "categories": StudentCategory,
}


def _label(field: str) -> str:
    try:
        return str(getattr(Student._meta.get_field(field), "verbose_name", field))
    except FieldDoesNotExist:  # a key of an older shape of the ledger
        return field


def _shown(field: str, value: object) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    choices = _CHOICES.get(field)
    values = value if isinstance(value, list) else [value]
    if choices is not None:
        return "、".join(str(choices(v).label) if v in choices.values else str(v) for v in values)
    return "、".join(str(v) for v in values)


class ProgramLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    COUNTY = "county", _("县级")
    SOCIAL = "social", _("社会资助")


class AidProgram(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="aid_programs")
    name = models.CharField(_("项目名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=12, choices=ProgramLevel.choices)
    amount_fen = models.PositiveBigIntegerField(_("每生资助金额(分)"))
    target_count = models.PositiveIntegerField(_("计划资助人数"))
    categories = models.JSONField(_("资助类别"), default=list)
    stages = models.JSONField(_("学段"), default=list)
    new_students_only = models.BooleanField(_("仅限新生"), default=False)
    exclusive_group = models.CharField(_("互斥组"), max_length=40, blank=True)
    opens_on = models.DateField(_("申请开始"))
    closes_on = models.DateField(_("申请截止"))
    disclosure_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    disclosure_ends_on = models.DateField(_("公示结束"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资助项目")
        verbose_name_plural = _("资助项目")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0),
                name="aid_program_amount_positive",
                violation_error_message=_("每生资助金额应大于0"),
            ),
            models.CheckConstraint(
                condition=Q(target_count__gt=0),
                name="aid_program_target_positive",
                violation_error_message=_("计划资助人数应大于0"),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="aid_program_window_ordered",
                violation_error_message=_("申请截止日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=Q(disclosure_starts_on__isnull=True, disclosure_ends_on__isnull=True)
                | Q(disclosure_ends_on__gte=F("disclosure_starts_on")),
                name="aid_program_disclosure_ordered",
                violation_error_message=_("公示结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundingSource(models.Model):
    """Who pays into a programme: pledged, received, and how much of it awards already use (`committed_fen`)."""

    program = models.ForeignKey(AidProgram, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(_("资金来源"), max_length=60)
    pledged_fen = models.PositiveBigIntegerField(_("承诺金额(分)"))
    received_fen = models.PositiveBigIntegerField(_("到账金额(分)"), default=0)
    committed_fen = models.PositiveBigIntegerField(_("已安排金额(分)"), default=0, editable=False)

    class Meta:
        verbose_name = _("资金来源")
        verbose_name_plural = _("资金来源")
        ordering = ["program", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="funding_source_once_per_program",
                violation_error_message=_("该项目已有同名资金来源"),
            ),
            models.CheckConstraint(
                condition=Q(committed_fen__lte=F("received_fen")),
                name="funding_source_within_received",
                violation_error_message=_("资金来源安排的资助不能超过其到账金额"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def available_fen(self) -> int:
        return self.received_fen - self.committed_fen


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class AidAward(models.Model):
    program = models.ForeignKey(AidProgram, on_delete=models.PROTECT, related_name="awards")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="awards")
    source = models.ForeignKey(
        FundingSource, verbose_name=_("资金来源"), on_delete=models.PROTECT, related_name="awards"
    )
    amount_fen = models.PositiveBigIntegerField(_("金额(分)"))
    status = models.CharField(_("状态"), max_length=12, choices=AwardStatus.choices, default=AwardStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    near_duplicate = models.CharField(_("疑似重复"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("资助名单")
        verbose_name_plural = _("资助名单")
        ordering = ["program", "student__school__path", "student__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "student"],
                condition=~Q(status="returned"),
                name="award_once_per_program",
                violation_error_message=_("同一学生在同一资助项目中只能资助一次"),
            ),
            models.CheckConstraint(
                condition=~Q(reviewed_by=F("proposed_by")),
                name="award_reviewer_not_operator",
                violation_error_message=_("审核人不能是经办人本人"),
            ),
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0),
                name="award_amount_positive",
                violation_error_message=_("资助金额应大于0"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} {mask_name(self.student.name)}"


class BankColumn(models.TextChoices):
    """The columns a bank file may carry; the label is the header used unless a layout renames it."""

    LINE = "line", _("序号")
    NAME = "name", _("姓名")
    ID_NUMBER = "id_number", _("身份证号")
    CARD_NUMBER = "card_number", _("银行卡号")
    BANK = "bank", _("开户行")
    AMOUNT = "amount", _("金额(元)")
    SCHOOL = "school", _("学校")
    NOTE = "note", _("备注")


class BankLayout(models.Model):
    """A bank's column layout for payment files, named and kept by an aid office: which columns of
    `BankColumn`, in which order, under which header text (`columns`: [[key, header], …])."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="bank_layouts")
    name = models.CharField(_("格式名称"), max_length=60)
    bank = models.CharField(_("代发银行"), max_length=60)
    columns = models.JSONField(_("列"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("代发文件格式")
        verbose_name_plural = _("代发文件格式")
        ordering = ["unit__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="bank_layout_name_once_per_unit",
                violation_error_message=_("本单位已有同名的代发文件格式"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.bank})"

    def headers(self) -> list[str]:
        return [header for _key, header in self.columns]


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("待审批")
    APPROVED = "approved", _("已审批")


class PaymentBatch(models.Model):
    """A list of approved awards sent to the bank at once; approved means frozen."""

    program = models.ForeignKey(AidProgram, on_delete=models.PROTECT, related_name="batches")
    status = models.CharField(_("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    bank_layout = models.ForeignKey(
        BankLayout,
        verbose_name=_("代发文件格式"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batches",
    )
    requeue_of = models.ForeignKey(
        "self", verbose_name=_("补发自"), null=True, blank=True, on_delete=models.PROTECT, related_name="requeues"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("发放批次")
        verbose_name_plural = _("发放批次")
        ordering = ["program", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(approved_by=F("created_by")),
                name="batch_approver_not_maker",
                violation_error_message=_("审批人不能是制表人本人"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.name} #{self.pk}"


class PaymentResult(models.TextChoices):
    PENDING = "pending", _("待发放")
    PAID = "paid", _("发放成功")
    FAILED = "failed", _("发放失败")


class PaymentLine(models.Model):
    """One payment of a batch, with what is paid to whom as it stood when the batch was approved."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="lines")
    award = models.ForeignKey(AidAward, on_delete=models.PROTECT, related_name="payments")
    name = models.CharField(_("姓名"), max_length=60)
    school_name = models.CharField(_("学校"), max_length=100)
    id_cipher = models.TextField(editable=False)
    id_masked = models.CharField(_("身份证号"), max_length=18)
    card_cipher = models.TextField(blank=True, editable=False)
    card_masked = models.CharField(_("银行卡号"), max_length=24, blank=True)
    amount_fen = models.PositiveBigIntegerField(_("金额(分)"))
    result = models.CharField(
        _("发放结果"), max_length=12, choices=PaymentResult.choices, default=PaymentResult.PENDING
    )
    failure_reason = models.CharField(_("失败原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "award"],
                name="payment_once_per_batch",
                violation_error_message=_("同一资助在一个批次中只能发放一次"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch} {mask_name(self.name)}"


class CoverageNote(models.Model):
    """Why a 建档立卡 student has no award (e.g. 已享受国家助学金以外的减免), so 应助尽助 can be proven."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="coverage_notes")
    reason = models.CharField(_("未资助原因"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("未资助原因")
        verbose_name_plural = _("未资助原因")
        ordering = ["student", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="coverage_note_has_reason", violation_error_message=_("须写明未资助原因")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.reason}"


class PairingSide(models.TextChoices):
    HELPER = "helper", _("结对学生")
    PARTNER = "partner", _("受助学生")


class PairedStudent(models.Model):
    """One side of a long-term 学生结对 linked to that student's record in the registry (the pairing keeps the
    name as typed); without a row the side is a name only. The aid pages show from it whether the paired student
    receives aid."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(_("结对一方"), max_length=8, choices=PairingSide.choices)
    student = models.ForeignKey(Student, verbose_name=_("受助学生"), on_delete=models.CASCADE, related_name="pairings")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("结对学生关联")
        verbose_name_plural = _("结对学生关联")
        ordering = ["pairing", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "side"],
                name="paired_student_once_per_side",
                violation_error_message=_("该结对的这一方已关联学生"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.student}"
