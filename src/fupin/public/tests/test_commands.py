"""The `fupin` command: demo data, serving, and production settings that pass the deploy check."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command

from fupin.orgs.models import Membership, Unit, User

REQUIRED_ACCOUNTS = {
    "city_admin": ("city_bureau", "office_admin"),
    "county1_admin": ("county_bureau", "office_admin"),
    "county2_admin": ("county_bureau", "office_admin"),
    "school1_reporter": ("school", "reporter"),
    "school2_reporter": ("school", "reporter"),
}


def fupin(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "fupin.cli", *args], env=env, capture_output=True, text=True, **kw)


@pytest.mark.django_db
def test_the_demo_builds_the_tree_and_an_account_for_every_role(capsys):
    call_command("demo")
    assert Unit.objects.filter(kind="school").count() >= 30
    assert Unit.objects.filter(kind="county_bureau").count() == 3
    assert set(Membership.objects.values_list("role", flat=True)) >= {
        "office_admin",
        "coordinator",
        "reporter",
        "reviewer",
        "cadre",
        "finance",
        "aid_officer",
        "auditor",
        "viewer",
    }
    for username, (kind, role) in REQUIRED_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.check_password("Fupin@2026") and not user.must_change_password
        assert user.memberships.filter(unit__kind=kind, role=role).exists()
    county1, county2 = (User.objects.get(username=f"county{i}_admin").memberships.get().unit for i in (1, 2))
    assert county1 != county2
    school1 = User.objects.get(username="school1_reporter").memberships.get().unit
    school2 = User.objects.get(username="school2_reporter").memberships.get().unit
    assert school1.is_within(county1) and school2.is_within(county2)
    assert "city_admin" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_demo_is_not_built_twice_without_reset(capsys):
    call_command("demo")
    count = Unit.objects.count()
    call_command("demo")
    assert Unit.objects.count() == count and "--reset" in capsys.readouterr().out


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "FUPIN_PRODUCTION": "1",
        "FUPIN_SECRET_KEY": "k" * 20 + "Q7#pX2@vL9$mR4!tZ8&wN1*yB6^cD3(",
        "FUPIN_ALLOWED_HOSTS": "fupin.example.gov.cn",
        "FUPIN_PERSONAL_DATA_KEY": "cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcy1sbyE=",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest only
    result = fupin("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "FUPIN_PRODUCTION": "1", "FUPIN_SECRET_KEY": ""}
    result = fupin("check", env=env)
    assert result.returncode != 0 and "FUPIN_SECRET_KEY" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback(tmp_path):
    env = {**os.environ, "FUPIN_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    assert fupin("migrate", "-v0", env=env).returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fupin.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        body = ""
        for _ in range(60):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "登录" in body
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/fupin/site.css", timeout=2)
        assert css.status == 200
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
