"""Forms of the student aid pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.lib.forms import SheetUploadForm
from fupin.orgs.models import Unit

from .models import Difficulty, Enrolment, Stage, StudentCategory


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


class StudentUploadForm(SheetUploadForm):
    pass
