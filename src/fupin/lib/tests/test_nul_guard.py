"""A NUL character in a query or a form/JSON body is refused with a Chinese reason before the database sees it."""

import pytest

from fupin.audit.models import AuditEvent

REASON = "请求中含有空字符(NUL),无法保存或查询,请删除后重试"


@pytest.mark.django_db
def test_a_nul_in_an_api_query_is_refused_in_chinese_json(client):
    response = client.get("/api/v1/public/drives?q=%00")
    assert response.status_code == 400
    assert response.json() == {"detail": REASON}


@pytest.mark.django_db
def test_a_nul_in_a_json_body_is_refused_and_nothing_is_written(client):
    before = AuditEvent.objects.count()
    response = client.post("/api/v1/public/drives/1/pledges", data='{"donor_name": "张\\u0000三"}',
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"detail": REASON}
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_nul_in_a_form_body_is_refused_on_a_page(client):
    form = "application/x-www-form-urlencoded"
    response = client.post("/login/", data="username=a%00b&password=x", content_type=form)
    assert response.status_code == 400
    assert response.content.decode() == REASON


@pytest.mark.django_db
def test_an_ordinary_query_passes(client):
    assert client.get("/api/v1/public/drives?limit=1").status_code == 200
