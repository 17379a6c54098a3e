"""Clients for the two statistics APIs municipalities use: SCB's PxWebApi v2 and Kolada.

The base URLs come from settings (JAMLIK_PXWEB_BASE_URL, JAMLIK_KOLADA_BASE_URL) and are empty by default,
so nothing is fetched until an operator chooses the service. Requests time out, and failures that may
pass (timeouts, 429, 5xx) are retried with exponential backoff.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jamlik.indicators.importers.base import ImportFailed, ImportRow, IndicatorMeta
from jamlik.indicators.importers.cube import Cube
from jamlik.indicators.importers.jsonstat import parse_jsonstat

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_ATTEMPTS = 4
BACKOFF_SECONDS = 1.0
MAX_PAGES = 1000


def _base_url(setting: str) -> str:
    url = str(getattr(settings, setting, "") or "").rstrip("/")
    if not url:
        raise ImportFailed(
            [_("The setting %(name)s is empty: set it to the service's address first.") % {"name": setting}]
        )
    return url


def request_with_retries(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    **kwargs: Any,
) -> httpx.Response:
    """Send the request, retrying transient failures; raises ImportFailed when it cannot succeed."""
    problem = ""
    for attempt in range(MAX_ATTEMPTS):
        if attempt:
            sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
        try:
            response = client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            problem = _("no answer (%(error)s)") % {"error": type(exc).__name__}
            continue
        if response.status_code in RETRY_STATUSES:
            problem = _("status %(status)s") % {"status": response.status_code}
            continue
        if response.status_code >= 400:
            raise ImportFailed(
                [
                    _("The service answered %(status)s for %(url)s.")
                    % {"status": response.status_code, "url": url}
                ]
            )
        return response
    raise ImportFailed(
        [
            _("The service could not be reached after %(n)s attempts: %(problem)s.")
            % {"n": MAX_ATTEMPTS, "problem": problem}
        ]
    )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ImportFailed([_("The service's answer is not valid JSON.")]) from exc


def fetch_pxweb_table(
    table_id: str,
    selection: dict[str, list[str]],
    *,
    language: str = "sv",
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Cube:
    """POST /tables/{id}/data?outputFormat=json-stat2 with a selection {variable code: [value codes]}."""
    base = _base_url("JAMLIK_PXWEB_BASE_URL")
    body = {"selection": [{"variableCode": code, "valueCodes": values} for code, values in selection.items()]}
    with client or httpx.Client(timeout=TIMEOUT) as http:
        response = request_with_retries(
            http,
            "POST",
            f"{base}/tables/{table_id}/data",
            params={"lang": language, "outputFormat": "json-stat2"},
            json=body,
            sleep=sleep,
        )
        return parse_jsonstat(_json(response), indicator_code=table_id)


def _kolada_pages(http: httpx.Client, url: str, sleep: Callable[[float], None]) -> Iterable[dict[str, Any]]:
    """Every item of every page, following next_page until there is none."""
    for _page in range(MAX_PAGES):
        doc = _json(request_with_retries(http, "GET", url, sleep=sleep))
        if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
            raise ImportFailed([_("The Kolada answer has no list of values.")])
        yield from doc["values"]
        url = doc.get("next_page") or ""
        if not url:
            return
    raise ImportFailed([_("Kolada returned more than %(n)s pages.") % {"n": MAX_PAGES}])


def fetch_kolada(
    kpi_id: str,
    municipalities: list[str],
    years: list[int],
    *,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[IndicatorMeta, list[ImportRow], int]:
    """A KPI's metadata and its values per municipality, year and gender (T, K, M)."""
    base = _base_url("JAMLIK_KOLADA_BASE_URL")
    if not municipalities or not years:
        raise ImportFailed([_("Give at least one municipality and one year.")])
    code = slugify(kpi_id)[:60]
    with client or httpx.Client(timeout=TIMEOUT) as http:
        kpis = list(_kolada_pages(http, f"{base}/kpi/{kpi_id}", sleep))
        if not kpis:
            raise ImportFailed([_("Kolada has no KPI '%(id)s'.") % {"id": kpi_id}])
        kpi = kpis[0]
        names = {
            str(m.get("id")): str(m.get("title", ""))
            for m in _kolada_pages(http, f"{base}/municipality/{','.join(municipalities)}", sleep)
        }
        places, periods = ",".join(municipalities), ",".join(map(str, years))
        url = f"{base}/data/kpi/{kpi_id}/municipality/{places}/year/{periods}"
        rows: list[ImportRow] = []
        missing = 0
        for number, item in enumerate(_kolada_pages(http, url, sleep), start=1):
            for value in item.get("values") or []:
                if value.get("value") is None:
                    missing += 1
                    continue
                municipality = str(item.get("municipality", ""))
                rows.append(
                    ImportRow(
                        line=number,
                        indicator=code,
                        year=int(item["period"]),
                        area_code=municipality,
                        area_name=names.get(municipality, municipality),
                        sex=str(value.get("gender", "T")),
                        estimate=float(value["value"]),
                        source="Kolada",
                    )
                )
    meta = IndicatorMeta(
        code=code,
        name=str(kpi.get("title", kpi_id))[:300],
        description=str(kpi.get("description", "")),
        source="Kolada",
        person_based=bool(kpi.get("is_divided_by_gender")),
    )
    return meta, rows, missing
