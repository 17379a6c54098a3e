"""Fetching key figures for a user: invisible and non-existent ones answer alike (404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.kpis.models import Kpi


def get_kpi_for_user(request: HttpRequest, pk: int) -> tuple[Kpi, bool]:
    """The KPI and whether the user may change it."""
    kpi = Kpi.objects.select_related("owner_unit").filter(pk=pk).first()
    if kpi is None or not request.user.has_perm("kpis.view_kpi", kpi):
        raise Http404
    return kpi, request.user.has_perm("kpis.change_kpi", kpi)
