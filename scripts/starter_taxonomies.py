#!/usr/bin/env python3
"""Write the word lists a new guide starts with (``lotse init``) from the sample guide's.

    python scripts/starter_taxonomies.py [--check]

A region that adopts Lotse gets what is the same everywhere in Germany: the audiences of a
continuing-education guide and the federal funding programmes with their Förder-Check data
(who, what share, the next step, sources, ``as_of``). Programmes of one Land (NOT_NATIONWIDE)
stay out; topics and regions are the region's own and stay commented examples.

The sample guide's content/taxonomies.yaml is the one place these entries are kept up to
date; this script copies their text (comments and line breaks as written) into
site_builder/starter-files/content/taxonomies.yaml. ``--check`` exits 1 if that file is not
what the script would write (a test runs it).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "taxonomies.yaml"
STARTER = ROOT / "site_builder" / "starter-files" / "content" / "taxonomies.yaml"

# Programmes of the sample that hold in one Land only.
NOT_NATIONWIDE = {"bildungszeit-bw", "esf-plus-fachkurse"}

HEAD = """\
# Wortlisten: Jede Id, die ein Angebot, eine Beratungsstelle oder ein Anbieter verwendet, muss
# hier stehen. Ids aus a–z, 0–9 und einzelnen Bindestrichen; label ist, was Besucher lesen.
# Die Beispiele in den Kommentaren zeigen die Form: „# “ entfernen und anpassen.
# Erzeugt von scripts/starter_taxonomies.py aus dem Beispiel-Finder; in diesem Finder frei zu ändern.

# Themen (mindestens eines je Angebot)
topics: []
# topics:
#   - id: metall-schweissen
#     label: Metall und Schweißen
#     description: Schweißverfahren, Metallbearbeitung und Prüfungen.

# Regionen (Landkreise, Städte): für Orte und Anschriften; ihre Postleitzahlen stehen in
# site.yaml unter postal_codes.
regions: []
# regions:
#   - id: musterstadt
#     label: Stadt Musterstadt

# Zielgruppen: wie sie jeder Weiterbildungsfinder braucht; der Förder-Check fragt nach ihnen.
"""

FUNDING_HEAD = """
# Förderprogramme des Bundes, wie Lotse sie mitgibt (Stand: as_of je Programm). Vor dem Start
# prüfen – Förderrecht ändert sich, der Pflegebericht (report) nennt lange nicht Geprüftes – und
# die Programme des eigenen Landes ergänzen (Bildungszeit, Landes-ESF …), etwa so:
#   - id: bildungszeit
#     label: Bildungszeit
#     url: https://…
"""


def sections(text: str) -> dict[str, str]:
    """The text of each top-level key (``topics:`` …) up to the next one, comments before a
    key going with it."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if re.match(r"[a-z_]+:", line)]
    out = {}
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        while end > start + 1 and (lines[end - 1].startswith("#") or not lines[end - 1].strip()):
            end -= 1
        out[lines[start].split(":", 1)[0]] = "".join(lines[start:end])
    return out


def entries(section: str) -> list[tuple[str, str]]:
    """The entries of a list section ("  - id: …" to the next), as (id, text)."""
    parts = re.split(r"(?m)^(?=  - id: )", section)
    return [(re.match(r"  - id: ([a-z0-9-]+)", p).group(1), p) for p in parts[1:] if re.match(r"  - id: ([a-z0-9-]+)", p)]  # type: ignore[union-attr]


def starter_text(sample: str) -> str:
    found = sections(sample)
    funding = [text for id_, text in entries(found["funding"]) if id_ not in NOT_NATIONWIDE]
    return HEAD + found["audiences"].rstrip() + "\n" + FUNDING_HEAD + "funding:\n" + "".join(funding).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="nur prüfen, ob die Datei des Starters aktuell ist")
    args = parser.parse_args()
    wanted = starter_text(SAMPLE.read_text(encoding="utf-8"))
    if args.check:
        if STARTER.read_text(encoding="utf-8") != wanted:
            print(f"{STARTER.relative_to(ROOT)} ist nicht aktuell: python scripts/starter_taxonomies.py", file=sys.stderr)
            return 1
        return 0
    STARTER.write_text(wanted, encoding="utf-8")
    print(f"{STARTER.relative_to(ROOT)} geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
