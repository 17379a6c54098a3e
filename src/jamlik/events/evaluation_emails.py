"""The evaluation invitation e-mail, sent only after commit like every other e-mail of the events app."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jamlik.events.evaluation_models import Invitation


def answer_link(site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("events:evaluation_answer", args=[token])


def send_invitations(tokens: dict[int, str], site_url: str) -> None:
    """One e-mail per invitation over one connection, each with its own answer link.

    `tokens` maps invitation ids to their tokens; the tokens exist only in memory until this runs.
    """
    invitations = Invitation.objects.select_related("survey__event", "registration").filter(pk__in=tokens)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("How was the day?")
        messages = []
        for invitation in invitations.order_by("pk"):
            event = invitation.survey.event
            body = render_to_string(
                "events/email/evaluation.txt",
                {
                    "registration": invitation.registration,
                    "event": event,
                    "survey": invitation.survey,
                    "link": answer_link(site_url, tokens[invitation.pk]),
                },
            )
            messages.append(
                EmailMessage(
                    subject=f"{subject}: {event.title}",
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[invitation.registration.email],
                )
            )
    with get_connection() as connection:
        connection.send_messages(messages)
