"""Template tags for follow-up pieces shown on other apps' pages (the start page's 'next 30 days')."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from jamlik.followup.wheel import occurrences_between, stops_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def wheel_next_days(context: Any, days: int = 30) -> list[tuple[datetime.date, Any]]:
    """The annual-wheel stops that concern the logged-in user in the coming days, in date order."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    today = timezone.localdate()
    return occurrences_between(stops_for_user(request.user), today, today + datetime.timedelta(days=days))
