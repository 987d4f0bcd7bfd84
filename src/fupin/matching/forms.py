"""Forms of the wish pages; the public ones are made for a phone (short, numeric keyboards, camera input)."""

import io
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image

from fupin.campaigns.deadlines import SHANGHAI
from fupin.campaigns.models import Campaign
from fupin.households.models import Category, Household
from fupin.lib.forms import AmountField
from fupin.lib.uploads import MAX_PHOTO_BYTES, UploadError, check_document, check_photo
from fupin.orgs.models import Unit

from .models import DeliveryKind, WishCategory

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
EXIF_TAKEN_AT = 36867  # DateTimeOriginal, in the Exif sub-directory
EXIF_DATETIME = 306


def photo_taken_at(data: bytes) -> datetime | None:
    """When the camera says the photo was taken (Beijing time), read before the intake drops the metadata."""
    try:
        exif = Image.open(io.BytesIO(data)).getexif()
        text = exif.get_ifd(0x8769).get(EXIF_TAKEN_AT) or exif.get(EXIF_DATETIME)
        return datetime.strptime(str(text), "%Y:%m:%d %H:%M:%S").replace(tzinfo=SHANGHAI) if text else None
    except (OSError, ValueError, SyntaxError):
        return None


def _checked_photo(upload):
    if upload.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("照片「%(f)s」超过 20 MB 上限") % {"f": upload.name[:60]})
    try:
        return check_photo(upload.name, upload.read())
    except UploadError as exc:
        raise forms.ValidationError(str(exc)) from None


class HouseholdChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.village.name} · {obj.head_name} · {obj.get_category_display()}"


class WishForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("所属活动"), queryset=Campaign.objects.none())
    household = HouseholdChoice(label=_("帮扶户"), queryset=Household.objects.none(), required=False)
    student_name = forms.CharField(label=_("或:学生姓名"), max_length=60, required=False)
    unit = forms.ModelChoiceField(label=_("学生所在学校/村"), queryset=Unit.objects.none(), required=False)
    category = forms.ChoiceField(label=_("心愿类别"), choices=WishCategory.choices)
    title = forms.CharField(label=_("心愿内容"), max_length=100, help_text=_("如:一个新书包、一件冬衣"))
    value_fen = AmountField(label=_("估计价值(元)"))
    reason = forms.CharField(label=_("心愿理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(
        label=_("照片(可选)"), required=False, widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT})
    )
    photo_shows_minor = forms.BooleanField(label=_("照片中有可辨认的未成年人"), required=False)
    minor_consent = forms.BooleanField(label=_("已取得监护人书面同意公开照片"), required=False)

    def __init__(self, *args, campaigns, households, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["household"].queryset = households
        self.fields["unit"].queryset = units

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return _checked_photo(upload) if upload else None


class ReturnWishForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=300)


class ConfirmReceiptForm(forms.Form):
    photo = forms.FileField(
        label=_("收到后的照片"), widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT, "capture": "environment"})
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("photo")
        if upload is not None and not isinstance(upload, (str, bytes)) and hasattr(upload, "read"):
            data = upload.read()
            upload.seek(0)
            cleaned["taken_at"] = photo_taken_at(data)
            try:
                cleaned["photo"] = _checked_photo(upload)
            except forms.ValidationError as exc:
                self.add_error("photo", exc)
        return cleaned


class DeliveryForm(forms.Form):
    kind = forms.ChoiceField(label=_("实现方式"), choices=DeliveryKind.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("送达说明"), max_length=500, help_text=_("送了什么、何时送到"))
    proof = forms.FileField(
        label=_("购物凭证或送达照片"),
        required=False,
        help_text=_("网购寄送须上传订单截图或发票(照片或 PDF)"),
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT + ",application/pdf"}),
    )

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        if not upload:
            return None
        data = upload.read()
        try:
            return check_document(upload.name, data) if data.startswith(b"%PDF-") else check_photo(upload.name, data)
        except UploadError as exc:
            raise forms.ValidationError(str(exc)) from None


class PublicClaimForm(forms.Form):
    name = forms.CharField(label=_("认领人(姓名或单位)"), max_length=60)
    phone = forms.CharField(
        label=_("手机号码"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class WishFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("县区"), queryset=Unit.objects.none(), required=False, empty_label=_("全部县区")
    )
    category = forms.ChoiceField(
        label=_("心愿类别"), choices=[("", _("全部类别")), *WishCategory.choices], required=False
    )
    max_yuan = forms.TypedChoiceField(
        label=_("价值"),
        choices=[("", _("不限")), ("100", _("100 元以内")), ("200", _("200 元以内")), ("500", _("500 元以内"))],
        coerce=int,
        required=False,
        empty_value=None,
    )
    household_category = forms.ChoiceField(
        label=_("户类别"), choices=[("", _("全部")), *Category.choices], required=False
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
