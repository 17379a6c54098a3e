"""Registration rush: 2,000 people register for a 500-seat conference as fast as the server takes them.

A standalone script, not a test::

    .venv/bin/python bench/registration_rush.py [--registrations 2000] [--clients 32] [--runs 1]

What it does
------------
1. Drops and creates the PostgreSQL database ``jamlik_bench`` (on ``--admin-url``, by default
   postgresql://postgres@127.0.0.1:5432/postgres), migrates it and sets up one event through the
   actions: 500 seats in four quotas (three administrations and the external quota), quotas binding
   (released only in 20 days), so everyone beyond their quota goes to the waiting list.
2. Serves the app with gunicorn (4 workers × 4 threads, persistent database connections, DEBUG off,
   e-mail rendered with its calendar file as in production but kept in memory instead of sent).
3. Runs an asyncio + httpx load generator, only against 127.0.0.1: ``--clients`` concurrent clients,
   each fetching the registration form once (for its CSRF cookie and token, as a browser does) and
   then posting registrations one after another until ``--registrations`` are sent or ``--time-limit``
   seconds have passed. The public registration POST keeps its CSRF check: exempting it would let any
   other site make visitors register (login CSRF-like abuse and spam), and one GET per client costs
   nothing that matters.
4. Prints registrations per minute, p50/p95/max latency of the POSTs, and from the database afterwards:
   confirmed, waiting-listed, and oversold (seats given beyond the capacity plus seats beyond each quota's
   size; must be 0). Then stops gunicorn.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DB_NAME = "jamlik_bench"
HOST = "127.0.0.1"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Quotas (name, seats, unit code or None for the external quota); 500 seats in all.
QUOTAS = [("Förvaltning A", 150, "BA"), ("Förvaltning B", 150, "BB"), ("Förvaltning C", 100, "BC")]
EXTERNAL_SEATS = 100


def recreate_database(admin_url: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [DB_NAME])
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return admin_url.rsplit("/", 1)[0] + "/" + DB_NAME


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamlik.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def create_event() -> tuple[int, dict[str, int]]:
    """The event and its quotas, through the actions. Returns the event id and unit ids by code."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from jamlik.core.actions import do_create_unit
    from jamlik.events.actions import do_add_quota, do_create_event
    from jamlik.events.models import Event

    call_command("migrate", verbosity=0)
    root = do_create_unit(acting_user=None, name="Bänkstaden", code="BENCH", kind="administration")
    units = {
        code: do_create_unit(acting_user=None, name=name, code=code, kind="sector", parent=root)
        for name, _size, code in QUOTAS
    }
    now = timezone.now()
    start = now + datetime.timedelta(days=40)
    event = do_create_event(
        acting_user=None,
        kind=Event.Kind.CONFERENCE,
        title="Rusningskonferensen",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=7),
        place="Bänkhallen",
        organiser_unit=root,
        capacity=500,
        registration_closes_at=now + datetime.timedelta(days=30),
        quota_release_at=now + datetime.timedelta(days=20),
    )
    for position, (name, size, code) in enumerate(QUOTAS, start=1):
        do_add_quota(event, acting_user=None, name=name, size=size, units=[units[code]], position=position)
    do_add_quota(event, acting_user=None, name="Externa/övriga", size=EXTERNAL_SEATS, position=9)
    return event.pk, {code: unit.pk for code, unit in units.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_DEBUG": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [
        str(VENV_BIN / "gunicorn"),
        "jamlik.wsgi",
        "-w",
        "4",
        "-k",
        "gthread",
        "--threads",
        "4",
        "-b",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url} within {timeout:.0f} s")


