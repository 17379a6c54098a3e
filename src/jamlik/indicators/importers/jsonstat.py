"""JSON-stat 2.0 datasets (what SCB's PxWebApi v2 returns with outputFormat=json-stat2) as cubes."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from jamlik.indicators.importers.base import ImportFailed
from jamlik.indicators.importers.cube import Cube, Variable, check_cell_count, guess_role


def load_json(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFailed([_("The file is not UTF-8 encoded, as JSON must be.")]) from exc
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            [
                _("The file is not valid JSON (line %(line)s, column %(column)s).")
                % {"line": exc.lineno, "column": exc.colno}
            ]
        ) from exc


def parse_jsonstat(doc: Any, *, indicator_code: str = "") -> Cube:
    if not isinstance(doc, dict) or doc.get("class") != "dataset":
        raise ImportFailed([_("The data is not a JSON-stat 2.0 dataset (class 'dataset' is missing).")])
    try:
        ids: list[str] = list(doc["id"])
        sizes: list[int] = [int(n) for n in doc["size"]]
        dimensions: dict[str, Any] = doc["dimension"]
        raw_values = doc["value"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFailed(
            [
                _("The JSON-stat dataset lacks '%(key)s' or it has the wrong form.")
                % {"key": str(exc).strip("'")}
            ]
        ) from exc
    if len(ids) != len(sizes):
        raise ImportFailed([_("The JSON-stat dataset's 'id' and 'size' differ in length.")])
    role_of = {dim: role for role, dims in (doc.get("role") or {}).items() for dim in dims}
    hint = {"time": "time", "geo": "region", "metric": "contents"}
    variables: list[Variable] = []
    units: dict[str, str] = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        dim = dimensions.get(dim_id)
        if not isinstance(dim, dict) or not isinstance(dim.get("category"), dict):
            raise ImportFailed([_("The dimension '%(id)s' has no categories.") % {"id": dim_id}])
        category = dim["category"]
        index = category.get("index")
        labels = category.get("label") or {}
        if isinstance(index, list):
            codes = index
        elif isinstance(index, dict):
            codes = sorted(index, key=lambda code: index[code])
        else:
            codes = list(labels)
        if len(codes) != size:
            raise ImportFailed(
                [
                    _("The dimension '%(id)s' has %(n)s categories, not %(size)s.")
                    % {"id": dim_id, "n": len(codes), "size": size}
                ]
            )
        for code, unit in (category.get("unit") or {}).items():
            units[code] = str(unit.get("label", "")) if isinstance(unit, dict) else ""
        variables.append(
            Variable(
                code=dim_id,
                label=str(dim.get("label", dim_id)),
                values=[(str(c), str(labels.get(c, c))) for c in codes],
                role=guess_role(dim_id, str(dim.get("label", "")), hint.get(role_of.get(dim_id, ""), "")),
            )
        )
    total = 1
    for size in sizes:
        total *= size
    check_cell_count(total)  # before a sparse 'value' object makes a list of `total` cells
    cells = _cells(raw_values, total)
    extension = doc.get("extension") or {}
    table_id = (extension.get("px") or {}).get("tableid", "") if isinstance(extension, dict) else ""
    return Cube(
        variables=variables,
        cells=cells,
        indicator_code=indicator_code or table_id or "jsonstat",
        title=str(doc.get("label", "")),
        source=str(doc.get("source", "")),
        unit=next(iter(units.values()), "") if len(set(units.values())) == 1 else "",
        units_by_content=units,
    )


def _cells(raw: Any, total: int) -> list[float | None]:
    """Values may be a dense list or a sparse {index: value} object; null means missing."""
    if isinstance(raw, dict):
        cells: list[float | None] = [None] * total
        for key, value in raw.items():
            index = int(key)
            if 0 <= index < total:
                cells[index] = _number(value)
        return cells
    if isinstance(raw, list):
        return [_number(value) for value in raw]
    raise ImportFailed([_("The JSON-stat dataset's 'value' is neither a list nor an object.")])


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    raise ImportFailed([_("'%(value)s' in the dataset's values is not a number.") % {"value": value}])
