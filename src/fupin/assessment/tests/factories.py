"""Assessment test data: a city campaign whose schools hand in on time, late or not at all, built through
the campaign's own services as units and offices would."""

from decimal import Decimal

from fupin.assessment import services
from fupin.assessment.services import RuleChoice
from fupin.campaigns.models import Task
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.services.tasks import approve_submission, return_submission, submit_task
from fupin.campaigns.tests.factories import campaign_with_requirements, due, photo

ON_TIME = due(10, 18, 12)
LATE = due(10, 21, 9)


def city_campaign(city_officer, city, **requirement):
    """The city's campaign asking every school for a 活动总结 by the end of 10月19日."""
    return campaign_with_requirements(city_officer, city, **requirement)


def add_requirement(by, campaign, **fields):
    base = {"kind": "plan", "title": "活动方案", "due_text": "10月19日前", "unit_kinds": ["school"]}
    return campaign_services.add_requirement(by=by, campaign=campaign, **(base | fields))


def task_of(campaign, unit, kind="summary") -> Task:
    return Task.objects.get(requirement__campaign=campaign, requirement__kind=kind, unit=unit)


def hand_in(user, task, at=ON_TIME, uploads=()):
    return submit_task(by=user, task=task, text="我校组织师生开展扶贫日主题班会。", uploads=list(uploads), at=at)


def photos(count, caption="师生参加扶贫日主题班会"):
    return [photo(f"现场{i}.jpg", 2400 + i, 1600, caption) for i in range(count)]


def scheme(by, campaign, *choices, query_until=None):
    chosen = [RuleChoice(key, Decimal(weight), Decimal(cap) if cap else None) for key, weight, cap in choices]
    return services.configure_scheme(by=by, campaign=campaign, choices=chosen, query_until=query_until)


def approve(by, task):
    return approve_submission(by=by, task=task)


def send_back(by, task):
    return return_submission(by=by, task=task, comment="请补充活动照片的文字说明")
