"""A heartbeat for background work: proof, every few seconds, that the process doing it is alive.

A worker killed mid-task (a crash, an out-of-memory kill, a restarted machine) leaves its task marked as
running for good; the heartbeat lets anyone tell such a task from a slow one (see
``reports.recovery``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from django.db import connection

log = logging.getLogger(__name__)


class Heartbeat:
    """Calls ``beat`` every ``every`` seconds on a thread of its own while the ``with`` block runs."""

    def __init__(self, beat: Callable[[], object], every: float) -> None:
        self.beat = beat
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    self.beat()
                except Exception:  # a missed beat is not worth failing the work for
                    log.exception("Heartbeat failed")
        finally:
            connection.close()  # this thread's own database connection
