"""Reads for the staff pages of donations, each already scoped to what the user may see."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from fupin.campaigns.models import ActivityItem, Campaign, ItemKind
from fupin.campaigns.selectors.campaigns import visible_campaigns
from fupin.campaigns.sources import campaign_lineage_q
from fupin.orgs.models import SchoolStage, Unit, UnitKind, User
from fupin.orgs.policy import AnyUser, scope_q

from . import ledger, transfers
from .box_rules import eligible_witnesses
from .models import (
    BoxOpening,
    Channel,
    Concern,
    Disbursement,
    Donation,
    DonationBox,
    DonationDrive,
    DonorType,
    EnterpriseNomination,
    GoodsHandout,
    Pledge,
    QuotaClearance,
    Transfer,
)
from .permissions import event_office_q
from .services import QuotaFlag, suspected_quotas


def visible_drives(user: AnyUser) -> QuerySet[DonationDrive]:
    return (
        DonationDrive.objects.filter(scope_q(user, "fund.view", "fund__unit__path"))
        .select_related("campaign", "organiser", "fund__unit")
        .annotate(total_fen=Sum("donations__amount_fen", default=0), gifts=Count("donations"))
        .order_by("-starts_on", "-id")
    )


def donation_items(user: AnyUser) -> QuerySet[ActivityItem]:
    """The campaigns' 扶贫募捐 items the user can see, under which a drive may be opened."""
    return (
        ActivityItem.objects.filter(campaign__in=visible_campaigns(user), kind=ItemKind.DONATION_DRIVE)
        .select_related("campaign")
        .order_by("-campaign__year", "campaign_id", "number")
    )


def drive_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "drive.manage")).order_by("path")


def drive_totals(drive: DonationDrive) -> list[dict[str, Any]]:
    rows = drive.donations.values("channel").annotate(total=Sum("amount_fen"), gifts=Count("id")).order_by("channel")
    return [{**row, "label": Channel(row["channel"]).label} for row in rows]


def drive_donations(drive: DonationDrive) -> QuerySet[Donation]:
    """Every gift recorded for the drive, newest first (the page shows the latest, the export all)."""
    return drive.donations.select_related("unit", "receipt").order_by("-received_at", "-id")


def drive_summary(drive: DonationDrive) -> dict[str, Any]:
    return {
        "totals": drive_totals(drive),
        "balance_fen": ledger.balance_fen(drive),
        "recent": drive_donations(drive)[:50],
    }


def drive_pledges(drive: DonationDrive, status: str) -> QuerySet[Pledge]:
    """The public's pledges of one status (awaiting confirmation, or received), newest first."""
    return drive.pledges.filter(status=status).select_related("donation__receipt").order_by("-id")


def visible_concerns(user: User) -> QuerySet[Concern]:
    """What the public reported on the drives whose fund is managed in the subtrees the user supervises."""
    qs = Concern.objects.filter(scope_q(user, "concern.handle", "drive__fund__unit__path"))
    return qs.select_related("drive__fund__unit")


def concern_units(concern: Concern) -> QuerySet[Unit]:
    """The units a concern about a drive can be found against: the organiser and every unit whose staff gave."""
    drive = concern.drive
    gave = drive.donations.filter(unit__isnull=False).values("unit_id")
    return Unit.objects.filter(Q(pk=drive.organiser_id) | Q(pk__in=gave)).order_by("path")


def organiser_units(drive: DonationDrive) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=drive.organiser.path).order_by("path")


def drive_boxes(drive: DonationDrive) -> QuerySet[DonationBox]:
    return drive.boxes.annotate(
        collected_fen=Sum("openings__donation__amount_fen", default=0), opened=Count("openings")
    )


def box_openings(box: DonationBox) -> QuerySet[BoxOpening]:
    return box.openings.select_related("first_witness", "second_witness", "donation")


def witnesses(drive: DonationDrive) -> QuerySet[User]:
    """People who may count a box (the one witness rule, `eligible_witnesses`)."""
    return eligible_witnesses(drive)


def fund_disbursements(drive: DonationDrive) -> QuerySet[Disbursement]:
    """What was asked of and paid from this drive's restricted account."""
    return drive.disbursements.select_related("requested_by", "approved_by")


