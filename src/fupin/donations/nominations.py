"""Enterprise nominations for the city's on-site donation event (推荐企业参加现场捐赠)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import campaign_lineage_q
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import can

from .models import Donation, DonorType, EnterpriseNomination
from .permissions import event_office_q


@transaction.atomic
def nominate_enterprise(
    *,
    by: User,
    campaign: Campaign,
    unit: Unit,
    enterprise: str,
    contact: str = "",
    intention: str = "",
    reason: str = "",
) -> EnterpriseNomination:
    """A county bureau recommends an enterprise for the city's on-site donation event (推荐企业参加现场捐赠)."""
    if unit.kind != UnitKind.COUNTY_BUREAU:
        raise ValidationError({"unit": [_("由县(区)教育局推荐企业")]})
    if not can(by, "nomination.submit", unit.path):
        raise PermissionDenied(_("只能以本单位名义推荐"))
    name = enterprise.strip()
    if not name:
        raise ValidationError({"enterprise": [_("请填写企业名称")]})
    if EnterpriseNomination.objects.filter(campaign=campaign, nominated_by_unit=unit, enterprise=name).exists():
        raise ValidationError({"enterprise": [_("本单位已推荐过「%(e)s」") % {"e": name}]})
    nomination = EnterpriseNomination.objects.create(
        campaign=campaign,
        nominated_by_unit=unit,
        enterprise=name[:200],
        contact=contact.strip()[:60],
        intention=intention.strip()[:300],
        reason=reason.strip(),
        created_by=by,
    )
    record_for(by, AuditAction.CREATE, nomination, unit, {"enterprise": [None, nomination.enterprise]})
    return nomination


@transaction.atomic
def update_nomination(
    *, by: User, nomination: EnterpriseNomination, status: str, donation: Donation | None = None
) -> EnterpriseNomination:
    """The office running the on-site event records how a nominated enterprise took part (invited, attended,
    gave); 「已捐赠」 points at the enterprise's gift as recorded in the campaign's drives, never typed again."""
    nomination = EnterpriseNomination.objects.select_for_update().get(pk=nomination.pk)
    if not EnterpriseNomination.objects.filter(event_office_q(by), pk=nomination.pk).exists():
        raise PermissionDenied(_("只有承办现场捐赠活动的单位可以更新推荐企业的状态"))
    if status not in EnterpriseNomination.Status.values:
        raise ValidationError({"status": [_("请选择状态")]})
    if status == EnterpriseNomination.Status.GAVE:
        _check_gift(nomination, donation)
    else:
        donation = None
    before = (nomination.status, nomination.donation_id)
    nomination.status, nomination.donation = status, donation
    nomination.status_changed_by, nomination.status_changed_at = by, timezone.now()
    nomination.save(update_fields=["status", "donation", "status_changed_by", "status_changed_at"])
    changes = {"status": [before[0], status], "donation": [before[1], donation.pk if donation else None]}
    record_for(by, AuditAction.UPDATE, nomination, nomination.nominated_by_unit, changes)
    return nomination


def _check_gift(nomination: EnterpriseNomination, donation: Donation | None) -> None:
    """「已捐赠」 needs an enterprise's standing gift to a drive of the campaign, not already another's."""
    if donation is None:
        raise ValidationError({"donation": [_("「已捐赠」须选择这家企业的捐赠记录(先在募捐活动中登记捐赠)")]})
    donation = Donation.objects.select_related("drive").get(pk=donation.pk)
    linked = EnterpriseNomination.objects.filter(donation=donation).exclude(pk=nomination.pk).first()
    if linked is not None:
        raise ValidationError({"donation": [_("这笔捐赠已关联「%(e)s」的推荐") % {"e": linked.enterprise}]})
    lineage = campaign_lineage_q(nomination.campaign, "drive__campaign")
    if donation.donor_type != DonorType.ENTERPRISE or not Donation.objects.filter(lineage, pk=donation.pk).exists():
        raise ValidationError({"donation": [_("请选择本次扶贫日活动募捐中企业的捐赠记录")]})
