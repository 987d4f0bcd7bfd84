"""A request too large or malformed to read answers in Chinese: the page sends the person back with the reason,
the API says it in its JSON, anything else is the Chinese 400 page; nothing is read, so nothing is written."""

import pytest
from django.test import Client


@pytest.fixture
def one_megabyte_cap(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2**20


REASON = "提交的内容超过 1 MB 上限,未保存任何内容;请缩短粘贴的文字,或改为上传文件"


def test_an_api_body_over_the_cap_is_refused_in_chinese_json(one_megabyte_cap, db):
    body = '{"donor_name": "' + "甲" * 2**19 + '"}'
    response = Client().post("/api/v1/public/drives/1/pledges", body, content_type="application/json")
    assert response.status_code == 413 and response.json() == {"detail": REASON}


def test_a_form_over_the_cap_goes_back_to_the_page_it_came_from(one_megabyte_cap, client, city_officer):
    client.force_login(city_officer)
    response = client.post("/notices/import/", {"text": "甲" * 2**19}, HTTP_REFERER="http://testserver/notices/import/")
    assert response.status_code == 302 and response["Location"] == "http://testserver/notices/import/"
    page = client.get(response["Location"]).content.decode()
    assert REASON in page


def test_a_referer_from_elsewhere_is_not_followed(one_megabyte_cap, client, city_officer):
    client.force_login(city_officer)
    response = client.post("/notices/import/", {"text": "甲" * 2**19}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/notices/import/"


def test_too_many_fields_is_the_chinese_400_page(settings, client):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    response = client.post("/login/", {f"f{n}": "x" for n in range(10)})
    assert response.status_code == 400 and "请求无法处理" in response.content.decode()
