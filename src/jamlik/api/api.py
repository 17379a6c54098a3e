"""The REST API. Schema at /api/openapi.json; no browsable docs page (it would load scripts from a CDN)."""

from __future__ import annotations

from ninja import NinjaAPI

from jamlik.api import events, followup, goals, indicators, kpis, processes, proposals
from jamlik.api.auth import AUTH
from jamlik.api.errors import install_handlers

api = NinjaAPI(
    title="Jämlik API",
    version="1",
    description="Programme goals, change processes, proposals, follow-up, indicators and events.",
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("/", goals.router)
api.add_router("/", processes.router)
api.add_router("/", proposals.router)
api.add_router("/", followup.router)
api.add_router("/", indicators.router)
api.add_router("/", events.router)
api.add_router("/", kpis.router)
