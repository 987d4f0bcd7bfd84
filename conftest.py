"""Shared test fixtures: the unit tree and the personas every test speaks of."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls made
# while it runs (SynchronousOnlyOperation). Tests only, never in the product's settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--lang=zh-CN",
]


def pytest_collection_modifyitems(config, items):
    """Skip browser tests when Chromium is absent, except in CI, where that is a failure."""
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: run scripts/test, which installs it")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium; never `playwright install`, which downloads a browser build."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploads made by tests go to a throwaway folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "fupin.orgs.passwords.TemporaryPasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background work runs inside the test; tests/test_worker.py runs it through a real `fupin worker`."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def tree(db):
    """city → (county1 → school1, town1 → village1), (county2 → school2), and a city department."""
    from fupin.orgs.tests.factories import build_tree

    return build_tree()


@pytest.fixture
def make_user(db):
    from fupin.orgs.tests.factories import make_user

    return make_user


@pytest.fixture
def city_officer(tree, make_user):
    return make_user("city_officer", tree.city, "office_admin")


@pytest.fixture
def county_officer(tree, make_user):
    return make_user("county_officer", tree.county1, "office_admin")


@pytest.fixture
def school_reporter(tree, make_user):
    return make_user("school_reporter", tree.school1, "reporter")


@pytest.fixture
def outsider(tree, make_user):
    """An office admin of the sibling subtree (county 2)."""
    return make_user("outsider", tree.county2, "office_admin")


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
