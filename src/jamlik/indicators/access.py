"""Fetching indicators for a user: invisible and non-existent ones answer alike (404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.indicators.models import Indicator


def get_indicator_for_user(request: HttpRequest, pk: int) -> tuple[Indicator, bool]:
    indicator = Indicator.objects.filter(pk=pk).first()
    if indicator is None or not request.user.has_perm("indicators.view_indicator", indicator):
        raise Http404
    return indicator, request.user.has_perm("indicators.change_indicator", indicator)
