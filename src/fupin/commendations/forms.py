"""Forms of the commendation pages; every choice list comes from a scoped selector, so a posted id outside the
user's subtree is refused as an invalid choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.lib.uploads import MAX_DOCUMENT_BYTES, UploadError, check_document, check_photo
from fupin.orgs.models import Unit
from fupin.publicity.models import Photo, PhotoTheme

from .models import Category, Nomination, NomineeKind

DECISION_CHOICES = [("select", _("入选")), ("not_selected", _("不入选")), ("return", _("退回修改"))]


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _only(field) -> None:
    """Choose the only choice there is (a school reporter has one unit)."""
    only = list(field.queryset[:2])
    if len(only) == 1:
        field.initial = only[0].pk


def _checked(upload, check):
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(_("文件「%(f)s」超过 20 MB 上限") % {"f": upload.name[:60]})
    try:
        return check(upload.name, upload.read())
    except UploadError as exc:
        raise forms.ValidationError(str(exc)) from None


class NominationForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=NomineeKind.choices)
    name = forms.CharField(label=_("姓名或名称"), max_length=100)
    nominee_unit = forms.CharField(label=_("所在单位"), max_length=100)
    deeds = forms.CharField(
        label=_("先进事迹"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("必填;将随表彰名单公开,只写事迹,不写电话号码、身份证号等个人信息"),
    )


class NewNominationForm(NominationForm):
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none())

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        _only(self.fields["unit"])
        _only(self.fields["campaign"])
        self.order_fields(["unit", "campaign"])


class NominationPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("照片"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    )
    caption = forms.CharField(
        label=_("图片说明"), max_length=300, required=False, help_text=_("必填:写明时间、地点、人物和事件")
    )
    taken_on = _date(_("拍摄日期"))
    theme = forms.ChoiceField(label=_("主题"), choices=PhotoTheme.choices, initial=PhotoTheme.EDUCATION)
    shows_minors = forms.BooleanField(label=_("照片中有可辨认的未成年人"), required=False)
    minors_consent = forms.BooleanField(
        label=_("已取得监护人同意公开"), required=False, help_text=_("典型照片随事迹公开;含未成年人的须取得监护人同意")
    )

    def clean_photo(self):
        return _checked(self.cleaned_data["photo"], check_photo)


class LibraryPhotoChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.caption[:40]}({obj.taken_on:%Y-%m-%d})"


class LibraryPhotoForm(forms.Form):
    photo = LibraryPhotoChoice(label=_("从本单位图片库选用"), queryset=Photo.objects.none())

    def __init__(self, *args, photos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].queryset = photos


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=100)
    document = forms.FileField(label=_("证明材料(PDF、Word 或 Excel)"), help_text=_("只供审核,不会公开"))

    def clean_document(self):
        return _checked(self.cleaned_data["document"], check_document)


class ReviewForm(forms.Form):
    office = forms.ModelChoiceField(label=_("审核单位"), queryset=Unit.objects.none())
    decision = forms.ChoiceField(label=_("审核结果"), choices=DECISION_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("审核意见"), max_length=300, required=False, help_text=_("必填:写明理由"))

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        _only(self.fields["office"])
        if self.fields["office"].initial is not None:
            self.fields["office"].widget = forms.HiddenInput()


class OfficeForm(forms.Form):
    office = forms.ModelChoiceField(queryset=Unit.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class CommendationListForm(forms.Form):
    title = forms.CharField(label=_("名单标题"), max_length=200)
    document_number = forms.CharField(
        label=_("文号"), max_length=60, required=False, help_text=_("选填,如「清教发〔2026〕12号」")
    )
    issued_on = _date(_("表彰日期"))
    office = forms.ModelChoiceField(label=_("发文单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none())

    def __init__(self, *args, offices, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["campaign"].queryset = campaigns
        _only(self.fields["office"])
        _only(self.fields["campaign"])


class NominationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_category_display()} {obj.name}({obj.nominee_unit})"


class EntryForm(forms.Form):
    nomination = NominationChoice(label=_("入选对象"), queryset=Nomination.objects.none())

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = nominations
