"""The donation actions in the policy table, and the doors for funds and drives."""

from typing import Any

from django.db import DEFAULT_DB_ALIAS as DB
from django.db.models import DEFERRED, Model, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from fupin.campaigns.models import ActivityItem, Campaign, ItemKind
from fupin.lib.compiled_query import CompiledRead
from fupin.orgs.models import Role, Unit
from fupin.orgs.policy import AnyUser, register, scope_q

from .models import (
    BoxOpening,
    Channel,
    Concern,
    Disbursement,
    Donation,
    DonationBox,
    DonationDrive,
    EnterpriseNomination,
    Fund,
    GoodsHandout,
    LedgerTransaction,
    Pledge,
    Receipt,
    Reversal,
    Transfer,
)

register(
    {
        "drive.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "donation.record": {Role.FINANCE},
        "disbursement.request": {Role.FINANCE},
        "disbursement.approve": {Role.OFFICE_ADMIN},
        "fund.view": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.FINANCE, Role.AUDITOR},
    }
)


def access_fund(user: AnyUser, pk: int | str, action: str = "fund.view") -> Fund:
    return get_object_or_404(Fund.objects.filter(scope_q(user, action, "unit__path")), pk=pk)


def access_drive(user: AnyUser, pk: int | str, action: str = "fund.view") -> DonationDrive:
    qs = DonationDrive.objects.filter(scope_q(user, action, "fund__unit__path")).select_related("fund", "campaign")
    return get_object_or_404(qs, pk=pk)


register({"box.manage": {Role.FINANCE, Role.OFFICE_ADMIN}, "quota.clear": {Role.OFFICE_ADMIN}})


def access_box(user: AnyUser, pk: int | str, action: str = "fund.view") -> DonationBox:
    qs = DonationBox.objects.filter(scope_q(user, action, "drive__fund__unit__path")).select_related("drive__fund")
    return get_object_or_404(qs, pk=pk)


def access_disbursement(user: AnyUser, pk: int | str, action: str = "fund.view") -> Disbursement:
    qs = Disbursement.objects.filter(scope_q(user, action, "fund__unit__path")).select_related("fund__unit")
    return get_object_or_404(qs, pk=pk)


def access_pledge(user: AnyUser, pk: int | str, action: str = "donation.record") -> Pledge:
    """A pledge to a drive whose fund lies in the user's subtree for `action`; 404 otherwise."""
    qs = Pledge.objects.filter(scope_q(user, action, "drive__fund__unit__path")).select_related("drive__fund__unit")
    return get_object_or_404(qs, pk=pk)


def access_receipt(user: AnyUser, pk: int | str, action: str = "fund.view") -> Receipt:
    qs = Receipt.objects.filter(scope_q(user, action, "fund__unit__path")).select_related(
        "fund__unit", "donation__drive", "issued_by"
    )
    return get_object_or_404(qs, pk=pk)


def public_drive(pk: int | str) -> DonationDrive:
    """A drive as the public sees it: any drive of a campaign that has been issued; 404 for drafts."""
    qs = DonationDrive.objects.exclude(campaign__status="draft").select_related("fund__unit", "organiser", "campaign")
    return get_object_or_404(qs, pk=pk)


# What the public pledge page and `submit_pledge` read of a drive (and of the unit whose audit trail records it).
PLEDGE_DRIVE_FIELDS = ("id", "title", "starts_on", "ends_on", "channels", "fund_id")
_UNIT_FIELDS = ("fund__unit_id", "fund__unit__name", "fund__unit__path")
_PLEDGE_DRIVE = CompiledRead(
    lambda pk: (
        DonationDrive.objects.exclude(campaign__status="draft")
        .filter(pk=pk)
        .values_list(*PLEDGE_DRIVE_FIELDS, *_UNIT_FIELDS)
    )
)


def pledge_drive(pk: int | str) -> DonationDrive:
    """`public_drive` for the public's hottest page, the pledge: the same rule, only the columns it reads, in a
    query compiled once (a five-table, sixty-column row, or even building the query, costs more than the pledge
    costs to store)."""
    number = int(pk) if str(pk).isdigit() else 0
    row = _PLEDGE_DRIVE.row(number) if 0 < number < 2**63 else None
    if row is None:
        raise Http404
    drive = _loaded(DonationDrive, dict(zip(PLEDGE_DRIVE_FIELDS, row, strict=False)))
    fund = _loaded(Fund, {"id": row[5], "unit_id": row[6]})
    fund.unit = _loaded(Unit, {"id": row[6], "name": row[7], "path": row[8]})
    drive.fund = fund
    return drive


def _loaded[M: Model](model: type[M], values: dict[str, Any]) -> M:
    """An instance as the ORM builds it from a row holding only these columns (the others deferred)."""
    row = [values.get(f.attname, DEFERRED) for f in model._meta.concrete_fields]
    return model.from_db(DB, list(values), row)


