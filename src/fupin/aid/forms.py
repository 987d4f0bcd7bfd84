"""Forms of the student aid pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.lib.forms import AmountField, BackgroundSheetUploadForm, SheetUploadForm
from fupin.lib.uploads import MAX_DOCUMENT_BYTES, UploadError, check_document, check_photo
from fupin.orgs.models import Unit

from .models import (
    BankColumn,
    BankLayout,
    Difficulty,
    Enrolment,
    FundingSource,
    PairingSide,
    ProgramLevel,
    Stage,
    Student,
    StudentCategory,
)


class StudentForm(forms.Form):
    school = forms.ModelChoiceField(label=_("学校"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("姓名"), max_length=60)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("18位,加密保存;页面上只显示 3201**********1234"),
    )
    stage = forms.ChoiceField(label=_("学段"), choices=Stage.choices)
    grade = forms.CharField(label=_("年级"), max_length=20, required=False)
    is_new_student = forms.BooleanField(label=_("新生"), required=False)
    enrolment = forms.ChoiceField(label=_("就读状态"), choices=Enrolment.choices)
    categories = forms.MultipleChoiceField(
        label=_("资助类别"), choices=StudentCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    difficulty = forms.ChoiceField(label=_("困难等级"), choices=Difficulty.choices)
    card_number = forms.CharField(
        label=_("银行卡号"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("资助发放用;加密保存,页面上只显示前后四位"),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class StudentUpdateForm(forms.Form):
    stage = forms.ChoiceField(label=_("学段"), choices=Stage.choices)
    grade = forms.CharField(label=_("年级"), max_length=20, required=False)
    is_new_student = forms.BooleanField(label=_("新生"), required=False)
    enrolment = forms.ChoiceField(label=_("就读状态"), choices=Enrolment.choices)
    categories = forms.MultipleChoiceField(
        label=_("资助类别"), choices=StudentCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    difficulty = forms.ChoiceField(label=_("困难等级"), choices=Difficulty.choices)
    note = forms.CharField(label=_("变更说明"), max_length=200, required=False)


class EvidenceForm(forms.Form):
    category = forms.ChoiceField(label=_("证明的资助类别"), choices=StudentCategory.choices)
    document = forms.FileField(
        label=_("证明材料(照片、PDF 或 Word)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf,.docx"}),
        help_text=_("如低保证、残疾证、特困证明的照片或扫描件;只供资助审核,不会公开"),
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].choices = [c for c in StudentCategory.choices if c[0] in categories]

    def clean_document(self):
        """A scan as a PDF or Word file, or a photo (re-encoded, its EXIF dropped): checked by content."""
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("文件「%(f)s」超过 20 MB 上限") % {"f": upload.name[:60]})
        data = upload.read()
        check = check_document if data.startswith((b"%PDF-", b"PK")) else check_photo
        try:
            return check(upload.name, data)
        except UploadError as exc:
            raise forms.ValidationError(str(exc)) from None


class StudentUploadForm(BackgroundSheetUploadForm):
    pass


class ProgramForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("项目名称"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=ProgramLevel.choices)
    amount_fen = AmountField(label=_("每生资助金额(元)"))
    target_count = forms.IntegerField(label=_("计划资助人数"), min_value=1, max_value=1_000_000)
    categories = forms.MultipleChoiceField(
        label=_("资助类别"), choices=StudentCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    stages = forms.MultipleChoiceField(label=_("学段"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple)
    new_students_only = forms.BooleanField(label=_("仅限新生"), required=False)
    exclusive_group = forms.CharField(
        label=_("互斥组"),
        max_length=40,
        required=False,
        help_text=_("同一互斥组的项目,一名学生只能享受其中一个"),
    )
    opens_on = forms.DateField(label=_("申请开始"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("申请截止"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SourceForm(forms.Form):
    name = forms.CharField(label=_("资金来源"), max_length=60, help_text=_("如 县扶贫办、团县委、县总工会、县红十字会"))
    pledged_fen = AmountField(label=_("承诺金额(元)"))
    received_fen = AmountField(label=_("到账金额(元)"), allow_zero=True)


class ReceivedForm(forms.Form):
    received_fen = AmountField(label=_("到账金额(元)"), allow_zero=True)


class ProposeForm(forms.Form):
    source = forms.ModelChoiceField(label=_("资金来源"), queryset=FundingSource.objects.none())
    students = forms.ModelMultipleChoiceField(
        label=_("学生"), queryset=Student.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sources, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["students"].queryset = students


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=200)


class ResultUploadForm(SheetUploadForm):
    pass


class DisclosureForm(forms.Form):
    starts_on = forms.DateField(label=_("公示开始"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("公示结束"), widget=forms.DateInput(attrs={"type": "date"}))


class BankLayoutForm(forms.Form):
    """Name a bank's layout; each column is in the file when it has a position (1, 2, …), under its header."""

    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("格式名称"), max_length=60, help_text=_("如「农业银行代发格式」"))
    bank = forms.CharField(label=_("代发银行"), max_length=60, help_text=_("「开户行」列填的就是它"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        standard = ["line", "name", "id_number", "card_number", "amount"]
        for key, label in BankColumn.choices:
            self.fields[f"position_{key}"] = forms.IntegerField(
                label=_("「%(c)s」列位置") % {"c": label},
                required=False,
                min_value=1,
                max_value=len(BankColumn.choices),
                initial=standard.index(key) + 1 if key in standard else None,
                widget=forms.NumberInput(attrs={"aria-label": _("%(c)s 位置") % {"c": label}}),
            )
            self.fields[f"header_{key}"] = forms.CharField(
                label=_("「%(c)s」表头") % {"c": label},
                required=False,
                max_length=30,
                widget=forms.TextInput(attrs={"placeholder": label, "aria-label": _("%(c)s 表头") % {"c": label}}),
            )

    def column_rows(self):
        """(column label, position field, header field) for the page's table."""
        return [(label, self[f"position_{key}"], self[f"header_{key}"]) for key, label in BankColumn.choices]

    def clean(self):
        cleaned = super().clean()
        chosen = [
            (cleaned[f"position_{key}"], index, key, cleaned.get(f"header_{key}", ""))
            for index, key in enumerate(BankColumn.values)
            if cleaned.get(f"position_{key}") is not None
        ]
        positions = [position for position, *_rest in chosen]
        if len(set(positions)) != len(positions):
            raise forms.ValidationError(_("两列不能排在同一位置"))
        columns = [(key, header) for _position, _index, key, header in sorted(chosen)]
        return {
            "unit": cleaned.get("unit"),
            "name": cleaned.get("name"),
            "bank": cleaned.get("bank"),
            "columns": columns,
        }


class BatchLayoutForm(forms.Form):
    layout = forms.ModelChoiceField(
        label=_("代发文件格式"), queryset=BankLayout.objects.none(), required=False, empty_label=_("标准格式")
    )

    def __init__(self, *args, layouts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].queryset = layouts


class PairedStudentForm(forms.Form):
    """Link a side of a 学生结对: by the student's 身份证号, or by choosing one of the students of that name."""

    side = forms.ChoiceField(label=_("结对一方"), choices=PairingSide.choices)
    id_number = forms.CharField(label=_("身份证号"), max_length=40, required=False)
    student = forms.IntegerField(label=_("学生"), required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if not data.get("id_number") and not data.get("student"):
            raise forms.ValidationError(_("请填写学生的身份证号,或选择名册中的学生"))
        return data
