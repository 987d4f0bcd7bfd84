"""The office's scheme form (a row per rule of the catalogue: chosen, weight, cap) and the query forms."""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AssessmentScheme
from .rules import Rule, RuleKind, fmt, ordered_rules
from .services import RuleChoice

POINTS = re.compile(r"^\d{1,3}(\.\d)?$")


def _name(rule: Rule, part: str) -> str:
    return f"{part}_{rule.key.replace('.', '__')}"


def parse_points(value: str, label: object, what: object) -> Decimal | None:
    """「5」「2.5」: up to one decimal, ASCII digits after NFKC; anything else is refused naming the rule."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        return None
    if not text.isascii() or not POINTS.match(text):
        raise forms.ValidationError(
            _("%(r)s的%(w)s应为不超过三位整数、最多一位小数的数字(如 5 或 2.5),而不是「%(v)s」")
            % {"r": label, "w": what, "v": value[:20]}
        )
    return Decimal(text)


class SchemeForm(forms.Form):
    query_until = forms.DateTimeField(
        label=_("异议截止时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("设定后,各单位可查看本单位考核初稿,并在此时间前对得分项提出异议;留空则初稿只有本办公室可见"),
    )

    def __init__(self, *args, scheme: AssessmentScheme | None = None, **kwargs):
        chosen = {r.rule_key: r for r in scheme.rules.all()} if scheme else {}
        kwargs.setdefault("initial", {"query_until": scheme.query_until if scheme else None})
        self.rows: list[Rule] = []
        super().__init__(*args, **kwargs)
        for rule in ordered_rules():
            mine = chosen.get(rule.key)
            weight = mine.weight if mine else rule.default_weight
            cap = (mine.cap if mine else rule.default_cap) if rule.kind != RuleKind.RATIO else None
            use = forms.BooleanField(label=rule.label, required=False, initial=bool(mine) or not chosen)
            self.fields[_name(rule, "use")] = use
            self.fields[_name(rule, "weight")] = forms.CharField(
                label=_("分值"), required=False, initial=fmt(weight), max_length=10
            )
            if rule.kind != RuleKind.RATIO:
                self.fields[_name(rule, "cap")] = forms.CharField(
                    label=_("上限"), required=False, initial=fmt(cap) if cap is not None else "", max_length=10
                )
            self.rows.append(rule)

    def bound_rows(self):
        for rule in self.rows:
            cap = _name(rule, "cap")
            yield rule, self[_name(rule, "use")], self[_name(rule, "weight")], self[cap] if cap in self.fields else None

    def clean(self):
        cleaned = super().clean()
        choices = []
        for rule in self.rows:
            if not cleaned.get(_name(rule, "use")):
                continue
            try:
                weight = parse_points(cleaned.get(_name(rule, "weight"), ""), rule.label, _("分值"))
                cap = parse_points(cleaned.get(_name(rule, "cap"), ""), rule.label, _("上限"))
            except forms.ValidationError as exc:
                self.add_error(_name(rule, "weight"), exc)
                continue
            if weight is None:
                self.add_error(_name(rule, "weight"), _("请填写%(r)s的分值") % {"r": rule.label})
                continue
            choices.append(RuleChoice(rule.key, weight, cap))
        cleaned["choices"] = choices
        return cleaned


class QueryForm(forms.Form):
    text = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
