"""Catalogues as real exports vary: moments in UTC, postal codes with a country mark, names over
several fields, places abroad, entities and HTML escaped once too often. Each case is one a
provider's exporter writes; the fixtures are small invented deliveries in tests/fixtures/catalogs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from site_builder.cli import main
from site_builder.importers import prose
from site_builder.importers.common import german_postal_code, is_germany, parse_date

from .conftest import FIXTURES

CATALOGS = FIXTURES / "catalogs"
TODAY = "2026-12-01"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "import-site", tmp_path / "src"))


def run(capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, file: Path, *extra: str) -> tuple[int, str]:
    code = main(["import", fmt, str(file), "--source", str(tree), "--today", TODAY, "--report-dir", str(tree.parent / "berichte"), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def offer(tree: Path, relpath: str) -> dict[str, Any]:
    data = yaml.safe_load((tree / relpath).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- open-Qcat ----------------------------------------------------------------------------------


def test_openqcat_variants_as_exporters_write_them(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, tree, "openqcat", CATALOGS / "varianten-openqcat.xml", "--provider", "varianten", "--topic", "it-digitalisierung")
    assert code == 0, out
    first = offer(tree, "offers/varianten/varianten-v1.yaml")
    # Midnight in Germany sent as the UTC moment before it is still that German day.
    assert first["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5), "registration_deadline": date(2027, 2, 15)}]
    # "D-70191" is 70191; NAME2 is the second line of the place's name.
    assert first["location"]["postal_code"] == "70191"
    assert first["location"]["name"] == "Bildungszentrum Wirtschaft, Technikhaus Stuttgart-Nord"
    assert first["summary"] == "Ein Kurs für Einsteiger & Umsteiger."
    second = offer(tree, "offers/varianten/varianten-v2.yaml")
    assert second["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5)}]
    assert second["location"]["postal_code"] == "70191"
    # HTML escaped once more than XML needs is still HTML, not "&lt;p&gt;" on the page.
    assert second["description"] == "Pivot-Tabellen und Makros\n\n- Pivot\n- VBA"
    assert "&" not in second["summary"] and "<" not in second["summary"]
    # A French 70200 is no Stuttgart postal code.
    assert not (tree / "offers/varianten/varianten-v3.yaml").exists()
    assert "PRODUCT_ID V3 „Excel in der Franche-Comté“: kein Termin in den Regionen des Weiterbildungsfinders: Veranstaltungsort im Ausland (FR: 70200 Lure)" in out
    provider = yaml.safe_load((tree / "content/providers/varianten.yaml").read_text(encoding="utf-8"))
    assert provider["address"]["postal_code"] == "70173"


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2027-02-28T23:00:00Z", date(2027, 3, 1)),  # winter: CET is UTC+1
        ("2027-06-30T22:00:00Z", date(2027, 7, 1)),  # summer: CEST is UTC+2
        ("2027-02-28T23:00:00.000+0000", date(2027, 3, 1)),
        ("2027-03-01T00:00:00+01:00", date(2027, 3, 1)),
        ("2027-03-01T09:00:00", date(2027, 3, 1)),  # no offset: as written
        ("2027-03-01", date(2027, 3, 1)),
        ("01.03.2027", date(2027, 3, 1)),
        ("2027-02-30T23:00:00Z", None),
    ],
)
def test_a_moment_is_the_day_it_is_in_the_guides_zone(raw: str, day: date | None) -> None:
    assert parse_date(raw, ZoneInfo("Europe/Berlin")) == day


@pytest.mark.parametrize(
    ("raw", "postal"),
    [("70173", "70173"), ("70 173", "70173"), ("D-70173", "70173"), ("D 70173", "70173"), ("DE-70173", "70173"), ("de70173", "70173"), ("A-6020", "A-6020"), ("CH-8000", "CH-8000")],
)
def test_postal_codes_with_a_country_mark(raw: str, postal: str) -> None:
    assert german_postal_code(raw) == postal


@pytest.mark.parametrize(("country", "german"), [("DE", True), ("D", True), ("deu", True), ("Deutschland", True), ("FR", False), ("Österreich", False), ("CH", False)])
def test_which_countries_are_germany(country: str, german: bool) -> None:
    assert is_germany(country) is german


@pytest.mark.parametrize(
    ("raw", "markdown"),
    [
        ("Kurs&nbsp;f&uuml;r Einsteiger &amp; Profis", "Kurs für Einsteiger & Profis"),
        ("&lt;p&gt;Eins&lt;/p&gt;&lt;p&gt;Zwei&lt;/p&gt;", "Eins\n\nZwei"),
        ("Text &lt;br&gt; mehr", "Text\n\nmehr"),
        ("AT&T und A & B", "AT&T und A & B"),
    ],
)
def test_entities_and_escaped_html_in_catalogue_text(raw: str, markdown: str) -> None:
    assert prose.markdown(prose.blocks(raw)) == markdown


# --- Spreadsheets -------------------------------------------------------------------------------


def test_a_sheet_with_merged_cells_serial_dates_and_marked_postal_codes(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As providers keep their sheet: Kurs-Nr., Titel and Preis merged over a course's rows, a
    date cell without date format (Excel shows 46447), a time as a fraction of a day, and
    postal codes written "D-70173" or "70 173"."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Termine"
    sheet.append(["Kurs-Nr.", "Titel", "Beschreibung", "Thema", "Beginn", "Ende", "Uhrzeit", "Straße", "PLZ", "Ort", "Preis (€)"])
    sheet.append(["K1", "Excel kompakt", "Tabellen.", "IT", 46447, 46449, 0.375, "Königstraße 1", "D-70173", "Stuttgart", "1.290,00 €"])
    sheet.append([None, None, None, None, "15.04.2027", None, "9-16 Uhr", "Königstraße 1", "70 173", "Stuttgart", None])
    sheet.append([None] * 11)
    sheet.append(["K2", "Word kompakt", "Texte.", "IT", "46447,75", "", "", "Königstraße 1", 70173, "Stuttgart", 490])
    for columns in ("A2:A3", "B2:B3", "D2:D3", "K2:K3"):
        sheet.merge_cells(columns)
    path = tmp_path / "kurse.xlsx"
    book.save(path)
    code, out = run(capsys, tree, "tabelle", path, "--provider", "klein")
    assert code == 0, out
    excel = offer(tree, "offers/klein/klein-k1.yaml")
    assert excel["dates"] == [
        {"start": date(2027, 3, 1), "end": date(2027, 3, 3), "time": "09:00"},
        {"start": date(2027, 4, 15), "time": "09:00-16:00"},
    ]
    assert excel["location"]["postal_code"] == "70173"
    assert excel["price"] == {"amount": 1290}
    assert offer(tree, "offers/klein/klein-k2.yaml")["dates"] == [{"start": date(2027, 3, 1), "time": "18:00"}]
