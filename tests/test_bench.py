"""The benchmarks' smoke runs (N = 50): they must run end to end and print their tables."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_benchmark_smoke_run_prints_the_table(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--work", str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=300,
    )
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Rechner: ")
    assert lines[1].startswith("| Angebote | Lotse HTML s |")
    row = [cell.strip() for cell in lines[3].strip("|").split("|")]
    assert row[0] == "50"
    assert float(row[1]) > 0 and float(row[2]) > 0
    header = [cell.strip() for cell in lines[1].strip("|").split("|")]
    assert "(!)" not in row[header.index("ohne Änderung s")], "ein Neubau ohne Änderung hat Dateien angefasst"
    first = row[header.index("Vorschau: erste Änderung, nach / während der Seiten des Starts s")]
    assert all(float(part) > 0 for part in first.split(" / ")), first
    for column in ("Vorschau: 1 Angebot s", "Vorschau: 3 schnelle Saves s", "Vorschau: Anbietername, geöffnete Seite s",
                   "Vorschau: Save während Katalog & API s"):
        assert float(row[header.index(column)]) > 0, column
    during = row[header.index("Vorschau, während der Suchindex läuft: 1 Angebot / kleiner Anbieter s")]
    assert all(float(part) > 0 for part in during.split(" / ")), during
    if "–" not in row[header.index("Hugo s")]:  # Hugo is installed: both twins were measured too
        assert float(row[header.index("Ausgabe Hugo MiB")]) > 0
        assert float(row[header.index("gesamt Lotse/schlank+PF")]) > 0


@pytest.mark.slow
def test_revision_comparison_builds_an_exported_commit_and_the_working_tree_on_one_guide(tmp_path) -> None:
    usable = shutil.which("git") is not None and (ROOT / ".git").exists() and subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "HEAD"], capture_output=True
    ).returncode == 0
    if not usable:
        pytest.skip("bench/compare.py exportiert Stände mit git archive: hier kein nutzbares Git-Repository")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "compare.py"), "HEAD", "--smoke", "--work", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("Rechner: ") and "50 erzeugte Angebote, ohne Suchindex" in lines[0]
    header = [cell.strip() for cell in lines[1].strip("|").split("|")]
    rows = [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True)) for line in lines[3:]]
    head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h"], capture_output=True, text=True, check=True)
    assert [r["Stand"].split()[0] for r in rows] == [head.stdout.strip(), "Arbeitsstand"]
    for r in rows:
        assert int(r["Seiten"]) > 50 and int(r["Dateien"]) > int(r["Seiten"])
        assert float(r["Wand s (Median; alle Läufe)"].split()[0]) > 0 and float(r["erzeugen ms je Seite"]) > 0
    assert rows[1]["Wand / Arbeitsstand"] == "1.00"
    assert not list(tmp_path.iterdir()), "der Vergleich hat Stände oder Ausgaben liegen lassen"


@pytest.mark.browser
def test_browser_benchmark_smoke_run_times_saves_until_the_browser_shows_them(tmp_path) -> None:
    guide = tmp_path / "guide"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "60", str(guide)], check=True, capture_output=True, timeout=120)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "browser.py"), str(guide), "--repeat", "1", "--pause", "0.5", "--small-provider", "5"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line}
    assert float(rows["Titel eines Angebots, seine Seite offen"]) > 0
    assert float(rows["Name eines Anbieters mit 5 Angeboten, seine Seite offen"]) > 0


@pytest.mark.slow
def test_save_sequences_end_with_the_last_save_in_the_open_page(tmp_path) -> None:
    """``bench/saves.py``: rapid, emptied-then-written, piecewise and mistyped saves, a renamed
    provider and one renamed back while its offer's page is rendered on request – the page open
    shows the last save each time (the script exits with 1 otherwise)."""
    guide = tmp_path / "guide"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "60", str(guide)], check=True, capture_output=True, timeout=120)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "saves.py"), str(guide), "--rounds", "21", "--seed", "7"],
        capture_output=True, text=True, timeout=400,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = [line.split("|")[1:-1] for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    kinds = {cells[0].strip(): int(cells[2]) for cells in rows[1:]}
    assert len(kinds) >= 5 and not any(kinds.values()), result.stdout
    assert "Traceback" not in result.stderr
