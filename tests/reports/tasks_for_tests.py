"""A task the worker tests queue: it records each run in the audit log."""

from __future__ import annotations

import time

from django_tasks import task

from jamlik.core.audit import log_action


@task()
def record_run(n: int) -> int:
    log_action("test.task_ran", actor=None, changes={"n": [None, n]})
    time.sleep(0.05)  # long enough for both workers to be taking tasks at once
    return n
