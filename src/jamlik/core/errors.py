"""The error pages (400, 403, 404, 500 and a refused CSRF check): in Swedish, inside the site's own
layout with its menu, saying in plain words what happened and what to do next.

Django's own pages are bare English text; these are what a municipal user sees instead. The 500 page
is drawn without the database if the database is what failed.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from jamlik.core.models import User
from jamlik.core.roles import Role

log = logging.getLogger(__name__)


def _page(request: HttpRequest, status: int, title: str, explanation: str, **extra: object) -> HttpResponse:
    context = {"status": status, "title": title, "explanation": explanation, **extra}
    try:
        body = loader.render_to_string("core/errors/error.html", context, request=request)
    except Exception:  # the database or a context processor failed: the page without the site menu
        log.exception("Error page %s drawn without the site layout", status)
        body = loader.render_to_string("core/errors/plain.html", context)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("The request could not be read"),
        _(
            "The page received something it could not understand. "
            "Go back, check what you filled in and try again."
        ),
    )


def administrators() -> list[str]:
    """Who can give access: the names of the active administrators."""
    users = User.objects.filter(is_active=True, groups__name=Role.ADMINISTRATOR).order_by("last_name")
    return [user.get_full_name() or user.get_username() for user in users.distinct()]


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    known = request.user.is_authenticated
    return _page(
        request,
        403,
        _("You do not have access to this page"),
        _("Your role does not allow this page or this change.") if known else _("Log in to see this page."),
        administrators=administrators() if known else [],
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("The page was not found"),
        _("The address may be mistyped, or what it showed has been removed or is not shown to you."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        _("Something went wrong on our side"),
        _("The error has been logged. Nothing you entered in this step was saved: try again in a while."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("The form had expired"),
        _(
            "For your security a form can only be sent from a page that is still open in this session. "
            "Go back, reload the page and send the form again."
        ),
    )
