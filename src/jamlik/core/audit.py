"""Writing the audit log: one helper that every action calls."""

from __future__ import annotations

import contextvars
import datetime
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from jamlik.core.models import AuditEntry, User


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    request_id: str


_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "jamlik_request_context", default=None
)


def set_request_context(ip: str | None) -> contextvars.Token[RequestContext | None]:
    return _request_context.set(RequestContext(ip=ip, request_id=uuid.uuid4().hex))


def reset_request_context(token: contextvars.Token[RequestContext | None]) -> None:
    _request_context.reset(token)


def current_request_id() -> str:
    context = _request_context.get()
    return context.request_id if context else ""


def jsonable(value: Any) -> Any:
    """Turn a field value into something JSON can hold, so the audit row keeps it readable."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def log_action(
    code: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Record one action. `code` is namespaced: `<noun>.<past-tense verb>`, e.g. `strategy.changed`."""
    context = _request_context.get()
    return AuditEntry.objects.create(
        code=code,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name or (actor.get_username() if actor is not None and actor.pk else ""),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=jsonable(changes or {}),
        ip=context.ip if context else None,
        request_id=context.request_id if context else "",
    )
