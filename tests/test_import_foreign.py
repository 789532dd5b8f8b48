"""Catalogues written by others, as a partner organisation imports them: what their data does to
a guide that Lotse's own fixtures never showed. Each case is a small delivery written here,
modelled on what the public samples (the BA's open-Qcat delta delivery, Open-vhs exports, the
Berlin vhs open data) contain."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.importers.common import usual_case
from site_builder.pipeline import build

from .conftest import FIXTURES
from .importing import import_tree
from .importing import offer_in as offer
from .importing import run_import as run


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return import_tree(tmp_path)


def vhs_event(**fields: Any) -> dict[str, Any]:
    """One course as the Berlin vhs open data writes it (numbers as strings)."""
    event: dict[str, Any] = {
        "guid": "4711",
        "name": "Tabellen für Einsteiger",
        "dvv_kategorie": {"@version": "2.0", "#text": "5.01"},
        "beginn_datum": "2027-03-02",
        "ende_datum": "2027-03-30",
        "text": [{"eigenschaft": "Beschreibung", "text": "Wir rechnen mit Tabellen. Formeln und Diagramme gehören dazu."}],
        "veranstaltungsort": {"name": "vhs-Haus", "adresse": {"plz": "70173", "ort": "Stuttgart", "strasse": "Rotebühlplatz 28"}},
        "preis": {"betrag": "80.00"},
    }
    return event | fields


def write_json(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "kurse.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_providers_category_beats_a_word_a_later_rule_does_not_know(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Berlin's vhs tags a course "Fragen auf Englisch" when its teacher answers in English. The
    guide's first rule (sprachen) has the keyword "englisch"; the course's DVV category 5.01 is
    the second rule's (it-digitalisierung): the provider's own classification decides."""
    path = write_json(tmp_path, vhs_event(schlagwort=["Tabellenkalkulation", "Fragen auf Englisch"]))
    code, out = run(capsys, tree, "openvhs", path, "--provider", "vhs-test")
    assert code == 0, out
    assert offer(tree, "offers/vhs-test/vhs-test-4711.yaml")["topics"] == ["it-digitalisierung"]
    # Without a code of any rule, the keyword still decides.
    other = vhs_event(guid="4712", dvv_kategorie={"@version": "2.0", "#text": "9.99"}, schlagwort=["Fragen auf Englisch"])
    code, out = run(capsys, tree, "openvhs", write_json(tmp_path, other), "--provider", "vhs-test")
    assert code == 0, out
    assert offer(tree, "offers/vhs-test/vhs-test-4712.yaml")["topics"] == ["sprachen"]


