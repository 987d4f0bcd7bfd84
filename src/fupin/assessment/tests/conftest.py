import pytest

from fupin.assessment import services

from .factories import LATE, city_campaign, hand_in, scheme, task_of


@pytest.fixture
def scored(tree, city_officer, make_user):
    """东阳县第一中学 on time (40), 西川县第一中学 late (20), scored by the city office."""
    campaign = city_campaign(city_officer, tree.city)
    hand_in(make_user("s1", tree.school1, "reporter"), task_of(campaign, tree.school1))
    hand_in(make_user("s2", tree.school2, "reporter"), task_of(campaign, tree.school2), at=LATE)
    made = scheme(city_officer, campaign, ("campaigns.timeliness", "40", None))
    services.compute_results(by=city_officer, scheme=made)
    return made
