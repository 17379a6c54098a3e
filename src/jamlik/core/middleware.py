"""Request-wide concerns: security headers, session limits and the audit context."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jamlik.core.audit import log_action, reset_request_context, set_request_context

Handler = Callable[[HttpRequest], HttpResponse]


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: CSP, and no caching of pages shown to a logged-in user."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """Ends a session a fixed time after login, however active it is (the idle limit is the cookie age)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get("login_time")
            now = time.time()
            if started is None:
                request.session["login_time"] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                auth.logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind our reverse proxy the proxy's own address is not interesting."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client IP and a request id available to the audit log for this request.

    It also writes every refusal (403) to the audit log: views raising PermissionDenied, API
    operations, CSRF failures and refused logins all pass through here as a 403 response, so one check
    catches them all, including those of views written later.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_context(client_ip(request))
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                log_refusal(request)
            return response
        finally:
            reset_request_context(token)


def log_refusal(request: HttpRequest) -> None:
    """Who was refused what; the audit row adds the request id and the client's address."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    log_action(
        "access.denied",
        actor=actor,
        changes={"path": request.path[:500], "method": request.method},
    )
