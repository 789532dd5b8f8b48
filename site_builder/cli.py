"""The command line: ``python build.py [build|validate|serve] ...`` (see DATA-CONTRACT.md).

Exit codes: 0 success, 1 content errors, 2 usage errors. No traceback reaches a user: an
unexpected error prints one German line and leaves a report file to send in
(``LOTSE_TRACEBACK=1`` shows the traceback instead, for development).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import platform
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import __version__
from .boundary import os_error_text
from .options import UsageError, base_url, cache_arguments, cache_folder, iso_date, port, program, source_dir
from .problems import ContentError, format_problems, markdown_summary, not_published_line, past_when_updated_line

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

# argparse's own messages, as an editor should read them.
_GERMAN_ERRORS = [
    (r"the following arguments are required: (.*)", r"diese Angaben fehlen: \1"),
    (r"unrecognized arguments: (.*)", r"unbekannte Angaben: \1"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ungültige Auswahl \1 (möglich: \2)"),
    (r"invalid \w+ value: (.*)", r"ungültiger Wert \1"),
    (r"expected one argument", "hier fehlt der Wert"),
    (r"expected (\d+) arguments", r"erwartet \1 Werte"),
    (r"not allowed with argument (.*)", r"nicht zusammen mit \1 erlaubt"),
    (r"ambiguous option: (\S+) could match (.*)", r"mehrdeutige Angabe \1 (passt zu \2)"),
    (r"^argument ([^:]+): ", r"\1: "),
]


class _GermanUsage(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: object, groups: object, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)  # type: ignore[arg-type]


class _Parser(argparse.ArgumentParser):
    """argparse with German errors (exit 2); sub-commands are made of the same class."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _GermanUsage)
        kwargs["add_help"] = False  # added below with German words
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "Befehle und Angaben"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="diese Hilfe zeigen")

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, german in _GERMAN_ERRORS:
            message = re.sub(pattern, german, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"Fehler: {message}\n")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``command``: the one that is run, whose extension alone is
    imported (``build`` beside Pagefind stays lean, see ``pipeline``), else all of them."""
    root = _Parser(
        prog=program(),
        description="Lotse baut aus YAML-Dateien einen statischen Weiterbildungsfinder.",
    )
    root.add_argument("--version", action="version", version=f"Lotse {__version__}", help="Version zeigen")
    sub = root.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle")

    def source_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")

    b = sub.add_parser("build", help="prüfen, Seiten erzeugen, Suchindex bauen (Standard)")
    source_arg(b)
    b.add_argument("--out", default="_site", metavar="DIR", help="Ausgabeordner: neu, leer oder eine frühere Ausgabe von Lotse (Standard: _site)")
    b.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag für die Veröffentlichungsregeln (JJJJ-MM-TT)")
    b.add_argument("--base-url", type=base_url, metavar="URL", help="öffentliche Adresse statt base_url aus site.yaml")
    b.add_argument("--no-index", action="store_true", help="ohne Suchindex (schneller, zum Ausprobieren)")
    b.add_argument("--quiet", "-q", action="store_true", help="nur Fehler ausgeben")
    cache_arguments(b)

    v = sub.add_parser("validate", help="nur prüfen")
    source_arg(v)
    v.add_argument("--format", choices=("text", "github", "json"), default="text", help="Ausgabeformat (Standard: text)")
    v.add_argument(
        "--summary", type=Path, metavar="FILE",
        help="alle Fehler zusätzlich als Markdown-Tabelle an FILE anhängen (in GitHub Actions: \"$GITHUB_STEP_SUMMARY\")",
    )
    cache_arguments(v)

    s = sub.add_parser("serve", help="bauen und lokal anzeigen")
    source_arg(s)
    s.add_argument("--host", default="127.0.0.1", help="Adresse (Standard: 127.0.0.1)")
    s.add_argument("--port", type=port, default=8000, help="Port (Standard: 8000)")
    s.add_argument("--out", default=None, metavar="DIR", help="Ausgabeordner (Standard: ein temporärer, im Arbeitsspeicher, wenn dort Platz ist)")
    s.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag (JJJJ-MM-TT)")
    cache_arguments(s)
    for name, module_name in EXTENSIONS.items():
        if command is not None and command != name:
            sub.add_parser(name)  # named among the choices; read only when it is run
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        module.add_arguments(sub.add_parser(name, help=module.HELP))
    return root


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build
    from .processes import terminate_as_interrupt
    from .write import output_dir

    source = source_dir(args.source)
    out = output_dir(source, args.out)
    with terminate_as_interrupt():
        report = build(
            source, out, today=args.today, base_url=args.base_url, search_index=not args.no_index, stored=cache_folder(args),
        )
    if not args.quiet:
        steps = ", ".join(f"{name} {sec:.2f} s" for name, sec in report.seconds.items())
        if report.skipped:
            print(f"Nichts geändert: {out} bleibt, wie es war ({steps})")
        else:
            print(
                f"Fertig: {report.pages} Seiten, {report.offers} veröffentlichte Angebote, "
                f"{report.changed} von {report.files} Dateien neu → {out}  ({steps})"
            )
        if report.past:  # known when the build rendered (not when its inputs were all as before)
            print(not_published_line(report.past))
        for note in report.notes:  # the same
            print(note.text())
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .model import past_offers
    from .notes import validation_notes
    from .pipeline import check, site_today

    source = source_dir(args.source)
    # A note, no error. Old offers end every day and may stay in the tree (the build counts
    # them); one whose dates were over before it was written or reviewed is a mistake.
    # Notes too: a programme an offer names although it visibly breaks the programme's course
    # rules (the offer keeps it: a published guide must not fail because a programme changed),
    # and a region that is not the one its postal code belongs to (a place at a border may be).
    past = []
    notes = None
    try:
        valid = check(source, stored=cache_folder(args))
    except ContentError as error:
        problems = error.problems
    else:
        problems = []
        today = site_today(source)
        past = past_offers(valid, today, over_when_updated=True)
        notes = validation_notes(source, valid, today)
    print(format_problems(problems, args.format, past, notes))
    if args.summary is not None:
        try:
            with args.summary.open("a", encoding="utf-8") as summary:
                summary.write(markdown_summary(problems) + (f"\nHinweis: {past_when_updated_line(past)}\n" if past else "")
                              + "".join(f"\n{note.text()}\n" for note in notes or ()))
        except OSError as error:
            raise UsageError(f"Zusammenfassung nicht geschrieben ({args.summary}): {error.strerror or error}") from None
    return 1 if problems else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    source = source_dir(args.source)
    out = None
    if args.out is not None:
        from .write import MARKER, marker_text, output_dir

        out = output_dir(source, args.out)
        out.mkdir(exist_ok=True)  # the preview writes into it directly: mark it as Lotse's now
        (out / MARKER).write_bytes(marker_text(out))
    return serve(source, host=args.host, port=args.port, out=out, today=args.today, stored=cache_folder(args))


# What people type for a command from other tools, and which command does that here.
_OTHER_NAMES = {
    "check": "validate", "lint": "validate", "test": "validate", "verify": "validate", "pruefen": "validate",
    "prüfen": "validate", "validieren": "validate", "preview": "serve", "watch": "serve", "dev": "serve",
    "vorschau": "serve", "start": "serve", "generate": "build", "bauen": "build", "neu": "new", "create": "new",
    "add": "new", "importieren": "import", "bericht": "report", "links": "check-links", "help": "--help",
    "hilfe": "--help",
}


def _unknown_command(word: str) -> str:
    """The line for a first word that is no command (every command's options begin with '-')."""
    import difflib

    meant = _OTHER_NAMES.get(word.casefold()) or next(iter(difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)), None)
    hint = f" – meinten Sie 'python build.py {meant}'?" if meant else "."
    return f"Fehler: unbekannter Befehl {word!r}{hint} Alle Befehle zeigt 'python build.py --help'."


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        print(_unknown_command(argv[0]), file=sys.stderr)
        return 2
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "build")
    try:
        return _run(argv)
    except KeyboardInterrupt as interrupt:
        from .processes import Terminated

        return 143 if isinstance(interrupt, Terminated) else 130  # as a shell reports SIGTERM, SIGINT
    except BrokenPipeError:  # the reader of our output went away (``validate | head``)
        _quiet_stdout()
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("LOTSE_TRACEBACK"):
            raise
        return _internal_error(error, argv)