def public_pledge(token: str, *, received: bool = False) -> Pledge:
    """A pledge through its unguessable token, as its donor follows it; with `received`, only once the money has
    arrived and a receipt was issued (for the 捐赠证书). 404 otherwise."""
    qs = Pledge.objects.select_related("drive__fund__unit", "donation__receipt__fund__unit", "donation__drive")
    if received:
        qs = qs.filter(status=Pledge.Status.RECEIVED, donation__receipt__isnull=False)
    return get_object_or_404(qs, token=token)


def access_box_opening(user: AnyUser, pk: int | str, action: str = "fund.view") -> BoxOpening:
    qs = BoxOpening.objects.filter(scope_q(user, action, "box__drive__fund__unit__path"))
    return get_object_or_404(qs, pk=pk)


def access_goods(user: AnyUser, pk: int | str, action: str = "fund.view") -> Donation:
    qs = Donation.objects.filter(scope_q(user, action, "drive__fund__unit__path"), channel=Channel.GOODS)
    return get_object_or_404(qs.select_related("drive__fund__unit", "drive__organiser", "unit"), pk=pk)


def access_goods_handout(user: AnyUser, pk: int | str, action: str = "fund.view") -> GoodsHandout:
    qs = GoodsHandout.objects.filter(scope_q(user, action, "donation__drive__fund__unit__path"))
    return get_object_or_404(qs, pk=pk)


register({"nomination.submit": {Role.OFFICE_ADMIN, Role.COORDINATOR}})
register({"nomination.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR}})


def event_office_q(user: AnyUser, field: str = "campaign") -> Q:
    """Campaigns whose on-site donation event the user's office runs: the issuing unit, or a 牵头单位 of one of the
    campaign's 扶贫募捐 items (such as the bureau's 扶贫办)."""
    leads = ActivityItem.objects.filter(scope_q(user, "nomination.manage", "lead_units__path"))
    led = leads.filter(kind=ItemKind.DONATION_DRIVE).values("campaign_id")
    issued = Campaign.objects.filter(scope_q(user, "nomination.manage", "unit__path")).values("pk")
    return Q(**{f"{field}__in": led}) | Q(**{f"{field}__in": issued})


def access_nomination(user: AnyUser, pk: int | str) -> EnterpriseNomination:
    """A nomination for an on-site event the user's office runs; 404 for anyone else."""
    qs = EnterpriseNomination.objects.filter(event_office_q(user)).select_related(
        "campaign", "nominated_by_unit", "donation__drive", "status_changed_by"
    )
    return get_object_or_404(qs, pk=pk)


register({"proof.publish": {Role.OFFICE_ADMIN, Role.FINANCE}})
register({"concern.handle": {Role.SUPERVISOR}})


def access_transfer(user: AnyUser, pk: int | str, action: str = "fund.view") -> Transfer:
    """A transfer out of a drive whose fund is managed in the user's subtree for `action`; to read it, also a
    transfer into one (the receiving finance office keeps it in its books too); 404 otherwise."""
    scope = scope_q(user, action, "from_drive__fund__unit__path")
    if action == "fund.view":
        scope |= scope_q(user, action, "to_drive__fund__unit__path")
    qs = Transfer.objects.filter(scope)
    return get_object_or_404(
        qs.select_related("from_drive__fund__unit", "to_drive", "requested_by", "approved_by"), pk=pk
    )


def access_entry(user: AnyUser, pk: int | str, action: str = "fund.view") -> LedgerTransaction:
    """A ledger transaction of a fund managed in the user's subtree for `action`; 404 otherwise."""
    qs = LedgerTransaction.objects.filter(scope_q(user, action, "fund__unit__path")).select_related("fund__unit")
    return get_object_or_404(qs, pk=pk)


def access_reversal(user: AnyUser, pk: int | str, action: str = "fund.view") -> Reversal:
    qs = Reversal.objects.filter(scope_q(user, action, "entry__fund__unit__path"))
    return get_object_or_404(qs.select_related("entry__fund__unit", "requested_by", "approved_by"), pk=pk)


def access_concern(user: AnyUser, pk: int | str, action: str = "concern.handle") -> Concern:
    """A concern about a drive whose fund lies in the subtree the user supervises; 404 otherwise."""
    qs = Concern.objects.filter(scope_q(user, action, "drive__fund__unit__path")).select_related("drive__fund__unit")
    return get_object_or_404(qs, pk=pk)


def public_concern(token: str) -> Concern:
    """A concern through its raiser's private link; 404 otherwise."""
    return get_object_or_404(Concern.objects.select_related("drive"), token=token)


def witnessed_opening(user: AnyUser, pk: int | str) -> BoxOpening:
    """A box opening the user signed as its second witness; 404 for anyone else."""
    qs = BoxOpening.objects.filter(second_witness_id=getattr(user, "pk", None))
    return get_object_or_404(qs.select_related("box__drive", "first_witness", "second_witness"), pk=pk)
