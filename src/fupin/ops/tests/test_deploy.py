"""The production layout in deploy/: files that parse, agree with each other and with the README."""

import configparser
import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import yaml
from cryptography.fernet import Fernet
from django.conf import settings

ROOT = Path(__file__).resolve().parents[4]
DEPLOY = ROOT / "deploy"
VARIABLE = re.compile(r"\b(FUPIN_[A-Z0-9_]+|DATABASE_URL|POSTGRES_[A-Z]+|MINIO_ROOT_[A-Z]+)\b")


def documented_variables() -> set[str]:
    """Names in the README's configuration table; `_PORT` after `FUPIN_SMTP_HOST` means FUPIN_SMTP_PORT."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        cells = re.findall(r"`([A-Z_][A-Z0-9_]*)`", row.split("|")[1])
        for name in cells:
            names.add(cells[0].rsplit("_", 1)[0] + name if name.startswith("_") else name)
    return names


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_every_variable_the_deployment_uses_is_in_the_readme_configuration_table():
    used = set()
    for path in DEPLOY.rglob("*"):
        if path.is_file() and path.suffix != ".md" and "fontconfig" not in path.parts:
            used |= set(VARIABLE.findall(path.read_text(encoding="utf-8")))
    assert {"FUPIN_SECRET_KEY", "DATABASE_URL", "FUPIN_LOG_FORMAT", "FUPIN_WEB_WORKERS", "POSTGRES_PASSWORD"} <= used
    assert sorted(used - documented_variables()) == []


def test_the_compose_file_runs_two_app_servers_a_worker_and_nginx_over_one_postgresql():
    services = compose()["services"]
    assert sorted(services) == ["app1", "app2", "bucket", "login", "minio", "nginx", "postgres", "setup", "worker"]
    assert services["app1"]["command"] == services["app2"]["command"]
    assert services["app1"]["command"][:3] == ["gunicorn", "--config", "deploy/gunicorn.conf.py"]
    assert services["worker"]["command"] == ["fupin", "worker"]
    for name in ("app1", "app2", "worker"):
        assert services[name]["environment"]["FUPIN_S3_ENDPOINT_URL"] == "http://minio:9000"
        assert services[name]["environment"]["FUPIN_S3_BUCKET"] == "fupin-media"
        assert services[name]["environment"]["DATABASE_URL"].endswith("@postgres:5432/fupin")
    assert "store/fupin-media" in services["bucket"]["command"][0]
    assert "readyz" in services["app1"]["healthcheck"]["test"][-1]
    assert services["nginx"]["depends_on"]["app2"] == {"condition": "service_healthy"}


def test_systemd_units_start_gunicorn_app_servers_and_fupin_workers():
    app = unit("fupin-app@.service")
    assert "gunicorn --config /opt/fupin/deploy/gunicorn.conf.py fupin.wsgi:application" in app["Service"]["ExecStart"]
    assert app["Service"]["EnvironmentFile"] == "/etc/fupin/fupin.env"
    assert unit("fupin-worker@.service")["Service"]["ExecStart"] == "/opt/fupin/.venv/bin/fupin worker"
    assert unit("fupin-backup.service")["Service"]["ExecStart"] == "/opt/fupin/.venv/bin/fupin backup"
    assert unit("fupin-backup.timer")["Timer"]["OnCalendar"] == "*-*-* 02:30:00 Asia/Shanghai"
    for name in ("fupin-app@.service", "fupin-worker@.service"):
        assert unit(name)["Install"]["WantedBy"] == "multi-user.target"
        assert unit(name)["Service"]["Restart"] == "always"


def test_nginx_terminates_tls_passes_the_client_address_and_allows_the_largest_upload():
    conf = (DEPLOY / "nginx" / "fupin.conf").read_text(encoding="utf-8")
    assert conf.count("{") == conf.count("}")
    assert "listen 443 ssl;" in conf and "ssl_certificate     /etc/nginx/tls/fupin.crt;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Request-ID $fupin_request_id;" in conf
    assert conf.count("location = /healthz {") == 2  # over HTTP for an outer balancer, and over HTTPS
    [limit] = re.findall(r"client_max_body_size (\d+)m;", conf)
    assert int(limit) * 1024 * 1024 > settings.FUPIN_MAX_UPLOAD_BYTES
    assert "alias /var/lib/fupin/static/;" in conf and "/media/" not in conf


def test_gunicorn_uses_threaded_workers_sized_to_the_machine(monkeypatch):
    monkeypatch.delenv("FUPIN_WEB_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    sized = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert sized["worker_class"] == "gthread" and sized["workers"] == 9 and sized["threads"] == 4
    monkeypatch.setenv("FUPIN_WEB_WORKERS", "3")
    assert runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))["workers"] == 3


def _example_environment() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def test_the_example_environment_explains_only_documented_variables():
    assert set(_example_environment()) <= documented_variables()


def clean_example_environment(tmp_path) -> dict[str, str]:
    """deploy/env.example filled in, in a clean environment: none of this machine's settings, nor the test
    suite's async-unsafe switch."""
    env = {key: value for key, value in os.environ.items() if not VARIABLE.fullmatch(key) and "ASYNC" not in key}
    env |= _example_environment()
    return env | {
        "FUPIN_SECRET_KEY": secrets.token_urlsafe(50),
        "FUPIN_PERSONAL_DATA_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fupin.sqlite3'}",
        "FUPIN_VAR_DIR": str(tmp_path),
    }


def test_the_example_environment_passes_the_deployment_check_without_warnings(tmp_path):
    env = clean_example_environment(tmp_path)
    assert env["FUPIN_APP_SERVERS"] == "2"
    done = subprocess.run(
        [sys.executable, "-m", "fupin.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
