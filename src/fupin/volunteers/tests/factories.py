"""Volunteer records made through the services, on the shared test tree plus a youth organisation (团县委)."""

from datetime import time, timedelta

from django.utils import timezone

from fupin.orgs.tests.factories import UnitFactory
from fupin.volunteers.models import Opportunity
from fupin.volunteers.services import post_opportunity


def youth_league(county):
    return UnitFactory(parent=county, name="共青团东阳县委", code="QH-DY-TW", kind="social_organisation")


def opportunity(
    by, organiser, campaign, *, slots=3, title="助残志愿服务:陪伴康复中心的孩子", kind="disability", is_public=False
):
    """A service tomorrow 09:00–12:00 (Beijing time), three hours long."""
    return post_opportunity(
        by=by,
        organiser=organiser,
        campaign=campaign,
        kind=kind,
        title=title,
        place="东阳县残疾人康复中心",
        held_on=timezone.localdate() + timedelta(days=1),
        starts=time(9, 0),
        ends=time(12, 0),
        slots=slots,
        description="陪伴孩子做康复游戏,协助老师整理教具。",
        is_public=is_public,
    )


def has_started(made: Opportunity) -> Opportunity:
    """Moves the service's three hours to have started an hour ago (the clock of a test cannot wait a day)."""
    start = timezone.now() - timedelta(hours=1)
    Opportunity.objects.filter(pk=made.pk).update(starts_at=start, ends_at=start + timedelta(hours=3))
    return Opportunity.objects.get(pk=made.pk)
