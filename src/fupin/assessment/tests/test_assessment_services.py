"""Computing is deterministic and idempotent; publishing freezes; the scheme and queries keep their rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.assessment import services
from fupin.assessment.models import AssessmentLine, AssessmentQuery, AssessmentResult, ResultStatus, SchemeRule
from fupin.audit.models import AuditEvent
from fupin.campaigns.models import Task, TaskStatus

from .factories import LATE, ON_TIME, add_requirement, city_campaign, hand_in, scheme, task_of

pytestmark = pytest.mark.django_db

BOTH = (("campaigns.timeliness", 40, None), ("campaigns.first_approval", 20, None))


@pytest.fixture
def campaign(tree, city_officer):
    return city_campaign(city_officer, tree.city)


def _numbers():
    return sorted(AssessmentLine.objects.values_list("result__unit__name", "rule_key", "points", "explanation"))


def test_recomputing_gives_the_same_numbers(tree, city_officer, make_user, campaign):
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(campaign, tree.school1), at=LATE)
    made = scheme(city_officer, campaign, *BOTH)
    services.compute_results(by=city_officer, scheme=made)
    first, result_ids = _numbers(), set(AssessmentResult.objects.values_list("pk", flat=True))
    services.compute_results(by=city_officer, scheme=made)
    assert _numbers() == first
    assert set(AssessmentResult.objects.values_list("pk", flat=True)) == result_ids
    AssessmentResult.objects.all().delete()
    services.compute_results(by=city_officer, scheme=made)
    assert _numbers() == first
    assert dict(AssessmentResult.objects.values_list("unit__name", "total")) == {
        "东阳县第一中学": Decimal("40.00"),
        "西川县第一中学": Decimal("20.00"),
    }


def test_computing_costs_the_same_queries_for_more_units(tree, city_officer, campaign, django_assert_max_num_queries):
    from fupin.orgs.tests.factories import school

    made = scheme(city_officer, campaign, *BOTH, ("campaigns.photos", 10, None))
    with django_assert_max_num_queries(40) as few:
        services.compute_results(by=city_officer, scheme=made)
    for i in range(6):
        school(tree.county1, f"东阳县第{i + 2}小学", code=f"QH-DY-P{i}")
    add_requirement(city_officer, campaign)
    AssessmentResult.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        services.compute_results(by=city_officer, scheme=made)
    assert AssessmentResult.objects.count() == 8


@pytest.fixture
def three_tasks(tree, city_officer, campaign):
    add_requirement(city_officer, campaign, title="活动方案一")
    add_requirement(city_officer, campaign, title="活动方案二")
    return list(Task.objects.filter(unit=tree.school1).order_by("pk"))


STATES = st.lists(st.sampled_from(["on_time", "late", "missing"]), min_size=3, max_size=3)


def _set(task, state):
    due = task.requirement.due_at
    at = {"on_time": due - timedelta(hours=1), "late": due + timedelta(hours=1), "missing": None}[state]
    status = TaskStatus.PENDING if at is None else TaskStatus.SUBMITTED
    Task.objects.filter(pk=task.pk).update(status=status, first_submitted_at=at, submitted_at=at)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(states=STATES, which=st.integers(0, 2))
def test_score_never_rises_when_a_task_turns_from_on_time_to_late(
    tree, city_officer, campaign, three_tasks, states, which
):
    states[which] = "on_time"
    made = scheme(city_officer, campaign, *BOTH, ("campaigns.photos", 10, None))
    with transaction.atomic():
        for task, state in zip(three_tasks, states, strict=True):
            _set(task, state)
        services.compute_results(by=city_officer, scheme=made)
        before = AssessmentResult.objects.get(unit=tree.school1).total
        _set(three_tasks[which], "late")
        services.compute_results(by=city_officer, scheme=made)
        assert AssessmentResult.objects.get(unit=tree.school1).total < before
        transaction.set_rollback(True)


def test_published_result_is_frozen(tree, city_officer, campaign):
    made = scheme(city_officer, campaign, *BOTH)
    services.compute_results(by=city_officer, scheme=made)
    assert services.publish_results(by=city_officer, scheme=made) == 2
    result = AssessmentResult.objects.get(unit=tree.school1)
    assert (result.status, result.published_by) == (ResultStatus.PUBLISHED, city_officer)
    assert result.published_at is not None
    hand_in(city_officer, task_of(campaign, tree.school1))
    with pytest.raises(ValidationError) as refused:
        services.compute_results(by=city_officer, scheme=made)
    assert refused.value.messages == ["考核结果已发布,不能重新计分"]
    with pytest.raises(ValidationError) as refused:
        scheme(city_officer, campaign, ("campaigns.timeliness", 50, None))
    assert refused.value.messages == ["考核结果已发布,考核方案不能再修改"]
    assert AssessmentResult.objects.get(unit=tree.school1).total == Decimal("20.00")
    assert list(SchemeRule.objects.values_list("weight", flat=True)) == [Decimal("40.0"), Decimal("20.0")]
    assert AuditEvent.objects.filter(
        target_type="assessment.assessmentscheme", changes__has_key="published_at"
    ).exists()


def test_county_office_cannot_configure_the_citys_scheme(tree, county_officer, campaign):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="只有发文单位的办公室可以管理考核"):
        scheme(county_officer, campaign, *BOTH)
    assert not SchemeRule.objects.exists()


def test_unknown_rule_or_weight_out_of_range_is_refused(tree, city_officer, campaign):
    for choice, reason in [
        (("pairing.nothing", 5, None), "未知的考核项:pairing.nothing"),
        (("campaigns.timeliness", 0, None), "按时报送:分值须大于 0 且不超过 100"),
        (("campaigns.timeliness", 101, None), "按时报送:分值须大于 0 且不超过 100"),
    ]:
        with pytest.raises(ValidationError) as refused:
            scheme(city_officer, campaign, choice)
        assert refused.value.messages == [reason]
    assert not SchemeRule.objects.exists()


@pytest.fixture
def draft(tree, city_officer, campaign):
    made = scheme(city_officer, campaign, *BOTH, query_until=timezone.now() + timedelta(days=3))
    services.compute_results(by=city_officer, scheme=made)
    return made


def test_unit_can_query_a_line_within_the_window_and_the_office_answers(tree, city_officer, make_user, draft):
    reporter = make_user("s1", tree.school1, "reporter")
    line = AssessmentLine.objects.get(result__unit=tree.school1, rule_key="campaigns.timeliness")
    query = services.raise_query(by=reporter, line=line, text="活动总结已于10月18日线下送达扶贫办")
    with pytest.raises(ValidationError) as refused:
        services.publish_results(by=city_officer, scheme=draft)
    assert refused.value.messages == ["还有未答复的异议,请答复后再发布"]
    services.answer_query(by=city_officer, query=query, answer="经核实未在系统中报送,维持原分")
    services.compute_results(by=city_officer, scheme=draft)
    assert AssessmentQuery.objects.get().line == line
    assert AssessmentLine.objects.get(pk=line.pk).points == Decimal("0.00")
    assert services.publish_results(by=city_officer, scheme=draft) == 2


def test_query_after_the_window_is_refused(tree, city_officer, make_user, draft):
    reporter = make_user("s1", tree.school1, "reporter")
    line = AssessmentLine.objects.get(result__unit=tree.school1, rule_key="campaigns.timeliness")
    with pytest.raises(ValidationError) as refused:
        services.raise_query(by=reporter, line=line, text="请核实", now=draft.query_until + timedelta(seconds=1))
    assert refused.value.messages == ["不在异议期内,不能提出异议"]
    assert not AssessmentQuery.objects.exists()


def test_publishing_needs_results(tree, city_officer, campaign):
    made = scheme(city_officer, campaign, *BOTH)
    with pytest.raises(ValidationError) as refused:
        services.publish_results(by=city_officer, scheme=made)
    assert refused.value.messages == ["请先计分,再发布考核结果"]
    assert not AssessmentResult.objects.exists()


def test_on_time_means_by_the_deadline(tree, city_officer, make_user, campaign):
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(campaign, tree.school1), at=ON_TIME)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", 40, None))
    services.compute_results(by=city_officer, scheme=made)
    assert AssessmentResult.objects.get(unit=tree.school1).total == Decimal("40.00")
