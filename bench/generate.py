"""Generate a contract-valid content tree with N synthetic offers, deterministically.

    python bench/generate.py 10000 /tmp/guide-10k

Taxonomies, providers, advisory points, pages and site.yaml come from the sample guide (its
frozen copy in tests/fixtures/sample, so the numbers do not move when editors change the live
sample); the offers are varied copies of the sample's offers (new ids, shuffled dates, places, prices), so
each page is as heavy as a real one.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample"
CITIES = {
    "stuttgart": [("70173", "Stuttgart"), ("70372", "Stuttgart-Bad Cannstatt"), ("70563", "Stuttgart-Vaihingen")],
    "boeblingen": [("71032", "Böblingen"), ("71063", "Sindelfingen"), ("71229", "Leonberg")],
    "esslingen": [("73728", "Esslingen am Neckar"), ("72622", "Nürtingen"), ("73230", "Kirchheim unter Teck")],
    "goeppingen": [("73033", "Göppingen"), ("73312", "Geislingen an der Steige"), ("73061", "Ebersbach an der Fils")],
    "ludwigsburg": [("71634", "Ludwigsburg"), ("74321", "Bietigheim-Bissingen"), ("71679", "Asperg")],
    "rems-murr-kreis": [("71332", "Waiblingen"), ("71522", "Backnang"), ("73614", "Schorndorf")],
}
FILLER = [
    "praxisnah", "kompakt", "berufsbegleitend", "modular", "persönlich", "betreut", "kleine", "Gruppe",
    "moderne", "Ausstattung", "erfahrene", "Dozenten", "Übungen", "Fallbeispiele", "Prüfungsvorbereitung",
    "Lernplattform", "Skript", "Zertifikat", "Werkstatt", "Labor", "Projektarbeit", "Abendkurs",
    "Wochenende", "Blockunterricht", "Einzelcoaching", "Teamarbeit",
]
STREETS = ["Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Neckarstraße", "Schillerstraße", "Gartenstraße", "Industriestraße"]


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)


def variant(base: dict, n: int, rng: random.Random, start: date) -> dict:
    offer = {k: v for k, v in base.items() if k not in ("draft", "expires")}
    offer["title"] = f"{base['title']} ({n})"[:160]
    # A sentence of its own per offer, so no two descriptions are the same text.
    words = rng.sample(FILLER, 8)
    offer["description"] = f"{base['description']}\n\nDurchführung Nr. {n}: {' '.join(words)}.\n"
    if offer["format"] != "online" or "location" in offer:
        region = rng.choice(sorted(CITIES))
        postal, city = rng.choice(CITIES[region])
        offer["location"] = {"street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}", "postal_code": postal, "city": city, "region": region}
    if base.get("on_demand") and not base.get("dates"):
        offer.pop("dates", None)
    else:
        dates = []
        first = start + timedelta(days=rng.randint(0, 360))
        for i in range(rng.randint(1, 4)):
            begin = first + timedelta(days=35 * i)
            entry = {"start": begin.isoformat(), "end": (begin + timedelta(days=rng.choice([0, 1, 4, 11]))).isoformat()}
            if rng.random() < 0.5:
                entry["time"] = rng.choice(["08:30-16:00", "09:00-17:00", "18:00-21:15"])
            if rng.random() < 0.3:
                entry["seats_available"] = rng.randint(0, 12)
            dates.append(entry)
        offer["dates"] = dates
    offer["price"] = {"amount": rng.choice([0, 89, 249.5, 490, 890, 1290, 2450, 4800])}
    offer["updated"] = (start - timedelta(days=rng.randint(1, 300))).isoformat()
    return offer


def generate(count: int, target: Path, seed: int = 7, start: date = date(2026, 12, 1)) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(SAMPLE / "site.yaml", target / "site.yaml")
    shutil.copytree(SAMPLE / "content", target / "content")
    bases = [load(p) for p in sorted((SAMPLE / "offers").rglob("*.yaml"))]
    bases = [b for b in bases if not b.get("draft")]
    rng = random.Random(seed)
    for n in range(count):
        base = bases[n % len(bases)]
        folder = target / "offers" / base["provider"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"angebot-{n:05d}.yaml").write_text(dump(variant(base, n, rng, start)), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.count, args.target, args.seed)
    print(f"{args.count} Angebote in {args.target}")


if __name__ == "__main__":
    main()
