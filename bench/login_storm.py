"""Sign-ins never stall the public site: the 95th percentile latency of the public pledge page while 40 people
sign in again and again stays within 2× the same page's with nobody signing in.

Needs PostgreSQL and wrk. Forty accounts with a password stored by the site's own hasher (unique names, so the
benchmark runs again on the same database) and a drive open today; the production layout on loopback: an app
server (deploy/gunicorn.conf.py) and the sign-in server (deploy/gunicorn.login.conf.py), both on the production
settings, this process routing by path as nginx does (the sign-in page to the sign-in server, every other page to
the app server). `wrk` GETs the pledge page alone (the baseline), then again while forty threads of this process
each fetch the sign-in page and post the account's password, over and over, until wrk stops (the value). Every
page answer must be 200 and every sign-in must succeed (a redirect away from /login/)."""

import secrets
import shutil
import tempfile
import threading
import urllib.parse
import urllib.request
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import connection

from bench import _serving as serving
from bench._result import Result, analyze, scaled
from bench.pledges import _drive

PEOPLE, PASSWORD = 40, "Fupin@2026bench"
WARMUP_SECONDS, SECONDS = scaled(3), scaled(8, least=2)
TARGET = 2.0


def _accounts() -> list[str]:
    from fupin.orgs.models import User

    tag, stored = secrets.token_hex(4), make_password(PASSWORD)
    names = [f"bench-login-{tag}-{n}" for n in range(PEOPLE)]
    User.objects.bulk_create(User(username=name, name="基准登录", password=stored) for name in names)
    return names


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sign_in(base: str, username: str) -> bool:
    """The sign-in page (its CSRF cookie and token; the production cookie is Secure, so set by hand), then the
    password posted; True when the answer is the redirect into the site."""
    cookie, token = serving.csrf_pair(base + "/login/")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    headers = serving.PROXY | {"Origin": base.replace("http:", "https:"), "Cookie": f"csrftoken={cookie}"}
    request = urllib.request.Request(base + "/login/", data=body.encode(), headers=headers)
    try:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=60)
    except urllib.error.HTTPError as answer:  # the redirect after signing in, not followed
        return answer.code == 302 and "/login/" not in answer.headers.get("Location", "")
    return False


def _storm(base: str, names: list[str], stop: threading.Event, outcomes: list[bool]) -> list[threading.Thread]:
    def person(name: str) -> None:
        while not stop.is_set():
            outcomes.append(_sign_in(base, name))

    threads = [threading.Thread(target=person, args=(name,), daemon=True) for name in names]
    for thread in threads:
        thread.start()
    return threads


def _measure(login: serving.Server, page: str, names: list[str], work: Path):
    serving.wrk(page, WARMUP_SECONDS, work, "get")
    quiet = serving.wrk(page, SECONDS, work, "get")
    stop, outcomes = threading.Event(), []
    threads = _storm(login.base, names, stop, outcomes)
    try:
        busy = serving.wrk(page, SECONDS, work, "get")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return quiet, busy, outcomes


def run() -> Result:
    if connection.vendor != "postgresql":
        return Result(
            0, 0, TARGET, failure="refused: needs PostgreSQL: DATABASE_URL=postgres://… (scripts/bench starts one)"
        )
    if not shutil.which("wrk"):
        return Result(0, 0, TARGET, failure="refused: needs wrk (Debian package wrk; scripts/bench installs it)")
    names, (drive, _unit) = _accounts(), _drive()
    analyze()
    work = Path(tempfile.mkdtemp(prefix="fupin-bench-login-storm-"))
    app = serving.start("fupin.wsgi:application", work, "product")
    try:
        login = serving.start("fupin.wsgi:application", work, "login", serving.LOGIN_CONF)
        try:
            quiet, busy, outcomes = _measure(login, f"{app.base}/give/drives/{drive.pk}/", names, work)
        finally:
            serving.stop(login)
    finally:
        serving.stop(app)
    failed = outcomes.count(False)
    print(f"login_storm: {len(outcomes)} sign-ins by {PEOPLE} people in {SECONDS} s, {failed} failed; ", end="")
    print(f"page p95 {quiet.p95_us / 1000:.1f} ms alone, {busy.p95_us / 1000:.1f} ms during the sign-ins")
    problems = serving.load_problems("GET", [quiet, busy])
    if not outcomes or not all(outcomes):
        problems.append(f"{outcomes.count(False)} of {len(outcomes)} sign-ins failed")
    return Result(busy.p95_us / 1000, quiet.p95_us / 1000, TARGET, failure="; ".join(problems))
