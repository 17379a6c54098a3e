"""Fetching goal objects for a user: invisible and non-existent objects answer alike (404)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404, HttpRequest

from jamlik.goals.models import KnowledgeItem, Principle, Programme, Strategy, TargetArea

M = TypeVar("M", bound=models.Model)


def _get_for_user(request: HttpRequest, queryset: models.QuerySet[M], pk: int) -> tuple[M, bool]:
    obj = queryset.filter(pk=pk).first()
    label = queryset.model._meta.label_lower.replace(".", ".view_", 1)
    if obj is None or not request.user.has_perm(label, obj):
        raise Http404
    return obj, request.user.has_perm(label.replace(".view_", ".change_", 1), obj)


def get_programme_for_user(request: HttpRequest, pk: int) -> tuple[Programme, bool]:
    return _get_for_user(request, Programme.objects.select_related("owner_unit"), pk)


def get_target_area_for_user(request: HttpRequest, pk: int) -> tuple[TargetArea, bool]:
    return _get_for_user(request, TargetArea.objects.select_related("programme"), pk)


def get_strategy_for_user(request: HttpRequest, pk: int) -> tuple[Strategy, bool]:
    return _get_for_user(request, Strategy.objects.select_related("target_area__programme"), pk)


def get_principle_for_user(request: HttpRequest, pk: int) -> tuple[Principle, bool]:
    return _get_for_user(request, Principle.objects.select_related("programme"), pk)


def get_knowledge_item_for_user(request: HttpRequest, pk: int) -> tuple[KnowledgeItem, bool]:
    return _get_for_user(request, KnowledgeItem.objects.select_related("programme"), pk)
