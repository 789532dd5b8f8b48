"""``python build.py import openqcat|openvhs|bawbsuche|tabelle FILE``, ``import vorlage FILE``
and ``import feeds``: the command line of the import.

Exit codes: 0 imported (skipped courses and listed problems included), 1 the import was
refused and nothing written, 2 usage errors.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..german import date_short
from ..options import iso_date, program
from .common import ImportFailure

if TYPE_CHECKING:
    from .engine import Report

HELP = "Kurse aus KURSNET (open-Qcat), Open-vhs, der BA-Kurssuche oder einer Tabelle als Angebote übernehmen"
FORMATS = ("openqcat", "openvhs", "bawbsuche", "tabelle")


def default_report_dir() -> Path:
    """Reports are a run's output, not content: outside the tree, so a re-import changes nothing there."""
    return Path(tempfile.gettempdir()) / "lotse-import-berichte"



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
        choices=(*FORMATS, "vorlage", "feeds"),
        help="openqcat (KURSNET, mein NOW), openvhs (vhs-Kursfinder), bawbsuche (JSON der BA-Kurssuche), "
        "tabelle (.xlsx/.csv/.tsv nach der Vorlage); vorlage schreibt die Tabellenvorlage nach FILE; "
        "feeds holt die Kataloge aus site.yaml (import.feeds) und übernimmt sie",
    )
    parser.add_argument("file", type=Path, metavar="FILE", nargs="?", help="die Datei des Katalogs (bei vorlage: die neue Vorlage)")
    parser.add_argument(
        "--provider",
        type=_id,
        metavar="ID",
        help="Id des Anbieters; ohne sie der Anbieter, den die Datei nennt (bei bawbsuche der jedes Kurses); fehlt content/providers/<ID>.yaml, wird sie angelegt",
    )
    parser.add_argument(
        "--report-dir",
        type=Path,
        metavar="DIR",
        help="Ordner für den Bericht (Markdown und JSON); Standard: lotse-import-berichte im temporären Ordner",
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
    if args.format == "vorlage":
        return _template(args)
    if args.format == "feeds":
        from .feeds import run_feeds

        return run_feeds(args)
    if args.file is None:
        print("Fehler: FILE fehlt (die Datei des Katalogs)", file=sys.stderr)
        return 2
    for path, what in (
        (args.file, "Datei"),
        (args.source, "Inhaltsverzeichnis"),
        (args.codelists, "Ordner --codelists"),
    ):
        if path is not None and not (path.is_dir() if what != "Datei" else path.is_file()):
            print(f"Fehler: {what} nicht gefunden: {path}", file=sys.stderr)
            return 2
    return import_file(args, args.file, args.file.name, fmt=args.format, provider=args.provider, topic=args.topic)


def import_file(args: argparse.Namespace, file: Path, name: str, *, fmt: str, provider: str | None, topic: str | None) -> int:
    """One import with the command's options; prints the report and writes its files."""
    try:
        # Imported here so that `build.py --help` lists the command even where defusedxml is missing.
        from . import reportfile
        from .engine import run_import
    except ModuleNotFoundError as missing:
        print(f"Fehler: für den Import fehlt das Paket {missing.name} (pip install {missing.name})", file=sys.stderr)
        return 2
    try:
        report = run_import(
            fmt,
            file,
            provider,
            args.source,
            topic=topic,
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
    print(render(report, name, args.dry_run))
    folder = args.report_dir or default_report_dir()
    written = reportfile.write(report, name, folder, args.dry_run)
    print("Bericht: " + ", ".join(str(p) for p in written))
    return 0


def _template(args: argparse.Namespace) -> int:
    if args.file is None or args.file.suffix.lower() not in (".xlsx", ".csv"):
        print("Fehler: import vorlage DATEI.xlsx oder DATEI.csv", file=sys.stderr)
        return 2
    try:
        from .spreadsheet import write_template

        write_template(args.file, args.source)
    except ImportFailure as failure:
        print(f"Fehler: {failure.message}", file=sys.stderr)
        for line in failure.details:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"Vorlage geschrieben: {args.file}")
    return 0


def render(report: Report, filename: str, dry_run: bool) -> str:
    from .reportfile import past_dates_line

    catalog = report.catalog
    kind = catalog.kind
    when = f" vom {date_short(catalog.date)}" if catalog.date else ""
    who = f"Anbieter {report.provider}" if report.provider else f"Anbieter {', '.join(report.providers) or '–'}"
    lines = [f"Import aus {catalog.label}: {filename} ({kind}{when}) für {who}"]
    if report.codelists:
        lines.append(f"Wertebereiche gelesen: {', '.join(report.codelists)}")
    titles = {c.key: c.title for c in report.courses} | {c.key: c.title for c in catalog.courses}

    def section(title: str, items: list[str]) -> None:
        if items:
            lines.append(f"\n{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)

    named = catalog.key_name
    for planned_kind, title in (
        ("Anbieter", "Anbieter angelegt"),
        ("Anbieter aktualisiert", "Anbieter aktualisiert"),
        ("neu", "Neu"),
        ("geändert", "Geändert"),
    ):
        section(
            title,
            [
                f"{p.relpath}" + (f"  ← {named} {p.key} „{titles.get(p.key, '')}“" if p.key else "")
                for p in report.planned
                if p.kind == planned_kind
            ],
        )
    section("Übersprungen", [f"{named} {key} „{title}“: {reason}" for key, title, reason in report.skipped])
    skipped_dates = []
    for c in (c for c in report.courses if c.state != "übersprungen"):
        skipped_dates += [f"{named} {c.key}, Termin {d.refs}: {d.reason}" for d in c.dates if d.state == "übersprungen" and not d.past]
        past = sum(1 for d in c.dates if d.past)
        if past:
            skipped_dates.append(f"{named} {c.key}: {past_dates_line(past, report.today)}")
    section("Termine übersprungen", skipped_dates)
    section("Nicht mehr im Katalog", [f"{named} {key}: {path}: {state}" for key, path, state in report.left])
    section("Für den Anbieter", [f"{named} {c.key}: {f.text}" for c, f in report.for_provider()])
    section("Für die Redaktion", report.for_editors())
    section("Probleme", report.problems)
    if report.other_problems:
        lines.append(
            f"\nHinweis: {report.other_problems} Fehler in Dateien, die der Import nicht berührt; siehe {program()} validate"
        )
    lines.append("\n" + report.summary())
    if dry_run:
        lines.append("Probelauf (--dry-run): nichts geschrieben.")
    return "\n".join(lines)
