"""Which region a postal code belongs to, from ``postal_codes`` in site.yaml."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


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