# Failures of the machine, not of Lotse: a full disk, a quota, a read-only or failing disk,
# too many open files, a folder Lotse may not write. Named in one line, not reported as a bug.
_MACHINE = frozenset({
    errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EMFILE, errno.ENFILE, errno.EACCES, errno.EPERM,
})


def _run(argv: list[str]) -> int:
    try:
        args = parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
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
    except OSError as error:
        if error.errno not in _MACHINE:
            raise
        building = args.command == "build"
        # A write without a file name is one of the output's files (the other writes name theirs).
        where = f" ({error.filename})" if error.filename else f" (beim Schreiben nach {args.out})" if building else ""
        outcome = "nichts wurde veröffentlicht, die Ausgabe bleibt, wie sie war" if building else "abgebrochen"
        print(f"Fehler: {os_error_text(error)}{where}; {outcome}.", file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _internal_error(error: BaseException, argv: list[str]) -> int:
    """One German line and a report file with what a developer needs (never shown to the user:
    a traceback may quote content)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    report = Path(tempfile.gettempdir()) / f"lotse-fehlerbericht-{stamp}-{os.getpid()}.txt"
    text = (
        f"Lotse {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
        f"Aufruf: {argv!r}\nOrdner: {os.getcwd()}\n\n"
        + "".join(traceback.format_exception(error))
    )
    try:
        report.write_text(text, encoding="utf-8")
        where = f" mit dem Bericht {report}"
    except OSError:
        where = ""
    print(
        f"Interner Fehler in Lotse ({type(error).__name__}): nichts wurde veröffentlicht. "
        f"Bitte melden Sie den Fehler{where}.",
        file=sys.stderr,
    )
    return 1
