"""Forms of the project pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.donations.models import DonationDrive
from fupin.lib.forms import AmountField, MultipleFilesField, MultiplePhotoInput
from fupin.lib.uploads import UploadError, check_document, check_photo
from fupin.orgs.models import Unit

from .models import ProjectClaim, ProjectKind
from .project_services import ProgressPhoto

ACCEPT = "image/jpeg,image/png,image/webp"


class ProjectForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("所属活动"), queryset=Campaign.objects.none())
    village = forms.ModelChoiceField(label=_("所在村"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("项目类型"), choices=ProjectKind.choices)
    title = forms.CharField(label=_("项目名称"), max_length=100)
    budget_fen = AmountField(label=_("项目预算(元)"))
    description = forms.CharField(label=_("项目简介"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, campaigns, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["village"].queryset = villages


class ProjectClaimForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("认领单位"), queryset=Unit.objects.none())
    amount_fen = AmountField(label=_("认领金额(元)"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def _checked(upload, *, document: bool):
    data = upload.read()
    try:
        if document and data.startswith(b"%PDF-"):
            return check_document(upload.name, data)
        return check_photo(upload.name, data)
    except UploadError as exc:
        raise forms.ValidationError(str(exc)) from None


class ProofForm(forms.Form):
    proof = forms.FileField(label=_("拨付证明(银行回单照片或 PDF)"))

    def clean_proof(self):
        return _checked(self.cleaned_data["proof"], document=True)


class ProgressForm(forms.Form):
    """A progress note with photos (several at once from a phone), one caption for them and the minors' flags."""

    note = forms.CharField(label=_("进展"), max_length=500)
    photos = MultipleFilesField(
        label=_("照片(可选,可多选)"),
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": ACCEPT, "multiple": True}),
        help_text=_("照片会重新压缩并去掉拍摄位置等信息"),
    )
    caption = forms.CharField(
        label=_("图片说明"), max_length=200, required=False, help_text=_("有照片时必填:时间、地点、人物和事件")
    )
    shows_minors = forms.BooleanField(label=_("照片中有可辨认的未成年人"), required=False)
    minors_consent = forms.BooleanField(
        label=_("已取得监护人同意公开"), required=False, help_text=_("未取得同意的,照片只在内部可见,不在公开页面展示")
    )

    def clean_photos(self):
        return [_checked(upload, document=False) for upload in self.cleaned_data["photos"]]

    def cleaned_progress(self) -> dict:
        """The service's arguments: the note and each photo with the caption and flags."""
        data = self.cleaned_data
        photos = [
            ProgressPhoto(checked, data["caption"], data["shows_minors"], data["minors_consent"])
            for checked in data["photos"]
        ]
        return {"note": data["note"], "photos": photos}


class ClaimChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.receipt_number} {obj.unit.name}"


class PayInForm(forms.Form):
    """A claiming unit's money received into a drive's restricted account."""

    claim = ClaimChoiceField(label=_("认领单位(回执)"), queryset=ProjectClaim.objects.none())
    drive = forms.ModelChoiceField(label=_("缴入专项"), queryset=DonationDrive.objects.none())
    amount_fen = AmountField(label=_("缴入金额(元)"))

    def __init__(self, *args, claims, drives, **kwargs):
        super().__init__(*args, prefix="in", **kwargs)
        self.fields["claim"].queryset = claims
        self.fields["drive"].queryset = drives


class PayoutForm(forms.Form):
    """Money paid out of a drive to the project's village, approved by another person."""

    drive = forms.ModelChoiceField(label=_("拨付专项"), queryset=DonationDrive.objects.none())
    amount_fen = AmountField(label=_("拨付金额(元)"))
    use = forms.CharField(
        label=_("定向用途"), max_length=100, required=False, help_text=_("该专项规定了定向用途时,须填写其中之一")
    )

    def __init__(self, *args, drives, **kwargs):
        super().__init__(*args, prefix="out", **kwargs)
        self.fields["drive"].queryset = drives
