"""Gunicorn settings for one app server: threaded workers sized to the machine's cores."""

import multiprocessing
import os

bind = os.environ.get("FUPIN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Requests mostly wait on PostgreSQL, so threads share a core well; processes keep one slow page from
# holding up the rest. Each thread keeps one database connection (FUPIN_DB_CONN_MAX_AGE).
workers = int(os.environ.get("FUPIN_WEB_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 17))
threads = int(os.environ.get("FUPIN_WEB_THREADS") or 4)
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a guard against slow leaks). Replacing one costs seconds of
# start-up, so the count is high and spread by half of it: at a few hundred requests a second, 2,000 ± 200
# replaced every worker within the same second and the server answered nothing until they had started again.
max_requests = 50_000
max_requests_jitter = max_requests // 2
accesslog = None  # the site logs every request itself (logger fupin.request), with its request id
errorlog = "-"
