"""Logging in and out, failed-login lockout, password reset and session limits."""

from __future__ import annotations

import time
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from jamlik.core.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"


def test_login_and_logout_are_audited(world: Any) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(code="auth.logged_in", actor=world.users["reader"]).count() == 1
    client.post("/konto/logga-ut/")
    assert AuditEntry.objects.filter(code="auth.logged_out", actor=world.users["reader"]).count() == 1
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_and_logged(world: Any) -> None:
    response = Client().post(LOGIN, {"username": "reader", "password": "fel"})
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert AuditEntry.objects.filter(code="auth.login_failed", actor_name="reader").count() == 1


def test_lockout_after_repeated_failures_even_with_the_right_password(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        client.post(LOGIN, {"username": "reader", "password": "fel"})
    response = client.post(LOGIN, {"username": "reader", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(code="auth.locked_out", actor_name="reader").exists()
    # Another user is not affected.
    assert client.post(LOGIN, {"username": "participant", "password": PASSWORD}).status_code == 302


def test_lockout_ends_after_the_window(world: Any, settings: Any) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 15
    with time_machine.travel("2026-01-10 10:00 +0000", tick=False) as traveller:
        client = Client()
        for _ in range(2):
            client.post(LOGIN, {"username": "reader", "password": "fel"})
        assert client.post(LOGIN, {"username": "reader", "password": PASSWORD}).status_code == 200
        traveller.shift(16 * 60)
        assert client.post(LOGIN, {"username": "reader", "password": PASSWORD}).status_code == 302


def test_password_reset_sends_a_working_link(world: Any) -> None:
    client = Client()
    response = client.post("/konto/losenord/aterstall/", {"email": "reader@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/losenord/aterstall/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Ett-nytt-lösen-42", "new_password2": "Ett-nytt-lösen-42"}
    )
    assert response.status_code == 302
    assert client.login(username="reader", password="Ett-nytt-lösen-42")


def test_password_reset_for_unknown_address_looks_the_same(world: Any) -> None:
    response = Client().post("/konto/losenord/aterstall/", {"email": "ingen@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_session_ends_after_the_absolute_limit(world: Any, settings: Any) -> None:
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    client = Client()
    client.force_login(world.users["reader"])
    assert client.get("/").status_code == 200
    session = client.session
    session["login_time"] = time.time() - 3601
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_idle_timeout_is_the_cookie_age(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
