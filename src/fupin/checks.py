"""Deployment checks of the project's own settings (`fupin check --deploy`)."""

from django.conf import settings
from django.core import checks

REAL_BACKENDS = {"django_tasks_db.DatabaseBackend", "django_tasks_db.backend.DatabaseBackend"}


@checks.register(checks.Tags.compatibility, deploy=True)
def tasks_run_in_the_background(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """In production, background work goes to the worker: the immediate or dummy backend would run archive
    builds inside a request, or never."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend in REAL_BACKENDS:
        return []
    return [
        checks.Error(
            f"TASKS['default'] uses {backend}: production needs the database backend and `fupin worker`",
            hint="Unset FUPIN_TASKS_BACKEND (the default is django_tasks_db.DatabaseBackend) and run `fupin worker`.",
            id="fupin.E001",
        )
    ]
