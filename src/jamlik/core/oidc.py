"""Single sign-on with OpenID Connect: the authorization code flow with PKCE.

Why our own small client rather than a Django package: the ready-made one we considered checks the ID
token's signature but not its issuer and audience, which the specification requires, and has no
discovery. PyJWT does the cryptography (signature against the provider's published keys, expiry,
issuer, audience); this module does the protocol around it.

The flow: `begin_login` keeps a random state, nonce and PKCE verifier in the session and sends the
browser to the provider. The provider sends it back to the callback with a code; `finish_login` checks
the state, trades the code for tokens at the token endpoint (server to server), verifies the ID token and
returns its claims. `user_for_claims` then maps the provider's groups to roles and creates or updates
the local user.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import jwt
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jamlik.core.actions import do_update_user_from_sso
from jamlik.core.models import User

SESSION_KEY = "oidc_pending"
# Logins started in parallel browser tabs that may still come back, and how long each may take.
PENDING_LIMIT = 5
PENDING_SECONDS = 600
# Discovery documents and key sets are fetched again after this long (the provider rotates its keys).
CACHE_SECONDS = 3600
# Tolerated difference between our clock and the provider's when checking expiry and issue time.
CLOCK_SKEW_SECONDS = 60
# Public-key signatures only: with HS256 the client secret would double as a signing key.
ALLOWED_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
USER_DETAIL_CLAIMS = {"email": "email", "first_name": "given_name", "last_name": "family_name"}

FAILED = _("Logging in with the municipality's account failed. Try again, or ask the administrator.")
EXPIRED = _("The login took too long or was started in another window. Please try again.")
UNREACHABLE = _("The municipality's login service does not answer. Try again later.")
CANCELLED = _("The login was cancelled or refused by the municipality's login service.")
NO_ROLE = _("Your account has no role in Jämlik. Ask the administrator for access.")
INACTIVE = _("Your account in Jämlik is deactivated. Ask the administrator.")


class SsoError(Exception):
    """A single sign-on that must log nobody in: `reason` goes to the audit log, `message` to the user."""

    def __init__(self, reason: str, message: Any = FAILED, username: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.username = username


@dataclass(frozen=True)
class Provider:
    """What discovery tells us about the identity provider."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    algorithms: tuple[str, ...]
    secret_in_body: bool


_providers: dict[str, tuple[float, Provider]] = {}
_key_sets: dict[str, tuple[float, dict[str, Any]]] = {}


def sso_enabled() -> bool:
    return bool(settings.JAMLIK_OIDC_ISSUER)


def clear_caches() -> None:
    """Forget discovery documents and keys, e.g. after the configuration changed."""
    _providers.clear()
    _key_sets.clear()


def _request_json(
    method: str, url: str, *, headers: dict[str, str] | None = None, data: dict[str, str] | None = None
) -> dict[str, Any]:
    """One call to the provider; any network or format failure becomes an SsoError."""
    try:
        with httpx.Client(timeout=settings.JAMLIK_OIDC_TIMEOUT_SECONDS) as client:
            response = client.request(
                method, url, headers={"Accept": "application/json", **(headers or {})}, data=data
            )
    except httpx.HTTPError as exc:
        raise SsoError(f"{url} unreachable: {exc.__class__.__name__}", UNREACHABLE) from None
    if response.status_code != 200:
        raise SsoError(f"{url} answered {response.status_code}: {response.text[:200]}")
    try:
        body = response.json()
    except ValueError:
        raise SsoError(f"{url} answered with something else than JSON") from None
    if not isinstance(body, dict):
        raise SsoError(f"{url} answered with JSON that is not an object")
    return body


