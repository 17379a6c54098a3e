from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from jamlik.processes.models import ChangeProcess


def get_process_for_user(request: HttpRequest, pk: int) -> tuple[ChangeProcess, bool]:
    """The process and whether the user may edit it; a process the user may not see is a 404."""
    process = ChangeProcess.objects.select_related("owner_unit").filter(pk=pk).first()
    if process is None or not request.user.has_perm("processes.view_changeprocess", process):
        raise Http404
    return process, request.user.has_perm("processes.change_changeprocess", process)


def process_permissions(user: Any, process: ChangeProcess) -> dict[str, bool]:
    """What the user may do on the process page, for showing only the buttons that will work."""
    return {
        "edit": user.has_perm("processes.change_changeprocess", process),
        "approve": user.has_perm("processes.approve_changeprocess", process),
        "steer": user.has_perm("processes.steer_changeprocess", process),
    }
