"""Options shared by the commands, so every command reads a date and a folder the same way."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from . import contentcache
from .german import date_problem
from .layout import PLACES
from .urls import base_url_problem


class UsageError(Exception):
    """A wrong call (exit 2), as opposed to wrong content (exit 1)."""


def source_dir(path: Path) -> Path:
    """The content tree given with --source, resolved; a usage error when it is missing or
    holds no guide at all (no site.yaml, no content/, no offers/: called in the wrong folder).
    A guide that lacks only its site.yaml is content with an error, reported as such."""
    if not path.is_dir():
        raise UsageError(f"Inhaltsverzeichnis nicht gefunden: {path}")
    resolved = path.resolve()
    if not any(os.path.lexists(resolved / place.split("/", 1)[0]) for place in PLACES.values()):
        raise UsageError(
            f"hier ist kein Weiterbildungsfinder: keine {PLACES['site']} in {resolved}; bitte im Ordner des Finders aufrufen"
            f" oder ihn mit --source DIR angeben (einen neuen legt '{program()} init DIR' an)"
        )
    return resolved


def iso_date(value: str) -> date:
    """An argparse type for JJJJ-MM-TT dates (``--today``): exactly that form (not 20261203,
    not 2026-W49-4, which ``date.fromisoformat`` takes too), a real day, within the span the
    content's dates are checked against."""
    problem = date_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem}: {value!r}")
    return date.fromisoformat(value)


def port(value: str) -> int:
    """An argparse type for ``--port``: 0 (any free port) to 65535."""
    if not re.fullmatch(r"\d{1,5}", value.strip()) or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"kein Port (0 bis 65535): {value!r}")
    return int(value)


def program() -> str:
    """How the user called Lotse, for usage lines and hints: ``python build.py`` in a checkout
    of the engine, ``lotse`` for the installed command (and ``python -m site_builder``)."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "lotse"


def base_url(value: str) -> str:
    """An argparse type for a site's public address (``--base-url``), with its final slash."""
    problem = base_url_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{value!r} {problem}")
    return value if value.endswith("/") else value + "/"


def cache_arguments(parser: argparse.ArgumentParser) -> None:
    """``--cache DIR`` and ``--no-cache``, for the commands that read the content tree as
    ``validate`` does (``pipeline.check``)."""
    parser.add_argument(
        "--cache", type=Path, metavar="DIR",
        help=f"Zwischenspeicher für gelesene Dateien (Standard: ${contentcache.ENV}, sonst ~/.cache/lotse)",
    )
    parser.add_argument("--no-cache", action="store_true", help="ohne Zwischenspeicher: jede Datei neu lesen")


def cache_folder(args: argparse.Namespace) -> Path | None:
    """Where a command given ``cache_arguments`` keeps what it read (``contentcache``), or None."""
    if args.no_cache:
        return None
    return args.cache if args.cache is not None else contentcache.default_folder()
