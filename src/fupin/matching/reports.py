"""What an office reads about 微心愿 and 认领项目 for one campaign (with the campaigns derived from it), within
its own subtree: the figures per county, and the project claims against the deadline the notice sets."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from fupin.campaigns.models import ActivityItem, Campaign, ItemKind, Requirement
from fupin.campaigns.sources import campaign_lineage_q
from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser, paths_for

from .models import ClaimStatus, MicroWish, Project, ProjectClaim, ProjectStatus, WishClaim, WishStatus

UNVETTED = (WishStatus.PENDING, WishStatus.RETURNED)
FULFILLED = (WishStatus.DELIVERED, WishStatus.CONFIRMED)


def report_root(user: AnyUser, campaign: Campaign) -> Unit:
    """The campaign's issuing unit when the user's office is at or above it, else the user's own office
    within it: an office reads its own subtree only."""
    paths = paths_for(user, "project.manage")
    if getattr(user, "is_superuser", False) or any(campaign.unit.path.startswith(p) for p in paths):
        return campaign.unit
    inside = sorted((p for p in paths if p.startswith(campaign.unit.path)), key=len)
    return Unit.objects.get(path=inside[0])


@dataclass
class CountyFigures:
    """One county's (or the total's) wishes and projects; the four wish states add up to `vetted`."""

    label: str
    unit: Unit | None = None
    posted: int = 0
    vetted: int = 0
    open: int = 0
    claimed_now: int = 0
    delivered: int = 0
    confirmed: int = 0
    ever_claimed: int = 0
    fulfilled: int = 0
    expired: int = 0
    confirmed_fen: int = 0
    projects: int = 0
    projects_claimed: int = 0
    projects_funded: int = 0
    claimed_fen: int = 0


@dataclass
class CountyReport:
    rows: list[CountyFigures]
    total: CountyFigures = field(default_factory=lambda: CountyFigures(label=""))


def _counties(root: Unit) -> list[Unit]:
    if root.kind == UnitKind.COUNTY_BUREAU:
        return [root]
    return list(Unit.objects.filter(path__startswith=root.path, kind=UnitKind.COUNTY_BUREAU).order_by("path"))


def _add_wish(row: CountyFigures, status: str, value_fen: int, has_claim: bool) -> None:
    row.posted += 1
    if status in UNVETTED:
        return
    row.vetted += 1
    row.open += status == WishStatus.OPEN
    row.claimed_now += status == WishStatus.CLAIMED
    row.delivered += status == WishStatus.DELIVERED
    row.confirmed += status == WishStatus.CONFIRMED
    row.fulfilled += status in FULFILLED
    row.ever_claimed += has_claim
    row.confirmed_fen += value_fen if status == WishStatus.CONFIRMED else 0


def _add_project(row: CountyFigures, status: str, claimed_fen: int) -> None:
    row.projects += 1
    row.projects_claimed += claimed_fen > 0
    row.projects_funded += status != ProjectStatus.OPEN
    row.claimed_fen += claimed_fen


def _wishes(campaign: Campaign, root: Unit) -> QuerySet[MicroWish]:
    return MicroWish.objects.filter(campaign_lineage_q(campaign, "campaign"), unit__path__startswith=root.path)


def county_report(campaign: Campaign, root: Unit) -> CountyReport:
    """Posted, vetted, claimed, fulfilled, confirmed, expired and the value fulfilled of the wishes, and the
    projects claimed and funded, per county of the root's subtree (by where the wish or project is), in four
    queries whatever the number of counties."""
    rows = [CountyFigures(label=c.name, unit=c) for c in _counties(root)]
    by_path = {row.unit.path: row for row in rows if row.unit is not None}

    def row_for(path: str) -> CountyFigures | None:
        return next((row for prefix, row in by_path.items() if path.startswith(prefix)), None)

    wishes = _wishes(campaign, root).annotate(has_claim=Exists(WishClaim.objects.filter(wish=OuterRef("pk"))))
    for path, status, value_fen, has_claim in wishes.values_list("unit__path", "status", "value_fen", "has_claim"):
        if (row := row_for(path)) is not None:
            _add_wish(row, status, value_fen, has_claim)
    expired = WishClaim.objects.filter(wish__in=_wishes(campaign, root), status=ClaimStatus.EXPIRED)
    for path in expired.values_list("wish__unit__path", flat=True):
        if (row := row_for(path)) is not None:
            row.expired += 1
    projects = Project.objects.filter(campaign_lineage_q(campaign, "campaign"), village__path__startswith=root.path)
    for path, status, claimed_fen in projects.values_list("village__path", "status", "claimed_fen"):
        if (row := row_for(path)) is not None:
            _add_project(row, status, claimed_fen)
    return CountyReport(rows=rows, total=_total(rows))


def _total(rows: list[CountyFigures]) -> CountyFigures:
    total = CountyFigures(label="合计")
    for name in CountyFigures.__dataclass_fields__:
        if name not in ("label", "unit"):
            setattr(total, name, sum(getattr(row, name) for row in rows))
    return total


@dataclass
class ClaimLine:
    """One unit against the deadline: when it first claimed, how much in all, and whether on time."""

    unit: Unit
    expected: bool
    first_at: datetime | None = None
    claims: int = 0
    amount_fen: int = 0
    state: str = ""


@dataclass
class ClaimsDeadline:
    item: ActivityItem | None
    requirement: Requirement | None
    lines: list[ClaimLine]

    @property
    def due_at(self) -> datetime | None:
        return self.requirement.due_at if self.requirement is not None else None


def _state(line: ClaimLine, due_at: datetime | None, now: datetime) -> str:
    if line.first_at is None:
        return "missing" if due_at is not None and now > due_at else "waiting"
    if due_at is None:
        return "claimed"
    return "late" if line.first_at > due_at else "on_time"


def claims_deadline(campaign: Campaign, root: Unit, now: datetime | None = None) -> ClaimsDeadline:
    """The units the campaign's 项目认领 item names as responsible (those in the root's subtree), each with its
    claims on the campaign's projects against the item's earliest hand-in deadline; then every other unit of
    the subtree that claimed."""
    now = now or timezone.now()
    item = campaign.items.filter(kind=ItemKind.PROJECT_CLAIM).order_by("number").first()
    requirement = campaign.requirements.filter(item=item).order_by("due_at").first() if item else None
    named = item.responsible_units.filter(path__startswith=root.path).order_by("path") if item else Unit.objects.none()
    lines = {unit.pk: ClaimLine(unit=unit, expected=True) for unit in named}
    claims = ProjectClaim.objects.filter(
        campaign_lineage_q(campaign, "project__campaign"), unit__path__startswith=root.path
    ).select_related("unit")
    for claim in claims.order_by("claimed_at", "pk"):
        line = lines.setdefault(claim.unit_id, ClaimLine(unit=claim.unit, expected=False))
        line.first_at = line.first_at or claim.claimed_at
        line.claims += 1
        line.amount_fen += claim.amount_fen
    due_at = requirement.due_at if requirement is not None else None
    for line in lines.values():
        line.state = _state(line, due_at, now)
    ordered = sorted(lines.values(), key=lambda line: (not line.expected, line.unit.path))
    return ClaimsDeadline(item=item, requirement=requirement, lines=ordered)
