"""Search words (``tags``) are shared between the catalogue and the editors: the header of an
imported file records the catalogue's last ones, so that a re-import replaces only those. A word
an editor added stays, one the catalogue stopped sending goes, one an editor struck out stays out."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from site_builder.importers.offerfile import merged_tags, provenance

from .conftest import FIXTURES
from .importing import import_tree, read_offer, run_import

VHS = FIXTURES / "catalogs" / "vhs-neckar-openvhs.xml"
QCAT = FIXTURES / "catalogs" / "lernwerk-openqcat.xml"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return import_tree(tmp_path)


def run(capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, file: Path, *extra: str) -> str:
    code, out = run_import(capsys, tree, fmt, file, "--topic", "kaufmaennisches", *extra)
    assert code == 0, out
    return out


def edit_tags(path: Path, change: object) -> None:
    """An editor's change of the search words, the way a tool rewrites the YAML: the comment lines
    at the top stay (as the browser CMS keeps them), the rest is written anew."""
    text = path.read_text(encoding="utf-8")
    head = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    data = yaml.safe_load(text)
    data["tags"] = change(data.get("tags") or []) if callable(change) else change
    path.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def vhs_with_keywords(tmp_path: Path, *words: str) -> Path:
    """The Open-vhs fixture with H1-0001 sending ``words`` as its schlagwort elements."""
    text = VHS.read_text(encoding="utf-8")
    sent = "".join(f"<schlagwort><![CDATA[{w}]]></schlagwort>" for w in words)
    changed = re.sub(r"(?:\s*<schlagwort><!\[CDATA\[(?:Stadtführung|Geschichte)\]\]></schlagwort>)+", sent, text, count=1)
    assert changed != text
    path = tmp_path / f"vhs-{len(words)}.xml"
    path.write_text(changed, encoding="utf-8")
    return path


def test_an_editors_search_words_survive_a_reimport_and_the_catalogues_follow_it(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, tree, "openvhs", VHS)
    path = tree / "offers" / "vhs-neckartal" / "vhs-neckartal-h1-0001.yaml"
    assert read_offer(path)["tags"] == ["Stadtführung", "Geschichte"]
    assert '# Suchwörter aus dem Katalog (tags; von Hand ergänzte und gestrichene bleiben so): ["Stadtführung", "Geschichte"]' in path.read_text(encoding="utf-8")
    # The editor adds a word and strikes out one of the catalogue's.
    edit_tags(path, ["Stadtführung", "Heimatkunde"])
    # The catalogue now sends other words: "Stadtführung" no longer, "Fachwerk" new, "Geschichte" still.
    out = run(capsys, tree, "openvhs", vhs_with_keywords(tmp_path, "Geschichte", "Fachwerk"))
    assert read_offer(path)["tags"] == ["Heimatkunde", "Fachwerk"]
    assert "von Hand geändert und vom Katalog überschrieben" not in out  # nothing of the editor's was lost
    # The same delivery again changes nothing.
    out = run(capsys, tree, "openvhs", vhs_with_keywords(tmp_path, "Geschichte", "Fachwerk"))
    assert "0 neu, 0 geändert" in out
    # The catalogue sends no keywords at all: its words go, the editor's stays.
    run(capsys, tree, "openvhs", vhs_with_keywords(tmp_path))
    assert read_offer(path)["tags"] == ["Heimatkunde"]
    assert provenance(path.read_text(encoding="utf-8")).catalog_tags == ()  # type: ignore[union-attr]
    # The editor puts back the word they struck out: it is theirs now, and stays.
    edit_tags(path, ["Heimatkunde", "Geschichte"])
    run(capsys, tree, "openvhs", vhs_with_keywords(tmp_path, "Geschichte", "Fachwerk"))
    assert read_offer(path)["tags"] == ["Heimatkunde", "Geschichte", "Fachwerk"]


def test_search_words_compare_without_case_and_keep_the_editors_spelling() -> None:
    assert merged_tags(["excel", "Pivot"], ["Excel", "Word"], ["Excel"]) == ["excel", "Pivot", "Word"]
    assert merged_tags(["Pivot"], ["Excel", "Word"], ["EXCEL"]) == ["Pivot", "Word"]  # struck out stays out
    assert merged_tags(["Pivot", "pivot"], [], None) == ["Pivot"]
    assert merged_tags("Pivot", ["Excel"], ["Excel"]) == ["Pivot"]  # one word typed without a list is one
    assert merged_tags(None, ["Excel"], None) == ["Excel"]


def qcat_with_keywords(tmp_path: Path, *words: str) -> Path:
    """The open-Qcat fixture with W1 sending ``words`` as its KEYWORDs."""
    end = "<END_DATE>2027-02-05T00:00:00</END_DATE></SERVICE_DATE>"
    raw = QCAT.read_text(encoding="utf-8")
    assert end in raw
    path = tmp_path / f"qcat-{len(words)}.xml"
    path.write_text(raw.replace(end, end + "".join(f"<KEYWORD>{w}</KEYWORD>" for w in words), 1), encoding="utf-8")
    return path


def test_a_file_from_before_the_record_loses_no_search_word(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Files imported before the header recorded the catalogue's words: which of their words are
    the editors' is unknown, so all stay, the report says so when it writes the file, and the
    file gets the record."""
    run(capsys, tree, "openqcat", qcat_with_keywords(tmp_path, "Scrum"))
    path = tree / "offers" / "lernwerk-neckar" / "lernwerk-neckar-w1.yaml"
    assert read_offer(path)["tags"] == ["Scrum"]
    text = path.read_text(encoding="utf-8")
    path.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("# Suchwörter")), encoding="utf-8")
    assert provenance(path.read_text(encoding="utf-8")).catalog_tags is None  # type: ignore[union-attr]
    edit_tags(path, ["Scrum", "Kanban"])
    out = run(capsys, tree, "openqcat", qcat_with_keywords(tmp_path, "Agiles Arbeiten"))
    assert read_offer(path)["tags"] == ["Scrum", "Kanban", "Agiles Arbeiten"]
    assert "PRODUCT_ID W1: Suchwörter „Scrum“, „Kanban“ beibehalten, obwohl der Katalog sie nicht (mehr) nennt" in out
    assert provenance(path.read_text(encoding="utf-8")).catalog_tags == ("Agiles Arbeiten",)  # type: ignore[union-attr]
    # From now on the import knows which word is the catalogue's.
    out = run(capsys, tree, "openqcat", QCAT)  # no KEYWORD any more
    assert read_offer(path)["tags"] == ["Scrum", "Kanban"]
    assert "beibehalten, obwohl" not in out


