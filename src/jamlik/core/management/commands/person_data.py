import json
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jamlik.core.models import Person, User
from jamlik.core.personal_data import do_anonymise_person, export_person


class Command(BaseCommand):
    help = (
        "Export everything stored about a person (JSON on stdout), or anonymise them. With --case, the "
        "same for the participant of a family plan (by case code): export, or --anonymise to thin the plan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int, nargs="?")
        parser.add_argument("--case", default="", help="A family plan's case code, instead of a person id.")
        parser.add_argument("--anonymise", action="store_true", help="Erase the person's identity instead.")
        parser.add_argument(
            "--by", default="", help="User name of the administrator doing it (for the audit log)."
        )

    def handle(
        self, *args: Any, person_id: int | None, case: str, anonymise: bool, by: str, **options: Any
    ) -> None:
        if case:
            self._participant(case, anonymise=anonymise, by=by)
            return
        if person_id is None:
            raise CommandError("Ange ett person-id eller --case med en ärendekod.")
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

    def _participant(self, case: str, *, anonymise: bool, by: str) -> None:
        """Participants of family plans are not people in core; the casework app hands its hooks down."""
        hooks = [config for config in apps.get_app_configs() if hasattr(config, "export_participant")]
        if anonymise:
            actor = User.objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError("Ange med --by vilken administratör som gallrar (användarnamn).")
            if not any(config.erase_participant(case, acting_user=actor) for config in hooks):  # type: ignore[attr-defined]
                raise CommandError(f"Det finns ingen plan med ärendekoden {case}.")
            self.stdout.write(f"Planen {case} är gallrad.")
            return
        for config in hooks:
            found = config.export_participant(case)  # type: ignore[attr-defined]
            if found is not None:
                self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
                return
        raise CommandError(f"Det finns ingen plan med ärendekoden {case}.")
