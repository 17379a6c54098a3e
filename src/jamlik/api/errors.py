"""API errors in Swedish, shaped alike: {"detail": message, "errors": [...]}.

Missing and hidden objects both answer 404, so nobody can probe for what exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jamlik.core.actions import EditConflictError


class ApiConflictError(Exception):
    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("conflict")
        self.current = current


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {
                "field": ".".join(
                    str(p) for p in error.get("loc", []) if p not in ("body", "payload", "query")
                ),
                "message": error.get("msg", ""),
            }
            for error in exc.errors
        ]
        return api.create_response(
            request, {"detail": _("The request contains invalid data."), "errors": errors}, status=422
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = [
            {"field": "" if field == NON_FIELD_ERRORS else field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        return api.create_response(
            request, {"detail": _("The request contains invalid data."), "errors": errors}, status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": _("Log in or send a valid API token.")}, status=401)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": _("You may not do this.")}, status=403)

    @api.exception_handler(EditConflictError)
    def conflict(request: HttpRequest, exc: EditConflictError) -> HttpResponse:
        return api.create_response(
            request,
            {
                "detail": _("Someone else changed this record after you read it. Read it again and retry."),
                "version": getattr(exc.current, "version", None),
                "changed_fields": exc.changed_fields,
            },
            status=409,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
