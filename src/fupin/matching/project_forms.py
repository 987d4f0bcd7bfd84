"""Forms of the project pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign
from fupin.donations.models import DonationDrive
from fupin.lib.forms import AmountField
from fupin.lib.uploads import UploadError, check_document, check_photo
from fupin.orgs.models import Unit

from .models import ProjectClaim, ProjectKind

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
    note = forms.CharField(label=_("进展"), max_length=500)
    photo = forms.FileField(label=_("照片(可选)"), required=False, widget=forms.FileInput(attrs={"accept": ACCEPT}))

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return _checked(upload, document=False) if upload else None


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
