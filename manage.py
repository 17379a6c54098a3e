#!/usr/bin/env python
"""Django's command-line utility for Jämlik."""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamlik.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018  (reading a setting loads them, and surfaces config errors here)
    except ImproperlyConfigured as exc:
        # One clear line instead of a traceback: the operator has a setting to fix, not a bug to read.
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
