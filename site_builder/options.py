"""Options shared by the commands, so every command reads a date and a folder the same way."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


class UsageError(Exception):
    """A wrong call (exit 2), as opposed to wrong content (exit 1)."""


def source_dir(path: Path) -> Path:
    """The content tree given with --source, resolved; a usage error when it is missing."""
    if not path.is_dir():
        raise UsageError(f"Inhaltsverzeichnis nicht gefunden: {path}")
    return path.resolve()


def iso_date(value: str) -> date:
    """An argparse type for JJJJ-MM-TT dates (``--today``)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"kein Datum im Format JJJJ-MM-TT: {value!r}") from None


def absolute_url(value: str) -> str:
    """An argparse type for a site's public address (``--base-url``), with its final slash."""
    if not value.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"keine absolute http(s)-Adresse: {value!r}")
    return value if value.endswith("/") else value + "/"
