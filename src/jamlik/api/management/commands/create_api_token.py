from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.api.actions import do_create_api_token
from jamlik.core.models import User


class Command(BaseCommand):
    help = "Create an API token for a user and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Det finns ingen aktiv användare med namnet {username!r}.")
        _, plaintext = do_create_api_token(user, acting_user=user, name=name)
        self.stdout.write(plaintext)
