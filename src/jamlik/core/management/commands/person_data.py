import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.core.models import Person, User
from jamlik.core.personal_data import do_anonymise_person, export_person


class Command(BaseCommand):
    help = "Export everything stored about a person (JSON on stdout), or anonymise them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--anonymise", action="store_true", help="Erase the person's identity instead.")
        parser.add_argument(
            "--by", default="", help="User name of the administrator doing it (for the audit log)."
        )

    def handle(self, *args: Any, person_id: int, anonymise: bool, by: str, **options: Any) -> None:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"Det finns ingen person med id {person_id}.")
        if not anonymise:
            self.stdout.write(json.dumps(export_person(person), ensure_ascii=False, indent=2))
            return
        actor = User.objects.filter(username=by, is_active=True).first()
        if actor is None:
            raise CommandError("Ange med --by vilken administratör som anonymiserar (användarnamn).")
        do_anonymise_person(person, acting_user=actor)
        self.stdout.write(f"Person {person_id} är anonymiserad.")
