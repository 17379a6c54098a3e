"""Single sign-on with OpenID Connect, against a fake provider running on localhost."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from django.contrib.auth.models import Group
from django.test import Client

from jamlik.core import oidc
from jamlik.core.models import AuditEntry, User
from tests.conftest import PASSWORD
from tests.core.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider, new_key
from tests.core.test_security import run_manage

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
START = "/konto/logga-in/sso/"
CALLBACK = "/konto/logga-in/sso/tillbaka/"
FAILED = "Inloggningen med kommunens konto misslyckades"


@pytest.fixture
def provider(settings: Any) -> Iterator[FakeProvider]:
    fake = FakeProvider()
    settings.JAMLIK_OIDC_ISSUER = fake.issuer
    settings.JAMLIK_OIDC_CLIENT_ID = CLIENT_ID
    settings.JAMLIK_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.JAMLIK_OIDC_GROUP_ROLES = [
        ("jamlik-ledare", "process_leader"),
        ("alla-anstallda", "reader"),
        ("jamlik-admin", "administrator"),
    ]
    oidc.clear_caches()
    yield fake
    fake.close()
    oidc.clear_caches()


def sso_login(client: Client, next_url: str = "") -> Any:
    """Click the SSO button, let the provider log the person in, and follow it back to the callback."""
    start = client.get(START, {"next": next_url} if next_url else None)
    assert start.status_code == 302, start.content
    at_provider = httpx.get(start["Location"], follow_redirects=False)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert (back.netloc, back.path) == ("testserver", CALLBACK)
    return client.get(f"{back.path}?{back.query}")


def logged_in_user(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_login_page_offers_both_ways_in(provider: FakeProvider) -> None:
    page = Client().get(LOGIN).content.decode()
    assert "Logga in med kommunens konto" in page
    assert f'href="{START}"' in page
    assert 'name="password"' in page


def test_first_login_creates_the_user_with_mapped_roles(provider: FakeProvider) -> None:
    provider.person["groups"] = ["jamlik-ledare", "alla-anstallda", "fotbollslaget"]
    client = Client()
    response = sso_login(client, next_url="/program/")
    assert response.status_code == 302
    assert response["Location"] == "/program/"
    user = logged_in_user(client)
    assert user is not None and user.username == "anna.svensson"
    assert (user.email, user.first_name, user.last_name) == (
        "anna.svensson@kommun.example",
        "Anna",
        "Svensson",
    )
    assert roles(user) == {"process_leader", "reader"}
    assert not user.has_usable_password()
    assert not user.is_staff
    created = AuditEntry.objects.get(code="user.created", object_id=str(user.pk))
    assert created.changes["roles"] == [[], ["process_leader", "reader"]]
    assert created.changes["source"] == f"sso:{provider.issuer}"
    assert AuditEntry.objects.filter(code="auth.logged_in", actor=user).count() == 1
    assert client.get("/program/").status_code == 200


def test_roles_follow_the_provider_groups_on_the_next_login(provider: FakeProvider) -> None:
    sso_login(Client())
    user = User.objects.get(username="anna.svensson")
    assert roles(user) == {"process_leader"}

    provider.person["groups"] = ["jamlik-admin"]
    client = Client()
    sso_login(client)
    user.refresh_from_db()
    assert logged_in_user(client) == user
    assert roles(user) == {"administrator"}
    assert user.is_staff
    changed = AuditEntry.objects.get(code="user.changed", object_id=str(user.pk))
    assert changed.changes["roles"] == [["process_leader"], ["administrator"]]
    assert changed.changes["is_staff"] == [False, True]
    assert User.objects.filter(username="anna.svensson").count() == 1

    # The same groups again: nothing changes, so nothing more is written.
    sso_login(Client())
    assert AuditEntry.objects.filter(code__in=["user.changed", "user.created"]).count() == 2


def test_an_existing_local_user_is_taken_over_and_keeps_other_groups(provider: FakeProvider) -> None:
    local = User.objects.create_user(username="anna.svensson", password=PASSWORD)
    local.groups.add(Group.objects.get(name="reader"), Group.objects.create(name="nyhetsbrev"))
    client = Client()
    sso_login(client)
    assert logged_in_user(client) == local
    assert roles(local) == {"process_leader", "nyhetsbrev"}


def test_without_a_mapping_roles_are_left_to_jamlik(provider: FakeProvider, settings: Any) -> None:
    settings.JAMLIK_OIDC_GROUP_ROLES = []
    local = User.objects.create_user(username="anna.svensson")
    local.groups.add(Group.objects.get(name="management_member"))
    client = Client()
    sso_login(client)
    assert logged_in_user(client) == local
    assert roles(local) == {"management_member"}


def test_a_provider_wanting_the_secret_in_the_form(provider: FakeProvider, settings: Any) -> None:
    provider.auth_method = "client_secret_post"
    settings.JAMLIK_OIDC_SCOPES = "email groups"  # `openid` forgotten: added anyway (the fake checks)
    client = Client()
    sso_login(client)
    assert logged_in_user(client) is not None


def test_a_wrong_client_secret_logs_nobody_in(provider: FakeProvider, settings: Any) -> None:
    settings.JAMLIK_OIDC_CLIENT_SECRET = "fel"
    client = Client()
    assert FAILED in refused(client, sso_login(client))
    assert "401" in AuditEntry.objects.get(code="auth.sso_failed").changes["reason"]


def test_groups_from_the_userinfo_endpoint(provider: FakeProvider) -> None:
    del provider.person["groups"]
    provider.userinfo = {"groups": ["alla-anstallda"]}
    client = Client()
    sso_login(client)
    user = logged_in_user(client)
    assert user is not None and roles(user) == {"reader"}


def refused(client: Client, response: Any) -> str:
    """Assert that nobody is logged in and return the login page the user was sent to."""
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    return client.get(LOGIN).content.decode()


def spoil_signature(provider: FakeProvider) -> None:
    provider.signing_key = new_key()


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (spoil_signature, "InvalidSignatureError"),
        (lambda p: p.overrides.update(aud="another-app"), "InvalidAudienceError"),
        (lambda p: p.overrides.update(nonce="an-old-nonce"), "nonce"),
        (lambda p: p.overrides.update(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200), "Expired"),
        (lambda p: p.overrides.update(iss="https://elak.example"), "InvalidIssuerError"),
        (lambda p: p.overrides.update(aud=[CLIENT_ID, "another-app"], azp="another-app"), "authorised party"),
        (lambda p: setattr(p, "token_kid", "key-2"), "no single RS256 signing key"),
    ],
    ids=["bad-signature", "wrong-audience", "wrong-nonce", "expired", "wrong-issuer", "other-azp", "no-key"],
)
def test_a_bad_id_token_logs_nobody_in(provider: FakeProvider, spoil: Any, reason: str) -> None:
    spoil(provider)
    client = Client()
    page = refused(client, sso_login(client))
    assert FAILED in page
    assert not User.objects.filter(username="anna.svensson").exists()
    failure = AuditEntry.objects.get(code="auth.sso_failed")
    assert reason in failure.changes["reason"]


def test_a_wrong_or_reused_state_is_refused(provider: FakeProvider) -> None:
    client = Client()
    start = client.get(START)
    at_provider = httpx.get(start["Location"], follow_redirects=False)
    back = urlsplit(at_provider.headers["Location"])
    forged = back.query.replace("state=", "state=x")
    page = refused(client, client.get(f"{CALLBACK}?{forged}"))
    assert "Inloggningen tog för lång tid eller startades i ett annat fönster" in page
    assert provider.token_requests == 0

    # A callback from another browser (no matching state in its session) is refused too.
    other = Client()
    refused(other, other.get(f"{back.path}?{back.query}"))
    assert provider.token_requests == 0


def test_a_callback_works_only_once(provider: FakeProvider) -> None:
    client = Client()
    start = client.get(START)
    back = urlsplit(httpx.get(start["Location"], follow_redirects=False).headers["Location"])
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.post("/konto/logga-ut/")
    refused(client, client.get(f"{back.path}?{back.query}"))


def test_someone_in_no_mapped_group_gets_no_account(provider: FakeProvider) -> None:
    provider.person["groups"] = ["fotbollslaget"]
    client = Client()
    page = refused(client, sso_login(client))
    assert "Ditt konto har ingen roll i Jämlik" in page
    assert not User.objects.filter(username="anna.svensson").exists()


def test_leaving_every_mapped_group_takes_the_roles_away(provider: FakeProvider) -> None:
    sso_login(Client())
    provider.person["groups"] = []
    client = Client()
    refused(client, sso_login(client))
    assert roles(User.objects.get(username="anna.svensson")) == set()


def test_a_deactivated_user_stays_out(provider: FakeProvider) -> None:
    User.objects.create_user(username="anna.svensson", is_active=False)
    client = Client()
    page = refused(client, sso_login(client))
    assert "Ditt konto i Jämlik är avstängt" in page


def test_the_provider_cancelling_is_explained(provider: FakeProvider) -> None:
    client = Client()
    start = client.get(START)
    state = dict(part.split("=", 1) for part in urlsplit(start["Location"]).query.split("&"))["state"]
    page = refused(client, client.get(CALLBACK, {"error": "access_denied", "state": state}))
    assert "Inloggningen avbröts eller nekades av kommunens inloggningstjänst" in page


def test_an_unreachable_provider_is_explained(provider: FakeProvider, settings: Any) -> None:
    provider.close()
    client = Client()
    page = refused(client, client.get(START))
    assert "Kommunens inloggningstjänst svarar inte" in page


def test_next_pointing_elsewhere_is_ignored(provider: FakeProvider) -> None:
    response = sso_login(Client(), next_url="https://elak.example/")
    assert response["Location"] == "/"


def test_local_login_can_be_turned_off(provider: FakeProvider, settings: Any) -> None:
    settings.JAMLIK_LOCAL_LOGIN = False
    User.objects.create_user(username="lokal", password=PASSWORD, is_staff=True, is_superuser=True)
    client = Client()
    page = client.get(LOGIN).content.decode()
    assert "Logga in med kommunens konto" in page
    assert 'name="password"' not in page

    response = client.post(LOGIN, {"username": "lokal", "password": PASSWORD})
    assert response.status_code == 403
    assert "Inloggning med lösenord är avstängd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The admin site's own login form is closed as well.
    client.post("/admin/login/", {"username": "lokal", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert not client.login(username="lokal", password=PASSWORD)

    sso_login(client)
    assert logged_in_user(client) == User.objects.get(username="anna.svensson")


def test_sso_urls_do_not_exist_without_configuration() -> None:
    client = Client()
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK, {"code": "x", "state": "y"}).status_code == 404
    assert "kommunens konto" not in client.get(LOGIN).content.decode()


def test_sso_login_page_keeps_the_security_headers(provider: FakeProvider) -> None:
    response = Client().get(LOGIN)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"JAMLIK_OIDC_ISSUER": "https://login.kommun.example"},
            "JAMLIK_OIDC_ISSUER is set, so set JAMLIK_OIDC_CLIENT_ID and JAMLIK_OIDC_CLIENT_SECRET too",
        ),
        (
            {"JAMLIK_LOCAL_LOGIN": "false"},
            "JAMLIK_LOCAL_LOGIN=false needs single sign-on: set JAMLIK_OIDC_ISSUER too",
        ),
        (
            {"JAMLIK_OIDC_GROUP_ROLES": "jamlik-ledare=ledare"},
            "JAMLIK_OIDC_GROUP_ROLES: 'ledare' is not a role; use one of administrator, process_owner, "
            "process_leader, management_member, participant, reader",
        ),
        ({"JAMLIK_OIDC_GROUP_ROLES": "jamlik-ledare"}, "is not of the form idp-group=role"),
    ],
    ids=["no-client", "local-off-without-sso", "unknown-role", "no-equals-sign"],
)
def test_a_wrong_sso_configuration_stops_with_one_line(
    env: dict[str, str], message: str, tmp_path: Any
) -> None:
    result = run_manage("check", env={**env, "JAMLIK_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
