"""The site's password hasher: Argon2id at parameters chosen the way Django's documentation describes (parallelism:
the threads one can spare for a hash; memory: what one can spare; time: what a sign-in may take), and at most
`FUPIN_PASSWORD_HASHES_AT_ONCE` hashes at once in each server process, so a crowd signing in waits its turn
instead of taking every core from the public pages.

On two cores serving the public, one thread per hash (p=1), 19 MiB and two passes (m=19456 KiB, t=2): OWASP's
recommended Argon2id setting, about 22 ms of one core, where Django's default (m=100 MiB, p=8) took about 190 ms
of CPU across both cores. A password stored at other Argon2 parameters still verifies and is stored again at
these at its next sign-in (Django's `must_update`).
"""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.hashers import Argon2PasswordHasher

HASHES_AT_ONCE = max(1, int(os.environ.get("FUPIN_PASSWORD_HASHES_AT_ONCE") or 1))
_slots = threading.BoundedSemaphore(HASHES_AT_ONCE)


@contextmanager
def hash_slot() -> Iterator[None]:
    """One of the process's hashing slots, waited for until one is free."""
    with _slots:
        yield


def free_slots() -> bool:
    """Whether a hash could start now without waiting (takes nothing)."""
    if not _slots.acquire(blocking=False):
        return False
    _slots.release()
    return True


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (same `argon2$` prefix, so stored hashes verify) with the site's parameters, each hash
    and each check taking one of the process's slots."""

    time_cost = 2
    memory_cost = 19456
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with hash_slot():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with hash_slot():
            return super().verify(password, encoded)
