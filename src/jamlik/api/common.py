"""Helpers every API router shares: who is calling, what they may see, and how a PATCH becomes an edit.

Permissions are always asked through `request.user.has_perm` with the apps' own `rules`; nothing here
decides who may do what on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import WithJsonSchema

from jamlik.core.models import User

M = TypeVar("M", bound=models.Model)

# Primary keys in paths and filters are bounded, so an absurd number is a 404 rather than a database error.
MAX_PK = 2**31 - 1


def acting(request: HttpRequest) -> User:
    """The authenticated caller; the API's auth classes guarantee there is one."""
    assert isinstance(request.user, User)
    return request.user


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Refuse with 403 unless the caller has `perm` (on `obj`)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def known_pk(pk: int) -> int:
    """A path id no database could hold answers 404 like any other missing object."""
    if not 0 < pk <= MAX_PK:
        raise Http404
    return pk


def get_visible(request: HttpRequest, queryset: models.QuerySet[M], pk: Any, perm: str) -> M:
    """The object if it exists and the caller may see it; otherwise 404, so both look alike."""
    obj = queryset.filter(pk=known_pk(pk) if isinstance(pk, int) else pk).first()
    if obj is None or not request.user.has_perm(perm, obj):
        raise Http404
    return obj


def visible(request: HttpRequest, queryset: Iterable[M], perm: str) -> list[M]:
    """The rows the caller may see, asking the same rule as the detail view for every row.

    Asking per row (rather than assuming everyone logged in reads) keeps lists right if a rule ever
    becomes object-level; the apps' view rules are cheap role checks today.
    """
    return [obj for obj in queryset if request.user.has_perm(perm, obj)]


def invalid(field: str, message: str) -> DjangoValidationError:
    """A 422 with the field named, in the same shape as every other validation error."""
    return DjangoValidationError({field: [message]})


def referenced(queryset: models.QuerySet[M], pk: int | None, field: str) -> M | None:
    """The object a request body refers to by id; an unknown id is a 422 naming the field."""
    if pk is None:
        return None
    obj = queryset.filter(pk=pk).first() if 0 < pk <= MAX_PK else None
    if obj is None:
        raise invalid(field, _("There is no such object (id %(id)s).") % {"id": pk})
    return obj


def referenced_many(queryset: models.QuerySet[M], pks: list[int], field: str) -> list[M]:
    """Every object a list of ids refers to; any unknown id is a 422 naming the field."""
    wanted = set(pks)
    found = list(queryset.filter(pk__in=[pk for pk in wanted if 0 < pk <= MAX_PK]))
    missing = sorted(wanted - {obj.pk for obj in found})
    if missing:
        raise invalid(
            field,
            _("There is no such object (id %(id)s).") % {"id": ", ".join(str(pk) for pk in missing)},
        )
    return found


def patch_data(payload: Schema, nullable: Iterable[str] = ()) -> tuple[int, dict[str, Any]]:
    """The expected version and the fields the caller sent.

    A field left out is not changed. An explicit null clears a field that may be empty (`nullable`)
    and is ignored elsewhere, as in the goals endpoints.
    """
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    keep_null = set(nullable)
    return version, {name: value for name, value in data.items() if value is not None or name in keep_null}


def check_period(start: Any, end: Any, field: str = "end", message: str = "") -> None:
    """The same rule the forms apply: a period cannot end before it starts."""
    if start is not None and end is not None and end < start:
        raise invalid(field, message or _("The end date cannot be before the start date."))


class PagingInput(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=MAX_PK)


class Paging(LimitOffsetPagination):
    """Limit and offset paging with bounds, so a huge offset is a 422 rather than a database error."""

    Input = PagingInput  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=1000, **kwargs)


def choices_schema(choices: type[models.TextChoices]) -> WithJsonSchema:
    """Inline the choices in the OpenAPI schema.

    Without this, two models' `Status` choices would share one schema component name, and one of
    them would be documented with the other's values.
    """
    return WithJsonSchema({"type": "string", "enum": [choice.value for choice in choices]})
