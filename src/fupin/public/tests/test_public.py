"""The public home, error pages, security headers and languages."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from fupin.public.editions import international_edition, national_edition


def test_editions_are_computed_from_the_year():
    assert national_edition(2014) == 1 and national_edition(2026) == 13
    assert international_edition(2026) == 34


def test_the_public_home_shows_this_years_editions(db, client):
    page = client.get("/").content.decode()
    assert "个全国扶贫日" in page and "工作人员登录" in page


def test_a_signed_in_user_is_taken_to_the_workbench(school_reporter, login):
    assert login(school_reporter).get("/")["Location"] == reverse("home")


def test_the_404_page_is_in_chinese(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@override_settings(DEBUG=False)
def test_the_500_page_is_in_chinese(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系统出现错误" in response.content.decode()


def test_a_csrf_failure_gets_a_chinese_page(school_reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(school_reporter)
    response = client.post(reverse("logout"))
    assert response.status_code == 403 and "请求已过期" in response.content.decode()


def test_content_security_policy_is_sent(db, client):
    header = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in header and "object-src 'none'" in header


def test_english_is_available(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/login/", "/"])
def test_public_pages_need_no_account(db, client, path):
    assert client.get(path).status_code == 200


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(db, client):
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="zh-hans"' in page
