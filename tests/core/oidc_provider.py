"""A small OpenID Connect provider for the tests, served on localhost in a thread.

It does what a real provider does on the authorization code flow with PKCE — discovery, keys, the
authorize redirect, the token endpoint (client secret and code verifier checked, codes usable once),
userinfo — and lets a test spoil the ID token it issues (another signing key, other claims).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "jamlik-test"
CLIENT_SECRET = "hemligt: med & tecken"  # characters that must be form-encoded in HTTP Basic


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeProvider:
    def __init__(self) -> None:
        self.key = new_key()
        self.signing_key = self.key  # a test swaps this for another key to forge a signature
        self.kid = "key-1"
        self.token_kid: str | None = None  # a key id for the ID token other than the published key's
        # The person who "logs in" at the provider next, as ID token claims.
        self.person: dict[str, Any] = {
            "sub": "a1b2c3",
            "preferred_username": "anna.svensson",
            "email": "anna.svensson@kommun.example",
            "given_name": "Anna",
            "family_name": "Svensson",
            "groups": ["jamlik-ledare"],
        }
        self.overrides: dict[str, Any] = {}  # claims put into the ID token over the right ones
        self.userinfo: dict[str, Any] = {}  # extra claims only the userinfo endpoint gives
        self.codes: dict[str, dict[str, str]] = {}
        self.access_tokens: set[str] = set()
        self.token_requests = 0
        self.auth_method = "client_secret_basic"  # or "client_secret_post": the secret in the form
        handler = type("Handler", (_Handler,), {"provider": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}/realms/kommun"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/certs",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": [self.auth_method],
        }

    def jwks(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict[str, str]) -> str:
        """Log the configured person in at once and send the browser back with a code."""
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        assert "openid" in query["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        return query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        self.token_requests += 1
        if self.auth_method == "client_secret_post":
            client = (form.get("client_id"), form.get("client_secret"))
            expected = (CLIENT_ID, CLIENT_SECRET)
        else:
            user, _, password = base64.b64decode(authorization.removeprefix("Basic ")).decode().partition(":")
            client = (user, password)
            expected = (CLIENT_ID, "hemligt%3A%20med%20%26%20tecken")
        if client != expected:
            return 401, {"error": "invalid_client"}
        request = self.codes.pop(form.get("code", ""), None)
        if request is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != request["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != request["code_challenge"]:
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": request["nonce"],
            **self.person,
            **self.overrides,
        }
        id_token = jwt.encode(
            claims, self.signing_key, algorithm="RS256", headers={"kid": self.token_kid or self.kid}
        )
        access_token = secrets.token_urlsafe(16)
        self.access_tokens.add(access_token)
        return 200, {"access_token": access_token, "token_type": "Bearer", "id_token": id_token}

    def userinfo_for(self, authorization: str) -> tuple[int, dict[str, Any]]:
        if authorization.removeprefix("Bearer ") not in self.access_tokens:
            return 401, {"error": "invalid_token"}
        return 200, {"sub": self.person["sub"], **self.userinfo}


class _Handler(BaseHTTPRequestHandler):
    provider: FakeProvider

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output quiet

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        route = url.path.removeprefix(urlsplit(self.provider.issuer).path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if route == "/.well-known/openid-configuration":
            self._json(200, self.provider.discovery())
        elif route == "/certs":
            self._json(200, self.provider.jwks())
        elif route == "/authorize":
            try:
                location = self.provider.authorize(query)
            except (AssertionError, KeyError):
                self._json(400, {"error": "invalid_request"})
                return
            self.send_response(302)
            self.send_header("Location", location)
            self.end_headers()
        elif route == "/userinfo":
            self._json(*self.provider.userinfo_for(self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
        if urlsplit(self.path).path.endswith("/token"):
            self._json(*self.provider.token(form, self.headers.get("Authorization", "")))
        else:
            self._json(404, {"error": "not_found"})
