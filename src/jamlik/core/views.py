from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from jamlik.core import oidc
from jamlik.core.audit import log_action
from jamlik.core.backends import local_login_enabled
from jamlik.core.forms import LoginForm
from jamlik.core.http import require_perm
from jamlik.core.models import Membership, OrganisationUnit


class LoginView(auth_views.LoginView):
    """The password form, the single sign-on button, or both, as configured."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc.sso_enabled()
        context["local_login"] = local_login_enabled()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not local_login_enabled():
            context = self.get_context_data(local_login_refused=True)
            return self.render_to_response(context, status=403)
        return super().post(request, *args, **kwargs)


def _safe_next(request: HttpRequest) -> str:
    """The `next` address if it stays on this site, so the login cannot be used to send people elsewhere."""
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _sso_refused(request: HttpRequest, error: oidc.SsoError) -> HttpResponse:
    log_action("auth.sso_failed", actor=None, actor_name=error.username, changes={"reason": error.reason})
    messages.error(request, error.message)
    return redirect("login")


def oidc_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the municipality's identity provider. Exists only when SSO is configured."""
    if not oidc.sso_enabled():
        raise Http404
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    try:
        target = oidc.begin_login(request, _safe_next(request))
    except oidc.SsoError as error:
        return _sso_refused(request, error)
    return HttpResponseRedirect(target)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back: verify, update the user, log in."""
    if not oidc.sso_enabled():
        raise Http404
    try:
        claims, next_url = oidc.finish_login(request)
        user = oidc.user_for_claims(claims)
    except oidc.SsoError as error:
        return _sso_refused(request, error)
    auth.login(request, user, backend="jamlik.core.backends.SingleSignOnBackend")
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


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
