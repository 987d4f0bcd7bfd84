"""Coverage of the 结对帮扶行动月 (or any period): per unit of a subtree and per cadre, how many paired households
were visited, how many not yet, the visits with agreed measures, the overdue follow-ups and the leaders'
一线慰问调研. Counted by the helping unit (the cadre's unit), from the pairings open during the period.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from fupin.orgs.models import Unit, User

from .models import Pairing, PairingKind, Visit, VisitKind


@dataclass
class Period:
    start: date
    end: date

    @classmethod
    def action_month(cls, today: date) -> "Period":
        """The October 行动月 of this year, or of last year before October."""
        year = today.year if today.month >= 10 else today.year - 1
        return cls(date(year, 10, 1), date(year, 10, 31))


@dataclass
class Tally:
    """One line of the coverage table."""

    unit: Unit | None = None
    cadre: User | None = None
    households: set[int] = field(default_factory=set)
    visited: set[int] = field(default_factory=set)
    visits: int = 0
    with_measures: int = 0
    overdue: int = 0
    leader_visits: int = 0

    @property
    def label(self) -> str:
        if self.cadre is not None:
            return str(self.cadre)
        return self.unit.name if self.unit is not None else ""

    @property
    def paired(self) -> int:
        return len(self.households)

    @property
    def visited_count(self) -> int:
        return len(self.visited & self.households)

    @property
    def unvisited(self) -> int:
        return self.paired - self.visited_count

    @property
    def percent(self) -> int:
        return round(100 * self.visited_count / self.paired) if self.paired else 0


def _open_during(period: Period) -> Q:
    return Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))


def _visits_in(period: Period, root: Unit):
    """The period's visits counted in the database per helping unit, cadre, household and kind: a few rows per
    household reach Python, not one per visit."""
    return (
        Visit.objects.filter(visited_on__range=(period.start, period.end), pairing__unit__path__startswith=root.path)
        .order_by()
        .values_list("pairing__unit__path", "pairing__cadre_id", "pairing__household_id", "kind")
        .annotate(count=Count("pk"), measured=Count("pk", filter=~Q(measures="")))
    )


def _overdue(root: Unit, today: date):
    """Agreed follow-ups whose date has passed with no home visit on or after it."""
    later = Visit.objects.filter(
        pairing=OuterRef("pairing"), kind=VisitKind.HOME_VISIT, visited_on__gte=OuterRef("follow_up_on")
    )
    return (
        Visit.objects.filter(pairing__unit__path__startswith=root.path, follow_up_on__lt=today)
        .filter(~Exists(later))
        .values_list("pairing__unit__path", "pairing__cadre_id")
    )


def _add_visits(tally: Tally, household: int | None, kind: str, count: int, measured: int) -> None:
    """`count` visits of one kind to one household, `measured` of them with agreed measures."""
    if kind == VisitKind.LEADER_VISIT:
        tally.leader_visits += count
        return
    if kind == VisitKind.HOME_VISIT and household is not None:
        tally.visits += count
        tally.visited.add(household)
        tally.with_measures += measured


@dataclass
class Coverage:
    root: Unit
    period: Period
    total: Tally
    units: list[Tally]
    cadres: list[Tally]


def coverage(root: Unit, period: Period, today: date) -> Coverage:
    """The root's own line and one per child unit (each for its whole subtree), and one per cadre."""
    lines = [Tally(unit=u) for u in root.children.order_by("path")]
    total, own = Tally(unit=root), Tally(unit=root)
    cadres: dict[int, Tally] = {}
    known: dict[tuple[str, int | None], list[Tally]] = {}  # a few (unit, cadre) pairs over many rows

    def targets(path: str, cadre_id: int | None) -> list[Tally]:
        if (path, cadre_id) in known:
            return known[(path, cadre_id)]
        found = [total] + [t for t in lines if t.unit is not None and path.startswith(t.unit.path)]
        found += [] if len(found) > 1 else [own]
        if cadre_id is not None:
            found.append(cadres.setdefault(cadre_id, Tally()))
        known[(path, cadre_id)] = found
        return found

    pairings = Pairing.objects.filter(
        _open_during(period), kind=PairingKind.CADRE_HOUSEHOLD, unit__path__startswith=root.path
    ).values_list("unit__path", "cadre_id", "household_id")
    for path, cadre_id, household in pairings.iterator(chunk_size=10_000):
        for tally in targets(path, cadre_id):
            tally.households.add(household)
    for path, cadre_id, household, kind, count, measured in _visits_in(period, root).iterator(chunk_size=10_000):
        for tally in targets(path, cadre_id):
            _add_visits(tally, household, kind, count, measured)
    for path, cadre_id in _overdue(root, today):
        for tally in targets(path, cadre_id):
            tally.overdue += 1
    return _finish(root, period, total, own, lines, cadres)


def _finish(root: Unit, period: Period, total: Tally, own: Tally, lines: list[Tally], cadres: dict[int, Tally]):
    people = User.objects.in_bulk(list(cadres))
    for pk, tally in cadres.items():
        tally.cadre = people.get(pk)
    units = ([own] if own.paired or own.leader_visits else []) + [t for t in lines if t.paired or t.leader_visits]
    ordered = sorted(cadres.values(), key=lambda t: (-t.unvisited, -t.overdue, str(t.cadre)))
    return Coverage(root, period, total, units, ordered)
