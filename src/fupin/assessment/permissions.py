"""The assessment actions in the policy table, and the doors for results, lines and queries.

The office that issued the campaign (and above) configures, computes, publishes and answers queries, and sees
every result. A unit sees its own subtree's results only once shown: in the query window the office opens
(the draft) or after publication (frozen); its reporters may raise a query on a line of their own draft.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from fupin.orgs.models import Role
from fupin.orgs.policy import ALL_ROLES, AnyUser, register, scope_q

from .models import AssessmentLine, AssessmentQuery, AssessmentResult, ResultStatus

register(
    {
        "assessment.view": ALL_ROLES,
        "assessment.manage": {Role.OFFICE_ADMIN, Role.COORDINATOR},
        "assessment.query": {Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REPORTER},
    }
)


def result_q(user: AnyUser, prefix: str = "") -> Q:
    """Results (through `prefix`) the user may read: all of a campaign its office issued; its own subtree's
    once shown."""
    office = scope_q(user, "assessment.manage", f"{prefix}scheme__campaign__unit__path")
    shown = Q(**{f"{prefix}status": ResultStatus.PUBLISHED}) | Q(**{f"{prefix}scheme__query_until__isnull": False})
    return office | (scope_q(user, "assessment.view", f"{prefix}unit__path") & shown)


def access_result(user: AnyUser, pk: int | str) -> AssessmentResult:
    qs = AssessmentResult.objects.filter(result_q(user)).select_related(
        "unit", "scheme__campaign__unit", "published_by"
    )
    return get_object_or_404(qs, pk=pk)


def access_line(user: AnyUser, pk: int | str) -> AssessmentLine:
    """A line of the user's own draft, to raise a query on."""
    own = scope_q(user, "assessment.query", "result__unit__path")
    shown = Q(result__status=ResultStatus.DRAFT, result__scheme__query_until__isnull=False)
    return get_object_or_404(AssessmentLine.objects.filter(own & shown).select_related("result__unit"), pk=pk)


def access_query(user: AnyUser, pk: int | str) -> AssessmentQuery:
    """A query on a result of a campaign the user's office issued, to answer."""
    office = scope_q(user, "assessment.manage", "line__result__scheme__campaign__unit__path")
    return get_object_or_404(AssessmentQuery.objects.filter(office).select_related("line__result"), pk=pk)
