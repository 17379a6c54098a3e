"""Printable PDFs for the day of the event: name badges and attendance lists (HTML rendered by WeasyPrint)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from jamlik.events.models import Event, Registration, Session


def seated(event: Event, session: Session | None = None) -> Any:
    """Everyone with a seat (in `session`, when given), by name."""
    registrations = Registration.objects.confirmed().filter(event=event)
    if session is not None:
        registrations = registrations.filter(session_seats__session=session)
    return registrations.select_related("unit").order_by("name", "pk")


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: it is slow to import and only these pages need it

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
