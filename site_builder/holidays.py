"""School holidays people plan with ("in den Sommerferien", "nach den Herbstferien"): the
table ``data/schulferien.csv``, one row per holiday of a Land. The search page gets those of
the guide's Land (``site.yaml: state``) and turns such words into a start range (suche.js).
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "schulferien.csv"


@functools.cache
def _table() -> dict[str, dict[str, list[tuple[date, date]]]]:
    """Land -> holiday name -> its (first, last) days, in order."""
    out: dict[str, dict[str, list[tuple[date, date]]]] = {}
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("land;"):
            continue
        try:
            state, name, first, last = (cell.strip() for cell in line.split(";"))
            span = (date.fromisoformat(first), date.fromisoformat(last))
        except ValueError as error:
            raise ValueError(f"{TABLE.name}, Zeile {number}: {error}") from None
        if span[1] < span[0]:
            raise ValueError(f"{TABLE.name}, Zeile {number}: letzter Tag vor dem ersten")
        out.setdefault(state, {}).setdefault(name, []).append(span)
    for names in out.values():
        for spans in names.values():
            spans.sort()
    return out


def states() -> list[str]:
    """The Länder the table knows."""
    return sorted(_table())


def school_holidays(state: str | None) -> dict[str, list[list[str]]]:
    """Holiday name ("Sommerferien") -> [[first, last] as ISO days], for the search page; empty
    for a guide without a Land, or one the table does not know."""
    names = _table().get((state or "").strip(), {})
    return {name: [[first.isoformat(), last.isoformat()] for first, last in spans] for name, spans in sorted(names.items())}
