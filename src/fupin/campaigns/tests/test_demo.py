"""The demo campaign is under way: every kind of progress a dashboard should show is there."""

import pytest
from django.core.management import call_command
from django.db.models import F

from fupin.campaigns.models import Campaign, StatReport, Task, TaskStatus
from fupin.campaigns.selectors.tasks import review_queue
from fupin.orgs.models import User


@pytest.mark.django_db
def test_the_demo_campaign_is_published_with_a_realistic_mix_of_tasks():
    call_command("demo")
    city = Campaign.objects.get(parent=None)
    assert city.status == "published" and city.items.count() >= 6 and city.edition == 13
    statuses = set(Task.objects.values_list("status", flat=True))
    assert statuses == {TaskStatus.PENDING, TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.APPROVED}
    late = [
        t
        for t in Task.objects.exclude(first_submitted_at=None).select_related("requirement")
        if t.first_submitted_at > t.requirement.due_at
    ]
    assert late
    assert StatReport.objects.filter(table__campaign=city).count() >= 3
    child = Campaign.objects.get(parent=city)
    assert child.unit.name == "东阳县教育局" and child.status == "published"
    assert all(r.due_at < r.inherited_from.due_at for r in child.requirements.select_related("inherited_from"))
    # the county's plan took over the city's photo tasks of its schools: one task each, no second one
    taken_over = Task.objects.filter(requirement__campaign=child).exclude(origin=F("requirement"))
    assert taken_over.exists() and all(t.origin.campaign == city for t in taken_over)
    assert not Task.objects.filter(
        requirement__campaign=city, unit__in=taken_over.values("unit"), origin__in=taken_over.values("origin")
    ).exists()
    # what is handed in to 市教育局扶贫办 waits in its coordinator's review queue
    coordinator = User.objects.get(username="city_coordinator")
    assert review_queue(coordinator).filter(requirement__recipient__name="市教育局扶贫办").exists()
    # the summary asks for a stamped paper copy; the office has ticked some as received
    assert Task.objects.filter(requirement__paper_copies=1, paper_received_at__isnull=False).exists()
