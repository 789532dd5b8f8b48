"""Every error class of the contract, each in its own invalid tree, with its exact lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder import records
from site_builder.cli import main
from site_builder.load import parse_yaml
from site_builder.pipeline import build
from site_builder.records import closest

from .conftest import FIXTURES, TODAY, copy_tree

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def lines_after(tree: Path, capsys: pytest.CaptureFixture[str], old: str, new: str) -> list[str]:
    """The lines ``validate`` prints once ``old`` is ``new`` in the offer python-online (exit 1)."""
    offer = tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(tree))
    assert code == 1
    return out.splitlines()


@pytest.mark.parametrize("case", CASES)
def test_invalid_tree_reports_each_defect_at_its_place(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / case, FIXTURES / "minimal", FIXTURES / "invalid" / case)
    code, out = run(capsys, "validate", "--source", str(tree))
    assert code == 1
    assert out == (FIXTURES / "invalid" / case / "expected.txt").read_text()


def test_minimal_tree_is_valid(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (0, "Keine Fehler gefunden.\n")


def test_thirty_defects_in_one_run_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # site-invalid is left out: its nav names a page that another case adds.
    cases = [c for c in CASES if c != "site-invalid"]
    tree = copy_tree(tmp_path / "all", FIXTURES / "minimal", *(FIXTURES / "invalid" / c for c in cases))
    expected = set()
    for case in cases:
        expected |= set((FIXTURES / "invalid" / case / "expected.txt").read_text().splitlines()[:-1])
    out_dir = tmp_path / "out"
    code = main(["build", "--source", str(tree), "--out", str(out_dir), "--today", "2026-12-01"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert len(expected) >= 30
    assert set(err[: len(expected)]) == expected
    assert err[len(expected)] == f"{len(expected)} Fehler gefunden."
    assert not out_dir.exists()


def test_file_over_one_mib_is_refused(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = minimal_tree / "offers" / "akademie" / "riesig.yaml"
    big.write_text("title: Riesig\n# " + "x" * (1024 * 1024) + "\n")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines()[0].startswith("offers/akademie/riesig.yaml:1:1: Datei ist zu groß (")
    assert "höchstens 1 MiB" in out


def test_json_and_github_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "t", FIXTURES / "minimal", FIXTURES / "invalid" / "wrong-type")
    code, out = run(capsys, "validate", "--source", str(tree), "--format", "json")
    import json

    data = json.loads(out)
    assert code == 1 and data["count"] == 5
    assert data["errors"][2] == {
        "file": "offers/akademie/falsche-typen.yaml",
        "line": 11,
        "column": 11,
        "field": "price.amount",
        "message": "muss eine Zahl ≥ 0 sein, gefunden: 'kostenlos'; kostenfrei ist 'amount: 0'",
    }
    code, out = run(capsys, "validate", "--source", str(tree), "--format", "github")
    lines = out.splitlines()
    assert code == 1
    assert lines[2] == (
        "::error file=offers/akademie/falsche-typen.yaml,line=11,col=11,title=Lotse%3A price.amount::"
        "price.amount: muss eine Zahl ≥ 0 sein, gefunden: 'kostenlos'; kostenfrei ist 'amount: 0'"
    )


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--source", str(tmp_path / "fehlt")]) == 2
    assert main(["build", "--today", "morgen"]) == 2
    assert main(["validate", "--format", "xml"]) == 2
    assert main(["gibtsnicht"]) == 2
    capsys.readouterr()


def test_a_folder_without_a_guide_is_a_usage_error_in_one_line(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Called in the wrong folder, a command said 'site.yaml:1:1: Datei fehlt: site.yaml' (exit 1),
    as if a guide had lost its settings. A guide that did lose them still says so."""
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    (elsewhere / "notizen.txt").write_text("kein Finder\n", encoding="utf-8")
    for command in (["validate"], ["build", "--out", str(tmp_path / "out")], ["serve"], ["report"]):
        assert main([*command, "--source", str(elsewhere)]) == 2, command
        assert capsys.readouterr().err == (
            f"Fehler: hier ist kein Weiterbildungsfinder: keine site.yaml in {elsewhere.resolve()}; bitte im Ordner des Finders"
            " aufrufen oder ihn mit --source DIR angeben (einen neuen legt 'lotse init DIR' an)\n"
        )
    (minimal_tree / "site.yaml").unlink()
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (1, "site.yaml:1:1: Datei fehlt: site.yaml\n1 Fehler gefunden.\n")


def test_yaml_1_2_core_semantics() -> None:
    doc, problems = parse_yaml(
        "x.yaml",
        "languages: [no, de]\nzeit: 13:00\nplz: 01067\nan: on\njahr: 2027-01-05\nja: yes\nbetrag: 12.50\n"
        "summe: 1.200\ntelefon: +4971161234\nanzahl: +3\nstunden: 40\n",
    )
    assert not problems and doc is not None
    assert doc.data == {
        "languages": ["no", "de"],
        "zeit": "13:00",
        "plz": "01067",
        "an": "on",
        "jahr": "2027-01-05",
        "ja": "yes",
        # Numbers with a point stay as written ("1.200" is 1200 to a German, 1.2 to a float);
        # the fields that want a number read them from the text. A "+" keeps a phone number.
        "betrag": "12.50",
        "summe": "1.200",
        "telefon": "+4971161234",
        "anzahl": "+3",
        "stunden": 40,
    }
    assert doc.values[("languages", 0)] == (1, 13)


