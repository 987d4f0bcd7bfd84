"""Project progress with photos through the shared intake: every photo carries a caption or nothing is saved, and a
photo of identifiable minors reaches the public page only with the guardians' consent."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from fupin.matching import project_services as ps
from fupin.matching.models import ProjectPhoto, ProjectUpdate

from .factories import jpeg, photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(people, tree):
    return ps.create_project(
        by=people.county_officer,
        campaign=people.campaign,
        village=tree.village1,
        kind="skills_training",
        title="石桥东村电商培训",
        description="培训 40 名村民",
        budget_fen=2_000_000,
    )


def test_a_progress_photo_without_a_caption_is_refused_and_nothing_is_saved(project, people):
    shots = [ps.ProgressPhoto(photo("课堂.jpg"), "第一期培训开班"), ps.ProgressPhoto(photo("工地.jpg"), "  ")]
    with pytest.raises(ValidationError) as refused:
        ps.record_progress(by=people.county_officer, project=project, note="第一期开班", photos=shots)
    assert refused.value.messages == ["照片「工地.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件"]
    assert not ProjectUpdate.objects.exists() and not ProjectPhoto.objects.exists()


def test_a_photo_of_identifiable_minors_without_consent_is_never_on_the_public_page(project, people, client, login):
    shots = [
        ps.ProgressPhoto(photo("课堂.jpg"), "村民在村委会学习开网店"),
        ps.ProgressPhoto(photo("孩子.jpg"), "学员的孩子在旁观看", shows_minors=True),
    ]
    ps.record_progress(by=people.county_officer, project=project, note="第一期开班", photos=shots)
    adults, minors = ProjectPhoto.objects.order_by("pk")
    assert (minors.shows_minors, minors.minors_consent, minors.is_public) == (True, False, False)
    public = client.get(reverse("public_project_detail", args=[project.pk])).content.decode()
    assert "村民在村委会学习开网店" in public and "学员的孩子在旁观看" not in public
    photo_url = reverse("project_update_photo", args=[project.pk])
    assert client.get(photo_url, {"photo": adults.pk}).status_code == 200
    assert client.get(photo_url, {"photo": minors.pk}).status_code == 404
    staff = login(people.county_officer)
    assert staff.get(reverse("project_photo", args=[project.pk]), {"photo": minors.pk}).status_code == 200
    assert "含未成年人,未公开" in staff.get(reverse("project_detail", args=[project.pk])).content.decode()


def test_an_office_records_progress_with_several_captioned_photos_from_its_phone(project, people, login):
    office = login(people.county_officer)
    files = [SimpleUploadedFile(f"现场{n}.jpg", jpeg(), "image/jpeg") for n in (1, 2)]
    data = {"note": "第二期培训结业,32 人开设网店", "photos": files, "caption": "学员结业合影"}
    office.post(reverse("record_progress", args=[project.pk]), data)
    update = ProjectUpdate.objects.get()
    assert [(p.caption, p.name, p.width, p.height) for p in update.photos.order_by("pk")] == [
        ("学员结业合影", "现场1.jpg", 1200, 900),
        ("学员结业合影", "现场2.jpg", 1200, 900),
    ]
    stored = Image.open(io.BytesIO(update.photos.first().file.read()))
    assert not stored.getexif()  # re-encoded by the shared intake: no camera or location data
    uncaptioned = office.post(
        reverse("record_progress", args=[project.pk]),
        {"note": "又一期", "photos": [SimpleUploadedFile("现场3.jpg", jpeg(), "image/jpeg")]},
        follow=True,
    )
    assert "照片「现场3.jpg」没有图片说明,未保存" in uncaptioned.content.decode()
    assert ProjectUpdate.objects.count() == 1
