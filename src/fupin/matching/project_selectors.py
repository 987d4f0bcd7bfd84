"""Every read of 认领项目, scoped for staff; the public catalogue shows every project."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from fupin.campaigns.models import Campaign
from fupin.donations.models import DonationDrive, LedgerTransaction
from fupin.orgs.models import Unit, UnitKind
from fupin.orgs.policy import AnyUser, paths_for, scope_q

from .models import Project, ProjectClaim, ProjectFunding, ProjectPhoto, ProjectStatus, ProjectUpdate
from .permissions import project_q
from .project_funds import LIVE_IN, PAID_OUT


def visible_projects(user: AnyUser) -> QuerySet[Project]:
    return Project.objects.filter(project_q(user)).distinct().select_related("village", "campaign")


def project_villages(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "project.manage"), kind=UnitKind.VILLAGE).order_by("path")


def project_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """The campaigns issued by the office or above it."""
    above = {int(pk) for path in paths_for(user, "project.manage") for pk in path.split("/") if pk}
    return Campaign.objects.filter(unit_id__in=above).order_by("-year", "unit__path")


def claiming_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "project.claim")).order_by("path")


def project_claims(project: Project) -> QuerySet[ProjectClaim]:
    return project.claims.select_related("unit", "claimed_by")


PUBLIC_PHOTO = Q(shows_minors=False) | Q(minors_consent=True)


def project_updates(project: Project) -> QuerySet[ProjectUpdate]:
    return project.updates.select_related("recorded_by").prefetch_related("photos")


def public_project_updates(project: Project) -> QuerySet[ProjectUpdate]:
    """Progress as the public sees it: photos of identifiable minors without consent left out."""
    shown = Prefetch("photos", queryset=ProjectPhoto.objects.filter(PUBLIC_PHOTO))
    return project.updates.prefetch_related(shown)


def progress_photos(project: Project) -> QuerySet[ProjectPhoto]:
    return ProjectPhoto.objects.filter(update__project=project)


def public_progress_photos(project: Project) -> QuerySet[ProjectPhoto]:
    return progress_photos(project).filter(PUBLIC_PHOTO)


def claimed_projects() -> QuerySet[Project]:
    """Projects with at least one claim: those whose money a fund's finance officer may receive or pay out."""
    return Project.objects.filter(claims__isnull=False).distinct().select_related("village")


def public_projects() -> QuerySet[Project]:
    return Project.objects.select_related("village__parent").annotate(claimant_count=Count("claims"))


def project_totals(*, campaign: Campaign | None = None) -> dict[str, int]:
    """For the public home: projects, those claimed (in part or in full) and the amount claimed."""
    qs = Project.objects.all()
    if campaign is not None:
        qs = qs.filter(Q(campaign=campaign) | Q(campaign__parent=campaign))
    row = qs.aggregate(
        projects=Count("pk"),
        claimed=Count("pk", filter=Q(claimed_fen__gt=0)),
        funded=Count("pk", filter=~Q(status=ProjectStatus.OPEN)),
        claimed_fen=Sum("claimed_fen"),
    )
    return {k: v or 0 for k, v in row.items()}


def funding_drives(user: AnyUser) -> QuerySet[DonationDrive]:
    """The drives whose fund the user keeps the books of: where a claim's money may be received or paid out."""
    return DonationDrive.objects.filter(scope_q(user, "donation.record", "fund__unit__path")).order_by("-starts_on")


def _reversed(entry: str) -> Exists:
    return Exists(LedgerTransaction.objects.filter(reverses_id=OuterRef(entry)))


def project_fundings(project: Project) -> QuerySet[ProjectFunding]:
    """Every payment of the project through a managed fund, each marked when its ledger entry was reversed."""
    return (
        project.fundings.select_related("claim__unit", "drive", "donation", "disbursement")
        .annotate(is_reversed=_reversed("donation__transaction_id") | _reversed("disbursement__transaction_id"))
        .order_by("recorded_at", "pk")
    )


def public_project_fundings(project: Project) -> QuerySet[ProjectFunding]:
    """What the public sees: money received from claimants, and money paid to the project (paid, not reversed)."""
    return project_fundings(project).filter(LIVE_IN | PAID_OUT)
