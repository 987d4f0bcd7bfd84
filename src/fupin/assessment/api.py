"""Assessment results over REST, read-only and scoped like the pages: the office reads every result of the
campaigns it issued; a unit reads its own once shown (a draft in the query window, then the frozen result)."""

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from fupin.lib.api_pages import DbId, Pages

from . import selectors
from .permissions import access_result

router = Router(tags=["年度考核"])


class LineOut(Schema):
    rule_key: str
    label: str
    points: Decimal
    explanation: str
    evidence_url: str
    evidence_label: str


class ResultOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    unit_name: str
    total: Decimal
    status: str
    computed_at: datetime
    published_at: datetime | None

    @staticmethod
    def resolve_campaign_id(obj):
        return obj.scheme.campaign_id

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class ResultDetailOut(ResultOut):
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj):
        return selectors.result_lines(obj)


@router.get("/assessment/results", response=list[ResultOut])
@paginate(Pages)
def list_assessment_results(request, campaign_id: DbId | None = None):
    return selectors.readable_results(request.user, campaign_id=campaign_id)


@router.get("/assessment/results/{result_id}", response=ResultDetailOut)
def get_assessment_result(request, result_id: DbId):
    return access_result(request.user, result_id)
