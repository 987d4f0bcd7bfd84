from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction


class AuditSearchForm(forms.Form):
    actor = forms.CharField(
        label=_("人员"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("账号或姓名")}),
    )
    unit = forms.ChoiceField(label=_("单位(含下级)"), required=False)
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

    def __init__(self, *args, units: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", _("全部单位")), *units]

    def filters(self) -> list[tuple[str, str]]:
        """The filters applied, as (label, value) in the page's words, for the export's title row."""
        shown = []
        for name, value in self.cleaned_data.items():
            if value not in ("", None):
                field = self.fields[name]
                choices = cast(list[tuple[str, Any]], field.choices) if isinstance(field, forms.ChoiceField) else []
                text = dict(choices).get(value, value)
                shown.append((str(field.label), str(text)))
        return shown

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期"))
        return data
