from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Area, Role, SchoolStage, Unit, UnitKind
from .services import clean_unit

UNIT_FORM_FIELDS = ["name", "code", "kind", "stage", "area", "contact_person", "contact_phone", "contact_email"]


class UnitForm(forms.ModelForm):
    """Parses the fields; the rules are checked again by the service that saves."""

    class Meta:
        model = Unit
        fields = UNIT_FORM_FIELDS
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": _("如:东阳县第一中学")}),
            "code": forms.TextInput(attrs={"placeholder": _("如:QH-DY-S01"), "autocapitalize": "characters"}),
            "contact_person": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "placeholder": _("如:13900000000 或 0571-88886666")}
            ),
            "contact_email": forms.EmailInput(attrs={"placeholder": _("如:fupin@example.cn")}),
        }
        error_messages = {"code": {"unique": _("这个单位代码已被其他单位使用")}}
        help_texts = {
            "code": _("本系统内唯一,导入和导出的单位表以代码对应单位。"),
            "stage": _("只有学校填写学段。"),
            "contact_phone": _("11位手机号,或带区号的固定电话。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own blank choice is not translated into Chinese; name each blank for what it means.
        self.fields["kind"].choices = [("", _("请选择单位类型")), *UnitKind.choices]
        self.fields["stage"].choices = [("", _("不是学校(不填)")), *SchoolStage.choices]
        self.fields["area"].choices = [("", _("未填写")), *Area.choices]

    def clean(self):
        """Show the service's own rules (a school has a stage…) with the form's other errors at once."""
        data = super().clean()
        probe = Unit(**{name: data.get(name) or "" for name in UNIT_FORM_FIELDS})
        try:
            clean_unit(probe, check_unique=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
        return data


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("名称/代码/联系人"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("输入名称、代码或联系人")}),
    )
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *UnitKind.choices])
    stage = forms.ChoiceField(label=_("学段"), required=False, choices=[("", _("全部学段")), *SchoolStage.choices])


class MoveUnitForm(forms.Form):
    parent_code = forms.CharField(
        label=_("新的上级单位代码"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("如:QH-DY")}),
        help_text=_("填写新上级单位的单位代码,须在您的管辖范围内。"),
    )


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("登录账号"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("如:dy_school1_lin"), "autocomplete": "off"}),
        help_text=_("字母、数字和 @ . + - _,本人登录时使用。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "placeholder": _("11位手机号")}),
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class GrantRoleForm(forms.Form):
    username = forms.CharField(
        label=_("已有账号"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("填写对方的登录账号")}),
    )
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("用途"), max_length=60, widget=forms.TextInput(attrs={"placeholder": _("如:县教育局数据同步")})
    )
