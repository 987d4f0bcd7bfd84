"""The demo shows this year's events with photos and media reports, the county's forwarded works and the city's
exhibition, open now, in its three sections."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import source_value
from fupin.orgs.models import Unit
from fupin.publicity.models import Event, ExhibitionEntry, MediaReport, NewsForward, NewsItem, Photo, Selection
from fupin.publicity.selectors import open_exhibitions


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_has_events_reports_and_an_open_exhibition(demo, client):
    assert Event.objects.count() == 8  # six activities, a city–rural exchange and a book donation
    assert Photo.objects.filter(source="upload").count() == 13  # eight of the activities, two handovers, three banners
    by_source = dict(Photo.objects.exclude(source="upload").values_list("source").annotate(n=Count("pk")))
    assert by_source == {"visit": 9, "wish": 1, "project": 2}  # the cadres' visits, a confirmed wish, a progress note
    assert MediaReport.objects.count() == 3
    assert NewsItem.objects.count() == 2
    assert NewsForward.objects.get().office.code == "QH-DY"
    assert Selection.objects.filter(forwarded_at__isnull=False).count() == 4
    campaign = Campaign.objects.get(parent__isnull=True, unit__code="QH")
    assert source_value("publicity.events", Unit.objects.get(code="QH"), campaign) == 8
    assert source_value("publicity.handovers", Unit.objects.get(code="QH"), campaign) == 2
    assert source_value("publicity.books", Unit.objects.get(code="QH"), campaign) == 420
    assert source_value("publicity.banners", Unit.objects.get(code="QH"), campaign) == 3
    exhibition = open_exhibitions(timezone.localdate()).get()
    placed = ExhibitionEntry.objects.filter(section__exhibition=exhibition)
    assert sorted({e.section.title for e in placed}) == ["产业发展篇", "社会事业篇", "领导关怀篇"]
    assert client.get(f"/exhibitions/{exhibition.pk}/").status_code == 200
