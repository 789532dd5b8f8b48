"""Options shared by the commands, so every command reads a date and a folder the same way."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import tempfile
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
    """An argparse type for JJJJ-MM-TT dates (``--today``): exactly that form (not 20261203,
    not 2026-W49-4, which ``date.fromisoformat`` takes too), a real day, within the span the
    content's dates are checked against."""
    from .records import date_problem

    problem = date_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem}: {value!r}")
    return date.fromisoformat(value)


def port(value: str) -> int:
    """An argparse type for ``--port``: 0 (any free port) to 65535."""
    if not re.fullmatch(r"\d{1,5}", value.strip()) or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"kein Port (0 bis 65535): {value!r}")
    return int(value)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_dir(source: Path, value: str) -> Path:
    """The output folder of ``--out``, resolved, or a usage error; nothing is deleted here.

    A build replaces its output folder as a whole, so it must be a new or empty folder or a
    previous Lotse output (``write.is_output``); never the current folder, the content tree,
    a folder Lotse reads from (content/, offers/, templates/), ``/`` – an unset variable in a
    workflow (``--out "$OUT"``) must not replace the working copy.
    """
    from .render import BUILTIN_TEMPLATES
    from .write import is_output

    if not value.strip():
        raise UsageError('leerer Ausgabeordner (--out ""): ist eine Variable nicht gesetzt? Bitte einen Ordner angeben, z. B. --out _site')
    if "\0" in value:
        raise UsageError(f"Ausgabeordner {value!r} enthält ein Nullzeichen")
    try:
        out = Path(value).resolve()
        cwd = Path.cwd().resolve()
    except (OSError, RuntimeError) as error:
        raise UsageError(f"Ausgabeordner {value} lässt sich nicht auflösen: {_os_text(error)}") from None
    refuse = f"Ausgabeordner {out} ist ungeeignet"
    if out == Path(out.anchor):
        raise UsageError(f"{refuse}: das Wurzelverzeichnis wird nie ersetzt")
    if _inside(cwd, out):
        raise UsageError(f"{refuse}: es ist der aktuelle Ordner oder enthält ihn; ein Build ersetzt seinen Ausgabeordner vollständig")
    if _inside(source, out):
        raise UsageError(f"{refuse}: er darf die Inhalte nicht enthalten")
    for protected in ("content", "offers", "templates", ".git"):
        if _inside(out, source / protected):
            raise UsageError(f"{refuse}: er liegt in {protected}/, wo Lotse liest; bitte z. B. --out _site verwenden")
    lotse = BUILTIN_TEMPLATES.parent
    if _inside(out, lotse / "site_builder") or _inside(out, BUILTIN_TEMPLATES):
        raise UsageError(f"{refuse}: er liegt in Lotse selbst")
    if len(os.fsencode(str(out))) > 3800 or any(len(os.fsencode(part)) > 235 for part in out.parts):
        raise UsageError(f"{refuse}: der Pfad oder ein Name darin ist zu lang")
    try:
        existing = next((p for p in (out, *out.parents) if os.path.lexists(p)), None)
        if existing is not None and existing != out and not existing.is_dir():
            raise UsageError(f"{refuse}: {existing} ist eine Datei, kein Ordner")
        if os.path.lexists(out):
            if not out.is_dir():
                raise UsageError(f"{refuse}: es ist eine Datei, kein Ordner")
            if not is_output(out) and any(out.iterdir()):
                raise UsageError(
                    f"{refuse}: er enthält Dateien und ist keine frühere Ausgabe von Lotse; ein Build würde sie "
                    "löschen. Bitte einen neuen oder leeren Ordner angeben (nichts wurde verändert)"
                )
    except OSError as error:
        raise UsageError(f"{refuse}: {_os_text(error)}") from None
    _writable(out, refuse)
    return out


def _writable(out: Path, refuse: str) -> None:
    """Make sure the build can create its temporary folder beside ``out`` (and the folders
    above it), so that a path below /proc, on a read-only disk or with too long a name is a
    usage error now, not a traceback after rendering."""
    name_max = 255
    with contextlib.suppress(OSError, ValueError, StopIteration):
        name_max = os.pathconf(next(p for p in out.parents if p.exists()), "PC_NAME_MAX")
    # The build stages into ".<name>.tmp-<pid>" beside the folder.
    if len(os.fsencode(out.name)) + 20 > name_max:
        raise UsageError(f"{refuse}: der Name ist zu lang (höchstens {name_max - 20} Zeichen)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=f".{out.name}.probe-", dir=out.parent)
        os.rmdir(probe)
    except OSError as error:
        raise UsageError(f"{refuse}: er kann nicht angelegt werden ({_os_text(error)})") from None


def _os_text(error: BaseException) -> str:
    from .boundary import os_error_text

    return os_error_text(error) if isinstance(error, OSError) else "Schleife symbolischer Links"
