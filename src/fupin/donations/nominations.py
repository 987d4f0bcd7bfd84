"""Enterprise nominations for the city's on-site donation event (推荐企业参加现场捐赠)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign
from fupin.orgs.models import Unit, UnitKind, User
from fupin.orgs.policy import can

from .models import EnterpriseNomination


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
