"""Uploads on local disk (the default storage): a save that fails part-way, such as on a full disk (ENOSPC), leaves
no partial file behind; the error goes on to the request, whose transaction is rolled back with it."""

import contextlib
import os
from typing import Any

from django.core.files.storage import FileSystemStorage


class LocalStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        target = self.path(name)
        existed = os.path.lexists(target)  # the name was chosen free (random names): anything there now is ours
        try:
            return super()._save(name, content)  # type: ignore[misc]  # django-stubs lacks the private hook
        except OSError:
            if not existed:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
            raise
