"""The KPI pages through the test client: they work, the right roles change things, bad input changes
nothing and is refused in Swedish."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from jamlik.core.models import AuditEntry
from jamlik.followup.actions import do_add_forum_meeting, do_create_forum
from jamlik.followup.models import FollowUpRound, WheelStop
from jamlik.kpis.actions import do_send_result_to_forum
from jamlik.kpis.models import Kpi, KpiValue
from tests.kpis.factories import kpi_objects, make_kpi, sector

pytestmark = pytest.mark.django_db


def login(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_overview_shows_latest_value_signal_and_assurance_and_sorts(world: Any) -> None:
    kpi_objects(world)
    page = login(world, "reader").get("/nyckeltal/?sortera=senaste&ordning=fallande")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dagar till beslut own-kpi" in html and 'aria-sort="descending"' in html
    assert "Förbättring" in html  # the fall after the change of method is a special cause of improvement
    unit_page = login(world, "reader").get(f"/nyckeltal/?enhet={world.unit_b.pk}")
    assert "own-kpi" not in unit_page.content.decode() and "other-kpi" in unit_page.content.decode()


def test_overview_csv_export(world: Any) -> None:
    kpi_objects(world)
    response = login(world, "reader").get("/nyckeltal/nyckeltal.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Kod;Nyckeltal;Ansvarig enhet")
    assert "own-kpi;Dagar till beslut own-kpi" in text


def test_kpi_page_has_the_chart_its_table_and_the_new_phase(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    html = login(world, "reader").get(kpi.get_absolute_url()).content.decode()
    assert "<svg" in html and "Värden, mittlinje, gränser och signaler" in html
    assert "Förbättring" in html
    rephased = make_kpi(
        sector(world), code="rephased", values=[14, 13, 15, 14, 12, 6, 7, 6], change_from="2024-W06"
    )
    html = login(world, "reader").get(rephased.get_absolute_url()).content.decode()
    assert "Fas 2:" in html and "Vanlig variation" in html


def test_colleague_records_values_in_the_grid_and_a_repeat_changes_nothing(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    client = login(world, "process_leader")
    from django.utils import timezone

    from jamlik.kpis import periods

    this_week = periods.containing("week", timezone.localdate()).key
    response = client.post(f"/nyckeltal/{kpi.pk}/varden/", {f"v-{this_week}-T": "4,5"})
    assert response.status_code == 302
    assert KpiValue.objects.get(kpi=kpi, period=this_week).value == 4.5
    client.post(f"/nyckeltal/{kpi.pk}/varden/", {f"v-{this_week}-T": "4,5"})
    assert KpiValue.objects.filter(kpi=kpi, period=this_week).count() == 1
    assert (
        AuditEntry.objects.filter(
            code="kpi.values_recorded", object_id=str(kpi.pk), actor__isnull=False
        ).count()
        == 1
    )


def test_bad_grid_input_is_refused_in_swedish_and_nothing_is_written(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    from django.utils import timezone

    from jamlik.kpis import periods

    this_week = periods.containing("week", timezone.localdate()).key
    before = KpiValue.objects.count()
    response = login(world, "process_owner").post(
        f"/nyckeltal/{kpi.pk}/varden/", {f"v-{this_week}-T": "fem", f"v-{this_week}-K": "3"}
    )
    assert response.status_code == 400
    assert "Inget sparades" in response.content.decode() and "är inte ett tal" in response.content.decode()
    assert KpiValue.objects.count() == before


def test_outsider_cannot_record_values_of_another_unit(world: Any) -> None:
    other = kpi_objects(world)["other_kpi"]
    assert login(world, "process_owner").get(f"/nyckeltal/{other.pk}/varden/").status_code == 403
    assert (
        login(world, "participant").post(f"/nyckeltal/{other.pk}/varden/", {"v-2024-W01-T": "1"}).status_code
        == 403
    )


def test_create_kpi_and_the_warning_for_more_than_five_on_one_goal(world: Any) -> None:
    area = world.objects["own_target_area"]
    client = login(world, "process_owner")
    data = {
        "code": "ny-kpi",
        "name": "Personer i arbete",
        "direction": "higher",
        "owner_unit": sector(world).pk,
        "cadence": "month",
        "classification": "performance",
        "chart_kind": "i",
        "rules": "nhs",
        "source": "manual",
        "target_areas": [area.pk],
    }
    response = client.post("/nyckeltal/nytt/", data)
    assert response.status_code == 302
    kpi = Kpi.objects.get(code="ny-kpi")
    assert list(kpi.target_areas.all()) == [area]
    for n in range(5):
        make_kpi(sector(world), code=f"extra-{n}", target_areas=[area])
    html = client.get("/nyckeltal/").content.decode()
    assert "har 6 nyckeltal" in html
    bad = client.post("/nyckeltal/nytt/", {**data, "code": "annan", "change_from": "2024-W99"})
    assert bad.status_code == 400 and not Kpi.objects.filter(code="annan").exists()


def test_import_previews_then_imports_all_or_nothing(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world, "process_owner")
    good = b"nyckeltal;period;kon;varde\nown-kpi;2024-W30;T;4,0\nown-kpi;2024-W31;T;3,5\n"
    preview = client.post("/nyckeltal/importera/", {"file": SimpleUploadedFile("v.csv", good)})
    assert preview.status_code == 200 and "Importera de här värdena" in preview.content.decode()
    assert not KpiValue.objects.filter(kpi=kpi, period="2024-W30").exists()
    payload = preview.context["payload"]
    done = client.post("/nyckeltal/importera/", {"payload": payload, "filename": "v.csv", "confirm": "1"})
    assert (
        done.status_code == 302
        and KpiValue.objects.filter(kpi=kpi, period__in=["2024-W30", "2024-W31"]).count() == 2
    )
    bad = (
        "nyckeltal;period;kon;varde\nown-kpi;2024-W32;T;1\nown-kpi;2021-W53;T;2\n"
        "okand;2024-W01;T;3\nown-kpi;2024-W33;X;x\n"
    )
    refused = client.post("/nyckeltal/importera/", {"file": SimpleUploadedFile("v.csv", bad.encode())})
    html = refused.content.decode()
    assert refused.status_code == 400 and "Ingenting lästes in" in html
    assert "Rad 3:" in html and "Rad 4:" in html and "Rad 5:" in html and "Rad 2:" not in html
    assert not KpiValue.objects.filter(kpi=kpi, period="2024-W32").exists()


def test_rhythm_puts_monthly_stops_on_the_wheel_once(world: Any) -> None:
    client = login(world, "process_owner")
    response = client.post("/nyckeltal/rytm/", {"unit": world.unit_a.pk, "day": 5})
    assert response.status_code == 302
    assert WheelStop.objects.filter(unit=world.unit_a, kind="followup").count() == 12
    template = FollowUpRound.objects.get(owner_unit=world.unit_a, title__startswith="Mall")
    assert template.questions.count() == 3
    client.post("/nyckeltal/rytm/", {"unit": world.unit_a.pk, "day": 5})
    assert WheelStop.objects.filter(unit=world.unit_a, kind="followup").count() == 12
    refused = client.post("/nyckeltal/rytm/", {"unit": world.unit_b.pk, "day": 5})
    assert refused.status_code == 400  # unit B is not among the process owner's choices


def test_monthly_result_goes_on_the_next_forum_agenda_with_its_signal(world: Any) -> None:
    kpi = kpi_objects(world)["own_kpi"]
    forum = do_create_forum(acting_user=None, owner_unit=world.unit_a, name="Ledningsforum")
    do_add_forum_meeting(forum, acting_user=None, date=datetime.date(2099, 1, 1))
    response = login(world, "management_member").post(f"/nyckeltal/{kpi.pk}/till-forum/", {"forum": forum.pk})
    assert response.status_code == 302
    item = forum.meetings.get().agenda_items.get()
    assert "2024-W20" in item.title and "Förbättring" in item.notes
    again = do_send_result_to_forum(kpi, acting_user=None, forum=forum)
    assert again.pk == item.pk