def test_towns_and_streets_in_capitals_are_written_as_usual(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """KURSNET exports often carry the town in capitals (the BA's sample: "NEUHAUSEN"); the page
    and the address block would shout it. A name with small letters stays as written, and so
    does the place's own name (its capitals may be an abbreviation: "VHS")."""
    place = {"name": "VHS-ZENTRUM", "adresse": {"plz": "70372", "ort": "STUTTGART-BAD CANNSTATT", "strasse": "AM KURSAAL 2"}}
    code, out = run(capsys, tree, "openvhs", write_json(tmp_path, vhs_event(veranstaltungsort=place)), "--provider", "vhs-test")
    assert code == 0, out
    location = offer(tree, "offers/vhs-test/vhs-test-4711.yaml")["location"]
    assert (location["name"], location["street"], location["city"]) == ("VHS-ZENTRUM", "Am Kursaal 2", "Stuttgart-Bad Cannstatt")
    # The provider's address from an open-Qcat header, as the BA's sample writes it.
    text = (FIXTURES / "catalogs" / "varianten-openqcat.xml").read_text(encoding="utf-8")
    text = text.replace("<STREET>Königstraße 1</STREET><ZIP>D-70173</ZIP><CITY>Stuttgart</CITY>", "<STREET>KÖNIGSTRAßE 1</STREET><ZIP>D-70173</ZIP><CITY>STUTTGART</CITY>")
    path = tmp_path / "versalien.xml"
    path.write_text(text, encoding="utf-8")
    code, out = run(capsys, tree, "openqcat", path, "--provider", "varianten", "--topic", "it-digitalisierung")
    assert code == 0, out
    address = yaml.safe_load((tree / "content/providers/varianten.yaml").read_text(encoding="utf-8"))["address"]
    assert (address["street"], address["city"]) == ("Königstraße 1", "Stuttgart")
    assert offer(tree, "offers/varianten/varianten-v1.yaml")["location"]["city"] == "Stuttgart"


@pytest.mark.parametrize(
    ("written", "usual"),
    [
        ("FRANKFURT AM MAIN", "Frankfurt am Main"),
        ("FREIBURG I. BR.", "Freiburg i. Br."),
        ("ROTHENBURG OB DER TAUBER", "Rothenburg ob der Tauber"),
        ("HALLE (SAALE)", "Halle (Saale)"),
        ("STRASSE DES 17. JUNI 4", "Strasse des 17. Juni 4"),
        ("ÖHRINGEN", "Öhringen"),
        ("Neustadt an der Weinstraße", "Neustadt an der Weinstraße"),
        ("B 27", "B 27"),
    ],
)
def test_usual_case(written: str, usual: str) -> None:
    assert usual_case(written) == usual


def test_a_provider_the_catalogue_does_not_name_is_named_by_the_editors(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Berlin's vhs open data has courses without an ``ersteller``: the import creates the
    provider with its id as the name, which every page shows ("Anbieter: vhs-test"); the
    report asks the editors for the real name."""
    code, out = run(capsys, tree, "openvhs", write_json(tmp_path, vhs_event()), "--provider", "vhs-test")
    assert code == 0, out
    assert yaml.safe_load((tree / "content/providers/vhs-test.yaml").read_text(encoding="utf-8"))["name"] == "vhs-test"
    line = "content/providers/vhs-test.yaml: der Katalog nennt keinen Namen des Anbieters; als Name steht vorerst die Id „vhs-test“ – bitte den richtigen Namen eintragen"
    assert line in out.split("Für die Redaktion", 1)[1]
    report = (tree.parent / "berichte" / "import-openvhs-vhs-test.md").read_text(encoding="utf-8")
    assert line in report.split("## Für die Redaktion", 1)[1]
    # A provider the catalogue names gets no such line.
    named = {"veranstaltungen": {"export": {"ersteller": {"name": "vhs Teststadt"}}, "veranstaltung": [vhs_event(guid="4713")]}}
    code, out = run(capsys, tree, "openvhs", write_json(tmp_path, named), "--provider", "vhs-teststadt")
    assert code == 0, out
    assert "nennt keinen Namen" not in out


def test_a_course_without_text_says_its_title_once(minimal_tree: Path, tmp_path: Path) -> None:
    """An Open-vhs event without ``text`` (the sample's "Arabisch für Anfänger (A2)") is imported
    with its title as summary and description, as the contract wants both. The page showed the
    title three times: heading, lead, and the description section. Now the heading alone says it;
    cards and the printed catalogue show no lead. A description that only repeats the summary is
    left out likewise, with its keywords kept; a real summary and description stay."""
    offers = minimal_tree / "offers" / "akademie"
    excel = offers / "excel-kompakt.yaml"
    text = excel.read_text(encoding="utf-8")
    excel.write_text(text.replace("summary: Tabellen, Formeln und Diagramme an einem Tag.", "summary: Excel  kompakt").replace("description: Ein Tag Excel.", "description: EXCEL KOMPAKT."), encoding="utf-8")
    python = offers / "python-online.yaml"
    text = python.read_text(encoding="utf-8")
    python.write_text(text.replace("description: Ein Online-Kurs für Einsteiger.", "description: Programmieren lernen, online und im eigenen Tempo\ntags: [Programmierung]"), encoding="utf-8")
    out = tmp_path / "out"
    build(minimal_tree, out, today=date(2026, 12, 1))
    page = (out / "angebote" / "excel-kompakt" / "index.html").read_text(encoding="utf-8")
    assert 'class="seitenkopf__lead"' not in page and 'id="beschreibung"' not in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "EXCEL KOMPAKT" not in main and "Excel  kompakt" not in main
    listing = (out / "angebote" / "index.html").read_text(encoding="utf-8")
    card = listing.split('href="/angebote/excel-kompakt/"', 1)[1].split("</article>", 1)[0]
    assert "karte__text" not in card
    catalogue = (out / "katalog" / "index.html").read_text(encoding="utf-8")
    entry = catalogue.split('data-angebot="excel-kompakt"', 1)[1].split("</article>", 1)[0]
    assert "katalog-eintrag__text" not in entry
    # The summary stays as the lead; the description repeating it goes, its keywords stay.
    page = (out / "angebote" / "python-online" / "index.html").read_text(encoding="utf-8")
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("Programmieren lernen, online und im eigenen Tempo") == 1, main
    assert 'class="seitenkopf__lead"' in page and 'id="beschreibung"' in page and "Programmierung" in page
    welding = (out / "angebote" / "mag-schweissen" / "index.html").read_text(encoding="utf-8")
    assert 'class="seitenkopf__lead"' in welding and "<strong>MAG-Schweißen</strong>" in welding
