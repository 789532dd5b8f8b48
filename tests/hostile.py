"""Shared by the tests of hostile input: a fake credential, and how to run and compare."""

from __future__ import annotations

import contextlib
import hashlib
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from site_builder.cli import main

TOKEN = "ghp_FAKE0TOKEN0lotse0hardening0123456789"
OFFERS = Path("offers") / "akademie"
# Words of libyaml's and argparse's English messages: none may reach an editor.
ENGLISH = re.compile(r"\b(found|expected|while|scanning|parsing|could not|did not|character|error)\b", re.I)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The command line in this process: exit code, and what it printed (stdout and stderr)."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def digest(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's hash and modification time: "untouched" means both."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def files_holding(folder: Path, text: str) -> list[str]:
    """Files (not links) below ``folder`` whose bytes contain ``text``."""
    return [p.as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and text.encode() in p.read_bytes()]


def _timeout(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError("Lotse hing an einer Eingabe")


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """A hang (a FIFO read, an endless loop) fails the test instead of the whole run."""
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
