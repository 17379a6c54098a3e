"""Idempotency-Key on API POSTs: a repeated request gets the first response instead of a duplicate."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from jamlik.api.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"

# Requests never kept: a participant's own follow-up answers, which may be anonymous. A stored record
# (caller, path, time) would tie the caller to the round, which the UI never does.
NOT_RECORDED = re.compile(r"^/api/followup-rounds/[^/]+/answers$")


def caller_identity(request: HttpRequest) -> str:
    """Keys are per caller: the bearer token or the session, hashed."""
    credential = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get("sessionid", "")
    return hashlib.sha256(credential.encode()).hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith("/api/"):
            return self.get_response(request)
        if NOT_RECORDED.match(request.path):
            return self.get_response(request)
        if len(key) > 200:
            return JsonResponse(
                {"detail": _("The Idempotency-Key header is too long (at most 200 characters).")}, status=400
            )
        client = caller_identity(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    client_key=client, key=key, method=request.method, path=request.path
                )
        except IntegrityError:
            earlier = IdempotencyRecord.objects.get(client_key=client, key=key)
            if earlier.path != request.path:
                return JsonResponse(
                    {"detail": _("This Idempotency-Key was already used for another request.")}, status=422
                )
            if earlier.status is None:
                return JsonResponse(
                    {"detail": _("A request with this Idempotency-Key is still running.")}, status=409
                )
            response = HttpResponse(
                bytes(earlier.body), status=earlier.status, content_type=earlier.content_type
            )
            response["Idempotent-Replayed"] = "true"
            return response
        response = self.get_response(request)
        if 200 <= response.status_code < 300:
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status=response.status_code,
                content_type=response.get("Content-Type", "application/json"),
                body=response.content,
            )
        else:
            # A failed request may be retried with the same key.
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return response
