"""How a measure turns into points under each kind of rule, to the hundredth."""

from decimal import Decimal

from fupin.assessment.rules import Measure, RuleKind, fmt, points


def _m(earned, possible=0):
    return Measure(Decimal(earned), possible, "")


def test_ratio_rule_gives_its_share_of_the_weight_rounded_half_up():
    assert points(RuleKind.RATIO, Decimal(40), None, _m("2.5", 3)) == Decimal("33.33")
    assert points(RuleKind.RATIO, Decimal(10), None, _m("1", 8)) == Decimal("1.25")
    assert points(RuleKind.RATIO, Decimal(15), None, _m("0", 0)) == Decimal("15.00")


def test_count_rule_stops_at_its_cap():
    assert points(RuleKind.COUNT, Decimal(2), Decimal(5), _m("2")) == Decimal("4.00")
    assert points(RuleKind.COUNT, Decimal(2), Decimal(5), _m("7")) == Decimal("5.00")


def test_deduction_rule_takes_points_off_up_to_its_cap():
    assert points(RuleKind.DEDUCTION, Decimal(3), Decimal(5), _m("1")) == Decimal("-3.00")
    assert points(RuleKind.DEDUCTION, Decimal(3), Decimal(5), _m("4")) == Decimal("-5.00")


def test_points_are_written_as_people_write_them():
    assert [fmt(Decimal(v)) for v in ("2.50", "3.00", "33.33", "-5")] == ["2.5", "3", "33.33", "-5"]
