"""Changes to the indicator catalogue. Imports of values are in `importers` (they write in bulk)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jamlik.core.actions import save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import User
from jamlik.indicators.importers import ImportResult, import_file
from jamlik.indicators.models import Indicator

LINK_FIELDS = ("target_areas", "strategies")


def do_import_values(
    data: bytes, *, acting_user: User, fmt: str, source_label: str, indicator_code: str = ""
) -> ImportResult:
    """Import a file of values, all or nothing, with one audit row when anything changed.

    Raises ImportFailed (with every bad line) and then nothing has changed.
    """
    return import_file(
        data, fmt=fmt, acting_user=acting_user, source_label=source_label, indicator_code=indicator_code
    )


def do_update_indicator(
    indicator: Indicator, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    """Save an edit of an indicator and its links to target areas and strategies, refusing a stale edit."""
    data = dict(data)
    links = {name: list(data.pop(name)) for name in LINK_FIELDS if name in data}
    with transaction.atomic():
        changes = save_versioned(
            indicator,
            acting_user=acting_user,
            data=data,
            expected_version=expected_version,
            code="indicator.changed",
        )
        link_changes: dict[str, list[Any]] = {}
        for name, objects in links.items():
            manager = getattr(indicator, name)
            old = list(manager.order_by("pk"))
            if {o.pk for o in old} != {o.pk for o in objects}:
                manager.set(objects)
                link_changes[name] = [jsonable(old), jsonable(sorted(objects, key=lambda o: o.pk))]
        if link_changes:
            log_action("indicator.links_changed", actor=acting_user, obj=indicator, changes=link_changes)
    return {**changes, **link_changes}
