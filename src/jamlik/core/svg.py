"""The one check every server-drawn chart passes before it is placed inline in a page, PDF or Word file.

The content security policy blocks scripts, style elements and style attributes, so a chart must hold
none; and nothing in it may run code. The check reads the SVG's elements and attributes, never its text:
a label such as "x onerror=1" is data, escaped by vl-convert, and once made the indicator page fail for
everyone when the check searched the text.
"""

from __future__ import annotations

import re

UNSAFE_ELEMENTS = {"script", "style", "foreignobject", "iframe", "object", "embed"}
UNSAFE_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


class UnsafeSvgError(ValueError):
    pass


def unsafe_markup(svg: str) -> str | None:
    """The first element or attribute of ``svg`` that could run code or carry styles, if any."""
    from defusedxml.ElementTree import fromstring

    for element in fromstring(svg).iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in UNSAFE_ELEMENTS:
            return f"a <{name}> element"
        for attribute, value in element.attrib.items():
            attr = attribute.rsplit("}", 1)[-1].lower()
            if attr == "style" or attr.startswith("on"):
                return f"a {attr} attribute"
            if attr == "href" and UNSAFE_URL.match(value):
                return "a script link"
    return None


def checked(svg: str) -> str:
    """``svg`` unchanged if it is safe to place inline; UnsafeSvgError otherwise."""
    problem = unsafe_markup(svg)
    if problem:
        raise UnsafeSvgError(f"the rendered SVG holds {problem}, which the content security policy blocks")
    return svg
