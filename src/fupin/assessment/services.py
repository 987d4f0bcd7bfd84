"""Every write of the assessment: the office's scheme, computing and publishing results, and queries (异议).

Computing is deterministic and idempotent: the same data gives the same lines and totals, rewritten in place
(a line keeps its id, so its queries stay with it); a published scheme is frozen and never computed again.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fupin.audit.models import AuditAction
from fupin.audit.services import record_for
from fupin.campaigns.models import Campaign, CampaignStatus
from fupin.lib.bulk import insert_values
from fupin.lib.text import clean_text
from fupin.orgs.models import User
from fupin.orgs.policy import can

from .campaign_rules import campaign_tasks, scoring_run, task_facts
from .models import AssessmentLine, AssessmentQuery, AssessmentResult, AssessmentScheme, ResultStatus, SchemeRule
from .rules import RULES, Measured, RuleKind, points

MAX_WEIGHT = Decimal(100)
MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class RuleChoice:
    rule_key: str
    weight: Decimal
    cap: Decimal | None = None


def _require_office(by: User, campaign: Campaign) -> None:
    if not can(by, "assessment.manage", campaign.unit.path):
        raise PermissionDenied(_("只有发文单位的办公室可以管理考核"))


def _locked(scheme: AssessmentScheme) -> AssessmentScheme:
    return AssessmentScheme.objects.select_for_update().select_related("campaign__unit").get(pk=scheme.pk)


def _check_choices(choices: Sequence[RuleChoice]) -> None:
    if not choices:
        raise ValidationError(_("请至少选择一项考核项"))
    for choice in choices:
        rule = RULES.get(choice.rule_key)
        if rule is None:
            raise ValidationError(_("未知的考核项:%(k)s") % {"k": choice.rule_key})
        if not Decimal(0) < choice.weight <= MAX_WEIGHT:
            raise ValidationError(_("%(r)s:分值须大于 0 且不超过 100") % {"r": rule.label})
        if choice.cap is not None and not Decimal(0) < choice.cap <= MAX_WEIGHT:
            raise ValidationError(_("%(r)s:上限须大于 0 且不超过 100") % {"r": rule.label})


def _describe(rules: Sequence[RuleChoice] | Sequence[SchemeRule]) -> dict[str, str]:
    return {r.rule_key: f"{r.weight}/{r.cap if r.cap is not None else '-'}" for r in rules}


@transaction.atomic
def configure_scheme(
    *, by: User, campaign: Campaign, choices: Sequence[RuleChoice], query_until: datetime | None = None
) -> AssessmentScheme:
    """The office of a published campaign chooses its rules with weights and caps; a published scheme is
    frozen. A ratio rule has no cap (its weight is its full points)."""
    _require_office(by, campaign)
    if campaign.status == CampaignStatus.DRAFT:
        raise ValidationError(_("活动发布后才能设置年度考核"))
    _check_choices(choices)
    scheme, _made = AssessmentScheme.objects.get_or_create(campaign=campaign, defaults={"created_by": by})
    scheme = _locked(scheme)
    if scheme.is_published:
        raise ValidationError(_("考核结果已发布,考核方案不能再修改"))
    before = _describe(list(scheme.rules.all()))
    scheme.rules.all().delete()
    SchemeRule.objects.bulk_create(
        SchemeRule(
            scheme=scheme,
            rule_key=c.rule_key,
            weight=c.weight,
            cap=None if RULES[c.rule_key].kind == RuleKind.RATIO else c.cap,
            position=i,
        )
        for i, c in enumerate(choices)
    )
    old_until = scheme.query_until
    scheme.query_until = query_until
    scheme.save(update_fields=["query_until"])
    changes = {
        "rules": [before, _describe(choices)],
        "query_until": [old_until and old_until.isoformat(), query_until and query_until.isoformat()],
    }
    record_for(by, AuditAction.UPDATE, scheme, campaign.unit, changes)
    return scheme


def assessed_units(campaign: Campaign) -> list[int]:
    """The ids of the units the campaign gave a task (its own plans' units included), in order."""
    return sorted(facts[0] for facts in task_facts(campaign))


# one rule's points for one unit, before it is saved: (rule key, label, position, points, explanation, evidence
# url, evidence label). Plain tuples of strings and numbers, which the garbage collector stops watching: scoring
# 20,000 units makes one per unit and rule.
type ScoredLine = tuple[str, str, int, Decimal, str, str, str]


def _column(rule: SchemeRule, measures: Mapping[int, Measured], unit_ids: list[int]) -> list[ScoredLine]:
    """One rule's line for every unit, in the order of `unit_ids`; the points worked out once per distinct
    (earned, possible): units share a handful of those."""
    catalogued, key, position = RULES[rule.rule_key], rule.rule_key, rule.position
    kind, label = catalogued.kind, str(catalogued.label)
    nothing: Measured = (Decimal(0), 0, _("本单位无此项记录"), "", "")
    table: dict[tuple[Decimal, int], Decimal] = {}
    column = []
    for pk in unit_ids:
        m = measures.get(pk, nothing)
        got = table.get((m[0], m[1]))
        if got is None:
            got = table[(m[0], m[1])] = points(kind, rule.weight, rule.cap, m)
        column.append((key, label, position, got, m[2], m[3], m[4]))
    return column


def score(campaign: Campaign, chosen: list[SchemeRule], unit_ids: list[int]) -> dict[int, tuple[ScoredLine, ...]]:
    """{unit id: its lines, one per chosen rule}: every chosen rule measured for all units at once, then
    turned to a column of lines, and the columns read across unit by unit."""
    with translation.override("zh-hans"):
        columns = [_column(r, RULES[r.rule_key].measure(campaign, unit_ids), unit_ids) for r in chosen]
    if not columns:
        return dict.fromkeys(unit_ids, ())
    return dict(zip(unit_ids, zip(*columns, strict=True), strict=True))


def score_campaign(campaign: Campaign, chosen: list[SchemeRule]) -> dict[int, tuple[ScoredLine, ...]]:
    """Every assessed unit's lines in one scoring run: the campaign's tasks are aggregated once, for choosing
    the units and for every rule that reads them."""
    with scoring_run():
        return score(campaign, chosen, assessed_units(campaign))


def _save_results(
    scheme: AssessmentScheme, scored: dict[int, tuple[ScoredLine, ...]], now: datetime
) -> tuple[dict[int, int], bool]:
    """({unit id: result id}, whether any result was kept): one result per assessed unit, kept when it exists,
    the new ones written in bulk with their totals; results of units no longer assessed go."""
    scheme.results.exclude(unit_id__in=campaign_tasks(scheme.campaign).values("unit_id")).delete()
    existing = set(scheme.results.values_list("unit_id", flat=True))
    fresh = [
        (scheme.pk, pk, sum((line[3] for line in lines), Decimal(0)), now)
        for pk, lines in scored.items()
        if pk not in existing
    ]
    insert_values(AssessmentResult, ["scheme", "unit", "total", "computed_at"], fresh)
    return dict(scheme.results.values_list("unit_id", "pk")), bool(existing)


LINE_FIELDS = ["result", "rule_key", "label", "position", "points", "explanation", "evidence_url", "evidence_label"]


def _save_lines(
    scheme: AssessmentScheme, scored: dict[int, tuple[ScoredLine, ...]], result_ids: dict[int, int]
) -> None:
    """Rewrite the scheme's lines: a line someone raised a query on keeps its id (and its queries) and is
    updated; every other line is written anew in bulk (a line without a query goes in one statement)."""
    of_scheme = AssessmentLine.objects.filter(result__scheme=scheme)
    queried = {
        (result_id, key): pk
        for pk, result_id, key in of_scheme.filter(queries__isnull=False)
        .distinct()
        .values_list("pk", "result_id", "rule_key")
    }
    _delete_lines(of_scheme.exclude(pk__in=list(queried.values())))
    rows = [(result_ids[pk], *line) for pk, lines in scored.items() for line in lines]
    kept = {queried[row[:2]]: row for row in rows if row[:2] in queried}
    for pk, row in kept.items():
        AssessmentLine.objects.filter(pk=pk).update(**dict(zip(LINE_FIELDS[2:], row[2:], strict=True)))
    of_scheme.filter(pk__in=list(queried.values())).exclude(pk__in=list(kept)).delete()
    insert_values(AssessmentLine, LINE_FIELDS, [row for row in rows if row[:2] not in queried])


def _delete_lines(lines: QuerySet[AssessmentLine]) -> None:
    """Lines no query points at, deleted in one statement (`delete()` would first read every line to look for
    queries to delete with it: 40,000 of them when a city is recomputed)."""
    chosen, params = lines.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(AssessmentLine._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({chosen})", params)  # nosec B608: the model's own names


def _save_totals(scheme: AssessmentScheme, now: datetime) -> None:
    """Every result's total is the sum of its lines, in one statement."""
    sums = (
        AssessmentLine.objects.filter(result=OuterRef("pk"))
        .order_by()
        .values("result")
        .annotate(s=Sum("points"))
        .values("s")
    )
    scheme.results.update(total=Coalesce(Subquery(sums), Value(Decimal(0))), computed_at=now)


@transaction.atomic
def compute_results(*, by: User | None, scheme: AssessmentScheme, now: datetime | None = None) -> int:
    """Score every assessed unit from the data, one line per chosen rule; the same data gives the same
    numbers. A published scheme is frozen. Returns the number of results."""
    now = now or timezone.now()
    scheme = _locked(scheme)
    if by is not None:
        _require_office(by, scheme.campaign)
    if scheme.is_published:
        raise ValidationError(_("考核结果已发布,不能重新计分"))
    chosen = [r for r in scheme.rules.all() if r.rule_key in RULES]
    if not chosen:
        raise ValidationError(_("请先选择考核项"))
    scored = score_campaign(scheme.campaign, chosen)
    result_ids, kept = _save_results(scheme, scored, now)
    _save_lines(scheme, scored, result_ids)
    if kept:  # a result kept from before takes its new total from its lines; new ones were written with theirs
        _save_totals(scheme, now)
    scheme.computed_at = now
    scheme.save(update_fields=["computed_at"])
    record_for(
        by, AuditAction.UPDATE, scheme, scheme.campaign.unit, {"results": [None, len(result_ids)]}, _("重新计分")
    )
    return len(result_ids)


@transaction.atomic
def publish_results(*, by: User, scheme: AssessmentScheme, now: datetime | None = None) -> int:
    """Publishing freezes every result of the scheme, recording who published and when; every query must
    be answered first."""
    now = now or timezone.now()
    scheme = _locked(scheme)
    _require_office(by, scheme.campaign)
    if scheme.is_published:
        raise ValidationError(_("考核结果已经发布过了"))
    if scheme.computed_at is None or not scheme.results.exists():
        raise ValidationError(_("请先计分,再发布考核结果"))
    if AssessmentQuery.objects.filter(line__result__scheme=scheme, answered_at__isnull=True).exists():
        raise ValidationError(_("还有未答复的异议,请答复后再发布"))
    scheme.published_at, scheme.published_by = now, by
    scheme.save(update_fields=["published_at", "published_by"])
    count = scheme.results.update(status=ResultStatus.PUBLISHED, published_at=now, published_by=by)
    record_for(by, AuditAction.UPDATE, scheme, scheme.campaign.unit, {"published_at": [None, now.isoformat()]})
    return count


def _clean_message(text: str, what: str) -> str:
    text = clean_text(text).strip()
    if not text:
        raise ValidationError({what: _("请填写内容")})
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationError({what: _("内容不能超过 %(n)d 字") % {"n": MAX_QUERY_CHARS}})
    return text


@transaction.atomic
def raise_query(*, by: User, line: AssessmentLine, text: str, now: datetime | None = None) -> AssessmentQuery:
    """A unit questions a line of its own draft, only while the office keeps the query window open."""
    now = now or timezone.now()
    line = AssessmentLine.objects.select_related("result__unit", "result__scheme").get(pk=line.pk)
    result, scheme = line.result, _locked(line.result.scheme)
    if not can(by, "assessment.query", result.unit.path):
        raise PermissionDenied(_("只能对本单位的考核结果提出异议"))
    if scheme.is_published:
        raise ValidationError(_("考核结果已发布,不能再提出异议"))
    if scheme.query_until is None or now > scheme.query_until:
        raise ValidationError(_("不在异议期内,不能提出异议"))
    query = AssessmentQuery.objects.create(line=line, text=_clean_message(text, "text"), raised_by=by)
    record_for(by, AuditAction.CREATE, query, result.unit, {"line": [None, line.label]})
    return query


@transaction.atomic
def answer_query(*, by: User, query: AssessmentQuery, answer: str, now: datetime | None = None) -> AssessmentQuery:
    """The office answers a query once, before the results are published."""
    now = now or timezone.now()
    query = AssessmentQuery.objects.select_for_update().get(pk=query.pk)
    scheme = AssessmentScheme.objects.select_related("campaign__unit").get(results__lines__queries=query)
    _require_office(by, scheme.campaign)
    if query.answered_at is not None:
        raise ValidationError(_("这条异议已经答复过了"))
    if scheme.is_published:
        raise ValidationError(_("考核结果已发布,不能再答复异议"))
    query.answer, query.answered_by, query.answered_at = _clean_message(answer, "answer"), by, now
    query.save(update_fields=["answer", "answered_by", "answered_at"])
    record_for(by, AuditAction.UPDATE, query, scheme.campaign.unit, {"answer": ["", query.answer]})
    return query