@dataclass
class QuotaReview:
    flag: QuotaFlag
    clearance: QuotaClearance | None


def quota_review(drive: DonationDrive) -> list[QuotaReview]:
    cleared = {c.unit_id: c for c in drive.flag_clearances.select_related("cleared_by")}
    return [QuotaReview(flag, cleared.get(flag.unit.pk)) for flag in suspected_quotas(drive)]


def drive_goods(drive: DonationDrive) -> QuerySet[Donation]:
    """The drive's 物资, each with how many have been handed out."""
    return (
        drive.donations.filter(channel=Channel.GOODS)
        .select_related("unit")
        .annotate(handed_out=Sum("handouts__quantity", default=0))
        .order_by("-received_at", "-id")
    )


def goods_handouts(donation: Donation) -> QuerySet[GoodsHandout]:
    return donation.handouts.select_related("recorded_by")


def nominating_units(user: AnyUser) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(user, "nomination.submit"), kind=UnitKind.COUNTY_BUREAU).order_by("path")


def visible_nominations(user: AnyUser) -> QuerySet[EnterpriseNomination]:
    """Nominations of the user's subtree (a county sees its own, the city every county's) and those for an on-site
    event the user's office runs."""
    return (
        EnterpriseNomination.objects.filter(
            scope_q(user, "fund.view", "nominated_by_unit__path") | event_office_q(user)
        )
        .select_related("campaign", "nominated_by_unit", "created_by", "donation")
        .order_by("-campaign__year", "nominated_by_unit__path", "id")
    )


def event_campaign_ids(user: AnyUser) -> set[int]:
    """The campaigns whose on-site donation event the user's office runs (and so updates their nominations)."""
    return set(Campaign.objects.filter(event_office_q(user, "pk")).values_list("pk", flat=True))


def nomination_gifts(nomination: EnterpriseNomination) -> list[Donation]:
    """The gifts a 「已捐赠」 nomination may point at: enterprises' gifts standing in a drive of the nomination's
    campaign (or a campaign derived from it) not linked to another nomination; the same name first."""
    gifts = Donation.objects.filter(
        campaign_lineage_q(nomination.campaign, "drive__campaign"),
        Q(nomination__isnull=True) | Q(nomination=nomination),
        donor_type=DonorType.ENTERPRISE,
        transaction__reversed_by__isnull=True,
    ).select_related("drive")
    ordered = gifts.order_by("-received_at", "-id")[:200]
    return sorted(ordered, key=lambda d: d.donor_name.strip() != nomination.enterprise)


def nomination_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    return visible_campaigns(user).order_by("-year", "unit__path", "-id")


def drive_transfers(drive: DonationDrive) -> QuerySet[Transfer]:
    """Transfers out of and into the drive's restricted account, newest first."""
    qs = Transfer.objects.filter(Q(from_drive=drive) | Q(to_drive=drive))
    return qs.select_related("from_drive", "to_drive").order_by("-created_at", "-id")


def transfer_targets(drive: DonationDrive) -> QuerySet[DonationDrive]:
    """The drives the money may be moved to (see `transfers.transfer_targets`), with their funds for the form."""
    return transfers.transfer_targets(drive).select_related("fund")


PUPILS_RULE = "中小学校原则上不组织学生捐款"


def primary_pupil_gifts(drive: DonationDrive) -> list[dict[str, Any]]:
    """一元捐 recorded for primary-school pupils, per school (count and sum), for the office to review against the
    notices' rule 「中小学校原则上不组织学生捐款」."""
    rows = Donation.objects.filter(
        drive=drive,
        channel=Channel.ONE_YUAN,
        unit__kind=UnitKind.SCHOOL,
        unit__stage=SchoolStage.PRIMARY,
        transaction__reversed_by__isnull=True,
    )
    summed = rows.values("unit__name").annotate(n=Count("id"), s=Sum("amount_fen")).order_by("unit__name")
    return [{"unit": r["unit__name"], "gifts": r["n"], "amount_fen": r["s"] or 0} for r in summed]
