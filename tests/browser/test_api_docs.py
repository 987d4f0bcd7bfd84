"""The API docs page as a developer meets it: Swagger UI served by the site under its CSP, tried out signed in."""

import pytest
from playwright.sync_api import expect

from .test_pages import log_in, snap, url


@pytest.mark.browser
def test_a_signed_in_officer_tries_the_api_on_the_docs_page(live_server, page, tree, city_officer):
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.url) else None)
    log_in(page, live_server, "city_officer")

    page.goto(url(live_server, "/api/v1/docs"))
    expect(page.get_by_role("heading", level=1)).to_have_text("扶贫日活动管理平台 API 文档")
    operation = page.locator("#operations-单位与成员-fupin_orgs_api_me")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    answer = operation.locator(".live-responses-table tbody .response")
    expect(answer.locator(".response-col_status")).to_have_text("200")
    expect(answer.locator(".microlight").first).to_contain_text('"username": "city_officer"')
    snap(page, "api-docs")

    assert refused == []
    assert [u for u in outside if not u.startswith("data:")] == []
