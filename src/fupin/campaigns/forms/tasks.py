"""The hand-in form and the review forms. They parse; the rules (formats, megapixels, captions, locks) are the
service's, which names every refused file itself."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from fupin.lib.uploads import MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES, MAX_VIDEO_BYTES, display_name

from ..models import Requirement, RequirementKind
from ..services.tasks import Upload

MAX_TEXT = 20_000
MAX_COMMENT = 2_000
MAX_PHOTO_ROWS = 40  # below DATA_UPLOAD_MAX_NUMBER_FILES, so the form's own message comes first
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
_ROW = re.compile(r"^(?:photo|caption)_(\d{1,3})$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; empty files pass so that the service can name them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def _text_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "max_length": _(
                "正文最多 %(limit_value)d 字,现在有 %(show_value)d 字;篇幅较长的请写成 Word 文档作为附件上传"
            )
        },
    )


class HandInForm(forms.Form):
    """Text written in the browser, photo rows (each file with its own caption), and other files."""

    text = _text_field(_("正文"))
    # The form's metaclass moves declared fields into `base_fields`, so on an instance `files` is still the
    # uploaded files (BaseForm.files); the stubs cannot see that and take the field for that attribute.
    files: MultiValueDict[str, UploadedFile[Any]] = MultipleFileField(label=_("附件"), required=False)  # type: ignore[assignment]

    def __init__(self, *args, requirement: Requirement, previous_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        kind = requirement.kind
        if previous_files:
            self.fields["keep"] = forms.TypedMultipleChoiceField(
                label=_("上一版的文件(勾选的保留在新版本中,取消勾选即替换或删去)"),
                coerce=int,
                required=False,
                choices=[(f.pk, f"{display_name(f.original_name)} {f.caption}".strip()) for f in previous_files],
                initial=[f.pk for f in previous_files],
                widget=forms.CheckboxSelectMultiple,
            )
        self.takes_photos = kind in (RequirementKind.PHOTOS, RequirementKind.PLAN, RequirementKind.SUMMARY)
        self._label_fields(kind)
        self.photo_rows = self._row_count() if self.takes_photos else 0
        for i in range(self.photo_rows):
            # rendered by campaigns/photo_row.html, which the page also clones to add rows
            label = _("第 %(n)d 张照片") % {"n": i + 1}
            self.fields[f"photo_{i}"] = forms.FileField(label=label, required=False, allow_empty_file=True)
            self.fields[f"caption_{i}"] = forms.CharField(label=_("文字说明"), required=False, max_length=300)

    def _label_fields(self, kind: str) -> None:
        text, files = self.fields["text"], self.fields["files"]
        if kind not in (RequirementKind.PLAN, RequirementKind.SUMMARY):
            text.widget.attrs["rows"] = 3  # a note beside the files, not the hand-in itself
        if kind in (RequirementKind.PLAN, RequirementKind.SUMMARY):
            text.label = _("正文(可直接在此撰写)")
            files.help_text = _("可附 Word(.docx)或 PDF 文件;照片请在「照片」栏逐张上传并配文字说明。")
        elif kind == RequirementKind.VIDEO:
            text.label, files.label = _("说明(可选)"), _("视频文件")
            files.help_text = _("MP4 或 MOV,每个不超过 %(mb)d MB。") % {"mb": MAX_VIDEO_BYTES // 2**20}
            files.widget.attrs["accept"] = "video/mp4,video/quicktime,.mp4,.mov,.m4v"
        elif kind == RequirementKind.STAMPED_SCAN:
            text.label, files.label = _("说明(可选)"), _("盖章扫描件")
            files.help_text = _("PDF,或拍照的 JPG/PNG。")
            files.widget.attrs["accept"] = "application/pdf,.pdf," + PHOTO_ACCEPT
        elif kind == RequirementKind.PHOTOS:
            text.label = _("说明(可选)")
            del self.fields["files"]
        else:
            text.label, files.label = _("说明(可选)"), _("附件(可选)")
            files.help_text = _("如盖章的纸质统计表扫描件(PDF)。")
        if "files" in self.fields and kind != RequirementKind.VIDEO:
            files.help_text = f"{files.help_text}" + _("每个文件不超过 %(mb)d MB。") % {
                "mb": MAX_DOCUMENT_BYTES // 2**20
            }

    def _row_count(self) -> int:
        """Enough rows for the required photos, and for every row the page sent (the page can add rows)."""
        wanted = max(self.requirement.photo_min_count, 3 if self.requirement.kind == RequirementKind.PHOTOS else 1)
        sent = [int(m[1]) + 1 for key in [*self.data, *self.files] if (m := _ROW.match(key))]
        return min(max([wanted, *sent]), MAX_PHOTO_ROWS)

    @property
    def photo_pairs(self):
        return [(self[f"photo_{i}"], self[f"caption_{i}"]) for i in range(self.photo_rows)]

    def clean(self):
        data = super().clean()
        for i in range(self.photo_rows):
            if data.get(f"caption_{i}", "").strip() and not data.get(f"photo_{i}"):
                self.add_error(f"photo_{i}", _("已填写文字说明,但没有选择照片文件"))
        limit = MAX_VIDEO_BYTES if self.requirement.kind == RequirementKind.VIDEO else MAX_DOCUMENT_BYTES
        sized = [(f, MAX_PHOTO_BYTES) for f, _c in self._photos()] + [(f, limit) for f in data.get("files") or []]
        for upload, cap in sized:
            if upload.size > cap:  # refused before its content is read into memory
                message = _("文件「%(f)s」超过 %(mb)d MB 上限") % {"f": display_name(upload.name), "mb": cap // 2**20}
                self.add_error(None, message)
        return data

    def _photos(self):
        data = getattr(self, "cleaned_data", {})
        return [
            (data[f"photo_{i}"], data.get(f"caption_{i}", "")) for i in range(self.photo_rows) if data.get(f"photo_{i}")
        ]

    @property
    def kept(self):
        """The previous version's files to keep, when there is a previous version."""
        return self["keep"] if "keep" in self.fields else None

    @property
    def attachments(self):
        """The field for documents, videos or scans, when this requirement takes them."""
        return self["files"] if "files" in self.fields else None

    @property
    def has_files(self) -> bool:
        return bool(self.files)

    def uploads(self) -> list[Upload]:
        """The chosen files, read into memory only now that their sizes are known to be within the limits."""
        photos = [Upload(name=f.name, data=f.read(), caption=caption) for f, caption in self._photos()]
        return photos + [Upload(name=f.name, data=f.read()) for f in self.cleaned_data.get("files") or []]


REVIEW_LABELS = {
    "approve": (_("意见(可选)"), _("如:材料齐全,同意")),
    "return": (_("退回原因"), _("写明需要修改或补充什么,如:请补充参与师生人数和活动照片")),
    "reopen": (_("重新打开的原因"), _("如:参与人数统计有误,请更正后重新报送")),
}


def review_form(action: str, data=None) -> ReviewForm:
    """The form of one review action on the task page; its prefix keeps the three forms' fields apart."""
    label, placeholder = REVIEW_LABELS[action]
    return ReviewForm(data, prefix=action, label=label, placeholder=placeholder)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, label=None, placeholder=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["comment"].label = label
        if placeholder:
            self.fields["comment"].widget.attrs["placeholder"] = placeholder
