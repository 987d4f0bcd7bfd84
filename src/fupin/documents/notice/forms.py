"""The import page's two forms: the notice in (pasted or uploaded), and the draft the officer corrects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.lib.forms import PastedTextField
from fupin.lib.uploads import MAX_DOCUMENT_BYTES, UploadError
from fupin.orgs.models import Unit

from .collection import preview, split_notices
from .draft import DraftError, parse_contacts, parse_items, parse_requirements
from .files import notice_text
from .reader import read_notice

MAX_PASTED_CHARS = 200_000


class NoticeSourceForm(forms.Form):
    text = PastedTextField(label=_("粘贴通知全文"), required=False, max_chars=MAX_PASTED_CHARS)
    file = forms.FileField(label=_("或上传通知(.docx / .pdf / .txt)"), required=False)
    part = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if self.errors:
            return data
        if bool(upload) == bool(text):
            raise forms.ValidationError(_("请粘贴通知全文,或上传一个 .docx / .pdf / .txt 文件(二者选一)"))
        if upload:
            text = self._uploaded_text(upload)
        notices = split_notices(text)
        if len(notices) > 1 and not data.get("part"):
            data["text"], data["parts"] = text, [(label, preview(body)) for label, body in notices]
            return data
        if len(notices) == 1:
            text = notices[0][1]
        elif data.get("part"):
            if data["part"] > len(notices):
                raise forms.ValidationError(_("通知中没有第%(n)d篇") % {"n": data["part"]})
            text = notices[data["part"] - 1][1]
        reading = read_notice(text)
        if not reading["items"]:
            raise forms.ValidationError(_("没有在通知中找到编号的标题(如「一、」「(一)」「1.」),无法生成活动草稿"))
        data["reading"] = reading
        return data

    def _uploaded_text(self, upload) -> str:
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                {"file": _("「%(f)s」超过 %(mb)d MB 上限") % {"f": upload.name, "mb": MAX_DOCUMENT_BYTES // 2**20}}
            )
        try:
            return notice_text(upload.name, upload.read())
        except UploadError as exc:
            raise forms.ValidationError({"file": str(exc)}) from None


def _lines_field(label, help_text, rows=6, required=False):
    return forms.CharField(
        label=label, help_text=help_text, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class NoticeDraftForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("发文单位"), queryset=Unit.objects.none(), empty_label=None)
    title = forms.CharField(label=_("标题"), max_length=200)
    year = forms.IntegerField(label=_("年份"), min_value=2014, max_value=2100)
    theme = forms.CharField(label=_("活动主题"), max_length=200, required=False)
    slogan = forms.CharField(label=_("口号"), max_length=200, required=False)
    items = _lines_field(_("活动内容"), _("每行一项:标题 | 牵头单位 | 责任单位(多个单位用「、」分隔)"), required=True)
    requirements = _lines_field(
        _("报送要求"),
        _("每行一项:截止时间 | 报送内容 | 报送至(可省略),如「10月18日下午三点前 | 活动总结 | 市教育局扶贫办」"),
    )
    contacts = _lines_field(_("联系人"), _("每行一人:姓名 | 电话 | 邮箱"), rows=3)
    source = forms.CharField(widget=forms.HiddenInput, max_length=MAX_PASTED_CHARS)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def _lines(self, name, parse):
        try:
            return parse(self.cleaned_data[name])
        except DraftError as exc:
            raise forms.ValidationError(exc.messages) from None

    def clean_items(self):
        return self._lines("items", parse_items)

    def clean_requirements(self):
        return self._lines("requirements", parse_requirements)

    def clean_contacts(self):
        return self._lines("contacts", parse_contacts)
