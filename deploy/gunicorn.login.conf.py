"""Gunicorn settings for the sign-in server: the pages that hash a password (nginx sends them here, see
nginx/fupin.conf), in one process with a few threads, so a crowd signing in queues here and never holds the
app servers' threads. Its hashing runs at a lower CPU priority (nice), so the public pages on the same host
keep their cores."""

import os

bind = os.environ.get("FUPIN_LOGIN_BIND", "127.0.0.1:8100")
worker_class = "gthread"
workers = 1
# A sign-in mostly waits for its turn at the hasher (FUPIN_PASSWORD_HASHES_AT_ONCE); a few threads keep the
# sign-in page itself answering meanwhile.
threads = int(os.environ.get("FUPIN_LOGIN_THREADS") or 4)
NICE = int(os.environ.get("FUPIN_LOGIN_NICE") or 10)
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 50_000
max_requests_jitter = max_requests // 2
accesslog = None  # the site logs every request itself (logger fupin.request), with its request id
errorlog = "-"


def on_starting(server) -> None:
    """Before the worker is forked: the whole server yields the CPU to the app servers when both want it."""
    os.nice(NICE)
