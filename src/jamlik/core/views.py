from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.core.forms import LoginForm
from jamlik.core.http import require_perm
from jamlik.core.models import Membership, OrganisationUnit


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from jamlik.goals.models import Programme
    from jamlik.processes.models import ChangeProcess

    require_perm(request, "goals.view_programme")
    context = {
        "programmes": Programme.objects.order_by("-start_year"),
        "active_processes": ChangeProcess.objects.filter(status=ChangeProcess.Status.ACTIVE).count(),
    }
    return render(request, "core/home.html", context)


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    require_perm(request, "core.view_organisationunit")
    units = list(OrganisationUnit.objects.order_by("name"))
    children: dict[int | None, list[OrganisationUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)

    def branch(parent_id: int | None, depth: int) -> list[tuple[OrganisationUnit, int]]:
        rows: list[tuple[OrganisationUnit, int]] = []
        for unit in children.get(parent_id, []):
            rows.append((unit, depth))
            rows.extend(branch(unit.pk, depth + 1))
        return rows

    return render(request, "core/organisation.html", {"tree": branch(None, 0)})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    require_perm(request, "core.view_organisationunit")
    try:
        unit = OrganisationUnit.objects.select_related("parent").get(code=code)
    except OrganisationUnit.DoesNotExist:
        raise Http404(_("No such unit")) from None
    memberships = Membership.objects.current(timezone.localdate()).filter(unit=unit).select_related("person")
    children = unit.children.order_by("name")
    return render(
        request,
        "core/unit_detail.html",
        {"unit": unit, "memberships": memberships, "children": children, "ancestors": unit.ancestors()},
    )


def health_live(request: HttpRequest) -> HttpResponse:
    """The process answers. Public and without details, for load balancers."""
    return JsonResponse({"status": "ok"})


def health_ready(request: HttpRequest) -> HttpResponse:
    """The database answers and every migration is applied; otherwise 503, still without details."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        connection = connections[DEFAULT_DB_ALIAS]
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
