#!/usr/bin/env python3
"""Write the sample guide's ``import:`` tables into site.yaml from the BA's code lists.

    python scripts/import_tables.py --wertebereiche ../shared/formats/openqcat/wertebereiche \
        [--katalog LIEFERUNG.xml ...] [--site site.yaml]

- ``funding_federal``: every code of foerderartenbund.dat onto a funding id of
  content/taxonomies.yaml (FEDERAL below); a code the table does not know stops the script,
  so a new federal programme in the code lists is never silently dropped.
- ``funding_regional``: the codes of foerderartenland.dat for Baden-Württemberg that the
  sample guide has programmes for; the others are listed by the import for the editors.
- ``topics``: one rule per topic of the sample taxonomy: words of the job agency's course
  classification (KURSNET-Systematik) and course titles (TOPIC_WORDS), plus every
  classification code found in the given catalogues whose meaning has one of those words.

The block between the two marker lines in site.yaml is replaced; everything else stays.
The classification itself (several thousand codes) is not part of the published code lists,
so codes come from catalogues and words catch the codes not seen yet (docs/import.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.importers.codelists import parse_dat  # noqa: E402

BEGIN = "# --- import: erzeugt von scripts/import_tables.py; Änderungen dort, nicht hier ---"
END = "# --- Ende der erzeugten import-Tabellen ---"

# foerderartenbund.dat code → funding id in the sample taxonomy.
FEDERAL = {
    "1": "aufstiegs-bafoeg",
    "2": "bildungsgutschein",
    "4": "aufstiegsstipendium",
    "5": "weiterbildungsstipendium",
    "6": "weiterbildung-binnenschifffahrt",
    "7": "weiterbildung-gueterkraftverkehr",
    "8": "qualifizierungsgeld",
    "9": "transfergesellschaft",
    "10": "kompass",
    "11": "qualifizierungschancengesetz",
    "12": "weiterbildungsgeld",
    "13": "teilhabe-am-arbeitsleben",
}
# foerderartenland.dat: the Baden-Württemberg programmes the sample guide explains.
REGIONAL = {"20": "esf-plus-fachkurse", "53": "bildungszeit-bw"}

# Words (lower case, part of a word) that put a course into a topic of the sample guide, in
# the order the rules are tried: the narrower topics first.
TOPIC_WORDS: dict[str, list[str]] = {
    "fahrzeugtechnik": ["kfz", "fahrzeug", "hochvolt", "e-mobil", "elektromobil", "karosserie"],
    "elektrotechnik": ["elektro", "sps", "automatisierung", "steuerungstechnik", "mechatron"],
    "cnc-fertigung": ["cnc", "fertigungstechnik", "zerspan", "messtechnik", "qualitätssicherung"],
    "metall-schweissen": ["schweiß", "schweiss", "metallbau", "metallbearbeitung", "blech"],
    "energie-nachhaltigkeit": ["photovoltaik", "solar", "wärmepumpe", "energieberat", "nachhaltig", "umweltschutz"],
    "logistik": ["logistik", "lager", "stapler", "gefahrgut", "berufskraftfahr", "spedition", "güterkraftverkehr"],
    "handwerk-bau": ["trockenbau", "maurer", "hochbau", "tiefbau", "bauwesen", "zimmer", "maler", "fliesen", "sanitär", "handwerksmeister"],
    "sprachen": ["englisch", "deutsch als", "deutschkurs", "französisch", "spanisch", "italienisch", "türkisch", "arabisch", "sprachkurs", "fremdsprache", "berufssprach"],
    "it-digitalisierung": [
        "edv", "ecdl", "excel", "word", "powerpoint", "outlook", "access", "internet", "software", "programmier",
        "datenbank", "netzwerk", "informatik", "computer", "pc-", "office", "sap", "it-sicherheit", "digital",
        "tabellenkalkulation", "textverarbeitung", "maschinenschreiben", "web",
    ],
    "kaufmaennisches": [
        "buchführung", "buchhaltung", "rechnungswesen", "lohn", "gehalt", "bürokommunikation", "büromanagement",
        "kaufmann", "kauffrau", "kaufmännisch", "fachwirt", "controlling", "steuer", "korrespondenz", "call center",
        "reklamation", "datev", "jahresabschluss", "bilanz", "personalwesen", "sekretariat", "vertrieb", "verkauf",
    ],
    "fuehrung": ["führung", "management", "projektmanag", "ausbilder", "aevo", "teamleitung", "leitung"],
    "gesundheit-pflege": [
        "pflege", "physiotherap", "ergotherap", "massage", "bobath", "feldenkrais", "therapie", "therapeut",
        "gesundheit", "ernährung", "akupressur", "kinesiologie", "bewegung", "medizin", "rehabilitation", "taping",
        "sport", "walking", "beckenboden", "wellness",
    ],
    "paedagogik-soziales": ["pädagog", "sozial", "erzieh", "kindertages", "betreuung", "schulbegleit", "heilpäd"],
    "grundbildung": ["grundbildung", "alphabet", "bewerbung", "berufliche integration", "jobfit", "aktivierung", "grundkompetenz"],
}


def catalogue_codes(paths: list[Path]) -> dict[str, str]:
    """Classification code → meaning from open-Qcat deliveries (SERVICE_CLASSIFICATION/FEATURE)."""
    from site_builder.importers import xmlsafe

    codes: dict[str, str] = {}
    for path in paths:
        root, _ = xmlsafe.parse(path.read_bytes())
        for feature in root.iter("FEATURE"):
            code, meaning = xmlsafe.text(feature, "FNAME"), xmlsafe.text(feature, "FVALUE")
            if code:
                codes.setdefault(" ".join(code.split()), meaning)
    return codes


def topic_of(meaning: str) -> str | None:
    text = meaning.casefold()
    return next((topic for topic, words in TOPIC_WORDS.items() if any(w in text for w in words)), None)


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(federal: dict[str, str], regional: dict[str, str], codes: dict[str, str]) -> str:
    lines = [BEGIN, "import:", "  funding_federal:          # foerderartenbund.dat"]
    lines += [f"    {quoted(code)}: {fid:<34} # {label}" for code, (fid, label) in _items(FEDERAL, federal)]
    lines += ["  funding_regional:         # foerderartenland.dat (Baden-Württemberg)"]
    lines += [f"    {quoted(code)}: {fid:<34} # {label}" for code, (fid, label) in _items(REGIONAL, regional)]
    lines += ["  topics:                   # KURSNET-Systematik und Titel → Thema; Codes vor Titelwörtern, je die erste passende Regel"]
    for topic, words in TOPIC_WORDS.items():
        found = sorted(code for code, meaning in codes.items() if topic_of(meaning) == topic)
        lines.append(f"    - topic: {topic}")
        if found:
            lines.append("      codes: [" + ", ".join(quoted(c) for c in found) + "]")
        lines.append("      keywords: [" + ", ".join(quoted(w) for w in words) + "]")
    lines.append(END)
    return "\n".join(lines) + "\n"


def _items(table: dict[str, str], labels: dict[str, str]) -> list[tuple[str, tuple[str, str]]]:
    return [(code, (table[code], labels[code])) for code in sorted(table, key=int) if code in labels]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wertebereiche", type=Path, required=True, help="Ordner mit foerderartenbund.dat und foerderartenland.dat")
    parser.add_argument("--katalog", type=Path, action="append", default=[], help="open-Qcat-Lieferung, deren Klassifikation übernommen wird")
    parser.add_argument("--site", type=Path, default=ROOT / "site.yaml")
    args = parser.parse_args()
    federal = parse_dat((args.wertebereiche / "foerderartenbund.dat").read_bytes())
    regional = parse_dat((args.wertebereiche / "foerderartenland.dat").read_bytes(), state_headers=True)
    unknown = sorted(set(federal) - set(FEDERAL), key=int)
    if unknown:
        print(f"Fehler: Förderarten (Bund) ohne Zuordnung in FEDERAL: {', '.join(unknown)}", file=sys.stderr)
        return 1
    text = args.site.read_text(encoding="utf-8")
    new = block(federal, regional, catalogue_codes(args.katalog))
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", lambda _: new, text, flags=re.S)
    elif re.search(r"^import:", text, re.M):
        print("Fehler: site.yaml hat schon einen eigenen import:-Abschnitt ohne die Markierungen", file=sys.stderr)
        return 1
    else:
        text = text.rstrip("\n") + "\n" + new
    args.site.write_text(text, encoding="utf-8")
    print(f"{args.site}: {len(FEDERAL)} Förderarten (Bund), {len(REGIONAL)} (Land), {len(TOPIC_WORDS)} Themenregeln")
    return 0


if __name__ == "__main__":
    sys.exit(main())
