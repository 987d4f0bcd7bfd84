"""Passwords are stored with Argon2id at the parameters Django documents; a password stored earlier with
PBKDF2 still signs in and is stored again with Argon2id at that sign-in."""

import importlib

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from fupin.orgs.tests.factories import PASSWORD, make_user

ARGON2 = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def project_hashers(settings):
    """The hashers the site is configured with (the test suite's fast hasher set aside)."""
    settings.PASSWORD_HASHERS = importlib.import_module("fupin.settings").PASSWORD_HASHERS


def test_the_site_stores_passwords_with_argon2id_first(project_hashers, db):
    assert make_password(PASSWORD).startswith(ARGON2)


def test_an_old_pbkdf2_password_still_signs_in_and_is_stored_again_with_argon2(project_hashers, tree, client):
    user = make_user("old_hash", tree.school1, "reporter")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$1500000$")
    response = client.post(reverse("login"), {"username": "old_hash", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.password.startswith(ARGON2) and user.check_password(PASSWORD)


def test_a_wrong_password_against_an_old_pbkdf2_hash_is_refused_and_the_hash_kept(project_hashers, tree, client):
    user = make_user("old_hash", tree.school1, "reporter")
    user.password = old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": "old_hash", "password": "Wrong#2026x"})
    assert response.status_code == 200 and "请输入一个正确的用户名和密码" in response.content.decode()
    user.refresh_from_db()
    assert user.password == old
