"""The demo has this year's nominations, one returned for more detail, and the city's published 表彰名单 with a
certificate for each entry, shown on the public site."""

import pytest
from django.core.management import call_command

from fupin.campaigns.models import Campaign
from fupin.campaigns.sources import source_value
from fupin.commendations.models import CommendationEntry, CommendationList, Nomination
from fupin.orgs.models import Unit


@pytest.fixture
def demo(db):
    call_command("demo")


def test_the_demo_has_a_published_commendation_list_with_certificates(demo, client):
    assert Nomination.objects.count() == 4
    assert Nomination.objects.get(status="returned").name == "赵静"
    clist = CommendationList.objects.get(published_at__isnull=False)
    names = list(CommendationEntry.objects.filter(commendation_list=clist).values_list("nomination__name", flat=True))
    assert names == ["李明华", "西川县第一中学青年志愿者服务队", "东阳县绿源茶业有限公司"]
    campaign = Campaign.objects.get(parent__isnull=True, unit__code="QH")
    assert source_value("commendations.individuals", Unit.objects.get(code="QH"), campaign) == 1
    assert source_value("commendations.collectives", Unit.objects.get(code="QH"), campaign) == 2
    assert "李明华" in client.get(f"/honours/{clist.pk}/").content.decode()
    entry = CommendationEntry.objects.get(nomination__name="李明华")
    assert list(entry.nomination.photos.values_list("photo__caption", flat=True)) == ["班主任向家长讲解学生资助政策"]
    assert client.get(f"/honours/cases/{entry.pk}/certificate/").content[:5] == b"%PDF-"
