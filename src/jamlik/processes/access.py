from __future__ import annotations

from django.http import Http404, HttpRequest

from jamlik.processes.models import ChangeProcess


def get_process_for_user(request: HttpRequest, pk: int) -> tuple[ChangeProcess, bool]:
    """The process and whether the user may edit it; a process the user may not see is a 404."""
    process = ChangeProcess.objects.select_related("owner_unit").filter(pk=pk).first()
    if process is None or not request.user.has_perm("processes.view_changeprocess", process):
        raise Http404
    return process, request.user.has_perm("processes.change_changeprocess", process)
