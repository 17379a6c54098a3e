"""The demo data: the eight change processes of the follow-up report, loaded idempotently."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from jamlik.core.models import AuditEntry
from jamlik.demo.loader import load_demo
from jamlik.processes.models import ChangeProcess
from jamlik.proposals.models import Assessment, Decision, Proposal


@pytest.fixture
def demo(db: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole demo without the parts other apps own (they are tested there and take long to load)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr("jamlik.demo.loader.load_events_demo", lambda: 0)
    monkeypatch.setattr("jamlik.demo.loader.load_indicators_demo", lambda: 0)
    load_demo()


def test_eight_processes_with_their_history(demo: None) -> None:
    names = set(ChangeProcess.objects.filter(external_id__startswith="demo-").values_list("name", flat=True))
    assert len(names) == 8
    safety = ChangeProcess.objects.get(name="Trygg i Norra Hisingen")
    assert safety.status == "left" and safety.status_changes.last().reason
    integration = ChangeProcess.objects.get(external_id="demo-integration")
    assert [c.status for c in integration.status_changes.order_by("on", "id")] == [
        "proposed",
        "approved",
        "active",
        "dormant",
        "active",
    ]
    assert integration.purpose_versions.count() == 2
    assert integration.current_leaderships().count() == 2
    for process in ChangeProcess.objects.filter(status="active"):
        assert process.current_leaderships().count() == 2, process


def test_child_poverty_implemented_by_august_2018(demo: None) -> None:
    """The question the demo must answer: which child-poverty proposals were implemented by August 2018?"""
    implemented = Proposal.objects.filter(
        process__name="Barnfattigdom", latest_assessment__assessed_on__lte=datetime.date(2018, 8, 31)
    ).implemented()
    assert [p.title for p in implemented] == ["Riktad förskolepeng efter socioekonomiska förhållanden"]
    assert Proposal.objects.filter(process__name="Barnfattigdom").values("heading").distinct().count() == 5


def test_loading_twice_creates_nothing(demo: None) -> None:
    before = (
        ChangeProcess.objects.count(),
        Proposal.objects.count(),
        Decision.objects.count(),
        Assessment.objects.count(),
        AuditEntry.objects.count(),
    )
    load_demo()
    after = (
        ChangeProcess.objects.count(),
        Proposal.objects.count(),
        Decision.objects.count(),
        Assessment.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before


def test_undecided_proposals_wait_in_the_queue(demo: None) -> None:
    queue = Proposal.objects.undecided()
    assert queue.filter(process__name="Tillgänglig kultur och fritid").count() == 5
    assert Proposal.objects.stale().filter(process__name="Tillgänglig kultur och fritid").count() == 5


def test_every_page_renders_the_demo(demo: None, client: Any, django_assert_max_num_queries: Any) -> None:
    from django.urls import reverse

    from jamlik.core.models import User
    from jamlik.goals.models import TargetArea

    client.force_login(User.objects.get(username="leila"))
    pages = [
        reverse(name)
        for name in (
            "processes:list",
            "proposals:queue",
            "proposals:not_implemented",
            "proposals:stale",
            "proposals:feedback",
        )
    ]
    for url in pages:
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200, url
    for process in ChangeProcess.objects.all():
        assert client.get(process.get_absolute_url()).status_code == 200
    for proposal in Proposal.objects.filter(process__name="Barn och unga")[:3]:
        assert client.get(proposal.get_absolute_url()).status_code == 200
    area = TargetArea.objects.get(name="Skapa god start och goda uppväxtvillkor")
    response = client.get(area.get_absolute_url())
    assert "Riktad förskolepeng" in response.content.decode()
    csv_body = client.get(reverse("proposals:export_csv")).content.decode("utf-8-sig")
    assert "Riktad förskolepeng" in csv_body and "Genomfört" in csv_body
