"""Property: whatever state each task is in, every figure of the progress page is the sum of its parts, and
header, requirement rows, unit rows and chart agree; each task is counted under exactly one status."""

import json
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fupin.campaigns.models import Task, TaskStatus
from fupin.campaigns.selectors.progress import COUNT_FIELDS, Counts, campaign_progress
from fupin.campaigns.services import campaigns as cs
from fupin.campaigns.tests.factories import campaign_with_requirements, due
from fupin.orgs.tests.factories import school

# (status, handed in on time?) for each drawn state; pending and returned-before-a-new-version are not handed in
STATES = {
    "pending": (TaskStatus.PENDING, None),
    "returned": (TaskStatus.RETURNED, True),
    "awaiting_on_time": (TaskStatus.SUBMITTED, True),
    "awaiting_late": (TaskStatus.SUBMITTED, False),
    "approved_on_time": (TaskStatus.APPROVED, True),
    "approved_late": (TaskStatus.APPROVED, False),
}
AFTER_EVERY_DEADLINE = due(11, 30)
BEFORE_EVERY_DEADLINE = due(9, 1)


@pytest.fixture
def tasks(tree, city_officer, county_officer):
    """Two city requirements asking every school (six of them), and county 1's derived plan taking over its
    schools' tasks: twelve tasks the city counts."""
    for n in (2, 3):
        school(tree.county1, f"东阳县第{n}小学", code=f"QH-DY-P{n}")
        school(tree.county2, f"西川县第{n}小学", code=f"QH-XC-P{n}")
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False)
    cs.add_requirement(
        by=city_officer, campaign=campaign, kind="plan", title="活动方案", due_text="10月10日前", unit_kinds=["school"]
    )
    cs.publish_campaign(by=city_officer, campaign=campaign)
    child = cs.derive_child_campaign(by=county_officer, parent=campaign, unit=tree.county1)
    cs.publish_campaign(by=county_officer, campaign=child)
    rows = list(Task.objects.select_related("requirement").order_by("pk"))
    assert len(rows) == 12 and sum(1 for t in rows if t.requirement.campaign_id == child.pk) == 6
    return campaign, rows


def _apply(rows: list[Task], states: list[str]) -> None:
    for task, state in zip(rows, states, strict=True):
        status, on_time = STATES[state]
        first = None
        if on_time is not None:
            first = task.requirement.due_at + (-timedelta(hours=1) if on_time else timedelta(hours=1))
        Task.objects.filter(pk=task.pk).update(status=status, first_submitted_at=first, submitted_at=first)


def _sum(counts: list[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total.add(c)
    return total


def _fields(c: Counts) -> tuple[int, ...]:
    return tuple(getattr(c, name) for name in COUNT_FIELDS)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(states=st.lists(st.sampled_from(sorted(STATES)), min_size=12, max_size=12), after=st.booleans())
def test_every_total_on_the_progress_page_equals_the_sum_of_its_parts(states, after, tasks, tree, city_officer, login):
    campaign, rows = tasks
    _apply(rows, states)
    now = AFTER_EVERY_DEADLINE if after else BEFORE_EVERY_DEADLINE
    progress = campaign_progress(city_officer, campaign, root=tree.city, now=now)
    drawn = Counter(states)
    t = progress.totals
    # the drawn states, counted by hand: one status per task
    assert t.total == 12
    assert t.awaiting == drawn["awaiting_on_time"] + drawn["awaiting_late"]
    assert t.approved == drawn["approved_on_time"] + drawn["approved_late"]
    assert (t.returned, t.missing) == (drawn["returned"], drawn["pending"])
    assert t.on_time == drawn["awaiting_on_time"] + drawn["approved_on_time"]
    assert t.late == drawn["awaiting_late"] + drawn["approved_late"]
    assert t.overdue == (drawn["returned"] + drawn["pending"] if after else 0)
    for c in [t, *(r.counts for r in progress.requirements), *(u.counts for u in progress.units)]:
        assert c.total == c.awaiting + c.approved + c.returned + c.missing
        assert c.submitted == c.on_time + c.late
        assert c.overdue <= c.to_chase
    assert _fields(_sum([r.counts for r in progress.requirements])) == _fields(t)
    assert _fields(_sum([u.counts for u in progress.units])) == _fields(t)
    page = login(city_officer).get(reverse("campaign_progress", args=[campaign.pk])).content.decode()
    chart = json.loads(re.search(r'id="progress-chart-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    bars = [sum(series["data"][i] for series in chart["series"]) for i in range(len(chart["labels"]))]
    assert bars == [6, 6]
