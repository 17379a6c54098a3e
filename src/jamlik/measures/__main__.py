"""``python -m jamlik.measures`` — see :mod:`jamlik.measures.cli`."""

import sys

from .cli import main

sys.exit(main())