def provider() -> Provider:
    """The provider's endpoints from its discovery document, cached for an hour."""
    issuer = settings.JAMLIK_OIDC_ISSUER
    cached = _providers.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    document = _request_json("GET", issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != issuer:
        raise SsoError(f"discovery names issuer {document.get('issuer')!r}, configured is {issuer!r}")
    try:
        endpoints = {
            name: str(document[name]) for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")
        }
    except KeyError as missing:
        raise SsoError(f"discovery document lacks {missing}") from None
    offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    auth_methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    found = Provider(
        issuer=issuer,
        userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
        algorithms=tuple(alg for alg in ALLOWED_ALGORITHMS if alg in offered),
        secret_in_body="client_secret_basic" not in auth_methods and "client_secret_post" in auth_methods,
        **endpoints,
    )
    _providers[issuer] = (time.monotonic() + CACHE_SECONDS, found)
    return found


def _key_set(uri: str, *, refresh: bool) -> dict[str, Any]:
    cached = _key_sets.get(uri)
    if cached and cached[0] > time.monotonic() and not refresh:
        return cached[1]
    key_set = _request_json("GET", uri)
    _key_sets[uri] = (time.monotonic() + CACHE_SECONDS, key_set)
    return key_set


def _signing_key(config: Provider, key_id: str | None, algorithm: str) -> jwt.PyJWK:
    """The provider's public key for this token; an unknown key id makes us fetch the set once more."""
    for refresh in (False, True):
        keys = [
            key
            for key in _key_set(config.jwks_uri, refresh=refresh).get("keys") or []
            if isinstance(key, dict)
            and key.get("use", "sig") == "sig"
            and key.get("alg", algorithm) == algorithm
        ]
        matching = [key for key in keys if key.get("kid") == key_id] if key_id else keys
        if len(matching) == 1:
            try:
                return jwt.PyJWK(matching[0], algorithm=algorithm)
            except jwt.PyJWTError as exc:
                raise SsoError(f"unusable key in the provider's key set: {exc}") from None
    raise SsoError(f"no single {algorithm} signing key with id {key_id!r} in the provider's key set")


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def redirect_uri(request: HttpRequest) -> str:
    """The callback address; it must be registered with the provider exactly like this."""
    return request.build_absolute_uri(reverse("oidc_callback"))


def _scopes() -> str:
    """The configured scopes, with `openid` added if forgotten: without it there is no ID token."""
    scopes = settings.JAMLIK_OIDC_SCOPES.split()
    return " ".join(scopes if "openid" in scopes else ["openid", *scopes])


def begin_login(request: HttpRequest, next_url: str) -> str:
    """Remember a new login attempt in the session; returns the provider's address to send the browser to."""
    config = provider()
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    pending: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    pending[state] = {"nonce": nonce, "verifier": verifier, "next": next_url, "started": time.time()}
    newest = sorted(pending.items(), key=lambda item: item[1]["started"])[-PENDING_LIMIT:]
    request.session[SESSION_KEY] = dict(newest)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.JAMLIK_OIDC_CLIENT_ID,
            "redirect_uri": redirect_uri(request),
            "scope": _scopes(),
            "state": state,
            "nonce": nonce,
            "code_challenge": _pkce_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in config.authorization_endpoint else "?"
    return f"{config.authorization_endpoint}{separator}{query}"


def _take_pending(request: HttpRequest) -> dict[str, Any]:
    """The login attempt this callback answers, removed from the session so that it works once only."""
    state = request.GET.get("state", "")
    pending: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    attempt = None
    for known in list(pending):
        if secrets.compare_digest(known.encode(), state.encode()):
            attempt = pending.pop(known)
    request.session[SESSION_KEY] = pending
    if attempt is None:
        raise SsoError("unknown or reused state", EXPIRED)
    if time.time() - attempt["started"] > PENDING_SECONDS:
        raise SsoError("login attempt expired", EXPIRED)
    return attempt


def _exchange_code(request: HttpRequest, config: Provider, code: str, verifier: str) -> dict[str, Any]:
    """Trade the code for tokens, authenticating with the client secret."""
    client_id, secret = settings.JAMLIK_OIDC_CLIENT_ID, settings.JAMLIK_OIDC_CLIENT_SECRET
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri(request),
        "code_verifier": verifier,
    }
    if config.secret_in_body:
        return _request_json(
            "POST", config.token_endpoint, data={**data, "client_id": client_id, "client_secret": secret}
        )
    # RFC 6749 section 2.3.1: both parts are form-encoded before they are joined and base64-encoded.
    basic = base64.b64encode(f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()).decode()
    return _request_json(
        "POST", config.token_endpoint, data=data, headers={"Authorization": f"Basic {basic}"}
    )


