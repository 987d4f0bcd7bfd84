"""Form pieces every app's upload pages share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .money import parse_yuan
from .xlsx import MAX_BYTES, hidden_places

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetUploadForm(forms.Form):
    """One .xlsx upload, refused by size before anything reads it; subclasses set the label and help."""

    file = forms.FileField(
        label=_("Excel 表格(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
        help_text=_("Excel 或 WPS 表格另存为 .xlsx 格式后上传。"),
    )
    include_hidden = forms.BooleanField(
        label=_("导入隐藏的行和列"),
        required=False,
        help_text=_("表格中有隐藏且有内容的行或列时,须勾选才会导入。"),
    )

    hidden_checked_later = False  # True when a background job looks for hidden rows instead

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("文件 %(name)s 超过 %(mb)d MB 上限") % {"name": upload.name[:60], "mb": MAX_BYTES // 1024 // 1024}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None or cleaned.get("include_hidden") or self.hidden_checked_later:
            return cleaned
        places = hidden_places(upload.read())
        upload.seek(0)
        if places:
            self.add_error("file", hidden_rows_message(places))
        return cleaned


class BackgroundSheetUploadForm(SheetUploadForm):
    """An upload imported by a background job: the job looks for hidden rows and columns (reading a large sheet
    takes longer than a page should), refusing them with the same message unless the box was ticked."""

    hidden_checked_later = True


def hidden_rows_message(places: list[str]) -> str:
    return str(
        _("表格中有隐藏且有内容的行或列:%(p)s。请取消隐藏并核对;确认要导入时,勾选「%(c)s」后重新上传")
        % {"p": "、".join(places[:20]), "c": SheetUploadForm.base_fields["include_hidden"].label}
    )


class AmountField(forms.CharField):
    """元 as typed (「1,234.50」「￥100」), cleaned to integer 分 by the one parser; never a float."""

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("label", _("金额(元)"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "100.00"}))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return parse_yuan(text, field=str(self.label), allow_zero=self.allow_zero)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class PastedTextField(forms.CharField):
    """A text area for pasted documents: too long is a Chinese message on the field, and the browser is not
    told the limit, because it would cut a paste short without a word."""

    def __init__(self, *, max_chars: int, rows: int = 14, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_chars, **kwargs)
        self.error_messages["max_length"] = _(
            "粘贴的内容过长:最多 %(limit_value)s 字,现有 %(show_value)s 字;请只粘贴通知正文,或改为上传文件"
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class MultiplePhotoInput(forms.ClearableFileInput):
    """A file input that takes several photos at once (a phone's camera or album)."""

    allow_multiple_selected = True


class MultipleFilesField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen and the field is optional)."""

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFilesField, self).clean(u, initial) for u in uploads if u]
