from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jamlik.core"
    label = "core"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from jamlik.core import checks, signals  # noqa: F401  (production checks; login/logout audit receivers)
