"""Pass expired offers on and offer free seats to the waiting lists; run every few minutes.

The same work happens on every registration change; this command catches holds that ran out and
quota releases while nobody changed anything.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from jamlik.events.actions import do_offer_next
from jamlik.events.models import Event, WaitingListEntry


class Command(BaseCommand):
    help = "Expire old waiting-list offers and offer free seats to the next in line."

    def handle(self, *args: Any, **options: Any) -> None:
        event_ids = (
            WaitingListEntry.objects.filter(
                status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED],
                event__ends_at__gte=timezone.now(),
            )
            .values_list("event_id", flat=True)
            .distinct()
        )
        offers = 0
        for event in Event.objects.filter(pk__in=list(event_ids)):
            offers += len(do_offer_next(event))
        self.stdout.write(f"Made {offers} offers.")
