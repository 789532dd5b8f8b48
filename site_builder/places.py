"""Where postal codes lie, for the distance search: the centre points of the German postal-code
areas (``data/plz-mittelpunkte.csv``, from OpenStreetMap via suche-postleitzahl.org, ODbL 1.0;
made by ``scripts/plz_centroids.py``).

An offer's place is the centre of its postal code: street addresses are not geocoded (that
would need a service outside), so a distance is as exact as a postal-code area is small, a
few kilometres at most in the towns of a region.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "plz-mittelpunkte.csv"
SOURCE = "Postleitzahl-Mittelpunkte: suche-postleitzahl.org aus OpenStreetMap, © OpenStreetMap-Mitwirkende, ODbL 1.0"
EARTH_KM = 6371.0088  # mean radius
MARGIN_KM = 60  # beyond the farthest radius offered (50 km), so visitors from nearby are found


@functools.cache
def _rows() -> list[tuple[str, float, float, tuple[str, ...]]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("plz,") or not line:
            continue
        code, lat, lon, names = line.split(",")
        rows.append((code, float(lat), float(lon), tuple(n for n in names.split("|") if n)))
    return rows


@functools.cache
def centroids() -> dict[str, tuple[float, float]]:
    """Postal code -> (lat, lon)."""
    return {code: (lat, lon) for code, lat, lon, _ in _rows()}


@functools.cache
def towns() -> dict[str, tuple[str, ...]]:
    """Postal code -> the towns of its area, as OpenStreetMap names them ("Kirchheim unter Teck")."""
    return {code: names for code, _, _, names in _rows() if names}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def area(codes: Iterable[str], margin_km: float = MARGIN_KM) -> dict[str, tuple[float, float]]:
    """The centroids of every postal code in the box around ``codes`` (the guide's places),
    widened by ``margin_km`` on each side: what a visitor's postal code is looked up in."""
    table = centroids()
    points = [table[c] for c in set(codes) if c in table]
    if not points:
        return {}
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    dlat = margin_km / 111.2
    dlon = margin_km / (111.2 * math.cos(math.radians(max(abs(min(lats)), abs(max(lats))))))
    south, north, west, east = min(lats) - dlat, max(lats) + dlat, min(lons) - dlon, max(lons) + dlon
    return {code: p for code, p in table.items() if south <= p[0] <= north and west <= p[1] <= east}