def verify_id_token(id_token: str, config: Provider, nonce: str) -> dict[str, Any]:
    """The ID token's claims, after every check OpenID Connect Core 3.1.3.7 asks of a client."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise SsoError(f"ID token unreadable: {exc}") from None
    algorithm = header.get("alg")
    if algorithm not in config.algorithms:
        raise SsoError(f"ID token signed with {algorithm!r}, allowed are {config.algorithms}")
    key = _signing_key(config, header.get("kid"), algorithm)
    client_id = settings.JAMLIK_OIDC_CLIENT_ID
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=[algorithm],
            audience=client_id,
            issuer=config.issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
    except jwt.PyJWTError as exc:
        raise SsoError(f"ID token refused: {exc.__class__.__name__}: {exc}") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != client_id:
        raise SsoError(f"ID token for several audiences, authorised party {claims.get('azp')!r}")
    if not secrets.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
        raise SsoError("ID token nonce does not match this login")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise SsoError("ID token has no subject")
    return claims


def _with_userinfo(claims: dict[str, Any], config: Provider, access_token: Any) -> dict[str, Any]:
    """Add the userinfo endpoint's claims when the ID token lacks the user name or the groups.

    Some providers put groups only there. The ID token's own claims win where both have a value.
    """
    wanted = {settings.JAMLIK_OIDC_USERNAME_CLAIM, settings.JAMLIK_OIDC_GROUPS_CLAIM}
    if wanted <= claims.keys() or not config.userinfo_endpoint or not isinstance(access_token, str):
        return claims
    info = _request_json("GET", config.userinfo_endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != claims["sub"]:
        raise SsoError("userinfo is about another subject than the ID token")
    return {**info, **claims}


def finish_login(request: HttpRequest) -> tuple[dict[str, Any], str]:
    """Check the provider's answer and return the verified claims and where the user wanted to go."""
    attempt = _take_pending(request)
    if "error" in request.GET:
        raise SsoError(f"provider refused: {request.GET.get('error', '')[:100]}", CANCELLED)
    code = request.GET.get("code", "")
    if not code:
        raise SsoError("callback without code")
    config = provider()
    tokens = _exchange_code(request, config, code, attempt["verifier"])
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SsoError("token endpoint gave no ID token")
    claims = verify_id_token(id_token, config, attempt["nonce"])
    return _with_userinfo(claims, config, tokens.get("access_token")), attempt["next"]


def roles_from_claims(claims: dict[str, Any]) -> set[str] | None:
    """The roles the provider's groups give, or None when no mapping is configured (roles kept locally)."""
    mapping: list[tuple[str, str]] = settings.JAMLIK_OIDC_GROUP_ROLES
    if not mapping:
        return None
    groups = claims.get(settings.JAMLIK_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    held = {group for group in groups if isinstance(group, str)}
    return {role for group, role in mapping if group in held}


def user_for_claims(claims: dict[str, Any]) -> User:
    """Create or update the local user the claims describe; refuses the deactivated and the roleless."""
    username = claims.get(settings.JAMLIK_OIDC_USERNAME_CLAIM)
    if not isinstance(username, str) or not 0 < len(username) <= 150:
        raise SsoError(f"claim {settings.JAMLIK_OIDC_USERNAME_CLAIM!r} missing or unusable as a user name")
    existing = User.objects.filter(username=username).first()
    if existing is not None and not existing.is_active:
        raise SsoError("local user is deactivated", INACTIVE, username)
    roles = roles_from_claims(claims)
    if roles is not None and not roles and existing is None:
        raise SsoError("no mapped group, user not created", NO_ROLE, username)
    details = {
        field: str(claims[claim])[: getattr(User._meta.get_field(field), "max_length", None)]
        for field, claim in USER_DETAIL_CLAIMS.items()
        if claim in claims
    }
    user, _created = do_update_user_from_sso(
        username=username, details=details, roles=roles, issuer=settings.JAMLIK_OIDC_ISSUER
    )
    if roles is not None and not roles:
        raise SsoError("no mapped group any more, roles removed", NO_ROLE, username)
    return user
