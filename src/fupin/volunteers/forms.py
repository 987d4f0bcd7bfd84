"""Forms of the volunteer pages; every choice list comes from a scoped selector, so a posted id outside the
user's subtree is refused as an invalid choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import ActivityItem, Campaign
from fupin.orgs.models import Unit

from .models import VolunteerKind


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("服务类型"), choices=VolunteerKind.choices)
    title = forms.CharField(label=_("服务项目"), max_length=200)
    organiser = forms.ModelChoiceField(label=_("组织单位"), queryset=Unit.objects.none())
    campaign = forms.ModelChoiceField(label=_("扶贫日活动"), queryset=Campaign.objects.none())
    item = forms.ModelChoiceField(label=_("活动内容"), queryset=ActivityItem.objects.none(), required=False)
    place = forms.CharField(label=_("地点"), max_length=200)
    held_on = forms.DateField(label=_("服务日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    slots = forms.IntegerField(label=_("招募人数"), min_value=1, max_value=10000)
    description = forms.CharField(
        label=_("服务内容"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=_("面向社会公开招募"),
        required=False,
        help_text=_("勾选后,公众无需账号,凭手机验证码即可在公开页面报名"),
    )

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = units
        self.fields["campaign"].queryset = campaigns
        self.fields["item"].queryset = ActivityItem.objects.filter(campaign__in=campaigns).select_related("campaign")
        for name in ("organiser", "campaign"):
            only = list(self.fields[name].queryset[:2])
            if len(only) == 1:
                self.fields[name].initial = only[0].pk


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("志愿者姓名"), max_length=60)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("组织单位用于联系志愿者;为学生报名的,可填写学生或家长的电话"),
    )


class HoursForm(forms.Form):
    hours = forms.CharField(
        label=_("服务时长(小时)"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4})
    )


class PublicSignUpForm(forms.Form):
    name = forms.CharField(label=_("志愿者姓名"), max_length=60)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("用于接收验证码,组织单位也用它联系您"),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
