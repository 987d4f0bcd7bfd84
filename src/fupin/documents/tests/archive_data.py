"""Archive test data: a city campaign asking schools for photos and a statistics table, with hand-ins."""

import io
import zipfile
from datetime import timedelta

import pytest

from fupin.campaigns.models import Task
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.services import stats as stat_services
from fupin.campaigns.services import tasks as task_services
from fupin.campaigns.tests.factories import campaign_with_requirements, photo
from fupin.campaigns.tests.stat_factories import simple_columns
from fupin.campaigns.tests.task_pages import PHOTO_RULES, due_in
from fupin.documents.archive.contents import build_archive


def task_of(campaign, unit) -> Task:
    return Task.objects.get(requirement__campaign=campaign, requirement__kind="photos", unit=unit)


def open_zip(chunks) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def archive_of(campaign, unit, user) -> zipfile.ZipFile:
    return open_zip(build_archive(campaign, unit, user))


@pytest.fixture
def archived(tree, city_officer, school_reporter, make_user):
    """School 1 handed in twice (returned, then approved); school 2, in the other county, once."""
    campaign = campaign_with_requirements(city_officer, tree.city, publish=False, **PHOTO_RULES)
    table = stat_services.define_table(by=city_officer, campaign=campaign, title="活动统计表", columns=simple_columns())
    campaign_services.add_requirement(
        by=city_officer,
        campaign=campaign,
        kind="stat_table",
        title="活动统计表",
        due_text="10月19日前",
        unit_kinds=["school"],
        stat_table=table,
    )
    campaign_services.publish_campaign(by=city_officer, campaign=campaign)
    due_in(campaign, timedelta(days=5))
    task = task_of(campaign, tree.school1)
    task_services.submit_task(by=school_reporter, task=task, text="第一版总结", uploads=[photo("升旗.jpg")])
    task_services.return_submission(by=city_officer, task=task, comment="照片说明不够具体")
    task_services.submit_task(
        by=school_reporter,
        task=task,
        text="第二版总结",
        uploads=[photo("升旗.jpg", caption="全校师生参加扶贫日升旗仪式"), photo("班会.jpg", 2400, 1700)],
    )
    task_services.approve_submission(by=city_officer, task=task, comment="")
    other = make_user("school2_reporter", tree.school2, "reporter")
    task_services.submit_task(
        by=other, task=task_of(campaign, tree.school2), text="西河县的总结", uploads=[photo("西河.jpg")]
    )
    return campaign