async def rush(
    base: str, event_id: int, units: list[str], total: int, clients: int, time_limit: float
) -> tuple[list[float], dict[int, int], float]:
    """Send `total` registrations from `clients` concurrent clients; returns latencies and status counts."""
    form_url = f"{base}/moten/{event_id}/anmalan/"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(total))
    deadline = time.monotonic() + time_limit

    async def client_loop(number: int) -> None:
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
            page = await client.get(form_url)
            match = CSRF_RE.search(page.text)
            if match is None:
                raise RuntimeError("no CSRF token in the registration form")
            token = match.group(1)
            for n in counter:
                if time.monotonic() > deadline:
                    return
                data = {
                    "csrfmiddlewaretoken": token,
                    "name": f"Deltagare {n}",
                    "email": f"deltagare.{n}@example.org",
                    "unit": units[n % len(units)],
                    "organisation": "Föreningen" if units[n % len(units)] == "external" else "",
                    "join_waiting_list": "on",
                }
                started = time.perf_counter()
                response = await client.post(form_url, data=data, headers={"Referer": form_url})
                latencies.append(time.perf_counter() - started)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    return latencies, statuses, time.perf_counter() - started


def database_figures(event_id: int) -> dict[str, int]:
    from django.db import close_old_connections

    from jamlik.events.models import Event, Registration

    close_old_connections()
    event = Event.objects.get(pk=event_id)
    registrations = Registration.objects.filter(event=event)
    confirmed = registrations.confirmed().count()
    oversold = max(0, confirmed - event.capacity)
    for quota in event.quotas.all():
        in_quota = registrations.confirmed().filter(quota=quota, open_seat=False).count()
        oversold += max(0, in_quota - quota.size)
    return {
        "registrations": registrations.count(),
        "confirmed": confirmed,
        "waiting": registrations.filter(status=Registration.Status.WAITING).count(),
        "oversold": oversold,
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def one_run(args: argparse.Namespace) -> dict[str, float]:
    database_url = recreate_database(args.admin_url)
    from django.db import connections

    connections.close_all()
    os.environ["DATABASE_URL"] = database_url
    event_id, unit_ids = create_event()
    connections.close_all()
    units = [str(pk) for pk in unit_ids.values()] + ["external"]
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_gunicorn(database_url, port)
    try:
        wait_until_up(f"{base}/moten/{event_id}/")
        latencies, statuses, elapsed = asyncio.run(
            rush(base, event_id, units, args.registrations, args.clients, args.time_limit)
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    figures = database_figures(event_id)
    accepted = statuses.get(302, 0)
    result = {
        "sent": len(latencies),
        "accepted": accepted,
        "seconds": elapsed,
        "per_minute": accepted / elapsed * 60 if elapsed else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000 if latencies else 0.0,
        "p95_ms": percentile(latencies, 0.95) * 1000 if latencies else 0.0,
        "max_ms": max(latencies) * 1000 if latencies else 0.0,
        **figures,
    }
    print(
        f"sent {result['sent']} accepted {accepted} (statuses {dict(sorted(statuses.items()))}) "
        f"in {elapsed:.1f} s: {result['per_minute']:.0f} registrations/min, "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms; "
        f"database: {figures['confirmed']} confirmed, {figures['waiting']} waiting-listed, "
        f"oversold {figures['oversold']}",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument(
        "--time-limit", type=float, default=180.0, help="stop sending after this many seconds"
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    if not 0 < args.registrations <= 20_000 or not 0 < args.clients <= 256:
        parser.error("keep --registrations within 1–20000 and --clients within 1–256")
    setup_django(recreate_database(args.admin_url))
    results = [one_run(args) for _ in range(args.runs)]
    if len(results) > 1:
        print(
            f"median of {len(results)} runs: "
            f"{statistics.median(r['per_minute'] for r in results):.0f} registrations/min, "
            f"p50 {statistics.median(r['p50_ms'] for r in results):.0f} ms, "
            f"p95 {statistics.median(r['p95_ms'] for r in results):.0f} ms, "
            f"oversold max {max(r['oversold'] for r in results):.0f}"
        )
    oversold = max(r["oversold"] for r in results)
    return 1 if oversold else 0


if __name__ == "__main__":
    raise SystemExit(main())
