"""The error pages are Swedish, inside the site's layout with its menu, and say what to do next."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from jamlik.core.errors import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_swedish_404_with_the_menu(world: Any) -> None:
    client = Client()
    client.force_login(world.users["reader"])
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html
    assert 'aria-label="Huvudmeny"' in html
    assert "Till startsidan" in html
    assert "Not Found" not in html


def test_a_refused_page_names_who_can_give_access(world: Any) -> None:
    client = Client()
    client.force_login(world.users["reader"])
    response = client.get("/forslag/import/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Du har inte behörighet till den här sidan" in html
    assert "Behörighet ges av en administratör" in html
    assert world.users["administrator"].get_full_name() in html
    assert "403 Forbidden" not in html


def test_an_anonymous_visitor_is_offered_the_login_not_the_administrators() -> None:
    response = Client().get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "/konto/logga-in/" in html
    assert "Behörighet ges av" not in html


def test_an_expired_form_is_a_swedish_403_not_djangos_csrf_page(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reader"])
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret hade gått ut" in html
    assert "CSRF" not in html


def test_a_server_error_page_is_swedish_and_drawn_even_without_the_layout(monkeypatch: Any) -> None:
    request = RequestFactory().get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database is gone")

    monkeypatch.setattr("jamlik.core.context_processors.navigation", broken)
    fallback = server_error(RequestFactory().get("/"))
    assert fallback.status_code == 500
    assert "Något gick fel hos oss" in fallback.content.decode()


def test_a_bad_request_is_a_swedish_400() -> None:
    response = Client().get("/", HTTP_HOST="inte..giltig")
    assert response.status_code == 400
    assert "Det som skickades kunde inte läsas" in response.content.decode()
