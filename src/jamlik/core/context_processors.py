from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The areas of the system, in the order the navigation shows them.
AREAS: list[tuple[str, Any, str]] = [
    ("programme", _("Programme"), "goals:programme_list"),
    ("processes", _("Change processes"), "processes:list"),
    ("proposals", _("Proposals and decisions"), "proposals:queue"),
    ("followup", _("Follow-up"), "followup:index"),
    ("indicators", _("Indicators"), "indicators:list"),
    ("casework", _("Family-centred work"), "casework:index"),
    ("kpis", _("Key figures"), "kpis:overview"),
    ("labour", _("Skill relatedness"), "labour:overview"),
    ("events", _("Meetings"), "events:list"),
    ("reports", _("Reports"), "reports:list"),
    ("organisation", _("Organisation"), "core:organisation"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = []
    for key, label, target in AREAS:
        url = reverse(target)
        items.append({"key": key, "label": label, "url": url, "current": request.path.startswith(url)})
    return {"nav_items": items}
