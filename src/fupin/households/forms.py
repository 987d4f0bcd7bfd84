"""Forms of the registry pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.lib.forms import BackgroundSheetUploadForm
from fupin.orgs.models import Unit

from .models import Category, Health, HouseholdStatus, PovertyCause, Relation, Schooling, Sex


class HouseholdForm(forms.Form):
    village = forms.ModelChoiceField(label=_("所在村"), queryset=Unit.objects.none())
    head_name = forms.CharField(label=_("户主姓名"), max_length=60)
    id_number = forms.CharField(
        label=_("户主身份证号"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        help_text=_("18位,加密保存;页面上只显示 3201**********1234"),
    )
    category = forms.ChoiceField(label=_("户类别"), choices=Category.choices)
    poverty_causes = forms.MultipleChoiceField(
        label=_("致贫原因"), choices=PovertyCause.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    cause_note = forms.CharField(label=_("致贫原因说明"), max_length=300, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=HouseholdStatus.choices)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class MemberForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    relation = forms.ChoiceField(label=_("与户主关系"), choices=Relation.choices)
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices)
    birth_year = forms.IntegerField(label=_("出生年份"), min_value=1900, max_value=2100)
    schooling = forms.ChoiceField(label=_("文化程度"), choices=Schooling.choices)
    health = forms.ChoiceField(label=_("健康状况"), choices=Health.choices)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=HouseholdStatus.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2013, max_value=2100)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class LedgerUploadForm(BackgroundSheetUploadForm):
    pass
