"""Kolada's API v3 for the yearly comparison of a key figure with the published municipal statistics.

Endpoints: ``/kpi/<id>`` (metadata) and ``/data/kpi/<id>/municipality/<code>/year/<years>`` (values per
year and gender T/K/M); a page names the next page in ``next_url``. The base URL (including ``/v3``) comes
from the setting JAMLIK_KOLADA_V3_BASE_URL, empty by default, so nothing is fetched until an operator
chooses it. Requests go through the indicators importer's retrying client.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from jamlik.indicators.importers.apis import TIMEOUT, request_with_retries
from jamlik.indicators.importers.base import ImportFailed
from jamlik.kpis.actions import RawRow, ValuesRejected

MAX_PAGES = 200


def base_url() -> str:
    url = str(getattr(settings, "JAMLIK_KOLADA_V3_BASE_URL", "") or "").rstrip("/")
    if not url:
        raise ValuesRejected(
            [
                _("The setting %(name)s is empty: set it to the service's address first.")
                % {"name": "JAMLIK_KOLADA_V3_BASE_URL"}
            ]
        )
    return url


def _pages(http: httpx.Client, url: str) -> Iterator[dict[str, Any]]:
    for _page in range(MAX_PAGES):
        try:
            response = request_with_retries(http, "GET", url)
            doc = response.json()
        except ImportFailed as exc:
            raise ValuesRejected(exc.errors) from exc
        except ValueError as exc:
            raise ValuesRejected([_("The service's answer is not valid JSON.")]) from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
            raise ValuesRejected([_("The Kolada answer has no list of values.")])
        yield from doc["values"]
        url = str(doc.get("next_url") or "")
        if not url:
            return
    raise ValuesRejected([_("Kolada returned more than %(n)s pages.") % {"n": MAX_PAGES}])


def fetch_metadata(kpi_id: str, *, client: httpx.Client | None = None) -> dict[str, Any]:
    with client or httpx.Client(timeout=TIMEOUT) as http:
        found = list(_pages(http, f"{base_url()}/kpi/{kpi_id}"))
    match = next((item for item in found if str(item.get("id")) == kpi_id), None)
    if match is None:
        raise ValuesRejected([_("Kolada has no KPI '%(id)s'.") % {"id": kpi_id}])
    return match


def fetch_values(
    kpi_id: str, municipality: str, years: list[int], *, client: httpx.Client | None = None
) -> tuple[dict[str, Any], list[RawRow]]:
    """The KPI's metadata and one row per year and gender that has a value."""
    if not years:
        raise ValuesRejected([_("Give at least one municipality and one year.")])
    http = client or httpx.Client(timeout=TIMEOUT)
    with http:
        meta = next(
            (m for m in _pages(http, f"{base_url()}/kpi/{kpi_id}") if str(m.get("id")) == kpi_id), None
        )
        if meta is None:
            raise ValuesRejected([_("Kolada has no KPI '%(id)s'.") % {"id": kpi_id}])
        year_list = ",".join(str(y) for y in sorted(set(years)))
        url = f"{base_url()}/data/kpi/{kpi_id}/municipality/{municipality}/year/{year_list}"
        rows: list[RawRow] = []
        for number, item in enumerate(_pages(http, url), start=1):
            for value in item.get("values") or []:
                if value.get("value") is None:
                    continue
                rows.append(
                    RawRow(
                        line=number,
                        period=str(item.get("period")),
                        value=value["value"],
                        sex=value.get("gender", "T"),
                    )
                )
    return meta, rows
