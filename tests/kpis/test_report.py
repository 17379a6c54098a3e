"""The follow-up report's key-figure subsection, from the demo."""

from __future__ import annotations

from typing import Any

import pytest

from jamlik.demo.loader import load_demo
from jamlik.reports.assembly import assemble_report
from jamlik.reports.models import ReportDefinition

pytestmark = pytest.mark.django_db


def test_the_report_lists_the_units_key_figures_with_their_signals(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    content = assemble_report(ReportDefinition.objects.get(slug="jnh-2015-2018"))
    found = [section for _depth, section in content.outline() if section.key == "kpis"]
    assert len(found) == 1
    table = next(block for block in found[0].blocks if block.kind == "table")
    assert table.columns[0] == "Nyckeltal" and table.columns[-1] == "Målsäkring"
    rows = {row[0]: row for row in table.rows}
    weekly = rows["Dagar från ansökan till beslut om försörjningsstöd"]
    assert weekly[1] == "2024-W40" and weekly[4] == "▼ Förbättring"
