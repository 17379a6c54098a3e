"""The demo report: the follow-up of Jämlikt Norra Hisingen 2015–2018 (seed 000)."""

from __future__ import annotations

import datetime

from jamlik.core.models import OrganisationUnit
from jamlik.reports.actions import do_create_report_definition
from jamlik.reports.models import ReportDefinition

INTRODUCTION = (
    "<p>Denna uppföljning beskriver arbetet i Jämlikt Norra Hisingen från hösten 2015 till och med 2018: "
    "programmet som arbetet vilar på, organiseringen i förändringsprocesser, hur uppföljningen gjordes, "
    "vad som kom fram och hur arbetet går vidare.</p>"
)


def load_reports_demo() -> int:
    """Create the demo definition once; returns how many objects were created."""
    if ReportDefinition.objects.filter(slug="jnh-2015-2018").exists():
        return 0
    unit = OrganisationUnit.objects.filter(code="SDF-NH").first()
    if unit is None:
        return 0
    do_create_report_definition(
        acting_user=None,
        slug="jnh-2015-2018",
        title="Uppföljning Jämlikt Norra Hisingen 2015–2018",
        period_start=datetime.date(2015, 1, 1),
        period_end=datetime.date(2018, 12, 31),
        unit=unit,
        introduction=INTRODUCTION,
    )
    return 1