def test_a_record_garbled_by_hand_loses_nothing(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, tree, "openvhs", VHS)
    path = tree / "offers" / "vhs-neckartal" / "vhs-neckartal-h1-0001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(# Suchwörter aus dem Katalog[^:]*: )\[.*', r'\1["Stadtführung", Geschichte', text), encoding="utf-8")
    run(capsys, tree, "openvhs", vhs_with_keywords(tmp_path, "Fachwerk"))
    assert read_offer(path)["tags"] == ["Stadtführung", "Geschichte", "Fachwerk"]


def sheet(tmp_path: Path, words: str | None) -> Path:
    """A provider's sheet with one course; ``words`` its Stichwörter cell, None: no such column."""
    names = ["Kurs-Nr.", "Titel", "Thema", "Beginn", "Straße", "PLZ", "Ort", "Preis (€)"]
    cells = ["T1", "Englisch für den Beruf", "Sprachen", "12.01.2027", "Mülbergerstraße 146", "73728", "Esslingen", "49"]
    if words is not None:
        names.append("Stichwörter")
        cells.append(words)
    path = tmp_path / f"kurse-{len(list(tmp_path.glob('kurse-*.csv')))}.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([names, cells])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_the_spreadsheets_search_words_are_merged_alike(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def run_sheet(words: str | None) -> None:
        code, out = run_import(capsys, tree, "tabelle", sheet(tmp_path, words), "--provider", "kleiner-anbieter")
        assert code == 0, out

    path = tree / "offers" / "kleiner-anbieter" / "kleiner-anbieter-t1.yaml"
    run_sheet("Business English; Telefonieren")
    assert read_offer(path)["tags"] == ["Business English", "Telefonieren"]
    edit_tags(path, lambda tags: [*tags, "Bewerbung"])
    run_sheet("Business English, E-Mails")
    assert read_offer(path)["tags"] == ["Business English", "Bewerbung", "E-Mails"]
    # A sheet after an older template, without the column, says nothing of search words: all stay.
    run_sheet(None)
    assert read_offer(path)["tags"] == ["Business English", "Bewerbung", "E-Mails"]
    # The provider empties the cell: the provider's words go, the editor's stays.
    run_sheet("")
    assert read_offer(path)["tags"] == ["Bewerbung"]


def test_retiring_a_file_keeps_the_record(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--retire rewrites the header of a course that left the catalogue: the record stays, so a
    course that comes back still tells the catalogue's words from the editors'."""
    run(capsys, tree, "openvhs", VHS)
    path = tree / "offers" / "vhs-neckartal" / "vhs-neckartal-h1-0001.yaml"
    text = VHS.read_text(encoding="utf-8")
    start = text.index("<veranstaltung>\n    <guid>H1-0001")
    without = tmp_path / "ohne-h1.xml"
    without.write_text(text[:start] + text[text.index("</veranstaltung>", start) + len("</veranstaltung>") :], encoding="utf-8")
    run(capsys, tree, "openvhs", without, "--retire")
    retired = path.read_text(encoding="utf-8")
    assert "# Nicht mehr im Katalog seit" in retired
    assert provenance(retired).catalog_tags == ("Stadtführung", "Geschichte")  # type: ignore[union-attr]
