"""Option types shared by the commands, so every command reads a date the same way."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(value: str) -> date:
    """An argparse type for JJJJ-MM-TT dates (``--today``)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"kein Datum im Format JJJJ-MM-TT: {value!r}") from None
