"""Write Lotse's table of postal-code centroids (site_builder/data/plz-mittelpunkte.csv).

    python scripts/plz_centroids.py PATH/plz-5stellig-centroid.geojson

The input is the GeoJSON of the centre points of the German five-digit postal-code areas that
suche-postleitzahl.org derives from OpenStreetMap (as published, for example, in the
repository kampakit/postal-codes-germany, data/plz-5stellig-centroid.geojson). It is licensed
under the Open Database License 1.0, © OpenStreetMap contributors; the table written here is
a derived database under the same licence, which is why its header names source and licence.

Coordinates are rounded to four decimal places (about 10 m), far finer than a postal-code
area; the table is sorted by code, so the same input gives the same bytes. The last column
names the towns of the area, from the feature's note ("73614 Schorndorf, 73614 Urbach",
"73249 Wernau (Neckar)"): each as people type it (without the code and the bracketed
addition), several separated by "|"; a note that is a remark names none.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "site_builder" / "data" / "plz-mittelpunkte.csv"
HEADER = [
    "# Mittelpunkte der fünfstelligen Postleitzahlgebiete in Deutschland (WGS 84), für die Umkreissuche.",
    "# Quelle: suche-postleitzahl.org, abgeleitet aus OpenStreetMap (Datei plz-5stellig-centroid.geojson).",
    "# Lizenz: Open Database License (ODbL) 1.0 – © OpenStreetMap-Mitwirkende, https://www.openstreetmap.org/copyright",
    "# Erzeugt mit scripts/plz_centroids.py; diese Tabelle steht ebenfalls unter der ODbL 1.0.",
    "# Spalte orte: die Orte des Gebiets laut OpenStreetMap, mehrere durch | getrennt.",
]


def towns(code: str, note: str) -> list[str]:
    """The towns a feature's note names: "73614 Schorndorf, 73614 Urbach" → Schorndorf,
    Urbach; "73249 Wernau (Neckar)" → Wernau; "… Silz u.a." → Silz; a remark → none."""
    if not note.startswith(code + " "):
        return []
    names = []
    for part in re.split(r"[,;\s]*[,;\n\t][,;\s]*", note):
        name = re.sub(r"\([^)]*\)|\bu\.\s?a\.", "", part.strip().removeprefix(code)).strip()
        name = " ".join(name.split())
        if name and "|" not in name and name not in names:
            names.append(name)
    return names


def rows(geojson: dict) -> list[tuple[str, float, float, list[str]]]:
    found: dict[str, tuple[float, float, list[str]]] = {}
    for feature in geojson["features"]:
        code = str(feature["properties"]["plz"]).strip()
        geometry = feature["geometry"]
        if not re.fullmatch(r"\d{5}", code) or geometry.get("type") != "Point":
            continue
        lon, lat = geometry["coordinates"][:2]
        if not (47 <= lat <= 56 and 5 <= lon <= 16):  # outside Germany: a broken entry
            continue
        found[code] = (round(float(lat), 4), round(float(lon), 4), towns(code, str(feature["properties"].get("note") or "")))
    return [(code, lat, lon, names) for code, (lat, lon, names) in sorted(found.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("geojson", type=Path)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    table = rows(json.loads(args.geojson.read_text(encoding="utf-8")))
    lines = [*HEADER, "plz,lat,lon,orte", *(f"{code},{lat:.4f},{lon:.4f},{'|'.join(names)}" for code, lat, lon, names in table)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} Postleitzahlen → {args.out}")


if __name__ == "__main__":
    main()
