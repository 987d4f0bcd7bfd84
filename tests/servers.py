"""App servers and workers started as real processes over the test database, for the tests that prove the
deployment (several servers, load): free ports, output read as it comes, the database URL passed on."""

import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Fupin@2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A child process whose output is read as it comes (so it never blocks on a full pipe); `ready` is set
    when a line matches `ready_at`."""

    def __init__(self, args: list[str], env: dict[str, str], ready_at: str):
        self.popen = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        pattern = re.compile(ready_at)

        def drain() -> None:
            for line in self.popen.stdout:
                self.lines.append(line)
                if pattern.search(line):
                    self.ready.set()

        threading.Thread(target=drain, daemon=True).start()

    def wait_ready(self) -> None:
        assert self.ready.wait(60), "".join(self.lines[-30:])

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.popen.kill()


def environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    """This process's environment without its FUPIN_ settings, pointed at the test database, plus `settings`."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUPIN_") and k != "DATABASE_URL"}
    return env | {
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FUPIN_VAR_DIR": str(tmp_path),
        "FUPIN_ALLOWED_HOSTS": "127.0.0.1",
        "FUPIN_PUBLIC_WRITE_RATE": "100000/h",  # every simulated visitor comes from 127.0.0.1
        "FUPIN_WEB_WORKERS": "1",
        "FUPIN_WEB_THREADS": "4",
        "FUPIN_DB_CONN_MAX_AGE": "0",
        **settings,
    }


def app_server(env: dict[str, str], access_log: Path | None = None) -> tuple[str, Process]:
    """A gunicorn app server as deployed (deploy/gunicorn.conf.py) on a free port, its access log written to
    `access_log` when given; call `ready` before use."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "deploy/gunicorn.conf.py",
        "--preload",
        "fupin.wsgi:application",
    ]
    if access_log:
        args += ["--access-logfile", str(access_log)]
    server = Process(args, env | {"FUPIN_BIND": f"127.0.0.1:{port}"}, ready_at=r"Booting worker with pid")
    return f"http://127.0.0.1:{port}", server


def ready(address: str, server: Process) -> None:
    server.wait_ready()
    answer = requests.get(f"{address}/readyz", timeout=120)  # the first request loads the site
    assert answer.status_code == 200, answer.text + "".join(server.lines[-30:])


def servers_password(user) -> None:
    """Give `user` PASSWORD under the servers' own hasher (the tests' settings use a faster one), at its full
    strength, so a sign-in does not rehash and rewrite it."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "testservers")
    user.save(update_fields=["password"])
