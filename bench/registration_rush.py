"""Registration rush: 2,000 people register for a 500-seat conference as fast as the server takes them.

A standalone script, not a test::

    .venv/bin/python bench/registration_rush.py [--registrations 2000] [--clients 16] [--runs 1]
        [--workers 2 --threads 8] [--baseline-src DIR]

What it does
------------
1. Drops and creates the PostgreSQL database ``jamlik_bench`` (on ``--admin-url``, by default
   postgresql://postgres@127.0.0.1:5432/postgres), migrates it and sets up one event through the
   actions: 500 seats in four quotas (three administrations and the external quota), quotas binding
   (released only in 20 days), so everyone beyond their quota goes to the waiting list. Plus a small
   warm-up event without quotas.
2. Serves the app with gunicorn (``--workers`` × ``--threads`` gthread, persistent database
   connections, DEBUG off, e-mail rendered with its calendar file as in production but kept in memory
   instead of sent). ``--src`` picks the source tree it serves; ``--baseline-src`` adds a second tree
   (e.g. ``git archive <commit> src | tar -x -C DIR``, then ``DIR/src``) served in alternating runs.
3. Runs a small asyncio load generator (raw HTTP/1.1 with keep-alive; the load generator shares the
   two cores, so it must cost next to nothing), only against 127.0.0.1: ``--clients`` concurrent
   clients, each fetching the registration form once (for its CSRF cookie and token, as a browser
   does) and registering twice for the warm-up event; when every client is warm the clock and the CPU
   counters start, and each client posts registrations one after another until ``--registrations``
   are sent or ``--time-limit`` seconds have passed. The public registration POST keeps its CSRF
   check: exempting it would let any other site make visitors register.
4. Prints registrations per minute, p50/p95/max latency of the POSTs, CPU milliseconds per
   registration of the gunicorn workers, the PostgreSQL backends and the load generator (these are
   much less sensitive than the wall-clock figures to whatever else runs on the machine), the load
   average, and from the database afterwards: confirmed, waiting-listed, and oversold (seats given
   beyond the capacity plus seats beyond each quota's size; must be 0; the exit status is 1 if not).

Reading the figures
-------------------
The clients form a closed loop, so by Little's law the mean latency is ``clients / throughput``:
with 32 clients, p95 under 500 ms needs well over 4,000 registrations a minute, with 16 clients
about 2,000-3,000. The default is 16 clients (a rush where 16 people press the button at every
moment); pass ``--clients 32`` to load it harder.

Every registration takes the event's row lock, so throughput is bounded by how long the lock is
held: a few statements (lock, one aggregate count, the inserts, commit). On a machine whose cores are
busy with other work the lock holder waits for a core between those statements, and throughput falls
with it; compare runs by the CPU figures and by ``--baseline-src`` runs made at the same time.

Before the issue-7 performance work (commit 80362f1, 4 workers × 4 threads, httpx client, 32 clients,
messages cookie sent back): 330-410 registrations/min with p95 10-12 s as first recorded, and
1,544/min, p50 987 ms, p95 2,703 ms on a quiet moment of the same day. The first version of this
benchmark also measured mostly its own artefact: the client sent the flash-message cookie back
without ever showing the page, so the messages piled up in a database session (see IGNORED_COOKIES).
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
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DB_NAME = "jamlik_bench"
HOST = "127.0.0.1"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Quotas (name, seats, unit code or None for the external quota); 500 seats in all.
# A browser follows each registration's redirect to the personal page, which shows and so consumes
# the flash message. The load generator does not fetch that page; if it sent the message cookie back,
# the messages would pile up, spill over into a database session and make every later POST re-read
# and re-write them all (the first version of this benchmark measured mostly that).
IGNORED_COOKIES = {"messages"}
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


def create_event() -> tuple[int, int, dict[str, int]]:
    """The event and its quotas, through the actions, and a warm-up event without quotas.

    Returns both event ids and the unit ids by code.
    """
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
    warmup = do_create_event(
        acting_user=None,
        kind=Event.Kind.WORKSHOP,
        title="Uppvärmningen",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="Bänkhallen",
        organiser_unit=root,
        capacity=10_000,
        registration_closes_at=now + datetime.timedelta(days=30),
    )
    return event.pk, warmup.pk, {code: unit.pk for code, unit in units.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time the processes have used so far (Linux /proc); gone processes count 0."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def worker_pids(server: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the benchmark database (gunicorn's connections)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [DB_NAME]
        ).fetchall()
    return [row[0] for row in rows]


def start_gunicorn(database_url: str, port: int, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_DEBUG": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(args.src),
    }
    command = [
        str(VENV_BIN / "gunicorn"),
        "jamlik.wsgi",
        "-w",
        str(args.workers),
        "-k",
        "gthread",
        "--threads",
        str(args.threads),
        "-b",
        f"{HOST}:{port}",
        "--keep-alive",
        "30",
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


class Connection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol for this benchmark.

    The load generator shares the two cores with gunicorn and PostgreSQL, so it must cost next to
    nothing: a general-purpose client (httpx) spent a large part of a core on its own bookkeeping.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: str = ""
    ) -> tuple[int, bytes]:
        """Send one request; an idle connection the server has closed meanwhile is opened again once."""
        try:
            return await self._request(method, path, body, headers)
        except (ConnectionError, IndexError):
            self.close()
            self.writer = None
            return await self._request(method, path, body, headers)

    async def _request(
        self, method: str, path: str, body: bytes = b"", headers: str = ""
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + headers
            + "\r\n"
        )
        self.writer.write(head.encode("latin-1") + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                if key not in IGNORED_COOKIES:
                    self.cookies[key] = rest.split(";", 1)[0]
        if chunked:
            content = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                content += await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            content = await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return status, content

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def registration_body(token: str, n: int, unit: str, prefix: str = "deltagare") -> bytes:
    return urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Deltagare {n}",
            "email": f"{prefix}.{n}@example.org",
            "unit": unit,
            "organisation": "Föreningen" if unit == "external" else "",
            "join_waiting_list": "on",
        }
    ).encode()


async def rush(
    port: int,
    event_ids: tuple[int, int],
    units: list[str],
    args: argparse.Namespace,
    at_start: Callable[[], None],
) -> tuple[list[float], dict[int, int], float]:
    """Send the registrations from concurrent clients; returns latencies, status counts and seconds.

    Warm-up first: every client fetches both forms and registers twice for the warm-up event, so
    that each gunicorn worker has loaded the URL configuration and templates and opened its database
    connection (a server that has been up for a while has). `at_start` runs when all are warm; the
    clock starts then.
    """
    event_id, warmup_id = event_ids
    form_path, warmup_path = f"/moten/{event_id}/anmalan/", f"/moten/{warmup_id}/anmalan/"

    def headers(path: str) -> str:
        return f"Referer: http://{HOST}:{port}{path}\r\nContent-Type: application/x-www-form-urlencoded\r\n"

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(args.registrations))
    warm = 0
    all_warm = asyncio.Event()
    started = 0.0

    async def client_loop(number: int) -> None:
        nonlocal warm, started
        connection = Connection(HOST, port)
        try:
            status, page = await connection.request("GET", form_path)
            match = CSRF_RE.search(page.decode())
            if status != 200 or match is None:
                raise RuntimeError(f"no CSRF token in the registration form (status {status})")
            token = match.group(1)
            await connection.request("GET", warmup_path)
            for n in range(2):
                body = registration_body(token, number * 2 + n, "external", prefix="uppvarmning")
                status, _content = await connection.request("POST", warmup_path, body, headers(warmup_path))
                if status != 302:
                    raise RuntimeError(f"a warm-up registration was refused (status {status})")
            warm += 1
            if warm == args.clients:
                at_start()
                started = time.perf_counter()
                all_warm.set()
            await all_warm.wait()
            deadline = time.monotonic() + args.time_limit
            for n in counter:
                if time.monotonic() > deadline:
                    return
                body = registration_body(token, n, units[n % len(units)])
                sent_at = time.perf_counter()
                status, _content = await connection.request("POST", form_path, body, headers(form_path))
                latencies.append(time.perf_counter() - sent_at)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            connection.close()

    await asyncio.gather(*(client_loop(i) for i in range(args.clients)))
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
    event_id, warmup_id, unit_ids = create_event()
    connections.close_all()
    units = [str(pk) for pk in unit_ids.values()] + ["external"]
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_gunicorn(database_url, port, args)
    try:
        wait_until_up(f"{base}/moten/{event_id}/")
        workers = worker_pids(server)
        before: dict[str, float] = {}

        def at_start() -> None:
            """CPU used so far, read when every client is warm: only the rush itself is counted."""
            before["server"] = cpu_seconds(workers)
            before["backends"] = cpu_seconds(backend_pids(database_url))
            before["client"] = time.process_time()

        latencies, statuses, elapsed = asyncio.run(rush(port, (event_id, warmup_id), units, args, at_start))
        client_cpu = time.process_time() - before["client"]
        server_cpu = cpu_seconds(workers) - before["server"]
        database_cpu = cpu_seconds(backend_pids(database_url)) - before["backends"]
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
        # CPU milliseconds per registration sent: less sensitive to other load on the machine.
        "server_cpu_ms": server_cpu / len(latencies) * 1000 if latencies else 0.0,
        "database_cpu_ms": database_cpu / len(latencies) * 1000 if latencies else 0.0,
        "client_cpu_ms": client_cpu / len(latencies) * 1000 if latencies else 0.0,
        "load": os.getloadavg()[0],
        **figures,
    }
    print(
        f"sent {result['sent']} accepted {accepted} (statuses {dict(sorted(statuses.items()))}) "
        f"in {elapsed:.1f} s: {result['per_minute']:.0f} registrations/min, "
        f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, max {result['max_ms']:.0f} ms; "
        f"database: {figures['confirmed']} confirmed, {figures['waiting']} waiting-listed, "
        f"oversold {figures['oversold']}; CPU per registration: gunicorn {result['server_cpu_ms']:.1f} ms, "
        f"PostgreSQL {result['database_cpu_ms']:.1f} ms, load generator {result['client_cpu_ms']:.1f} ms; "
        f"load average {result['load']:.1f}",
        flush=True,
    )
    return result


def summary(label: str, results: list[dict[str, float]]) -> str:
    def median(key: str) -> float:
        return statistics.median(r[key] for r in results)

    return (
        f"{label:<9} median of {len(results)}: {median('per_minute'):6.0f} registrations/min, "
        f"p50 {median('p50_ms'):5.0f} ms, p95 {median('p95_ms'):5.0f} ms; CPU/registration "
        f"gunicorn {median('server_cpu_ms'):4.1f} ms, PostgreSQL {median('database_cpu_ms'):4.1f} ms, "
        f"client {median('client_cpu_ms'):4.1f} ms; oversold max {max(r['oversold'] for r in results):.0f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--time-limit", type=float, default=180.0, help="stop sending after this many seconds"
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the source tree gunicorn serves")
    parser.add_argument(
        "--baseline-src",
        type=Path,
        help="also serve this source tree (e.g. an older commit: git archive <commit> src | tar -x -C DIR) "
        "in alternating runs, and print both side by side",
    )
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    if not 0 < args.registrations <= 20_000 or not 0 < args.clients <= 256:
        parser.error("keep --registrations within 1–20000 and --clients within 1–256")
    if not 0 < args.workers <= 16 or not 0 < args.threads <= 32:
        parser.error("keep --workers within 1–16 and --threads within 1–32")
    for tree in [args.src, args.baseline_src]:
        if tree is not None and not (tree / "jamlik" / "wsgi.py").exists():
            parser.error(f"{tree} is not a source tree with jamlik/wsgi.py")
    setup_django(recreate_database(args.admin_url))
    trees = {"current": args.src}
    if args.baseline_src is not None:
        trees = {"baseline": args.baseline_src, **trees}
    results: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for run in range(args.runs):
        # Alternate the trees run by run, so that a busy moment on the machine hits both alike.
        for label, tree in trees.items():
            print(f"run {run + 1}, {label} ({tree}): ", end="", flush=True)
            results[label].append(one_run(argparse.Namespace(**{**vars(args), "src": tree})))
    print(
        f"{args.registrations} registrations, {args.clients} clients, gunicorn {args.workers}×{args.threads}:"
    )
    for label, runs in results.items():
        print(summary(label, runs))
    if "baseline" in results:
        ratio = statistics.median(r["per_minute"] for r in results["current"]) / statistics.median(
            r["per_minute"] for r in results["baseline"]
        )
        print(f"throughput ratio current/baseline: {ratio:.2f}")
    oversold = max(r["oversold"] for runs in results.values() for r in runs)
    return 1 if oversold else 0


if __name__ == "__main__":
    raise SystemExit(main())
