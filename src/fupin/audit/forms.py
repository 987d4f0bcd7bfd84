from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction


class AuditSearchForm(forms.Form):
    actor = forms.CharField(
        label=_("账号"), required=False, max_length=150, widget=forms.TextInput(attrs={"placeholder": _("登录账号")})
    )
    action = forms.ChoiceField(label=_("操作"), required=False, choices=[("", _("全部操作")), *AuditAction.choices])
    target_type = forms.CharField(label=_("对象类型"), required=False, max_length=60)
    text = forms.CharField(
        label=_("对象/单位/说明"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("单位、对象或说明")}),
    )
    # An <input type=date> only takes ISO dates; the zh-hans default format would be 2026/10/01.
    since = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d"))
    until = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期"))
        return data
