"""The one exception type for bad input.

Messages are in Swedish because they are shown to the municipal analysts who prepared the file; the
attributes let programmatic callers (the Django views, tests) inspect what was wrong without parsing text.
"""

from __future__ import annotations


class MeasureInputError(ValueError):
    """The input table cannot be used; ``str(error)`` is a complete Swedish sentence for the user.

    Attributes:
        column: the offending column, if one can be named.
        row: 1-based data row number (header not counted), if one can be named.
    """

    def __init__(self, message: str, *, column: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.column = column
        self.row = row
