"""The sign-in servers in deploy/: nginx sends every page that hashes a password to them and nothing else, and
systemd and compose run them on the addresses nginx's upstreams name."""

import re
import runpy

from django.urls import reverse

from .test_deploy import DEPLOY, compose, unit

# Every page whose request hashes a password: signing in (also to the admin site), changing one's own password
# (checks the old one and the remembered ones), an admin's reset and a new account (hash the new one), a sheet of
# accounts (one hash per row), and the admin site's password forms.
HASHING_PAGES = [
    ("login", []),
    ("password_change", []),
    ("reset_password", [7]),
    ("member_create", [7]),
    ("import_members", []),
    ("admin:login", []),
    ("admin:password_change", []),
    ("admin:auth_user_password_change", [7]),
]
APP_PAGES = ["/", "/healthz", "/give/drives/7/", "/workbench/", "/units/7/", "/units/7/members/grant/", "/api/v1/"]


def nginx_pool(path: str) -> str:
    """The upstream fupin.conf's `map $uri $fupin_pool` picks for `path`: the first regex that matches, as nginx."""
    conf = (DEPLOY / "nginx" / "fupin.conf").read_text(encoding="utf-8")
    [body] = re.findall(r"map \$uri \$fupin_pool \{(.*?)\}", conf, re.S)
    rows = re.findall(r"^\s*(\S+)\s+(\w+);", body, re.M)
    default = dict(rows)["default"]
    return next((pool for key, pool in rows if key.startswith("~") and re.search(key[1:], path)), default)


def test_nginx_sends_every_page_that_hashes_a_password_to_the_sign_in_servers():
    paths = [reverse(name, args=args) for name, args in HASHING_PAGES]
    assert paths[:3] == ["/login/", "/account/password/", "/memberships/7/reset-password/"]
    assert {path: nginx_pool(path) for path in paths} == dict.fromkeys(paths, "fupin_login")
    assert {path: nginx_pool(path) for path in APP_PAGES} == dict.fromkeys(APP_PAGES, "fupin_app")
    conf = (DEPLOY / "nginx" / "fupin.conf").read_text(encoding="utf-8")
    assert conf.count("proxy_pass http://$fupin_pool;") == 1


def upstreams(name: str) -> dict[str, list[str]]:
    text = (DEPLOY / "nginx" / name).read_text(encoding="utf-8")
    blocks = re.findall(r"upstream (\w+) \{(.*?)\}", text, re.S)
    return {pool: re.findall(r"server (\S+)", body) for pool, body in blocks}


def test_the_upstreams_name_sign_in_servers_beside_the_app_servers():
    assert upstreams("upstream.conf") == {
        "fupin_app": ["10.0.0.11:8000", "10.0.0.12:8000"],
        "fupin_login": ["10.0.0.11:8100", "10.0.0.12:8100"],
    }
    compose_pools = {"fupin_app": ["app1:8000", "app2:8000"], "fupin_login": ["login:8100"]}
    assert upstreams("upstream.compose.conf") == compose_pools


def test_compose_runs_the_sign_in_server_on_the_address_nginx_uses():
    services = compose()["services"]
    login = services["login"]
    assert login["command"] == [
        "gunicorn", "--config", "deploy/gunicorn.login.conf.py", "--bind", "0.0.0.0:8100", "fupin.wsgi:application"
    ]  # fmt: skip
    assert "127.0.0.1:8100/readyz" in login["healthcheck"]["test"][-1]
    assert login["environment"] == services["app1"]["environment"]
    assert services["nginx"]["depends_on"]["login"] == {"condition": "service_healthy"}


def test_systemd_runs_a_sign_in_server_unit_with_the_sign_in_configuration():
    login = unit("fupin-login@.service")["Service"]
    expected = "/opt/fupin/.venv/bin/gunicorn --config /opt/fupin/deploy/gunicorn.login.conf.py fupin.wsgi:application"
    assert login["ExecStart"] == expected
    assert login["Environment"] == "FUPIN_LOGIN_BIND=127.0.0.1:%i"
    assert login["EnvironmentFile"] == "/etc/fupin/fupin.env"
    assert login["Restart"] == "always"
    assert unit("fupin-login@.service")["Install"]["WantedBy"] == "multi-user.target"


def test_the_sign_in_server_is_one_low_priority_process_with_a_few_threads(monkeypatch):
    for name in ("FUPIN_LOGIN_BIND", "FUPIN_LOGIN_THREADS", "FUPIN_LOGIN_NICE", "FUPIN_WEB_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(DEPLOY / "gunicorn.login.conf.py"))
    assert (conf["bind"], conf["worker_class"], conf["workers"], conf["threads"]) == ("127.0.0.1:8100", "gthread", 1, 4)
    assert conf["NICE"] == 10
    monkeypatch.setenv("FUPIN_LOGIN_BIND", "10.0.0.11:8100")
    monkeypatch.setenv("FUPIN_LOGIN_THREADS", "2")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.login.conf.py"))
    assert (conf["bind"], conf["threads"]) == ("10.0.0.11:8100", 2)
