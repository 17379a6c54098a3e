from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from jamlik.core.actions import create_logged, save_versioned
from jamlik.core.audit import log_action
from jamlik.core.models import Person, User
from jamlik.processes.models import ChangeProcess, ProcessLeadership


def do_create_process(*, acting_user: User | None, **fields: Any) -> ChangeProcess:
    process: ChangeProcess = create_logged(
        ChangeProcess, acting_user=acting_user, audit_code="changeprocess.created", **fields
    )
    return process


def do_update_process(
    process: ChangeProcess, *, acting_user: User, data: dict[str, Any], expected_version: int
) -> dict[str, list[Any]]:
    return save_versioned(
        process, acting_user=acting_user, data=data, expected_version=expected_version, code="changeprocess.changed"
    )


def do_add_process_leader(
    process: ChangeProcess, *, acting_user: User | None, person: Person, start: datetime.date
) -> ProcessLeadership:
    with transaction.atomic():
        leadership = ProcessLeadership.objects.create(process=process, person=person, start=start)
        log_action(
            "changeprocess.leader_added", actor=acting_user, obj=process,
            changes={"leader": str(person), "start": start.isoformat()},
        )
    return leadership
