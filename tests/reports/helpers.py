"""Report objects for the shared test world, created on first use and kept in `world.objects`.

"own" reports belong to unit A (where the process owner works), "other" reports to unit B.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from jamlik.reports.actions import do_create_report_definition
from jamlik.reports.models import GeneratedReport


def report_objects(world: Any) -> dict[str, Any]:
    if "own_report" not in world.objects:
        for key, unit in (("own", world.unit_a), ("other", world.unit_b)):
            definition = do_create_report_definition(
                acting_user=None,
                slug=f"{key}-report",
                title=f"Rapport {key}",
                period_start=datetime.date(2020, 1, 1),
                period_end=datetime.date(2020, 12, 31),
                unit=unit,
            )
            world.objects[f"{key}_report"] = definition
            done = GeneratedReport.objects.create(definition=definition, status=GeneratedReport.Status.DONE)
            done.html.save("report.html", ContentFile(b"<!DOCTYPE html><title>x</title>"), save=False)
            done.pdf.save("report.pdf", ContentFile(b"%PDF-1.4"), save=False)
            done.save()
            world.objects[f"{key}_generated"] = done
    return world.objects  # type: ignore[no-any-return]
