"""The demo shows a scheme with every rule, a draft result for every unit the campaign gave a task, open for
queries, and one query waiting for the office."""

import pytest
from django.core.management import call_command

from fupin.assessment.models import AssessmentLine, AssessmentQuery, AssessmentResult, AssessmentScheme


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_has_a_scheme_with_draft_results_and_a_query(demo):
    scheme = AssessmentScheme.objects.get()
    assert scheme.rules.count() == 11  # nine measures and the two deductions
    assert scheme.query_until is not None and scheme.published_at is None
    results = AssessmentResult.objects.filter(scheme=scheme)
    assert results.count() > 10
    assert AssessmentLine.objects.filter(result__scheme=scheme).count() == results.count() * 11
    assert results.exclude(status="draft").count() == 0
    query = AssessmentQuery.objects.get()
    assert query.raised_by.username == "school1_reporter"
    assert query.answered_at is None
