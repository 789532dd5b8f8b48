"""The school holidays table (site_builder/data/schulferien.csv) and what the search page gets of it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from site_builder import holidays
from site_builder.pipeline import load_guide
from site_builder.search import page_data

from .conftest import FIXTURES, copy_tree

NAMES = {"Winterferien", "Osterferien", "Pfingstferien", "Sommerferien", "Herbstferien", "Weihnachtsferien"}


@pytest.mark.parametrize("state", holidays.states())
def test_each_lands_holidays_are_plausible_and_apart(state: str) -> None:
    table = holidays.school_holidays(state)
    assert set(table) <= NAMES, "a name the search page would not know"
    spans = sorted((date.fromisoformat(a), date.fromisoformat(b), name) for name, rows in table.items() for a, b in rows)
    for first, last, name in spans:
        assert first <= last <= first + timedelta(days=50), (name, first, last)
    for (_, last, name), (first, _, following) in zip(spans, spans[1:], strict=False):
        assert last < first, f"{name} und {following} überschneiden sich"
    # Summer holidays every year the table covers, so "in den Sommerferien" never skips a year.
    years = sorted({first.year for first, _, name in spans if name == "Sommerferien"})
    assert years == list(range(years[0], years[-1] + 1))


def test_baden_wuerttemberg_is_known_as_the_sample_names_it() -> None:
    assert "Baden-Württemberg" in holidays.states()
    summer = holidays.school_holidays("Baden-Württemberg")["Sommerferien"]
    assert ["2027-07-29", "2027-09-11"] in summer


def test_the_search_page_gets_the_holidays_of_the_guides_land_only(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "g", FIXTURES / "planning")
    data = page_data(load_guide(tree))
    assert data["ferien"] == holidays.school_holidays("Baden-Württemberg") and data["ferien"]
    json.dumps(data)  # goes into the page as JSON
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('state: "Baden-Württemberg"\n', ""), encoding="utf-8")
    assert page_data(load_guide(tree))["ferien"] == {}
    site.write_text(site.read_text(encoding="utf-8") + 'state: "Atlantis"\n', encoding="utf-8")
    assert page_data(load_guide(tree))["ferien"] == {}


def test_a_broken_row_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "schulferien.csv"
    table.write_text("land;ferien;erster_tag;letzter_tag\nBayern;Sommerferien;2027-08-02;2027-07-09\n", encoding="utf-8")
    monkeypatch.setattr(holidays, "TABLE", table)
    holidays._table.cache_clear()
    try:
        with pytest.raises(ValueError, match="schulferien.csv, Zeile 2: letzter Tag vor dem ersten"):
            holidays.school_holidays("Bayern")
    finally:
        holidays._table.cache_clear()
