"""Schemathesis over the whole REST API: whatever a client sends within the schema or outside it, the answer
is never a server error. Bounded (a few examples per operation) so the run stays well under a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from fupin.api import api
from fupin.orgs.tokens import issue_token

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
APP = get_wsgi_application()


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: a request must not close the test's database connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def city_token(city_officer, school_reporter):
    """A city office admin's token: the widest scope, over a tree with a school reporter in it."""
    return issue_token(by=city_officer, name="接口测试")


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_request_to_the_api_is_a_server_error(case, city_token, keep_test_connection):
    headers = {"Authorization": f"Token {city_token}"}
    case.call_and_validate(headers=headers, checks=[not_a_server_error], app=APP)
