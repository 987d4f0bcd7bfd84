"""The audit trail in the words of the pages: a field by its verbose name, a choice by its label, a time in
Beijing time, an amount in 元, each change as old → new. The page and its .xlsx export both read it from here."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEvent

BEIJING = ZoneInfo("Asia/Shanghai")
BLANK = "—"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type) if "." in target_type else None
    except LookupError:
        return None


def object_type_label(target_type: str) -> str:
    """「扶贫日活动」 for `campaigns.campaign`; the stored name when the model is gone."""
    model = _model(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(target_type: str, name: str) -> str:
    """The field's verbose name; for a list of related rows, their model's plural name."""
    field = _field(_model(target_type), name)
    if field is None:
        return name
    if field.auto_created and not field.concrete:  # a reverse relation, such as a submission's files
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def beijing(value: datetime) -> str:
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if value.tzinfo else value.isoformat(" ")


def _one(field: Any, name: str, value: Any) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else {}
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return beijing(datetime.fromisoformat(value))
        except ValueError:
            return value
    if name.endswith("_fen") and isinstance(value, int):
        return _("%(yuan)s 元") % {"yuan": f"{Decimal(value) / 100:,.2f}"}
    if isinstance(value, datetime):
        return beijing(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def value_label(target_type: str, name: str, value: Any) -> str:
    """One recorded value as the pages show it; a list value item by item."""
    field = _field(_model(target_type), name)
    if isinstance(value, list):
        return "、".join(_one(field, name, v) for v in value) or BLANK
    return _one(field, name, value)


def changes_of(event: AuditEvent) -> list[Change]:
    """Each recorded change as (field, old, new); a value recorded alone counts as the new one."""
    found = []
    for name, change in (event.changes or {}).items():
        old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
        label = field_label(event.target_type, name)
        found.append(
            Change(label, value_label(event.target_type, name, old), value_label(event.target_type, name, new))
        )
    return found


def changes_text(event: AuditEvent) -> str:
    """「名称:东阳县第一中学 → 东阳县第一中学(新校区);联系人:— → 林老师」 for the export."""
    return ";".join(f"{c.label}:{c.old} → {c.new}" for c in changes_of(event))
