"""The annual wheel: the circular year chart with its table, the stops, and calendar feeds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamlik.core.editing import edit_page
from jamlik.core.http import AuthenticatedHttpRequest, require_perm
from jamlik.core.models import OrganisationUnit
from jamlik.followup import actions
from jamlik.followup.access import get_stop_for_user
from jamlik.followup.forms import WheelStopCreateForm, WheelStopForm
from jamlik.followup.models import CalendarFeed, WheelStop
from jamlik.followup.pages import form_page, posted
from jamlik.followup.wheel import ical_feed, stops_for_user, wheel_chart


def _crumbs() -> list[tuple[Any, str]]:
    return [(_("Follow-up"), reverse("followup:index")), (_("Annual wheel"), reverse("followup:wheel"))]


def _unit_feed(request: AuthenticatedHttpRequest, unit: OrganisationUnit | None) -> CalendarFeed | None:
    if unit is None or not request.user.has_perm("followup.change_wheelstop", WheelStop(unit=unit)):
        return None
    return CalendarFeed.objects.filter(unit=unit).first()


@login_required
def wheel(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_perm(request, "followup.view_wheelstop")
    units = OrganisationUnit.objects.filter(wheel_stops__isnull=False).distinct()
    unit = units.filter(code=request.GET.get("unit", "")).first()
    stops = WheelStop.objects.select_related("unit", "owner", "room")
    stops = stops.filter(unit=unit) if unit else stops
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    if not 1900 < year < 3000:
        raise Http404
    chart = wheel_chart(stops, year, today)
    context = {
        "chart": chart,
        "units": units,
        "unit": unit,
        "can_add": request.user.has_perm("followup.add_wheelstop"),
        "user_feed": CalendarFeed.objects.filter(user=request.user).first(),
        "unit_feed": _unit_feed(request, unit),
        "may_unit_feed": unit is not None
        and request.user.has_perm("followup.change_wheelstop", WheelStop(unit=unit)),
        "breadcrumbs": [(_("Follow-up"), reverse("followup:index"))],
    }
    return render(request, "followup/wheel.html", context)


@login_required
def wheel_stop_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return form_page(
        request,
        allowed=request.user.has_perm("followup.add_wheelstop"),
        form=WheelStopCreateForm(posted(request), user=request.user),
        run=lambda data: actions.do_create_wheel_stop(acting_user=request.user, **data),
        success_url=lambda stop: reverse("followup:wheel") + f"?unit={stop.unit.code}",
        success_message=_("The stop was added to the annual wheel."),
        context={
            "heading": _("New stop on the annual wheel"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("followup:wheel"),
        },
    )


@login_required
def wheel_stop_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    stop, can_edit = get_stop_for_user(request, pk)
    back = reverse("followup:wheel") + f"?unit={stop.unit.code}"
    return edit_page(
        request,
        obj=stop,
        allowed=can_edit,
        form_class=WheelStopForm,
        update=lambda obj, data, version: actions.do_update_wheel_stop(
            obj, acting_user=request.user, data=data, expected_version=version
        ),
        template="followup/wheel_stop_form.html",
        context={
            "heading": _("Edit stop: %(title)s") % {"title": stop.title},
            "breadcrumbs": _crumbs(),
            "cancel_url": back,
            "stop": stop,
        },
        success_url=back,
    )


@require_POST
@login_required
def wheel_stop_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    stop, can_edit = get_stop_for_user(request, pk)
    if not can_edit:
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":
        return HttpResponseBadRequest(_("Confirm the removal with the button on the stop's page."))
    back = reverse("followup:wheel") + f"?unit={stop.unit.code}"
    actions.do_delete_wheel_stop(stop, acting_user=request.user)
    messages.success(request, _("The stop was removed from the annual wheel."))
    return redirect(back)


@require_POST
@login_required
def wheel_feed_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create (or replace) the user's own calendar address."""
    require_perm(request, "followup.view_wheelstop")
    actions.do_create_calendar_feed(
        acting_user=request.user, user=request.user, renew="renew" in request.POST
    )
    messages.success(
        request, _("Your calendar address is ready. Add it to your calendar program as a subscription.")
    )
    return redirect(reverse("followup:wheel") + "#subscribe")


@require_POST
@login_required
def wheel_unit_feed_create(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = OrganisationUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404
    if not request.user.has_perm("followup.change_wheelstop", WheelStop(unit=unit)):
        raise PermissionDenied
    actions.do_create_calendar_feed(acting_user=request.user, unit=unit, renew="renew" in request.POST)
    messages.success(request, _("The unit's calendar address is ready."))
    return redirect(reverse("followup:wheel") + f"?unit={unit.code}#subscribe")


def wheel_ical(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar feed. Calendar programs cannot log in: the secret token in the address is the key."""
    feed = CalendarFeed.objects.select_related("user", "unit").filter(token=token).first()
    if feed is None or (feed.user is not None and not feed.user.is_active):
        raise Http404
    if feed.user is not None:
        stops = stops_for_user(feed.user)
        name = _("Annual wheel for %(name)s") % {
            "name": feed.user.get_full_name() or feed.user.get_username()
        }
    else:
        stops = WheelStop.objects.filter(unit=feed.unit).select_related("unit", "owner")
        name = _("Annual wheel for %(name)s") % {"name": feed.unit.name}  # type: ignore[union-attr]
    body = ical_feed(stops, name=name, today=timezone.localdate(), site=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="arshjul.ics"'
    return response
