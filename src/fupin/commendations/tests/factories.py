"""Nominations made through the services, on the shared test tree."""

from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.commendations import services

DEEDS = "结对帮扶石桥镇建档立卡家庭学生12名,坚持每月家访;扶贫日期间组织全班开展主题班会和图书捐赠。"


def city_campaign(city_officer, tree):
    return campaign_with_requirements(city_officer, tree.city)


def nomination(by, unit, campaign, *, name="李明华", category="individual", kind="teacher", deeds=DEEDS, **extra):
    fields = {"nominee_unit": "东阳县第一中学"} | extra
    return services.nominate(
        by=by, unit=unit, campaign=campaign, category=category, kind=kind, name=name, deeds=deeds, **fields
    )


def selected(reporter, unit, campaign, office_user, office, *, forward=False, **fields):
    """A nomination submitted by `reporter` and selected by `office` (forwarded upward if asked)."""
    made = nomination(reporter, unit, campaign, **fields)
    services.submit_nomination(by=reporter, nomination=made)
    made = services.review_nomination(
        by=office_user, office=office, nomination=made, decision="select", reason="事迹突出"
    )
    if forward:
        made = services.forward_nomination(by=office_user, office=office, nomination=made)
    return made
