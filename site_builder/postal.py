"""Which region a postal code belongs to, from ``postal_codes`` in site.yaml."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_PATTERN = re.compile(r"\d{1,5}|\d{5}-\d{5}")
_CODE = re.compile(r"\d{5}")


def region_for(postal_code: str, table: Mapping[str, Sequence[str]]) -> str | None:
    """The region whose pattern fits best: a range, or the longest matching prefix."""
    best: tuple[int, str] | None = None
    for region, patterns in sorted(table.items()):
        for pattern in patterns:
            if "-" in pattern:
                low, high = pattern.split("-")
                score = 6 if low <= postal_code <= high else -1
            else:
                score = len(pattern) if postal_code.startswith(pattern) else -1
            if score >= 0 and (best is None or score > best[0]):
                best = (score, region)
    return best[1] if best else None


class Regions:
    """``region_for`` against one table, each postal code looked up once (a guide's offers
    share few codes among many)."""

    def __init__(self, table: Mapping[str, Sequence[str]]):
        self.table = table
        self.known: dict[str, str | None] = {}

    def __call__(self, postal_code: str) -> str | None:
        if postal_code not in self.known:
            self.known[postal_code] = region_for(postal_code, self.table)
        return self.known[postal_code]


def written_table(data: Any) -> dict[str, list[str]]:
    """``postal_codes`` as site.yaml's document holds it (``data``: the file's top mapping),
    only the entries that read as the field asks (a region id, patterns such as "737" or
    "70173-70629"): for hints while the file may still have defects of its own."""
    written = data.get("postal_codes") if isinstance(data, dict) else None
    table: dict[str, list[str]] = {}
    for region, patterns in written.items() if isinstance(written, dict) else ():
        if not isinstance(region, str) or not isinstance(patterns, list):
            continue
        kept = [p.strip() if isinstance(p, str) else str(p) for p in patterns if isinstance(p, (str, int)) and not isinstance(p, bool)]
        table[region.strip()] = [p for p in kept if _PATTERN.fullmatch(p)]
    return table


def written_code(value: Any) -> str | None:
    """A postal code as a record's field holds it (73728 unquoted is a number), None for
    anything that is no five-digit code (its own field's message says so)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    return text if _CODE.fullmatch(text) else None
