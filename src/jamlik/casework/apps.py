from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "jamlik.casework"
    label = "casework"
    verbose_name = _("Family-centred work")

    def ready(self) -> None:
        from jamlik.casework import checks  # noqa: F401  (the production key check)

    # Hooks the core commands find on every app config, so that core never imports casework.

    def export_participant(self, case_code: str) -> dict[str, Any] | None:
        from jamlik.casework.rights import export_participant

        return export_participant(case_code)

    def erase_participant(self, case_code: str, *, acting_user: Any) -> bool:
        from jamlik.casework.rights import do_erase_participant

        return do_erase_participant(case_code, acting_user=acting_user)

    def retention_purge(self) -> list[str]:
        from jamlik.casework.rights import purge_expired

        return purge_expired()
