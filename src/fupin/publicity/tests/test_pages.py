"""The publicity pages through the Django test client: refusals shown on the form, nothing written."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from fupin.publicity import services
from fupin.publicity.models import Photo

from .factories import event, jpeg, photo

pytestmark = pytest.mark.django_db


def _post_photo(client, unit, caption):
    upload = SimpleUploadedFile("班会.jpg", jpeg(), content_type="image/jpeg")
    data = {"photo": upload, "caption": caption, "taken_on": "2026-10-16", "theme": "activity", "unit": unit.pk}
    return client.post(reverse("photo_upload"), data)


def test_a_photo_without_a_caption_is_refused_on_the_page(tree, school_reporter, login):
    response = _post_photo(login(school_reporter), tree.school1, "")
    assert response.status_code == 200
    assert "照片「班会.jpg」没有图片说明,未保存;请写明时间、地点、人物和事件" in response.content.decode()
    assert Photo.objects.count() == 0


def test_a_captioned_photo_is_uploaded_from_the_page(tree, school_reporter, login):
    response = _post_photo(login(school_reporter), tree.school1, "学生交流扶贫故事")
    made = Photo.objects.get()
    assert response.url == reverse("photo_detail", args=[made.pk])
    assert made.caption == "学生交流扶贫故事"


def test_the_photo_library_filters_by_theme_and_words(tree, school_reporter, login):
    photo(school_reporter, tree.school1, "茶园丰收", theme="industry")
    photo(school_reporter, tree.school1, "主题班会", theme="social_services")
    page = login(school_reporter).get(reverse("photo_list"), {"theme": "industry"}).content.decode()
    assert "茶园丰收" in page
    assert "主题班会" not in page
    page = login(school_reporter).get(reverse("photo_list"), {"text": "班会"}).content.decode()
    assert "主题班会" in page
    assert "茶园丰收" not in page


def test_list_pages_read_a_bounded_number_of_queries(tree, school_reporter, login, django_assert_max_num_queries):
    client = login(school_reporter)
    for n in range(5):
        made = event(school_reporter, tree.school1, title=f"班会{n}")
        photo(school_reporter, tree.school1, f"照片{n}", event=made)
    with django_assert_max_num_queries(12):
        client.get(reverse("photo_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("event_list"))


def test_the_catalogue_prints_the_sections_in_order(tree, school_reporter, city_officer, login):
    exhibition = services.create_exhibition(
        by=city_officer, unit=tree.city, title="成就图片展", opens_on=date(2026, 10, 10), closes_on=date(2026, 10, 31)
    )
    services.place_photo(
        by=city_officer,
        section=exhibition.sections.get(title="社会事业篇"),
        photo=photo(school_reporter, tree.school1, "村小新教室"),
    )
    response = login(city_officer).get(reverse("exhibition_catalogue", args=[exhibition.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert text.index("领导关怀篇") < text.index("产业发展篇") < text.index("社会事业篇") < text.index("村小新教室")
    assert "供图:东阳县第一中学" in text
