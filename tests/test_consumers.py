"""The machine-readable outputs as the programs that read them read them: calendar files
through icalendar, JSON-LD and the sitemap by their specifications' rules, on a built guide."""

from __future__ import annotations

from pathlib import Path

import pytest

from .hostile import OFFERS, run


def _build(capsys: pytest.CaptureFixture[str], tree: Path, out: Path, *args: str) -> Path:
    assert run(capsys, "build", "--source", str(tree), "--out", str(out), "--today", "2026-12-01", "--no-index", *args)[0] == 0
    return out


def test_a_calendar_says_a_group_price_per_group_and_a_price_on_request_once(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import icalendar

    offer = minimal_tree / OFFERS / "excel-kompakt.yaml"
    text = offer.read_text().replace("  amount: 189.5\n", "  amount: 2400\n  per: gruppe\n  vat: zuzueglich\n  note: bis 8 Personen\n")
    text = text.replace('    time: "09:00-16:30"\n', '    time: "09:00-16:30"\n  - start: 2027-03-03\n    price:\n      on_request: true\n')
    offer.write_text(text)
    out = _build(capsys, minimal_tree, tmp_path / "site")
    data = (out / "angebote" / "excel-kompakt" / "termine.ics").read_bytes()
    descriptions = [str(e["DESCRIPTION"]).splitlines() for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert [[line for line in d if "Preis" in line] for d in descriptions] == [
        ["Preis: 2.400 € pro Gruppe zzgl. MwSt. (bis 8 Personen)"],
        ["Preis auf Anfrage"],
    ]
