"""Form pieces every app's upload pages share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .xlsx import MAX_BYTES

XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SheetUploadForm(forms.Form):
    """One .xlsx upload, refused by size before anything reads it; subclasses set the label and help."""

    file = forms.FileField(
        label=_("Excel 表格(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
        help_text=_("Excel 或 WPS 表格另存为 .xlsx 格式后上传。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("文件 %(name)s 超过 %(mb)d MB 上限") % {"name": upload.name[:60], "mb": MAX_BYTES // 1024 // 1024}
            )
        return upload
