from typing import Any

from django.core.management.base import BaseCommand

from jamlik.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data set. Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        self.stdout.write(f"Demo data loaded ({created} new objects).")
