"""The catalogue of scoring rules each domain registers (as statistics-table sources are registered).

A rule measures every assessed unit of a campaign at once (`measure(campaign, unit_ids)`, a few aggregate
queries whatever the number of units) and says, for each unit, what it earned out of what it could earn, in
Chinese, with a link to the evidence. The office chooses rules for its campaign with a weight and a cap; the
points follow from the measure and the kind of rule:

    ratio      weight × earned / possible (a rule that asks nothing of the unit earns the full weight)
    count      weight per item, at most the cap
    deduction  minus weight per item, at most the cap
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fupin.campaigns.models import Campaign

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CENT = Decimal("0.01")


class RuleKind(models.TextChoices):
    RATIO = "ratio", _("按完成比例计分")
    COUNT = "count", _("按件计分")
    DEDUCTION = "deduction", _("扣分")


class Measure(NamedTuple):
    """What one unit did for one rule: `earned` items (a late hand-in may count half) out of `possible`.

    A rule hands back the same five fields as a plain tuple (`Measured`) for each of many units: Python's
    garbage collector stops watching a plain tuple of numbers and strings but never a named one, and 20,000
    named tuples held at once set off a full collection that costs more than the scoring itself."""

    earned: Decimal
    possible: int
    explanation: str
    evidence_url: str = ""
    evidence_label: str = ""


# (earned, possible, explanation, evidence url, evidence label): a `Measure`'s fields, in a plain tuple
type Measured = tuple[Decimal, int, str, str, str]

type Measurer = Callable[[Campaign, Sequence[int]], Mapping[int, Measured]]


@dataclass(frozen=True)
class Rule:
    key: str
    label: "StrOrPromise"
    kind: str
    description: "StrOrPromise"
    default_weight: Decimal
    default_cap: Decimal | None
    measure: Measurer
    order: int = 100


RULES: dict[str, Rule] = {}


def register_rule(rule: Rule) -> None:
    RULES[rule.key] = rule


def ordered_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: (r.order, r.key))


def points(kind: str, weight: Decimal, cap: Decimal | None, measure: Measured) -> Decimal:
    """The points a measure earns under a rule's kind, weight and cap, to the hundredth (half up)."""
    earned, possible = measure[0], measure[1]
    if kind == RuleKind.RATIO:
        raw = weight if possible == 0 else weight * earned / possible
    else:
        raw = weight * earned
        if cap is not None:
            raw = min(raw, cap)
        if kind == RuleKind.DEDUCTION:
            raw = -raw
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def full_points(kind: str, weight: Decimal, cap: Decimal | None) -> Decimal | None:
    """The most a unit can score under a rule: a ratio's weight, a count's cap (None when it has none: a
    count without a cap has no most), nothing lost for a deduction."""
    if kind == RuleKind.RATIO:
        return weight
    if kind == RuleKind.DEDUCTION:
        return Decimal(0)
    return cap


def fmt(value: Decimal) -> str:
    """2.50 → 2.5, 3.00 → 3: points as people write them."""
    text = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def counted(
    counts: Mapping[int, int], unit_ids: Sequence[int], text: str, evidence: Callable[[int], tuple[str, str]]
) -> dict[int, Measured]:
    """A count rule's measures from {unit id: items}; `text` says what was counted with %(n)d (formatted once
    per distinct count, not once per unit)."""
    said: dict[int, tuple[Decimal, str]] = {}
    measures: dict[int, Measured] = {}
    for pk in unit_ids:
        n = counts.get(pk, 0)
        known = said.get(n) or said.setdefault(n, (Decimal(n), text % {"n": n}))
        url, label = evidence(pk) if n else ("", "")
        measures[pk] = (known[0], 0, known[1], url, label)
    return measures


def shares(
    rows: Mapping[int, tuple[int, int]],
    unit_ids: Sequence[int],
    text: str,
    nothing: str,
    evidence: Callable[[int], tuple[str, str]],
) -> dict[int, Measured]:
    """A ratio rule's measures from {unit id: (done, of)}; `text` uses %(d)d, %(t)d and %(m)d (not done),
    formatted once per distinct (done, of)."""
    said: dict[tuple[int, int], tuple[Decimal, str]] = {}
    none: Measured = (Decimal(0), 0, nothing, "", "")
    measures: dict[int, Measured] = {}
    for pk in unit_ids:
        done, of = rows.get(pk, (0, 0))
        if not of:
            measures[pk] = none
            continue
        known = said.get((done, of)) or said.setdefault(
            (done, of), (Decimal(done), text % {"d": done, "t": of, "m": of - done})
        )
        url, label = evidence(pk)
        measures[pk] = (known[0], of, known[1], url, label)
    return measures


def url_for(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many units, reversed once (scoring 20,000 units reverses nothing more)."""
    sentinel = 987654321
    head, tail = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"
