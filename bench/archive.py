"""存档备查 is streamed: building the archive of a campaign with 200 uploads of 512 KiB (about 100 MiB,
20 schools) needs a small, fixed amount of memory. value = peak traced memory while building (MiB),
baseline = the archive's size (MiB); target: the peak stays under 5 % of the archive. The data are made and
read in one transaction that is then rolled back, and the uploads' files deleted, so the database and the
storage are left as they were found (the benchmark can run again on the same database)."""

import tracemalloc

from django.core.files.storage import default_storage
from django.db import transaction

from bench._result import Result, scaled
from fupin.campaigns.models import SubmissionFile, Task
from fupin.campaigns.services import campaigns as campaign_services
from fupin.documents.archive.contents import build_archive
from fupin.documents.tests.archive_bulk import bulk_uploads
from fupin.orgs.models import Membership, User
from fupin.orgs.services import create_unit

SCHOOLS, FILES_EACH, SIZE = scaled(20, least=2), 10, 512 * 1024
MIB = 1024 * 1024


def _build():
    city = create_unit(by=None, parent=None, name="基准市教育局", code="BA-CITY", kind="city_bureau")
    county = create_unit(by=None, parent=city, name="基准县教育局", code="BA-COUNTY", kind="county_bureau")
    for n in range(SCHOOLS):
        create_unit(by=None, parent=county, name=f"基准学校{n}", code=f"BA-S{n:03d}", kind="school", stage="primary")
    officer = User.objects.create_user("bench-archive", password="x")
    Membership.objects.create(user=officer, unit=city, role="office_admin")
    campaign = campaign_services.create_campaign(by=officer, unit=city, year=2026, title="基准扶贫日活动")
    campaign_services.add_item(by=officer, campaign=campaign, title="开展集中宣传活动", kind="publicity")
    campaign_services.add_requirement(
        by=officer, campaign=campaign, kind="summary", title="活动总结", due_text="10月19日前", unit_kinds=["school"]
    )
    campaign_services.publish_campaign(by=officer, campaign=campaign)
    for task in Task.objects.filter(requirement__campaign=campaign).select_related("unit"):
        bulk_uploads(task, officer, files=FILES_EACH, size=SIZE)
    return campaign, city, officer


def _peak_and_size(campaign, city, officer) -> tuple[int, int]:
    size = 0
    tracemalloc.start()
    try:
        for chunk in build_archive(campaign, city, officer):
            size += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


def run() -> Result:
    files: list[str] = []
    try:
        with transaction.atomic():
            campaign, city, officer = _build()
            files = list(
                SubmissionFile.objects.filter(submission__task__unit__path__startswith=city.path).values_list(
                    "file", flat=True
                )
            )
            peak, size = _peak_and_size(campaign, city, officer)
            transaction.set_rollback(True)
    finally:
        for name in files:
            default_storage.delete(name)
    return Result(value=peak / MIB, baseline=size / MIB, target=0.05, unit="MiB")
