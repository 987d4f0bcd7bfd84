from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Role, SchoolStage, Unit, UnitKind

UNIT_FORM_FIELDS = ["name", "code", "kind", "stage", "area", "contact_person", "contact_phone", "contact_email"]


class UnitForm(forms.ModelForm):
    """Parses the fields; the rules are checked again by the service that saves."""

    class Meta:
        model = Unit
        fields = UNIT_FORM_FIELDS


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("名称/代码/联系人"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *UnitKind.choices])
    stage = forms.ChoiceField(label=_("学段"), required=False, choices=[("", _("全部学段")), *SchoolStage.choices])


class MoveUnitForm(forms.Form):
    parent_code = forms.CharField(label=_("新的上级单位代码"), max_length=40)


class UnitSheetForm(forms.Form):
    file = forms.FileField(label=_("单位表(.xlsx)"))


class AccountForm(forms.Form):
    username = forms.CharField(label=_("登录账号"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("已有账号"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=60)
