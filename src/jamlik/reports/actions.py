"""State changes of report definitions and generated reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jamlik.core.actions import save_versioned
from jamlik.core.audit import jsonable, log_action
from jamlik.core.models import OrganisationUnit, User
from jamlik.reports.models import ALL_SECTIONS, GeneratedReport, ReportDefinition

# What an introduction or conclusion may contain: enough for headings, lists, emphasis and links.
RICH_TEXT_TAGS = {"p", "br", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote"}


def sanitise_rich_text(text: str) -> str:
    """Rich text is rendered into the page, the PDF and Word; only harmless markup survives."""
    return nh3.clean(text or "", tags=RICH_TEXT_TAGS, attributes={"a": {"href"}}).strip()


def check_period(period_start: datetime.date | None, period_end: datetime.date | None) -> None:
    errors: dict[str, str] = {}
    if period_start is None:
        errors["period_start"] = _("Enter the first day of the period.")
    if period_end is None:
        errors["period_end"] = _("Enter the last day of the period.")
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The period cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _clean_sections(sections: Iterable[str] | None) -> list[str]:
    chosen = set(ALL_SECTIONS if sections is None else sections)
    unknown = chosen - set(ALL_SECTIONS)
    if unknown:
        raise ValidationError(
            {"sections": _("Unknown section: %(name)s") % {"name": ", ".join(sorted(unknown))}}
        )
    return [section for section in ALL_SECTIONS if section in chosen]


def do_create_report_definition(
    *,
    acting_user: User | None,
    slug: str,
    title: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    unit: OrganisationUnit,
    processes: Iterable[Any] = (),
    sections: Iterable[str] | None = None,
    introduction: str = "",
    conclusions: str = "",
) -> ReportDefinition:
    """Create a definition; an empty or reversed period is refused before anything is saved."""
    check_period(period_start, period_end)
    fields: dict[str, Any] = {
        "slug": slug,
        "title": title,
        "period_start": period_start,
        "period_end": period_end,
        "unit": unit,
        "sections": _clean_sections(sections),
        "introduction": sanitise_rich_text(introduction),
        "conclusions": sanitise_rich_text(conclusions),
    }
    definition = ReportDefinition(**fields)
    definition.full_clean()
    with transaction.atomic():
        definition.save()
        chosen = list(processes)
        definition.processes.set(chosen)
        log_action(
            "report_definition.created",
            actor=acting_user,
            obj=definition,
            changes={k: [None, jsonable(v)] for k, v in fields.items()}
            | {"processes": [None, [p.pk for p in chosen]]},
        )
    return definition


def do_update_report_definition(
    definition: ReportDefinition,
    *,
    acting_user: User,
    data: dict[str, Any],
    expected_version: int,
    processes: Iterable[Any] | None = None,
) -> dict[str, list[Any]]:
    data = dict(data)
    check_period(
        data.get("period_start", definition.period_start), data.get("period_end", definition.period_end)
    )
    for name in ("introduction", "conclusions"):
        if name in data:
            data[name] = sanitise_rich_text(data[name])
    if "sections" in data:
        data["sections"] = _clean_sections(data["sections"])
    with transaction.atomic():
        changes = save_versioned(
            definition,
            acting_user=acting_user,
            data=data,
            expected_version=expected_version,
            code="report_definition.changed",
        )
        if processes is not None:
            before = sorted(definition.processes.values_list("pk", flat=True))
            after = sorted(p.pk for p in processes)
            if before != after:
                definition.processes.set(after)
                log_action(
                    "report_definition.processes_changed",
                    actor=acting_user,
                    obj=definition,
                    changes={"processes": [before, after]},
                )
                changes["processes"] = [before, after]
    return changes


def do_copy_report_definition(
    definition: ReportDefinition,
    *,
    acting_user: User | None,
    slug: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    title: str = "",
) -> ReportDefinition:
    """Next year's report starts as this one moved to a new period; the process choice is kept."""
    with transaction.atomic():
        copy = do_create_report_definition(
            acting_user=acting_user,
            slug=slug,
            title=title or definition.title,
            period_start=period_start,
            period_end=period_end,
            unit=definition.unit,
            processes=list(definition.processes.all()),
            sections=definition.sections,
            introduction=definition.introduction,
            conclusions=definition.conclusions,
        )
        log_action(
            "report_definition.copied",
            actor=acting_user,
            obj=copy,
            changes={"source": [None, definition.slug]},
        )
    return copy


def do_generate_report(definition: ReportDefinition, *, acting_user: User | None) -> GeneratedReport:
    """Queue a new rendering; the files are written by the background task after commit."""
    from jamlik.reports.tasks import generate_report_task

    with transaction.atomic():
        report = GeneratedReport.objects.create(
            definition=definition, created_by=acting_user if acting_user and acting_user.pk else None
        )
        log_action(
            "report.generation_requested",
            actor=acting_user,
            obj=definition,
            changes={"report": [None, report.pk]},
        )
        transaction.on_commit(lambda: generate_report_task.enqueue(report.pk))
    return report
