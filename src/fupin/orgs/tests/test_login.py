"""Login policy (等保 2.0 level 2): complexity, lockout, idle timeout, first-login password change."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fupin.audit.models import AuditEvent
from fupin.orgs import services
from fupin.orgs.tests.factories import PASSWORD, make_user


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize("weak", ["short1A", "alllowercase", "ALLUPPER123", "12345678901", "password1"])
def test_weak_passwords_are_refused(weak, db):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_password_with_three_character_classes_is_accepted(db):
    validate_password("Qinghe#2026a")
    validate_password(PASSWORD)


def test_a_correct_login_reaches_the_workbench_and_is_audited(school_reporter, client):
    response = post_login(client, "school_reporter", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    event = AuditEvent.objects.get(action="login")
    assert event.actor == school_reporter and event.ip == "127.0.0.1"


def test_the_account_locks_after_repeated_failures(school_reporter, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "school_reporter", "wrong-Password1")
    response = post_login(client, "school_reporter", PASSWORD)
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", actor_username="school_reporter").count() >= 5


def test_failed_logins_are_reported_in_chinese(school_reporter, client):
    response = post_login(client, "school_reporter", "wrong")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_an_idle_session_expires(school_reporter, client):
    post_login(client, "school_reporter", PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_use_extends_the_idle_timeout_writing_the_session_at_most_once_a_minute(school_reporter, client, settings):
    post_login(client, "school_reporter", PASSWORD)
    client.get(reverse("home"))
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    client.get(reverse("home"))  # within the minute: no write, the expiry stays
    assert Session.objects.get().expire_date - timezone.now() < timedelta(seconds=31)
    session = client.session
    session["_fupin_touched"] -= 61  # as if the last write were a minute ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    client.get(reverse("home"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert settings.SESSION_COOKIE_AGE <= 30 * 60


def test_an_account_created_by_an_admin_must_change_its_password_first(tree, county_officer, client):
    user, temporary = services.create_account(
        by=county_officer, unit=tree.school1, username="new_teacher", name="张三", role="reporter"
    )
    post_login(client, "new_teacher", temporary)
    assert client.get(reverse("unit_list"))["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {"old_password": temporary, "new_password1": "Xinmima#2026", "new_password2": "Xinmima#2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("unit_list")).status_code == 200


def test_a_new_password_must_meet_the_policy(school_reporter, client):
    post_login(client, "school_reporter", PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    assert response.status_code == 200
    assert "至少三类" in response.content.decode()


def test_a_disabled_account_cannot_log_in(tree, county_officer, client):
    user = make_user("gone", tree.school1, "reporter")
    services.set_active(by=county_officer, user=user, is_active=False)
    assert post_login(client, "gone", PASSWORD).status_code == 200
    assert AuditEvent.objects.filter(action="update", target_id=str(user.pk)).exists()


def test_a_generated_password_uses_the_light_hash_and_the_chosen_one_the_default(
    tree, county_officer, client, settings
):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "fupin.orgs.passwords.TemporaryPasswordHasher",
    ]
    user, temporary = services.create_account(
        by=county_officer, unit=tree.school1, username="t9", name="王五", role="reporter"
    )
    assert user.password.startswith("pbkdf2_temp$")
    post_login(client, "t9", temporary)
    client.post(
        reverse("password_change"),
        {"old_password": temporary, "new_password1": "Xinmima#2026", "new_password2": "Xinmima#2026"},
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$") and user.check_password("Xinmima#2026")
