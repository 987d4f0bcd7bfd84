"""Deployment checks for several app servers (`fupin check --deploy`): nothing another server would need may
stay inside one process or on one machine's disk."""

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string

WORKER_BACKENDS = {"django_tasks_db.DatabaseBackend", "django_tasks_db.backend.DatabaseBackend"}
LOCAL_SESSIONS = {"django.contrib.sessions.backends.file", "django.contrib.sessions.backends.cache"}


def _is_local_disk(backend: str) -> bool:
    """Django's FileSystemStorage or any storage built on it (ours leaves no partial file on a full disk)."""
    storage = import_string(backend)
    return isinstance(storage, type) and issubclass(storage, FileSystemStorage)


def _app_servers() -> int:
    return int(getattr(settings, "FUPIN_APP_SERVERS", 1))


@checks.register(checks.Tags.compatibility, deploy=True)
def shared_state_across_app_servers(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """With FUPIN_APP_SERVERS above one: background work through the database queue (the immediate backend
    would run it inside whichever server took the request, with no retry), uploads in the shared S3 store (a
    file on one server's disk is a 404 on the others) and sessions in the database."""
    servers = _app_servers()
    if servers <= 1:
        return []
    found: list[checks.CheckMessage] = []
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend not in WORKER_BACKENDS:
        found.append(
            checks.Error(
                f"FUPIN_APP_SERVERS={servers} but TASKS['default'] uses {backend}",
                hint="Unset FUPIN_TASKS_BACKEND (the database backend) and run `fupin worker` beside the servers.",
                id="fupin.E101",
            )
        )
    if _is_local_disk(settings.STORAGES["default"]["BACKEND"]):
        found.append(
            checks.Error(
                f"FUPIN_APP_SERVERS={servers} but uploads are stored on this machine's disk (FileSystemStorage)",
                hint="Set FUPIN_S3_BUCKET (and FUPIN_S3_ENDPOINT_URL, keys) so every server reads the same files.",
                id="fupin.E102",
            )
        )
    if settings.SESSION_ENGINE in LOCAL_SESSIONS:
        found.append(
            checks.Error(
                f"FUPIN_APP_SERVERS={servers} but sessions are kept by {settings.SESSION_ENGINE}",
                hint="Keep the default database session engine, which every server reads.",
                id="fupin.E103",
            )
        )
    return found
