"""``python build.py import openqcat|openvhs FILE --provider ID``: the command line of the import.

Exit codes: 0 imported (skipped courses and listed problems included), 1 the import was
refused and nothing written, 2 usage errors.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..options import iso_date, program
from .common import ImportFailure

if TYPE_CHECKING:
    from .engine import Report

HELP = "Kurse aus einem open-Qcat- (KURSNET) oder Open-vhs-Katalog als Angebote übernehmen"



def _id(value: str) -> str:
    if len(value) > 80 or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise argparse.ArgumentTypeError(f"keine gültige Id (a–z, 0–9, einzelne Bindestriche): {value!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Übernimmt die Kurse eines Anbieters aus seinem Katalog nach offers/<Anbieter>/ (siehe docs/import.md)."
    )
    parser.add_argument(
        "format",
        choices=("openqcat", "openvhs"),
        help="Katalogformat: openqcat (KURSNET, mein NOW) oder openvhs (vhs-Kursfinder)",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="die XML-Datei des Katalogs")
    parser.add_argument(
        "--provider",
        type=_id,
        required=True,
        metavar="ID",
        help="Id des Anbieters; fehlt content/providers/<ID>.yaml, wird sie angelegt",
    )
    parser.add_argument(
        "--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)"
    )
    parser.add_argument(
        "--topic", type=_id, metavar="ID", help="Thema für Kurse, die keine Regel unter import.topics einordnet"
    )
    parser.add_argument(
        "--retire",
        action="store_true",
        help="Angebote, die nicht mehr im Katalog stehen, mit expires zum Stichtag ausmustern",
    )
    parser.add_argument("--dry-run", action="store_true", help="nur berichten, nichts schreiben")
    parser.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag (JJJJ-MM-TT); Standard: heute")
    parser.add_argument(
        "--codelists",
        type=Path,
        metavar="DIR",
        help="Ordner mit den Wertebereichen der BA (*.dat) für die Bezeichnungen von Codes",
    )


def run(args: argparse.Namespace) -> int:
    for path, what in (
        (args.file, "Datei"),
        (args.source, "Inhaltsverzeichnis"),
        (args.codelists, "Ordner --codelists"),
    ):
        if path is not None and not (path.is_dir() if what != "Datei" else path.is_file()):
            print(f"Fehler: {what} nicht gefunden: {path}", file=sys.stderr)
            return 2
    try:
        # Imported here so that `build.py --help` lists the command even where defusedxml is missing.
        from .engine import run_import
    except ModuleNotFoundError as missing:
        print(f"Fehler: für den Import fehlt das Paket {missing.name} (pip install {missing.name})", file=sys.stderr)
        return 2
    try:
        report = run_import(
            args.format,
            args.file,
            args.provider,
            args.source,
            topic=args.topic,
            retire=args.retire,
            dry_run=args.dry_run,
            today=args.today,
            codelists=args.codelists,
        )
    except ImportFailure as failure:
        print(f"Import abgebrochen: {failure.message}", file=sys.stderr)
        for line in failure.details:
            print(f"  {line}", file=sys.stderr)
        print("Nichts geschrieben.", file=sys.stderr)
        return 1
    print(render(report, args.file.name, args.dry_run))
    return 0


def render(report: Report, filename: str, dry_run: bool) -> str:
    catalog = report.catalog
    kind = "vollständige Lieferung" if catalog.full else "Änderungslieferung"
    when = f" vom {catalog.date.isoformat()}" if catalog.date else ""
    lines = [f"Import aus {catalog.label}: {filename} ({kind}{when}) für Anbieter {report.provider}"]
    if report.codelists:
        lines.append(f"Wertebereiche gelesen: {', '.join(report.codelists)}")
    titles = {c.key: c.title for c in catalog.courses}

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"\n{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)

    named = catalog.key_name
    for planned_kind, title in (("Anbieter", "Anbieter angelegt"), ("neu", "Neu"), ("geändert", "Geändert")):
        section(
            title,
            [
                f"{p.relpath}" + (f"  ← {named} {p.key} „{titles.get(p.key, '')}“" if p.key else "")
                for p in report.planned
                if p.kind == planned_kind
            ],
        )
    section("Übersprungen", [f"{named} {key} „{title}“: {reason}" for key, title, reason in report.skipped])
    section("Nicht mehr im Katalog", [f"{named} {key}: {path}: {state}" for key, path, state in report.left])
    unmapped = [
        f"{u.kind} {u.code}"
        + (f" „{u.meaning}“" if u.meaning else "")
        + f" ({n} Kurs{'e' if n != 1 else ''}): {u.hint}"
        for u, n in report.unmapped
    ]
    section("Probleme", report.problems + unmapped)
    if report.other_problems:
        lines.append(
            f"\nHinweis: {report.other_problems} Fehler in Dateien, die der Import nicht berührt; siehe {program()} validate"
        )
    lines.append("\n" + report.summary())
    if dry_run:
        lines.append("Probelauf (--dry-run): nichts geschrieben.")
    return "\n".join(lines)
