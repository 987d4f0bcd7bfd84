"""Sign-ins take turns for the CPU: each server process runs at most FUPIN_PASSWORD_HASHES_AT_ONCE password hashes
at once (one by default), at the Argon2id parameters the site chose; a password stored at Django's default Argon2
parameters still signs in and is stored again at the site's."""

import importlib
import threading

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.urls import reverse

from fupin.orgs import hashers
from fupin.orgs.tests.factories import PASSWORD, make_user

SITE_ARGON2 = "argon2$argon2id$v=19$m=19456,t=2,p=1$"
DJANGO_DEFAULT_ARGON2 = "argon2$argon2id$v=19$m=102400,t=2,p=8$"


@pytest.fixture
def project_hashers(settings):
    """The hashers the site is configured with (the test suite's fast hasher set aside)."""
    settings.PASSWORD_HASHERS = importlib.import_module("fupin.settings").PASSWORD_HASHERS


def test_one_password_hash_at_a_time_per_process_by_default():
    assert hashers.HASHES_AT_ONCE == 1


def test_while_a_password_is_checked_no_other_hash_can_start_in_the_same_process(project_hashers, monkeypatch):
    seen = []

    def checking(self, password, encoded):
        seen.append(hashers.free_slots())
        return True

    monkeypatch.setattr(Argon2PasswordHasher, "verify", checking)
    assert hashers.free_slots() is True
    assert check_password("Any#2026pass", SITE_ARGON2 + "c2FsdHNhbHQ$aGFzaA") is True
    assert seen == [False]
    assert hashers.free_slots() is True  # given back afterwards


def test_while_a_password_is_stored_no_other_hash_can_start_in_the_same_process(project_hashers, monkeypatch):
    seen = []

    def storing(self, password, salt):
        seen.append(hashers.free_slots())
        return SITE_ARGON2 + "c2FsdHNhbHQ$aGFzaA"

    monkeypatch.setattr(Argon2PasswordHasher, "encode", storing)
    assert make_password("Any#2026pass").startswith(SITE_ARGON2)
    assert seen == [False]
    assert hashers.free_slots() is True


def test_eight_sign_ins_at_once_in_one_process_hash_one_after_another_and_all_finish(project_hashers, monkeypatch):
    inside, peak, guard, started = [0], [0], threading.Lock(), threading.Event()

    def checking(self, password, encoded):
        with guard:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        started.wait(timeout=10)  # the first holds its slot until every thread has been started
        with guard:
            inside[0] -= 1
        return True

    monkeypatch.setattr(Argon2PasswordHasher, "verify", checking)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(check_password("Any#2026pass", SITE_ARGON2 + "c2FsdA$aA")))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    started.set()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [True] * 8
    assert peak[0] == 1


def test_a_password_at_djangos_default_argon2_parameters_signs_in_and_is_stored_again_at_the_sites(
    project_hashers, tree, client
):
    user = make_user("old_argon", tree.school1, "reporter")
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert user.password.startswith(DJANGO_DEFAULT_ARGON2)
    response = client.post(reverse("login"), {"username": "old_argon", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.password.startswith(SITE_ARGON2) and user.check_password(PASSWORD)
