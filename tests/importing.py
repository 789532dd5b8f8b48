"""What the import tests share: a copy of the import fixture guide, one import run through the
command line (no traceback, whatever the outcome), and an offer file read back as data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.cli import main

from .conftest import FIXTURES

TODAY = "2026-12-01"


def import_tree(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/import-site to import into."""
    return Path(shutil.copytree(FIXTURES / "import-site", tmp_path / "src"))


def run_import(capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, file: Path, *extra: str, today: str = TODAY) -> tuple[int, str]:
    """``import FMT FILE`` into ``tree`` (report beside it): the exit code and what it printed."""
    code = main(["import", fmt, str(file), "--source", str(tree), "--today", today, "--report-dir", str(tree.parent / "berichte"), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def read_offer(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def offer_in(tree: Path, relpath: str) -> dict[str, Any]:
    """The offer file at ``relpath`` in ``tree``, read."""
    return read_offer(tree / relpath)
