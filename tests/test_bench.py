"""The benchmark's smoke run (N = 50): it must run end to end and print its table."""

from __future__ import annotations

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
    for column in ("Vorschau: erste Änderung s", "Vorschau: 1 Angebot s", "Vorschau: 3 schnelle Saves s", "Vorschau: Anbietername, geöffnete Seite s"):
        assert float(row[header.index(column)]) > 0, column
    during = row[header.index("Vorschau, während der Suchindex läuft: 1 Angebot / kleiner Anbieter s")]
    assert all(float(part) > 0 for part in during.split(" / ")), during
    if "–" not in row[header.index("Hugo s")]:  # Hugo is installed: both twins were measured too
        assert float(row[header.index("Ausgabe Hugo MiB")]) > 0
        assert float(row[header.index("gesamt Lotse/schlank+PF")]) > 0


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