def test_numbers_as_germans_write_them_are_not_read_otherwise(minimal_tree: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """YAML reads "1.200" as 1.2 and "+4971…" as a number without its "+". An editor means
    1200 € and a phone number: the first is refused with the fix, the second kept as written."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    text = offer.read_text(encoding="utf-8").replace("amount: 0", "amount: 1.200")
    offer.write_text(text + "contact:\n  phone: +497161123456\n", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert (
        "offers/akademie/python-online.yaml:9:11: price.amount: Tausender bitte ohne Punkt schreiben (1200 statt 1.200);"
        " ein Punkt trennt Nachkommastellen, gefunden: '1.200'"
    ) in out.splitlines()
    assert "phone" not in out
    offer.write_text(text.replace("1.200", "1.25") + "contact:\n  phone: +497161123456\n", encoding="utf-8")
    build(minimal_tree, tmp_path / "site", today=TODAY, search_index=False)
    page = (tmp_path / "site" / "angebote" / "python-online" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:+497161123456"' in page and "1,25 €" in page


def test_a_file_moved_into_a_subfolder_is_named_not_dropped(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Advisory points, providers and pages are read from their folder only: a file an editor
    moves into a subfolder ("stuttgart/") would leave the site without a word."""
    content = minimal_tree / "content"
    point = next((content / "advisory-points").glob("*.yaml"))
    (content / "advisory-points" / "stuttgart").mkdir()
    point.rename(content / "advisory-points" / "stuttgart" / point.name)
    (content / "pages" / "rechtliches" / "alt").mkdir(parents=True)
    (content / "pages" / "rechtliches" / "alt" / "agb.md").write_text("---\ntitle: AGB\n---\nText\n", encoding="utf-8")
    (content / "pages" / ".entwurf").mkdir()  # hidden: an editor's or a tool's own
    (content / "pages" / ".entwurf" / "neu.md").write_text("---\ntitle: Neu\n---\n", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines() == [
        f"content/advisory-points/stuttgart/{point.name}:1:1: liegt in einem Unterordner und wird nicht gelesen;"
        " diese Dateien gehören direkt in den Ordner content/advisory-points/ – bitte dorthin verschieben",
        "content/pages/rechtliches/alt/agb.md:1:1: liegt in einem Unterordner und wird nicht gelesen;"
        " diese Dateien gehören direkt in den Ordner content/pages/ – bitte dorthin verschieben",
        "2 Fehler gefunden.",
    ]


def test_misplaced_and_misspelled_fields_get_the_likely_fix(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What editors do: a field one level off, a pasted non-breaking space in a field name,
    a capital letter, a name where its id belongs. Each line says what to do."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(
        "title: Python\nprovider: Akademie\nsummary: Kurz.\ndescription: Lang.\ntopics: [IT]\nformat: praesenz\n"
        "location:\n  street: Weg 1\n  postal_code: '73728'\n  title: x\n"
        "city: Esslingen\ndates:\n  - start: 2027-01-04\n    days: [Mo, di]\n    region: esslingen\n"
        "price:\n  amount: 0\nupdated: 2026-10-15\n\u00a0level: einstieg\nTitel: x\nfarbe: rot\nprice_on_request: true\n"
        "location_accessibility_wheelchair: ja\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("offers/")]
    assert code == 1
    for expected in [
        "provider: hier gehört die Kennung hin, nicht der Name: statt 'Akademie' bitte 'akademie' schreiben",
        "topics[0]: hier gehört die Kennung hin, nicht der Name: statt 'IT' bitte 'it' schreiben",
        "location.title: gehört nicht in den Abschnitt location: – bitte weniger weit einrücken",
        "city: gehört in den Abschnitt location: – bitte darunter eingerückt schreiben",
        "dates[0].days[0]: muss einer dieser Werte sein: mo, di, mi, do, fr, sa, so; gefunden: 'Mo'; meinten Sie 'mo'?",
        "dates[0].region: gehört in den Abschnitt location: – bitte darunter eingerückt schreiben",
        "\u00a0level: im Feldnamen steht das unsichtbare Zeichen U+00A0 (geschütztes Leerzeichen); bitte den Feldnamen löschen und neu tippen",
        "Titel: unbekanntes Feld; meinten Sie 'title'?",
        # A section's field as one name, as exports and spreadsheet columns write it.
        "price_on_request: unbekanntes Feld; meinten Sie 'on_request' im Abschnitt price: (darunter eingerückt)?",
        "location_accessibility_wheelchair: unbekanntes Feld; meinten Sie 'wheelchair' im Abschnitt location: → accessibility:"
        " (darunter eingerückt)?",
    ]:
        assert expected in lines, (expected, lines)
    assert any(line.startswith("farbe: unbekanntes Feld; erlaubt sind: audiences, ") for line in lines)


def test_german_field_names_and_fields_of_other_kinds_are_named_with_this_kinds_field(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Field names are English; editors write German ones, or one they know from another kind of
    record ('name' is a provider's, 'opening_hours' an advisory point's). The line names the
    field meant where it stands (in a section, if it belongs there), and the field it replaces
    is not reported missing as well."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    text = offer.read_text(encoding="utf-8")
    text = text.replace("title:", "name:", 1).replace("summary:", "Kurzbeschreibung:", 1)
    offer.write_text(text + "Preis:\n  Betrag: 490\nE-Mail: info@example.org\nopening_hours: Mo 9-12\nStichworte: [Python]\n", encoding="utf-8")
    provider = next((minimal_tree / "content" / "providers").glob("*.yaml"))
    provider.write_text(provider.read_text(encoding="utf-8") + "Ort: Esslingen\n", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if ": " in line]
    assert code == 1
    for expected in [
        "name: unbekanntes Feld: bei Angeboten heißt es 'title' ('name' gibt es bei Beratungsstellen und Anbietern);"
        " im Abschnitt location: oder contact: ist 'name' erlaubt",
        "Kurzbeschreibung: unbekanntes Feld; meinten Sie 'summary'? Die Feldnamen sind englisch.",
        "Preis: unbekanntes Feld; meinten Sie 'price'? Die Feldnamen sind englisch.",
        "E-Mail: unbekanntes Feld; meinten Sie 'email' im Abschnitt contact: (darunter eingerückt)? Die Feldnamen sind englisch.",
        "opening_hours: unbekanntes Feld: 'opening_hours' gibt es nur bei Beratungsstellen, nicht bei Angeboten",
        "Stichworte: unbekanntes Feld; meinten Sie 'tags'? Die Feldnamen sind englisch.",
        "Ort: unbekanntes Feld; meinten Sie 'address'? Die Feldnamen sind englisch.",
    ]:
        assert expected in lines, (expected, lines)
    assert not any("Pflichtfeld fehlt" in line for line in lines), lines  # title, summary, price: named above


def test_values_pasted_from_word_and_numbers_written_as_people_do_are_named_with_the_fix(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A non-breaking space or a zero-width space from a web page, Word's quotes around a
    value, a decimal comma, '490 EUR zzgl. MwSt', 'auf Anfrage', 'ja': each line names what it
    sees in words an editor reads (no Python escapes) and what to write instead."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(
        "title: Python für Einsteiger\nprovider: akademie\nsummary: Kurz.\ndescription: Lang.\n"
        "topics: [it\u200b]\nformat: online\u00a0\ndates:\n  - start: 2027-01-04\n    time: “18:00-20:00”\n"
        "price:\n  amount: 490 EUR zzgl. MwSt\nduration:\n  hours: 12,5\ninhouse: ja\nupdated: 2026-10-15\n",
        encoding="utf-8",
    )
    other = minimal_tree / "offers" / "akademie" / "zweites.yaml"
    other.write_text(offer.read_text(encoding="utf-8").replace("490 EUR zzgl. MwSt", "auf Anfrage"), encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("offers/akademie/python-online.yaml")]
    assert code == 1
    for expected in [
        "topics[0]: in der Kennung steht ein unsichtbares Zeichen (Leerzeichen ohne Breite), oft aus Word oder einer"
        " Webseite kopiert: bitte löschen und 'it' neu tippen",
        "format: muss einer dieser Werte sein: praesenz, online, hybrid; gefunden: 'online⟨geschütztes Leerzeichen⟩';"
        " meinten Sie 'online'?; darin steht ein unsichtbares Zeichen (geschütztes Leerzeichen), oft aus Word oder einer"
        " Webseite kopiert: bitte löschen",
        "dates[0].time: muss 'HH:MM' oder 'HH:MM-HH:MM' sein, gefunden: '“18:00-20:00”'; die Anführungszeichen “ kommen"
        " aus der Textverarbeitung: bitte weglassen oder gerade Anführungszeichen \" verwenden",
        "price.amount: muss eine Zahl ≥ 0 sein, gefunden: '490 EUR zzgl. MwSt'; bitte nur die Zahl schreiben: 490;"
        " die Mehrwertsteuer steht in 'vat:' (enthalten, zuzueglich oder befreit)",
        "duration.hours: muss eine Zahl > 0 sein, gefunden: '12,5'; bitte 12.5 schreiben (Punkt statt Komma)",
        "inhouse: muss true oder false sein, gefunden: 'ja'; für 'ja' bitte true schreiben",
    ]:
        assert expected in lines, (expected, lines)
    assert "offers/akademie/zweites.yaml:11:11: price.amount: muss eine Zahl ≥ 0 sein, gefunden: 'auf Anfrage';" \
        " für einen Preis auf Anfrage statt amount bitte 'on_request: true' schreiben" in out.splitlines()
    assert "\\x" not in out and "\\u" not in out  # no Python escapes


def test_a_comma_before_three_digits_is_called_ambiguous_not_turned_into_a_thousands_point(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'1,290' is 1290 written with an English thousands comma, or 1.29 with a German decimal
    comma: the fix must not be '1.290', which the next run refuses as a thousands point."""
    lines = lines_after(minimal_tree, capsys, "amount: 0", "amount: 1,290")
    assert (
        "offers/akademie/python-online.yaml:9:11: price.amount: muss eine Zahl ≥ 0 sein, gefunden: '1,290'; nicht eindeutig"
        " – bitte 1290 schreiben, oder mit Punkt und höchstens 2 Nachkommastellen, z. B. 1.29"
    ) in lines, lines


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("topics: [it]", "topics: it", "5:9: topics: muss eine Liste sein (Einträge mit '- '), gefunden: 'it'; bitte so schreiben: [it]"),
    ("on_demand: true", "on_demand: true\ntags: Python, Programmieren",
     "8:7: tags: muss eine Liste sein (Einträge mit '- '), gefunden: 'Python, Programmieren'; bitte so schreiben: [Python, Programmieren]"),
    ("on_demand: true", "dates:\n  - start: 2027-01-04\n    days: Mo bis Fr",
     "9:11: dates[0].days: muss eine Liste sein (Einträge mit '- '), gefunden: 'Mo bis Fr'; bitte so schreiben: [mo, di, mi, do, fr]"),
    ("on_demand: true", "dates:\n  - start: 2027-01-04\n    days: Montag und Mittwoch",
     "9:11: dates[0].days: muss eine Liste sein (Einträge mit '- '), gefunden: 'Montag und Mittwoch'; bitte so schreiben: [mo, mi]"),
    ("on_demand: true", "dates:\n  - start: 2027-01-04\n    days: [mo-fr]",
     "9:12: dates[0].days[0]: muss einer dieser Werte sein: mo, di, mi, do, fr, sa, so; gefunden: 'mo-fr'; bitte jeden Wert einzeln"
     " schreiben: mo, di, mi, do, fr"),
])
def test_a_list_written_as_one_value_gets_the_list_it_means(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    """'topics: it' and 'days: Mo-Fr' are lists written as one value: the line shows the list,
    with a field's fixed values as it takes them (a range of weekdays spelt out, not 'mo')."""
    lines = lines_after(minimal_tree, capsys, old, new)
    assert "offers/akademie/python-online.yaml:" + expected in lines, lines


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("on_demand: true", "dates: laufend", "7:8: dates: muss eine Liste sein (Einträge mit '- '), gefunden: 'laufend'; bei Beginn"
     " jederzeit (laufender Einstieg) statt dates bitte 'on_demand: true' schreiben"),
    ("on_demand: true", "dates:\n  - start: ab sofort", "8:12: dates[0].start: muss ein Datum im Format JJJJ-MM-TT sein, gefunden:"
     " 'ab sofort'; bei Beginn jederzeit (laufender Einstieg) statt dates bitte 'on_demand: true' schreiben"),
    ("on_demand: true", "dates:\n  - start: auf Anfrage", "8:12: dates[0].start: muss ein Datum im Format JJJJ-MM-TT sein, gefunden:"
     " 'auf Anfrage'; stehen die Termine noch nicht fest, statt dates bitte 'dates_on_request: true' mit 'expires' schreiben"),
    ("on_demand: true", "dates:\n  - start: 2027-01-15T09:00", "8:12: dates[0].start: muss ein Datum im Format JJJJ-MM-TT sein,"
     " gefunden: '2027-01-15T09:00'; bitte so schreiben: 2027-01-15 (ohne Uhrzeit; die Uhrzeit eines Termins steht in 'time:')"),
    ("on_demand: true", "dates:\n  - start: 15.01.2027 09:00 Uhr", "8:12: dates[0].start: muss ein Datum im Format JJJJ-MM-TT sein,"
     " gefunden: '15.01.2027 09:00 Uhr'; bitte so schreiben: 2027-01-15 (ohne Uhrzeit"),
    ("on_demand: true", "dates: [15.01.2027]", "7:9: dates[0]: muss ein Abschnitt mit eingerückten Feldern sein, gefunden: '15.01.2027';"
     " ein Termin ist ein Abschnitt: '- start: 2027-01-15' und eingerückt darunter, wo nötig, 'end:' und 'time:'"),
    ("format: online", "format: praesenz\nlocation:\n  - city: Esslingen\n  - city: Stuttgart",
     "8:3: location: muss ein Abschnitt mit eingerückten Feldern sein, gefunden: eine Liste; für mehrere Orte bitte jedem Termin"
     " unter dates: einen eigenen 'location:' geben (gleiche Felder)"),
])
def test_dates_and_places_written_as_people_say_them_get_the_fields_meant(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: str
) -> None:
    """'laufend', 'ab sofort' and 'auf Anfrage' are what on_demand and dates_on_request say; a
    bare date is a date's start; several places are each a date's own location."""
    lines = lines_after(minimal_tree, capsys, old, new)
    assert any(line.startswith("offers/akademie/python-online.yaml:" + expected) for line in lines), lines


def test_text_with_a_colon_read_as_a_field_gets_the_quotes_to_write(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'tags: [Excel: Basis]': in a list YAML reads 'Excel: Basis' as a field and its value,
    which is no text; the line shows the entry in quotes, as the text it was meant to be."""
    lines = lines_after(minimal_tree, capsys, "on_demand: true", "on_demand: true\ntags: [Python, Excel: Basis]")
    assert (
        "offers/akademie/python-online.yaml:8:16: tags[1]: muss Text sein, gefunden: einen Abschnitt mit Feldern;"
        ' gehört der Doppelpunkt zum Text, bitte in Anführungszeichen: "Excel: Basis"'
    ) in lines, lines


POSTAL_CODES = 'postal_codes:\n  esslingen: ["73728-73779"]\n  stuttgart: ["70173-70629"]\n'


def test_a_missing_region_names_the_region_of_the_postal_code(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An address with street, postal code and city but no region (or an empty one) is still an
    error, and the line names the region site.yaml's postal_codes gives the code – for offers,
    advisory points and providers alike. Nothing is filled in."""
    (minimal_tree / "site.yaml").write_text((minimal_tree / "site.yaml").read_text(encoding="utf-8") + POSTAL_CODES, encoding="utf-8")
    point = minimal_tree / "content" / "advisory-points" / "beratung-esslingen.yaml"
    point.write_text(point.read_text(encoding="utf-8").replace("  region: esslingen\n", "  region:\n"), encoding="utf-8")
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text(encoding="utf-8").replace("  region: esslingen\n", ""), encoding="utf-8")
    lines = lines_after(minimal_tree, capsys, "format: online\n", "format: online\nlocation:\n  street: Königstraße 1\n  postal_code: 70173\n  city: Stuttgart\n")
    hint = "; für die Postleitzahl 73728 wäre das 'esslingen' (Region Esslingen)"
    assert "content/advisory-points/beratung-esslingen.yaml:8:10: address.region: darf nicht leer sein" + hint in lines, lines
    assert "content/providers/akademie.yaml:6:1: address.region: Pflichtfeld fehlt" + hint in lines, lines
    # A postal code written without quotes is a number to YAML; it is the same code.
    assert "offers/akademie/python-online.yaml:7:1: location.region: Pflichtfeld fehlt; für die Postleitzahl 70173 wäre das" \
        " 'stuttgart' (Region Stuttgart)" in lines, lines


def test_a_town_written_as_the_region_names_the_region_of_the_postal_code(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"region: nuertingen" (the town, not its region): the line names the region site.yaml's
    postal_codes gives the address's code, in place of the list of declared regions; a code
    no region holds keeps that list."""
    (minimal_tree / "site.yaml").write_text((minimal_tree / "site.yaml").read_text(encoding="utf-8") + POSTAL_CODES, encoding="utf-8")
    where = "format: online\nlocation:\n  street: Marktstraße 1\n  postal_code: \"73760\"\n  city: Ostfildern\n  region: ostfildern\n"
    lines = lines_after(minimal_tree, capsys, "format: online\n", where)
    assert "offers/akademie/python-online.yaml:11:11: location.region: unbekannte Region 'ostfildern' (nicht deklariert in" \
        " content/taxonomies.yaml unter regions); für die Postleitzahl 73760 wäre das 'esslingen' (Region Esslingen)" in lines, lines
    lines = lines_after(minimal_tree, capsys, '"73760"', '"80331"')
    assert "offers/akademie/python-online.yaml:11:11: location.region: unbekannte Region 'ostfildern' (nicht deklariert in" \
        " content/taxonomies.yaml unter regions); deklariert sind: esslingen, stuttgart" in lines, lines


def test_a_missing_region_without_a_fitting_postal_code_names_the_table_and_the_regions(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """Where site.yaml has no postal_codes, or none that fit, the line says so and names the
    declared regions; without a postal code it stays as it was."""
    new = "format: online\nlocation:\n  street: Marienplatz 1\n  postal_code: \"80331\"\n  city: München\n"
    lines = lines_after(minimal_tree, capsys, "format: online\n", new)
    assert "offers/akademie/python-online.yaml:7:1: location.region: Pflichtfeld fehlt; site.yaml ordnet unter postal_codes keiner" \
        " Region Postleitzahlen zu – bitte eine der Regionen aus content/taxonomies.yaml (regions) angeben: esslingen, stuttgart" in lines, lines
    (minimal_tree / "site.yaml").write_text((minimal_tree / "site.yaml").read_text(encoding="utf-8") + POSTAL_CODES, encoding="utf-8")
    lines = lines_after(minimal_tree, capsys, new, new)
    assert "offers/akademie/python-online.yaml:7:1: location.region: Pflichtfeld fehlt; die Postleitzahl 80331 steht in site.yaml" \
        " unter postal_codes bei keiner Region – bitte eine der Regionen aus content/taxonomies.yaml (regions) angeben: esslingen, stuttgart" \
        in lines, lines
    lines = lines_after(minimal_tree, capsys, '  postal_code: "80331"\n', "")
    assert "offers/akademie/python-online.yaml:7:1: location.region: Pflichtfeld fehlt" in lines, lines


@pytest.mark.parametrize(("typed", "meant"), [
    ("http//www.akademie.de/excel", "https://www.akademie.de/excel"),
    ("https:/akademie.de", "https://akademie.de"),
    ("htps://akademie.de/kurse", "https://akademie.de/kurse"),
    ("hallo", None),
    ("ftp://akademie.de", None),
])
def test_a_slip_in_an_address_s_scheme_gets_the_address_meant(typed: str, meant: str | None) -> None:
    from pydantic import TypeAdapter, ValidationError

    with pytest.raises(ValidationError) as raised:
        TypeAdapter(records.Url).validate_python(typed)
    said = raised.value.errors()[0]["msg"]
    assert said.startswith("muss eine vollständige Adresse mit http:// oder https:// sein")
    assert (f"meinten Sie '{meant}'?" in said) if meant else "meinten Sie" not in said


def test_a_price_written_on_one_line_is_shown_as_its_section(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'price: auf Anfrage' and 'price: 1.290,50 € zzgl. MwSt.' (as a catalogue says it) name
    the section they mean, with the field that holds the value."""
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text(encoding="utf-8")
    assert "price:\n  amount: 189.5\n" in text
    offer.write_text(text.replace("price:\n  amount: 189.5\n", "price: auf Anfrage\n"), encoding="utf-8")
    offer.with_name("excel-zwei.yaml").write_text(text.replace("price:\n  amount: 189.5\n", "price: 1.290,50 € zzgl. MwSt.\n"), encoding="utf-8")
    # As a flyer prints an address, and a town that is no region of the guide.
    offer.with_name("excel-drei.yaml").write_text(
        text.replace("region: stuttgart", "region: hemmingen") + "url: www.akademie.de/excel\n", encoding="utf-8"
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert "offers/akademie/excel-drei.yaml:18:6: url: muss eine vollständige Adresse mit http:// oder https:// sein, gefunden:" \
        " 'www.akademie.de/excel'; meinten Sie 'https://www.akademie.de/excel'?" in out.splitlines(), out
    # No guess (Hemmingen is another town, not a slip for Esslingen): the message names every region.
    assert "offers/akademie/excel-drei.yaml:11:11: location.region: unbekannte Region 'hemmingen' (nicht deklariert in" \
        " content/taxonomies.yaml unter regions); deklariert sind: esslingen, stuttgart" in out.splitlines(), out
    assert code == 1
    section = "price: muss ein Abschnitt mit eingerückten Feldern sein, gefunden: "
    assert f"offers/akademie/excel-kompakt.yaml:15:8: {section}'auf Anfrage'; für einen Preis auf Anfrage bitte so schreiben:" \
        " 'price:' und eingerückt darunter 'on_request: true'" in out.splitlines(), out
    assert f"offers/akademie/excel-zwei.yaml:15:8: {section}'1.290,50 € zzgl. MwSt.'; bitte so schreiben: 'price:' und" \
        " eingerückt darunter 'amount: 1290.50' (dazu, wo nötig, 'vat:' und 'note:')" in out.splitlines(), out


def test_a_reference_by_what_the_pages_show_gets_the_id_and_a_badly_declared_id_one_message(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A topic written as its label, a provider as its name: the line gives the id. An id
    declared in a form ids cannot have is reported where it is declared, with the id written
    as one; the files that name it as it should be written get no message each."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    text = offer.read_text(encoding="utf-8")
    offer.write_text(text.replace("provider: akademie", "provider: Test-Akademie").replace("topics: [it]", "topics: [Schweißen]"), encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines()[:2] == [
        "offers/akademie/python-online.yaml:2:11: provider: hier gehört die Kennung hin, nicht der Name: statt 'Test-Akademie' bitte 'akademie' schreiben",
        "offers/akademie/python-online.yaml:5:10: topics[0]: hier gehört die Kennung hin, nicht der Name: statt 'Schweißen' bitte 'schweissen' schreiben",
    ]
    offer.write_text(text, encoding="utf-8")
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace("  - id: it\n", "  - id: IT\n"), encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines() == [
        "content/taxonomies.yaml:5:9: topics[1].id: muss aus Kleinbuchstaben a–z, Ziffern und einzelnen Bindestrichen bestehen"
        " (höchstens 80 Zeichen), gefunden: 'IT'; als Kennung geschrieben: 'it'",
        "1 Fehler gefunden.",
    ]


def test_a_name_whose_id_form_is_not_declared_is_unknown_at_once(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'Büro' written as an id is 'buero', but no topic has that id: naming it would only lead
    to 'unbekanntes Thema' in the next run. The first run says the value is unknown, with the
    declared ids (or a close one)."""
    lines = lines_after(minimal_tree, capsys, "topics: [it]", "topics: [it, Büro, Schweisen]")
    assert lines[:2] == [
        "offers/akademie/python-online.yaml:5:14: topics[1]: unbekanntes Thema 'Büro' (nicht deklariert in content/taxonomies.yaml"
        " unter topics); deklariert sind: it, schweissen",
        "offers/akademie/python-online.yaml:5:20: topics[2]: unbekanntes Thema 'Schweisen' (nicht deklariert in content/taxonomies.yaml"
        " unter topics); meinten Sie 'schweissen'?",
    ]
    assert not any("als Kennung geschrieben" in line for line in lines)


# Regions of a guide at Lake Constance and in the Neckar valley: towns ending alike abound.
TOWNS = ["boeblingen", "esslingen", "goeppingen", "konstanz", "ludwigsburg", "reutlingen", "singen", "stuttgart", "ueberlingen"]


@pytest.mark.parametrize(("written", "meant"), [
    ("esslingn", "esslingen"),  # a letter left out
    ("Stutgart", "stuttgart"),
    ("ludwigsbrug", "ludwigsburg"),  # two letters swapped
    ("tsuttgart", "stuttgart"),
    ("boblingen", "boeblingen"),  # the umlaut written as a plain vowel
    ("Überlingen", "ueberlingen"),  # the name, written as an id
    ("konztanz", "konstanz"),
    ("ludwigs", "ludwigsburg"),  # the beginning of one
    ("kreuzlingen", None),  # another town, on -lingen like three of these
    ("hemmingen", None),
    ("riedlingen", None),
    ("lingen", None),  # the end of three
    ("tuebingen", None),
    ("sigmaringen", None),
])
def test_a_guess_is_a_slip_of_the_hand_never_another_word_that_ends_alike(written: str, meant: str | None) -> None:
    assert closest(written, TOWNS) == meant


def test_html_in_a_title_and_mailto_in_an_address_are_refused_with_the_fix(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pasted from a shop system or a web page: '<b>NEU</b>' in a title would be shown with its
    tags, 'mailto:' before an address makes a link to 'mailto:mailto:…'. A title that names a
    type in angle brackets is text."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    text = offer.read_text(encoding="utf-8")
    offer.write_text(
        text.replace("title: Python für Einsteiger", "title: <b>NEU</b> Python für Einsteiger")
        + "contact:\n  email: mailto:kurse@akademie.example\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines()[:2] == [
        "offers/akademie/python-online.yaml:1:8: title: HTML wie '<b>' wird hier nicht umgesetzt, sondern so gezeigt; bitte weglassen"
        " (Hervorhebungen und Listen gehen in der Beschreibung mit Markdown), gefunden: '<b>NEU</b> Python für Einsteiger'",
        "offers/akademie/python-online.yaml:12:10: contact.email: bitte nur die Adresse ohne 'mailto:' schreiben:"
        " kurse@akademie.example; gefunden: 'mailto:kurse@akademie.example'",
    ]
    offer.write_text(text.replace("title: Python für Einsteiger", "title: 'Java: List<String> und Map<K, V> verstehen'"), encoding="utf-8")
    assert run(capsys, "validate", "--source", str(minimal_tree))[0] == 0


@pytest.mark.parametrize(("written", "meant"), [
    ("kurse(at)akademie.example", "kurse@akademie.example"), ("kurse [at] akademie.example", "kurse@akademie.example"),
    ("kurse (at) akademie (dot) example", "kurse@akademie.example"), ("kurse at akademie.example", "kurse@akademie.example"),
    ("kurse akademie.example", None),
])
def test_an_address_written_against_spam_gets_the_real_one(written: str, meant: str | None) -> None:
    """Websites write "name(at)anbieter.de"; copied from there, the fix is named."""
    from pydantic import TypeAdapter, ValidationError

    from site_builder.records import Email

    with pytest.raises(ValidationError) as raised:
        TypeAdapter(Email).validate_python(written)
    message = raised.value.errors()[0]["msg"]
    assert message.startswith("muss eine E-Mail-Adresse wie name@beispiel.de sein")
    assert (f"meinten Sie '{meant}'?" in message) if meant else "meinten Sie" not in message


@pytest.mark.parametrize(("written", "meant"), [
    ("11.03.2027", "2027-03-11"), ("1.3.27", "2027-03-01"), ("12. März 2027", "2027-03-12"), ("3 Mai 2027", "2027-05-03"),
    ("2027/03/11", "2027-03-11"), ("11/03/2027", "2027-03-11"), ("31.02.2027", None), ("März 2027", None), ("bald", None),
    ("2027-1-5", "2027-01-05"), ("2027-01-5", "2027-01-05"), ("2027-2-30", None),
])
def test_dates_as_people_write_them_in_german(written: str, meant: str | None) -> None:
    from site_builder.german import iso_date_of

    assert iso_date_of(written) == meant


@pytest.mark.parametrize(("written", "meant"), [
    ("8:30", "08:30"), ("18.30-21.00", "18:30-21:00"), ("8:30-16 Uhr", "08:30-16:00"), ("9 bis 12 Uhr", "09:00-12:00"),
    ("18:30 – 21:00", "18:30-21:00"), ("abends", None), ("25:00", None), ("8:30-12:00-14:00", None),
])
def test_times_as_people_write_them(written: str, meant: str | None) -> None:
    from site_builder.german import clock_of

    assert clock_of(written) == meant


def test_days_and_languages_by_name_get_their_codes(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(
        offer.read_text(encoding="utf-8").replace("on_demand: true\n", "")
        + "dates:\n  - {start: 2027-02-01, end: 2027-03-01, days: [Dienstag]}\nlanguages: [deutsch, Türkisch]\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert "days[0]: muss einer dieser Werte sein: mo, di, mi, do, fr, sa, so; gefunden: 'Dienstag'; meinten Sie 'di'?" in out
    assert "languages[0]: muss ein Sprachcode nach ISO 639-1 sein (z. B. de, en, tr), gefunden: 'deutsch'; für Deutsch bitte 'de'" in out
    assert "languages[1]: muss ein Sprachcode nach ISO 639-1 sein (z. B. de, en, tr), gefunden: 'Türkisch'; für Türkisch bitte 'tr'" in out


def test_fixed_values_written_in_other_words_get_their_value(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A level, a VAT note, a form, a price basis and a yes written as people write them in a
    catalogue each name the value meant; a word that fits two names both."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(
        offer.read_text(encoding="utf-8").replace("format: online", "format: Webinar").replace(
            "  amount: 0\n", "  amount: 490\n  vat: inkl. 19 % MwSt.\n  per: pro Teilnehmer\n")
        + "level: Anfänger\ndraft: yes\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    for line in (
        "level: muss einer dieser Werte sein: einstieg, aufbau, experte; gefunden: 'Anfänger'; meinten Sie 'einstieg'?",
        "price.vat: muss einer dieser Werte sein: enthalten, befreit, zuzueglich; gefunden: 'inkl. 19 % MwSt.'; meinten Sie 'enthalten'?",
        "price.per: muss einer dieser Werte sein: person, gruppe; gefunden: 'pro Teilnehmer'; meinten Sie 'person'?",
        "format: muss einer dieser Werte sein: praesenz, online, hybrid; gefunden: 'Webinar'; meinten Sie 'online'?",
        "draft: muss true oder false sein, gefunden: 'yes'; für 'yes' bitte true schreiben",
    ):
        assert line in out, out
    offer.write_text(offer.read_text(encoding="utf-8").replace("Anfänger", "Fortgeschrittene"), encoding="utf-8")
    _, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert "gefunden: 'Fortgeschrittene'; meinten Sie 'aufbau' oder 'experte'?" in out
    # Nothing named: no guess.
    offer.write_text(offer.read_text(encoding="utf-8").replace("Fortgeschrittene", "mittelschwer"), encoding="utf-8")
    _, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert "gefunden: 'mittelschwer'" in out and "'mittelschwer'; meinten" not in out


def test_an_offer_saved_among_the_providers_is_named_as_such(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each field of an offer would be unknown to a provider (a dozen lines with guesses):
    one line says what the file is and where it belongs."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.rename(minimal_tree / "content" / "providers" / "python-online.yaml")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines() == [
        "content/providers/python-online.yaml:1:1: diese Datei ist ein Angebot (Felder format, on_demand, price, provider), kein Anbieter:"
        " bitte nach offers/<anbieter>/ verschieben",
        "1 Fehler gefunden.",
    ]


def test_weekdays_the_dates_never_reach_are_refused(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'days: [fr]' from a Monday to a Wednesday would put a calendar session on a day the
    course does not meet; a weekly plan over months and a Friday within the span are fine."""
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(
        offer.read_text(encoding="utf-8").replace("on_demand: true\n", "")
        + "dates:\n  - {start: 2027-02-01, end: 2027-02-03, time: '18:00-20:00', days: [fr]}\n"
        "  - {start: 2027-02-01, end: 2027-02-05, days: [fr]}\n  - {start: 2027-03-01, end: 2027-06-30, days: [di, do]}\n",
        encoding="utf-8",
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines() == [
        "offers/akademie/python-online.yaml:11:69: dates[0].days: keiner dieser Wochentage (fr) liegt zwischen Beginn (2027-02-01)"
        " und Ende (2027-02-03); bitte days oder die Daten prüfen",
        "1 Fehler gefunden.",
    ]


def test_an_empty_file_is_one_line(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (minimal_tree / "offers" / "akademie" / "leer.yaml").write_text("", encoding="utf-8")
    (minimal_tree / "offers" / "akademie" / "kommentar.yaml").write_text("# kommt noch\n\n", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    message = "die Datei ist leer (oder enthält nur Kommentare); bitte die Felder eintragen (eine Vorlage legt 'python build.py new' an) oder die Datei löschen"
    assert out.splitlines() == [f"offers/akademie/kommentar.yaml:1:1: {message}", f"offers/akademie/leer.yaml:1:1: {message}", "2 Fehler gefunden."]


def test_norwegian_language_code_is_valid(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(offer.read_text() + "languages: [de, no]\n")
    assert run(capsys, "validate", "--source", str(minimal_tree))[0] == 0


def test_quick_reading_agrees_with_the_positional_one() -> None:
    # Files are read without positions; positions are worked out again only for messages.
    # Both readings must give the same values, for every YAML file Lotse ships or tests with.
    from site_builder.load import _Builder, _plain_values, _Unusual

    root = FIXTURES.parent.parent
    files = [root / "site.yaml", *sorted((root / "content").rglob("*.yaml")), *sorted((root / "offers").rglob("*.yaml"))]
    files += sorted(FIXTURES.rglob("*.yaml"))
    compared = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        builder = _Builder(path.name, text)
        try:
            slow = builder.build()
        except Exception:  # noqa: BLE001 - a syntax error: the quick reading must fail as well
            with pytest.raises(Exception):  # noqa: B017
                _plain_values(text)
            continue
        if builder.problems:
            with pytest.raises(_Unusual):
                _plain_values(text)
            continue
        assert _plain_values(text) == slow, path
        compared += 1
    assert compared > 100


def test_positions_are_worked_out_on_demand() -> None:
    doc, problems = parse_yaml("offers/x.yaml", "id: x\ndates:\n  - start: 2027-01-12\n    end: 2027-01-14\n")
    assert doc is not None and not problems
    assert doc.position(("dates", 0, "end")) == (4, 10)
    assert doc.key_position(("dates",)) == (2, 1)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https:///", "braucht nach http:// oder https:// einen Rechnernamen"),
        ("https://owner.github.io//", "darf keine leeren Pfadteile (//) enthalten"),
        ("https://example.org/a//b/", "darf keine leeren Pfadteile (//) enthalten"),
        ("https://example.org:99999/", "hat eine ungültige Portangabe"),
        ("https://example.org/?x=1", "darf kein ? und kein # enthalten"),
        ("example.org", "muss eine vollständige Adresse mit http:// oder https:// sein"),
    ],
)
def test_malformed_base_url_option_is_a_usage_error(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, reason: str) -> None:
    out = tmp_path / "out"
    code = main(["build", "--source", str(minimal_tree), "--out", str(out), "--base-url", url])
    err = capsys.readouterr().err
    assert code == 2 and reason in err
    assert not out.exists()


def test_base_url_with_a_sub_path_and_a_port_is_accepted(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", "--source", str(minimal_tree), "--out", str(tmp_path / "out"), "--no-index", "--today", "2026-12-01",
                 "--base-url", "http://localhost:8080/weiterbildung"])
    capsys.readouterr()
    assert code == 0
    assert 'href="/weiterbildung/angebote/"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_year_that_cannot_be_is_refused(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A partner typed a start into the browser editor digit by digit; its date field saved
    "1907-03-11" (Decap CMS issue 7939), and validate said "Keine Fehler gefunden". A year
    outside 2000–2099, quoted or not, is now an error, and the schemas say so too."""
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text(encoding="utf-8").replace("start: 2027-02-03", "start: 1907-03-11").replace("updated: 2026-09-01", "updated: '2206-09-01'")
    offer.write_text(text, encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert out.splitlines() == [
        "offers/akademie/excel-kompakt.yaml:13:12: dates[0].start: das Jahr 1907 kann nicht stimmen (erwartet 2000–2099), gefunden: '1907-03-11'; bitte das Datum prüfen",
        "offers/akademie/excel-kompakt.yaml:17:10: updated: das Jahr 2206 kann nicht stimmen (erwartet 2000–2099), gefunden: '2206-09-01'; bitte das Datum prüfen",
        "2 Fehler gefunden.",
    ]


def test_an_offer_already_past_when_it_was_written_is_a_note_not_an_error(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An editor typed last year for every date: the offer validates but never goes online.
    Validation says so as a note (exit 0: old offers end every day, CI must not fail on them);
    it names only offers whose dates were all over before their `updated` – the minimal
    guide's alter-kurs simply ran (updated before its date) and is left to the report."""
    old = (minimal_tree / "offers" / "akademie" / "alter-kurs.yaml").read_text(encoding="utf-8")
    typo = old.replace("  - start: 2026-05-01\n", "  - start: 2020-02-02\n    end: 2020-04-20\n").replace("updated: 2026-01-01", "updated: 2021-01-01")
    (minimal_tree / "offers" / "akademie" / "franzoesisch-a2.yaml").write_text(typo, encoding="utf-8")
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (0, (
        "Keine Fehler gefunden.\n"
        "Hinweis: 1 Angebot nicht veröffentlicht, weil alle Termine schon vor dem Datum „Zuletzt geprüft am“ lagen – "
        "Jahreszahl vertippt? "
        "offers/akademie/franzoesisch-a2.yaml (letzter Termin 20.04.2020)\n"
    ))
    summary = tmp_path / "summary.md"
    assert run(capsys, "validate", "--source", str(minimal_tree), "--format", "github", "--summary", str(summary)) == (0, (
        "Keine Fehler gefunden.\n"
        "::notice file=offers/akademie/franzoesisch-a2.yaml,title=Lotse%3A nicht veröffentlicht::alle Termine lagen schon vor "
        "dem Datum „Zuletzt geprüft am“, der letzte am 20.04.2020 – Jahreszahl vertippt?\n"
    ))
    assert "Hinweis: 1 Angebot nicht veröffentlicht" in summary.read_text(encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree), "--format", "json")
    assert code == 0 and json.loads(out) == {
        "errors": [], "count": 0, "past_when_updated": [{"file": "offers/akademie/franzoesisch-a2.yaml", "last_date": "2020-04-20"}],
        "notes": [],
    }


def test_the_notes_on_past_dates_name_updated_by_its_label() -> None:
    """The notes name the field ``updated`` as editors read it, by the label the records give it
    (problems.py holds a copy: the build's own process never loads the records)."""
    from site_builder import problems, records

    assert records.Offer.model_fields["updated"].title == problems.UPDATED_LABEL


def test_a_duplicate_id_is_named_on_each_file_and_each_is_checked(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lotse cannot tell which of two files with one id is new: path order would put the
    line on the published one as often as not (an editor then renames it, and its address
    changes). Each file gets the line, naming the others; each file's own mistakes are found
    in the same run, the published one's and the new one's."""
    published = minimal_tree / "offers" / "akademie" / "mag-schweissen.yaml"
    text = published.read_text(encoding="utf-8")
    for folder in ("b-neu", "c-auch-neu"):
        (minimal_tree / "offers" / folder).mkdir()
        (minimal_tree / "offers" / folder / published.name).write_text(text.replace("level: einstieg", "level: anfang"), encoding="utf-8")
    published.write_text(text.replace("amount: 1290", "amount: viel"), encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    lines = out.splitlines()
    assert code == 1
    ids = [line for line in lines if ": id: " in line]
    assert ids == [
        f"offers/{here}/mag-schweissen.yaml:1:1: id: Id 'mag-schweissen' kommt auch in {others} vor; Ids müssen eindeutig sein: "
        "bitte alle bis auf eine umbenennen – die neuen, denn die Adresse der veröffentlichten bleibt besser gleich"
        for here, others in (
            ("akademie", "offers/b-neu/mag-schweissen.yaml und offers/c-auch-neu/mag-schweissen.yaml"),
            ("b-neu", "offers/akademie/mag-schweissen.yaml und offers/c-auch-neu/mag-schweissen.yaml"),
            ("c-auch-neu", "offers/akademie/mag-schweissen.yaml und offers/b-neu/mag-schweissen.yaml"),
        )
    ]
    assert any(line.startswith("offers/akademie/mag-schweissen.yaml:") and "price.amount" in line for line in lines)
    assert [line.split(":")[0] for line in lines if ": level: " in line] == [
        "offers/b-neu/mag-schweissen.yaml", "offers/c-auch-neu/mag-schweissen.yaml",
    ]


def test_a_word_that_one_option_begins_or_ends_with_is_a_guess() -> None:
    providers = ["bildungswerk-nord", "pflegeschule-seeklinik", "vhs-landkreis-konstanz", "vhs-ortenau"]
    assert closest("pflege", providers) == "pflegeschule-seeklinik"
    assert closest("Pflegeschule", providers) == "pflegeschule-seeklinik"
    assert closest("vhs", providers) is None  # two begin so
    kinds = ["weiterbildungsberatung", "arbeitsagentur", "kammer", "gewerkschaft", "kommune", "hochschule", "sonstige"]
    assert closest("Beratung", kinds) == "weiterbildungsberatung"


def test_a_file_name_with_umlauts_or_spaces_gets_the_name_to_rename_it_to(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    offer.rename(offer.with_name("Demenz-Begleitung Überlingen.yaml"))
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert (code, out.splitlines()[0]) == (1, (
        "offers/akademie/Demenz-Begleitung Überlingen.yaml:1:1: id: Dateiname ergibt keine gültige Id: 'Demenz-Begleitung Überlingen';"
        " erlaubt sind a–z, 0–9 und einzelne Bindestriche, höchstens 80 Zeichen; bitte die Datei in demenz-begleitung-ueberlingen.yaml umbenennen"
    ))
    decomposed = minimal_tree / "offers" / "akademie" / "Kurs in U\u0308berlingen.yaml"  # as macOS may name it
    (minimal_tree / "offers" / "akademie" / "Demenz-Begleitung Überlingen.yaml").rename(decomposed)
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert out.splitlines()[0].endswith("; bitte die Datei in kurs-in-ueberlingen.yaml umbenennen")


def test_an_iso_date_without_leading_zeros_gets_the_form_to_write(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lines_after(minimal_tree, capsys, "updated: 2026-10-15", "updated: 2027-1-5")[0] == (
        "offers/akademie/python-online.yaml:10:10: updated: muss ein Datum im Format JJJJ-MM-TT sein, gefunden: '2027-1-5';"
        " bitte so schreiben: 2027-01-05"
    )


def _names_a_programme_it_breaks(tree: Path) -> None:
    """The Bildungsgutschein of the minimal guide asks for more than 120 hours and AZAV; the
    provider declares only ISO 9001, and its 16-hour online course names the programme itself."""
    taxonomies = tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text() + "    course:\n      hours_more_than: 120\n      certification: AZAV\n", encoding="utf-8")
    provider = tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text().replace("certifications: [AZAV]", "certifications: [ISO 9001]"), encoding="utf-8")
    offer = tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(offer.read_text() + "duration:\n  hours: 16\nfunding: [bildungsgutschein]\n", encoding="utf-8")
    welding = tree / "offers" / "akademie" / "mag-schweissen.yaml"  # names it too, with 40 hours
    welding.write_text(welding.read_text().replace("funding: [bildungsgutschein]\n", ""), encoding="utf-8")


FUNDING_NOTE = (
    "offers/akademie/python-online.yaml:13:11: funding[0]: das Angebot nennt „Bildungsgutschein“, erfüllt aber dessen "
    "Anforderungen an den Kurs sichtbar nicht: der Kurs umfasst 16 Unterrichtsstunden, das Programm verlangt mehr als 120; "
    "der Anbieter (content/providers/akademie.yaml) nennt als Zertifizierungen nur „ISO 9001“, keine Zulassung nach AZAV; "
    "die Website zeigt „Bildungsgutschein möglich“ trotzdem – bitte die Angaben prüfen oder das Programm hier streichen"
)


def test_a_programme_an_offer_names_although_it_breaks_its_course_rules_is_a_note(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """An offer that names a programme itself keeps it even where it visibly breaks the
    programme's course rules (too few hours, a provider without the AZAV asked for): the
    editor named it, and a published guide must not fail because a programme's rules changed.
    Validation and the build tell the editor where and why, as a note (exit 0)."""
    _names_a_programme_it_breaks(minimal_tree)
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (0, f"Keine Fehler gefunden.\nHinweis: {FUNDING_NOTE}\n")
    summary = tmp_path / "summary.md"
    code, out = run(capsys, "validate", "--source", str(minimal_tree), "--format", "github", "--summary", str(summary))
    assert code == 0 and out.splitlines()[1] == (
        "::notice file=offers/akademie/python-online.yaml,line=13,col=11,title=Lotse%3A Förderung prüfen::" + FUNDING_NOTE.split(": ", 1)[1]
    )
    assert f"Hinweis: {FUNDING_NOTE}" in summary.read_text(encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree), "--format", "json")
    where, field, message = FUNDING_NOTE.split(": ", 2)
    assert code == 0 and json.loads(out)["notes"] == [
        {"file": where.split(":")[0], "line": 13, "column": 11, "field": field, "message": message},
    ]
    code, out = run(capsys, "build", "--source", str(minimal_tree), "--out", str(tmp_path / "out"), "--no-index", "--today", "2026-12-01")
    assert code == 0 and f"Hinweis: {FUNDING_NOTE}" in out.splitlines()
    assert ">Bildungsgutschein</a>" in (tmp_path / "out" / "angebote" / "python-online" / "index.html").read_text(encoding="utf-8")


def test_a_programme_an_offer_meets_or_inherits_gives_no_note(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _names_a_programme_it_breaks(minimal_tree)
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    offer.write_text(offer.read_text().replace("hours: 16", "hours: 160"), encoding="utf-8")
    provider.write_text(provider.read_text().replace("[ISO 9001]", "[ISO 9001, AZAV]"), encoding="utf-8")
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (0, "Keine Fehler gefunden.\n")


REGION_NOTE = (
    "offers/akademie/mag-schweissen.yaml:17:11: location.region: die Postleitzahl 73728 gehört laut site.yaml (postal_codes) zur "
    "Region 'esslingen' (Esslingen), hier steht 'stuttgart' (Stuttgart), und dort ordnet die Website den Ort ein – bitte prüfen; "
    "liegt er wirklich dort (etwa an einer Grenze), kann es so bleiben: „# Grenzlage“ am Ende der Zeile sagt es, dann kommt "
    "dieser Hinweis nicht wieder"
)


def _region_against_postal_code(tree: Path) -> None:
    """postal_codes in site.yaml, and an offer in Esslingen (73728) that says stuttgart."""
    (tree / "site.yaml").write_text((tree / "site.yaml").read_text(encoding="utf-8") + POSTAL_CODES, encoding="utf-8")
    offer = tree / "offers" / "akademie" / "mag-schweissen.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("  region: esslingen\n", "  region: stuttgart\n"), encoding="utf-8")


def test_a_region_its_postal_code_does_not_belong_to_is_a_note(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A region that site.yaml's postal_codes give other postal codes than the place's is no
    error (a place at a border may lie in the region given), but a note at the region, in every
    format of validate and in the build; the offer keeps its region."""
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (0, "Keine Fehler gefunden.\n")
    _region_against_postal_code(minimal_tree)
    assert run(capsys, "validate", "--source", str(minimal_tree)) == (0, f"Keine Fehler gefunden.\nHinweis: {REGION_NOTE}\n")
    code, out = run(capsys, "validate", "--source", str(minimal_tree), "--format", "github")
    assert code == 0 and out.splitlines()[1] == (
        "::notice file=offers/akademie/mag-schweissen.yaml,line=17,col=11,title=Lotse%3A Region prüfen::" + REGION_NOTE.split(": ", 1)[1]
    )
    code, out = run(capsys, "validate", "--source", str(minimal_tree), "--format", "json")
    assert code == 0 and [n["field"] for n in json.loads(out)["notes"]] == ["location.region"]
    code, out = run(capsys, "build", "--source", str(minimal_tree), "--out", str(tmp_path / "out"), "--no-index", "--today", "2026-12-01")
    assert code == 0 and f"Hinweis: {REGION_NOTE}" in out.splitlines()
    assert (tmp_path / "out" / "regionen" / "stuttgart" / "index.html").read_text(encoding="utf-8").count("MAG-Schweißen") >= 1


def test_a_comment_that_names_the_border_ends_the_region_note(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A place that really lies across the border keeps its region: "# Grenzlage" (or any
    comment naming the border) at the end of the region's line says so, and the note does
    not come again. A "#" inside the value, or a comment at another line, is no such word."""
    _region_against_postal_code(minimal_tree)
    offer = minimal_tree / "offers" / "akademie" / "mag-schweissen.yaml"
    text = offer.read_text(encoding="utf-8")
    for line, noted in (
        ("  region: stuttgart  # Grenzlage, mit dem Landratsamt geklärt\n", False),
        ("  region: stuttgart # liegt an der Grenze\n", False),
        ("  region: stuttgart  # geprüft\n", True),
        ("  region: 'stuttgart'\n  # Grenzlage\n", True),
    ):
        offer.write_text(text.replace("  region: stuttgart\n", line), encoding="utf-8")
        code, out = run(capsys, "validate", "--source", str(minimal_tree))
        assert code == 0 and (f"Hinweis: {REGION_NOTE}" in out.splitlines()) == noted, (line, out)


def test_a_date_s_place_and_an_address_get_the_region_note_too(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same for a date's own place, an advisory point's and a provider's address; a postal
    code no region's codes hold and a region that agrees give none."""
    (minimal_tree / "site.yaml").write_text((minimal_tree / "site.yaml").read_text(encoding="utf-8") + POSTAL_CODES, encoding="utf-8")
    for path in ("content/advisory-points/beratung-esslingen.yaml", "content/providers/akademie.yaml"):
        file = minimal_tree / path
        file.write_text(file.read_text(encoding="utf-8").replace("region: esslingen", "region: stuttgart"), encoding="utf-8")
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text(encoding="utf-8")
    assert "dates:\n  - start: " in text
    place = '    location:\n      street: Hauptstraße 1\n      postal_code: "{}"\n      city: Ort\n      region: esslingen\n'
    first, rest = text.split("dates:\n  - start: ", 1)
    day, after = rest.split("\n", 1)
    offer.write_text(f"{first}dates:\n  - start: {day}\n{place.format('70173')}  - start: {day}\n{place.format('80331')}{after}", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 0, out
    assert [line.split(": ", 3)[:3] for line in out.splitlines()[1:]] == [
        ["Hinweis", "content/advisory-points/beratung-esslingen.yaml:8:11", "address.region"],
        ["Hinweis", "content/providers/akademie.yaml:10:11", "address.region"],
        ["Hinweis", "offers/akademie/excel-kompakt.yaml:18:15", "dates[0].location.region"],
    ], out


def test_a_date_s_further_place_gets_the_region_note_too(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A further place of a run (also_at) is a place like the date's own: its region is checked
    against its postal code, at its own line."""
    (minimal_tree / "site.yaml").write_text((minimal_tree / "site.yaml").read_text(encoding="utf-8") + POSTAL_CODES, encoding="utf-8")
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text(encoding="utf-8")
    first, rest = text.split("dates:\n  - start: ", 1)
    day, after = rest.split("\n", 1)
    further = '    also_at:\n      - street: Hauptstraße 1\n        postal_code: "70173"\n        city: Ort\n        region: esslingen\n'
    offer.write_text(f"{first}dates:\n  - start: {day}\n{further}{after}", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 0, out
    assert [line.split(": ", 3)[:3] for line in out.splitlines()[1:]] == [
        ["Hinweis", "offers/akademie/excel-kompakt.yaml:18:17", "dates[0].also_at[0].region"],
    ], out


def test_a_tree_with_errors_still_gives_the_notes_of_what_passed(minimal_tree: Path) -> None:
    """The live preview's error page lists the notes of the offers that passed a check with
    errors (``incremental.notes_despite``): not those of a file with an error, and none for an
    offer whose provider failed (its certifications are unknown, a note would be half true)."""
    from site_builder.incremental import Memory, notes_despite
    from site_builder.pipeline import check
    from site_builder.problems import ContentError

    _names_a_programme_it_breaks(minimal_tree)

    def notes() -> list[str]:
        memory = Memory()
        with pytest.raises(ContentError) as caught:
            check(minimal_tree, memory.files, memory.checked)
        return [note.text() for note in notes_despite(minimal_tree, caught.value, memory, TODAY)]

    excel = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    excel.write_text(excel.read_text().replace("amount: 189.5", "amount: teuer"), encoding="utf-8")
    assert notes() == [f"Hinweis: {FUNDING_NOTE}"]
    python = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    named = python.read_text(encoding="utf-8")
    python.write_text(named.replace("hours: 16", "hours: viele"), encoding="utf-8")
    assert notes() == []
    python.write_text(named, encoding="utf-8")
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text().replace("name:", "nme:", 1), encoding="utf-8")
    assert notes() == []


def test_a_note_names_the_forms_as_editors_read_them(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reasons of a note say "Präsenz" and "Hybrid" as the offer pages and filters do, not
    the ids an editor never reads there ("praesenz")."""
    _names_a_programme_it_breaks(minimal_tree)
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text() + "      formats: [praesenz, hybrid]\n", encoding="utf-8")
    code, out = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 0 and "sichtbar nicht: die Form ist „Online“, das Programm verlangt „Präsenz“ oder „Hybrid“; der Kurs umfasst 16" in out
