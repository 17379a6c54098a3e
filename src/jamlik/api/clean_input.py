"""Characters no field may hold, and bodies too large to read, refused at the API's door before any
view or database sees them (a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, not a server error).

PostgreSQL cannot store NUL in text at all (the query fails, a server error), UTF-8 cannot encode a
lone surrogate, and the other C0 control characters (all but tab, line feed and carriage return) only
ever arrive by mistake or on purpose to confuse a printout. The HTML forms already refuse NUL (Django's
form fields do); this does the same for every JSON body, query parameter and path of the API, with the
field named in the API's usual 422 shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def first_forbidden(value: Any, path: str = "") -> tuple[str, str] | None:
    """The (field path, character) of the first forbidden character in a parsed JSON value, keys too."""
    if isinstance(value, str):
        found = FORBIDDEN.search(value)
        return (path, found.group()) if found else None
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            hit = first_forbidden(key, child) or first_forbidden(item, child)
            if hit:
                return hit
    if isinstance(value, list):
        for index, item in enumerate(value):
            hit = first_forbidden(item, f"{path}.{index}" if path else str(index))
            if hit:
                return hit
    return None


def refusal(field: str, char: str) -> JsonResponse:
    message = _("The field contains a character that is not allowed (U+%(code)04X).") % {"code": ord(char)}
    return JsonResponse(
        {"detail": _("The request contains invalid data."), "errors": [{"field": field, "message": message}]},
        status=422,
    )


def too_large() -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    message = _("The request is too large: at most %(mb)s MB can be sent at once. Send it in parts.") % {
        "mb": f"{limit / 1_000_000:.1f}".replace(".", ",")
    }
    return JsonResponse({"detail": message, "errors": []}, status=413)


class RefuseControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        hit = first_forbidden(request.path_info, "path") or next(
            (h for key, values in request.GET.lists() for v in values if (h := first_forbidden({key: v}))),
            None,
        )
        if hit is None and request.content_type == "application/json":
            try:
                raw = request.body
            except RequestDataTooBig:
                return too_large()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None  # the API answers a body it cannot parse itself
            hit = first_forbidden(body)
        if hit is not None:
            return refusal(*hit)
        return self.get_response(request)
