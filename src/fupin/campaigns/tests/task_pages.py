"""Shared helpers of the task page tests: tasks with deadlines relative to now, uploads, and where files go."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fupin.campaigns.models import Requirement, Task
from fupin.campaigns.tests.factories import campaign_with_requirements, jpeg

PHOTO_RULES = {
    "kind": "photos",
    "title": "活动照片",
    "photo_min_count": 1,
    "photo_min_megapixels": 3,
    "caption_required": True,
}


def task_of(campaign, unit) -> Task:
    return Task.objects.select_related("requirement__campaign__unit", "unit").get(
        requirement__campaign=campaign, unit=unit
    )


def due_in(campaign, delta: timedelta) -> None:
    """Move a campaign's deadlines relative to now, so that the tests do not depend on today's date."""
    Requirement.objects.filter(campaign=campaign).update(due_at=timezone.now() + delta)


def jpg(name: str, width: int = 2400, height: int = 1600) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg(width, height), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def media_to_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def summary(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city)
    due_in(campaign, timedelta(days=5, hours=2))
    return task_of(campaign, tree.school1)


@pytest.fixture
def photos_task(tree, city_officer):
    campaign = campaign_with_requirements(city_officer, tree.city, **PHOTO_RULES)
    due_in(campaign, timedelta(days=5, hours=2))
    return task_of(campaign, tree.school1)


def page_of(response) -> str:
    return response.content.decode()
