"""The command line: ``python build.py [build|validate|serve] ...`` (see DATA-CONTRACT.md).

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from . import __version__
from .options import UsageError, base_url, iso_date, program, source_dir
from .problems import ContentError, format_problems, markdown_summary

# Commands that live in their own module: each has add_arguments(parser) and run(args) -> int.
EXTENSIONS = {
    "init": "site_builder.starter",
    "new": "site_builder.scaffold",
    "schema": "site_builder.schema",
    "import": "site_builder.importers.command",
    "report": "site_builder.report",
    "owners": "site_builder.owners",
    "check-changes": "site_builder.changes",
    "check-links": "site_builder.linkcheck",
    "check-search": "site_builder.searchcheck",
    "cms": "site_builder.cms",
}
COMMANDS = ("build", "validate", "serve", *EXTENSIONS)



def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog=program(),
        description="Lotse baut aus YAML-Dateien einen statischen Weiterbildungsfinder.",
    )
    root.add_argument("--version", action="version", version=f"Lotse {__version__}")
    sub = root.add_subparsers(dest="command", metavar="BEFEHL")

    def source_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")

    b = sub.add_parser("build", help="prüfen, Seiten erzeugen, Suchindex bauen (Standard)")
    source_arg(b)
    b.add_argument("--out", type=Path, default=Path("_site"), metavar="DIR", help="Ausgabeordner (Standard: _site)")
    b.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag für die Veröffentlichungsregeln (JJJJ-MM-TT)")
    b.add_argument("--base-url", type=base_url, metavar="URL", help="öffentliche Adresse statt base_url aus site.yaml")
    b.add_argument("--no-index", action="store_true", help="ohne Suchindex (schneller, zum Ausprobieren)")
    b.add_argument("--quiet", "-q", action="store_true", help="nur Fehler ausgeben")

    v = sub.add_parser("validate", help="nur prüfen")
    source_arg(v)
    v.add_argument("--format", choices=("text", "github", "json"), default="text", help="Ausgabeformat (Standard: text)")
    v.add_argument(
        "--summary", type=Path, metavar="FILE",
        help="alle Fehler zusätzlich als Markdown-Tabelle an FILE anhängen (in GitHub Actions: \"$GITHUB_STEP_SUMMARY\")",
    )

    s = sub.add_parser("serve", help="bauen und lokal anzeigen")
    source_arg(s)
    s.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    s.add_argument("--out", type=Path, default=None, metavar="DIR", help="Ausgabeordner (Standard: ein temporärer)")
    s.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag (JJJJ-MM-TT)")
    for name, module_name in EXTENSIONS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        module.add_arguments(sub.add_parser(name, help=module.HELP))
    return root


def _check_out(source: Path, out: Path) -> Path:
    out = out.resolve()
    if out == source or out in source.parents or (out.exists() and not out.is_dir()):
        raise UsageError(f"Ausgabeordner {out} ist ungeeignet: er darf weder die Inhalte enthalten noch eine Datei sein")
    for protected in ("offers", "content", "templates", "site.yaml", ".git"):
        if out == source / protected:
            raise UsageError(f"Ausgabeordner {out} würde Inhalte überschreiben")
    return out


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build

    source = source_dir(args.source)
    out = _check_out(source, args.out)
    report = build(source, out, today=args.today, base_url=args.base_url, search_index=not args.no_index)
    if not args.quiet:
        steps = ", ".join(f"{name} {sec:.2f} s" for name, sec in report.seconds.items())
        if report.skipped:
            print(f"Nichts geändert: {out} bleibt, wie es war ({steps})")
        else:
            print(
                f"Fertig: {report.pages} Seiten, {report.offers} veröffentlichte Angebote, "
                f"{report.changed} von {report.files} Dateien neu → {out}  ({steps})"
            )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import check

    source = source_dir(args.source)
    try:
        check(source)
    except ContentError as error:
        problems = error.problems
    else:
        problems = []
    print(format_problems(problems, args.format))
    if args.summary is not None:
        try:
            with args.summary.open("a", encoding="utf-8") as summary:
                summary.write(markdown_summary(problems))
        except OSError as error:
            raise UsageError(f"Zusammenfassung nicht geschrieben ({args.summary}): {error.strerror or error}") from None
    return 1 if problems else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    source = source_dir(args.source)
    return serve(source, host=args.host, port=args.port, out=args.out, today=args.today)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handlers = {"build": cmd_build, "validate": cmd_validate, "serve": cmd_serve}
    handler = handlers.get(args.command) or importlib.import_module(EXTENSIONS[args.command]).run
    try:
        return handler(args)
    except UsageError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        print(format_problems(error.problems, "text"), file=sys.stderr)
        print("Nichts geschrieben: die Ausgabe bleibt, wie sie war.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
