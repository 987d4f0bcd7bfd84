"""The public's forms (pledge, concern) and finance's confirmation form; typed amounts go through parse_yuan."""

import re
import unicodedata
import uuid
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fupin.lib.money import parse_yuan

from .models import Channel, DonorType
from .pledges import MAX_CONCERN_CHARS

_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,19}$")


def _fen(text: str, *, field: str) -> int:
    try:
        return parse_yuan(text, field=field)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from None


def new_idempotency_key() -> str:
    """Each pledge form its own: submitting it twice (a retry, a double click) records one pledge."""
    return uuid.uuid4().hex


class PledgeForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    donor_type = forms.ChoiceField(label=_("捐赠方类型"), choices=DonorType.choices, initial=DonorType.INDIVIDUAL)
    is_anonymous = forms.BooleanField(label=_("匿名捐赠(公示时不显示姓名)"), required=False)
    donor_name = forms.CharField(
        label=_("姓名或单位名称"),
        max_length=100,
        required=False,
        help_text=_("个人姓名在公示时只显示首尾字(如 张*三)。"),
    )
    phone = forms.CharField(
        label=_("联系电话(选填)"), max_length=20, required=False, help_text=_("仅用于确认到账,不会公开。")
    )
    channel = forms.ChoiceField(label=_("捐赠方式"))
    amount = forms.CharField(label=_("金额(元)"), max_length=40, required=False, help_text=_("如 100 或 50.50"))
    goods_description = forms.CharField(label=_("物资"), max_length=200, required=False)
    goods_quantity = forms.IntegerField(label=_("物资数量"), required=False, min_value=1, max_value=1_000_000)
    goods_unit = forms.CharField(label=_("计量单位"), max_length=10, required=False, help_text=_("如 件、床、册"))
    goods_value = forms.CharField(label=_("物资估值(元,选填)"), max_length=40, required=False)
    is_not_duplicate = forms.BooleanField(label=_("这是另一笔认捐"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, channels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["channel"]).choices = [(c, Channel(c).label) for c in channels]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_idempotency_key())

    def clean_phone(self) -> str:
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(_("联系电话「%(v)s」格式不对,只能包含数字") % {"v": phone[:20]})
        return phone

    def clean(self):
        data = super().clean()
        text = (data.get("amount") or "").strip()
        data["goods_quantity"] = data.get("goods_quantity") or 0
        value = (data.pop("goods_value", "") or "").strip()
        try:
            data["goods_value_fen"] = _fen(value, field=str(_("物资估值"))) if value else 0
        except forms.ValidationError as exc:
            self.add_error("goods_value", exc)
        if data.get("channel") == Channel.GOODS:
            data["amount_fen"] = 0  # goods are counted as goods, never as cash in the fund
        elif not text:
            self.add_error("amount", _("请填写捐赠金额"))
        else:
            try:
                data["amount_fen"] = _fen(text, field=str(_("金额")))
            except forms.ValidationError as exc:
                self.add_error("amount", exc)
        return data


class ConfirmForm(forms.Form):
    amount = forms.CharField(label=_("实际到账金额(元)"), max_length=40, required=False)

    def clean_amount(self) -> int | None:
        text = self.cleaned_data["amount"].strip()
        return _fen(text, field=str(_("到账金额"))) if text else None


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("反映的问题"), widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_CONCERN_CHARS
    )
    contact = forms.CharField(
        label=_("联系方式(选填)"), max_length=100, required=False, help_text=_("仅监督(纪检)人员可见,便于回复您。")
    )
