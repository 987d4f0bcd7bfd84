"""WSGI entry point (gunicorn fupin.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
application = get_wsgi_application()
# Every view is imported while the worker boots, before it accepts a connection, rather than in its first
# visitor's request: seconds on a busy machine, paid again each time a worker is recycled (max_requests).
get_resolver().url_patterns  # noqa: B018
