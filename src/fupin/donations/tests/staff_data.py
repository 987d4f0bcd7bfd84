"""Data for the staff-page tests: drives with their people, sheets and photos, made through the services."""

import io
from dataclasses import dataclass

from django.urls import reverse
from openpyxl import Workbook
from PIL import Image, ImageDraw

from fupin.campaigns.models import ItemKind
from fupin.campaigns.services import campaigns as campaign_services
from fupin.campaigns.tests.factories import campaign_with_requirements
from fupin.jobs.models import ImportJob
from fupin.orgs.tests.factories import make_user

from .factories import drive_for

ALL_CHANNELS = ("one_day_pay", "one_yuan", "box", "transfer", "onsite", "goods")


@dataclass
class Staffed:
    """A drive of a county, with its office admin and its finance officer."""

    drive: object
    office: object
    finance: object


def staffed_drive(unit, prefix: str, *, channels=ALL_CHANNELS, ends_on=None) -> Staffed:
    office = make_user(f"{prefix}_office", unit, "office_admin", name=f"{prefix}办公室")
    finance = make_user(f"{prefix}_finance", unit, "finance", name=f"{prefix}财务")
    return Staffed(drive_for(office, unit, channels=channels, ends_on=ends_on), office, finance)


def donation_item(by, unit):
    campaign = campaign_with_requirements(by, unit)
    return campaign_services.add_item(by=by, campaign=campaign, title="开展扶贫募捐活动", kind=ItemKind.DONATION_DRIVE)


def sheet(rows, headers=("方式", "姓名", "单位代码", "金额(元)", "匿名")) -> io.BytesIO:
    book = Workbook()
    book.active.append(list(headers))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "一日捐.xlsx"
    return out


def import_sheet(client, drive, capture, upload, **fields):
    """Upload a sheet on the drive's import page and let its job run as the worker would: (the page answered,
    the job). The page is the job's page (progress, then the result or every reason), or the upload page again
    when the form itself was refused (the job is then None)."""
    with capture(execute=True):
        response = client.post(reverse("donation_import", args=[drive.pk]), {"file": upload, **fields})
    if response.status_code != 302:
        return response, None
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == reverse("import_job", args=[job.pk])
    return client.get(response["Location"]), job


def count_sheet_jpeg(width: int = 1200, height: int = 900) -> bytes:
    """A photographed count sheet: ruled rows and two signatures on paper, not a blank page."""
    image = Image.new("RGB", (width, height), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    for row in range(7):
        draw.line((80, 100 + row * 100, width - 80, 100 + row * 100), fill=(30, 30, 30), width=6)
    draw.line((150, height - 120, 450, height - 160), fill=(20, 20, 120), width=8)
    draw.line((700, height - 130, 1000, height - 110), fill=(20, 20, 120), width=8)
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def photo_upload(name: str = "清点单.jpg") -> io.BytesIO:
    out = io.BytesIO(count_sheet_jpeg())
    out.name = name
    return out
