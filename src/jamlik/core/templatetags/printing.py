"""Filters for printouts (badges, attendance lists): what a person typed, made safe to print."""

from __future__ import annotations

import re

from django import template

register = template.Library()

# Unicode's directional formatting characters (embeddings, overrides, isolates, marks): invisible, but
# they reorder what follows — a name typed with a right-to-left override prints reversed on a badge.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@register.filter
def printable(value: object) -> str:
    """The text without directional formatting characters."""
    return BIDI_CONTROLS.sub("", "" if value is None else str(value))
