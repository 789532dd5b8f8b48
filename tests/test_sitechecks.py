"""The commands CI runs on a built site: `check-links`, `check-search`, and `validate --summary`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder import searchcheck
from site_builder.cli import main
from site_builder.pipeline import build

from .conftest import FIXTURES, TODAY, copy_tree

BASE = "https://example.org/weiterbildung/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal guide with its search index, built for a sub-path."""
    root = tmp_path_factory.mktemp("checks")
    tree = copy_tree(root / "src", FIXTURES / "minimal")
    build(tree, root / "site", today=TODAY, base_url=BASE)
    return root / "site"


@pytest.fixture
def site(built: Path, tmp_path: Path) -> Path:
    """A copy to spoil."""
    return Path(shutil.copytree(built, tmp_path / "site"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_links_of_a_built_site_lead_somewhere(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check-links", "--out", str(built))
    assert code == 0 and out.startswith("Alle Links in Ordnung (") and "Seiten geprüft)" in out


def test_broken_links_and_anchors_are_named(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = site / "angebote" / "excel-kompakt" / "index.html"
    text = page.read_text(encoding="utf-8")
    spoilt = text.replace(
        "</main>",
        '<a href="/weiterbildung/angebote/gibt-es-nicht/">x</a><a href="../python-online/#nirgends">y</a>'
        '<a href="/anderswo/">z</a><a href="https://example.org/weiterbildung/themen/fehlt/">w</a>'
        '<a href="https://andere.example/">ok</a><a href="mailto:a@example.org">ok</a><a href="#beschreibung">ok</a></main>',
    )
    assert spoilt != text
    page.write_text(spoilt, encoding="utf-8")
    code, out = run(capsys, "check-links", "--out", str(site))
    assert code == 1
    assert out.splitlines() == [
        "angebote/excel-kompakt/index.html: Link /weiterbildung/angebote/gibt-es-nicht/ führt ins Leere (keine Datei angebote/gibt-es-nicht/index.html)",
        "angebote/excel-kompakt/index.html: Link ../python-online/#nirgends: den Anker #nirgends gibt es auf der Zielseite nicht",
        "angebote/excel-kompakt/index.html: Link /anderswo/ liegt außerhalb der Website (/weiterbildung/)",
        "angebote/excel-kompakt/index.html: Link https://example.org/weiterbildung/themen/fehlt/ führt ins Leere (keine Datei themen/fehlt/index.html)",
        f"4 kaputte Links in {out.split(' in ')[-1].split()[0]} Seiten.",
    ]


def test_check_links_needs_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check-links", "--out", str(tmp_path))
    assert code == 2 and "ist keine gebaute Website" in out


@pytest.mark.skipif(searchcheck.node() is None, reason="Node.js ab Version 18 fehlt: keine Probesuche möglich")
def test_the_search_finds_offers_by_their_titles(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check-search", "--out", str(built))
    assert code == 0
    assert out.splitlines()[0].startswith("Suchindex: ") and "Sprache de." in out
    assert "Suche nach „Excel kompakt“: " in out and out.rstrip().endswith("Suche in Ordnung.")
    code, out = run(capsys, "check-search", "--out", str(built), "--query", "Schweißen", "--query", "Quittenbrot")
    assert code == 1
    assert "Suche nach „Schweißen“: " in out and "Fehler: die Suche nach „Quittenbrot“ findet nichts" in out


def test_a_page_missing_from_the_index_fails(site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    extra = site / "angebote" / "nachgereicht" / "index.html"
    extra.parent.mkdir()
    extra.write_text('<!DOCTYPE html><html lang="de"><body><main data-pagefind-body><h1>Nachgereicht</h1></main></body></html>')
    monkeypatch.setattr(searchcheck, "node", lambda: None)
    code, out = run(capsys, "check-search", "--out", str(site))
    assert code == 1
    assert "Node.js (ab Version 18) fehlt: keine Probesuche, nur die Vollständigkeit des Index geprüft." in out
    assert "Fehler: der Suchindex enthält " in out and "markiert sind " in out


def test_a_site_without_index_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(site / "pagefind")
    code, out = run(capsys, "check-search", "--out", str(site))
    assert code == 2 and "kein Suchindex" in out


def test_validate_writes_every_error_into_the_job_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "t", FIXTURES / "minimal", *(FIXTURES / "invalid" / c for c in ("bad-values", "wrong-type", "missing-field")))
    summary = tmp_path / "summary.md"
    summary.write_text("vorher\n", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(tree), "--format", "github", "--summary", str(summary))
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert code == 1 and len(annotations) > 10
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("vorher\n### Lotse: ")  # appended, as GitHub's summary file wants
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(annotations)
    assert "GitHub zeigt unter „Files changed“ nur die ersten 10 als Anmerkung; hier stehen alle." in text
    code, _ = run(capsys, "validate", "--source", str(FIXTURES / "minimal"), "--summary", str(summary))
    assert code == 0 and summary.read_text(encoding="utf-8").endswith("### Lotse: Inhalte geprüft\n\nKeine Fehler gefunden.\n")


@pytest.mark.skipif(searchcheck.node() is None, reason="Node.js ab Version 18 fehlt: keine Probesuche möglich")
def test_the_search_runs_where_node_takes_a_js_file_for_commonjs(built: Path) -> None:
    """Debian 12's Node.js 18, which setup.sh installs on a fresh machine, reads a ``.js`` file
    outside a ``"type": "module"`` package as CommonJS, and Pagefind's pagefind.js is an ES
    module (``import.meta``): importing it by its path failed there. Newer Node.js guesses the
    kind from the syntax; ``--no-experimental-detect-module`` turns that off as in Node 18."""
    runner = searchcheck.node()
    assert runner is not None
    takes_flag = subprocess.run([runner, "--no-experimental-detect-module", "-e", ""], capture_output=True).returncode == 0
    flags = ["--no-experimental-detect-module"] if takes_flag else []
    done = subprocess.run(
        [runner, *flags, str(searchcheck.SCRIPT), str(built / "pagefind"), "de", "/weiterbildung/", "Excel"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["Excel"]
    assert found["count"] >= 1 and "/weiterbildung/angebote/excel-kompakt/" in found["urls"]
