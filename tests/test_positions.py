"""Positions an editor finds and German messages: every defect at the line and column where it
starts, line breaks counted as editors count them, one root cause reported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.load import parse_yaml
from site_builder.problems import Problem

from .hostile import ENGLISH, OFFERS, run

POSITIONS = [
    # An unclosed quote swallows lines up to the next quote: reported where it opens.
    ('title: "Kurs\nsummary: Text\nformat: "online"\n', "1:8: Anführungszeichen wird nicht geschlossen"),
    ("title: 'Kurs\nsummary: Text\n", "1:8: Anführungszeichen wird nicht geschlossen"),
    ('title: "a\nsummary: "b"\nformat: ""\n', "1:8: Anführungszeichen wird nicht geschlossen"),
    # Text after a closing quote.
    ('title: "Kurs" für alle\n', "1:15: nach dem schließenden Anführungszeichen darf nichts folgen"),
    # A quote within the value ends it.
    ('title: "Kurs "Fit" ab"\n', "1:14: dieses Anführungszeichen beendet den Wert schon hier; gehört es zum Text, bitte den ganzen Wert in einfache"),
    ("title: 'Kurs 'Fit' ab'\n", '1:14: dieses Anführungszeichen beendet den Wert schon hier; gehört es zum Text, bitte den ganzen Wert in doppelte'),
    # An unclosed bracket at the bracket, also at the end of the file.
    ("title: x\ntopics: [a, b\nsummary: c\nformat: online\n", "2:9: Liste in eckigen Klammern wird nicht geschlossen: ']' fehlt"),
    ("title: x\ntopics: [a,\n", "2:9: Liste in eckigen Klammern wird nicht geschlossen: ']' fehlt"),
    ("location: {city: a\nsummary: b\n", "1:11: Abschnitt in geschweiften Klammern wird nicht geschlossen: '}' fehlt"),
    # Tabs where indentation belongs.
    ("title: x\nlocation:\n\tcity: a\n", "3:1: Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken"),
    ("description: |\n  x\n\ty\n", "3:1: Tabulatorzeichen sind in YAML nicht erlaubt"),
    # A missing colon on its own line, not on the next one.
    ("title: x\nsummary\nformat: online\n", "2:1: Doppelpunkt fehlt; erwartet wird 'feld: wert'"),
    # Control characters at their own place, named.
    ("title: ok\nsummary: a\x01b\n", "2:11: Steuerzeichen U+0001 (SOH) ist nicht erlaubt; bitte entfernen"),
    ("title: ok\n\nsummary: Glocke\x07\x07\n", "3:16: Steuerzeichen U+0007 (Klingelzeichen) ist nicht erlaubt; bitte entfernen – und 1 weiteres solches Zeichen"),
    ("title: a\x00\n", "1:9: Steuerzeichen U+0000 (Nullzeichen) ist nicht erlaubt"),
    ('title: ok\nsummary: "a\\x1bb"\n', "2:12: summary: Steuerzeichen U+001B (Escape) im Wert ist nicht erlaubt"),
    ('title: "\\N"\n', "1:9: title: Steuerzeichen U+0085 (Zeilenwechsel NEL) im Wert ist nicht erlaubt"),
    # Line separators editors do not count: at their place, and no line after them shifts.
    ("title: a\u2028b\nsummary: c\n", "1:9: unsichtbares Zeilentrennzeichen U+2028 (LINE SEPARATOR) ist nicht erlaubt"),
    ("title: a\nsummary: c\u0085d\n", "2:11: Steuerzeichen U+0085 (Zeilenwechsel NEL) ist nicht erlaubt"),
    ("title: a\u2029\n", "1:9: unsichtbares Absatztrennzeichen U+2029 (PARAGRAPH SEPARATOR) ist nicht erlaubt"),
    # Lines as editors count them: LF, CRLF and CR alike.
    ("title: a\r\nsummary: b\r\nformat: 'x\r\n", "3:9: Anführungszeichen wird nicht geschlossen"),
    ("title: a\rsummary: b\rformat: @x\r", "3:9: das Zeichen '@' kann einen Wert nicht beginnen"),
    ("title: ok\r\nsummary: a\x02\r\n", "2:11: Steuerzeichen U+0002 (STX)"),
    # A '#' that cuts a text.
    ("title: Schweißen Kurs #2 für Einsteiger\n", "1:23: title: '#' nach einem Leerzeichen beginnt in YAML einen Kommentar: der Wert endet davor ('Schweißen Kurs')"),
    ("tags:\n  - Excel #Kurs\n", "2:11: tags[0]: '#' nach einem Leerzeichen beginnt in YAML einen Kommentar"),
    ("description: Dies ist ein langer\n  Text #2\n", "2:8: description: '#' nach einem Leerzeichen"),
    ("tags: [Excel #Office, Word]\nformat: online\n", "1:14: '#' nach einem Leerzeichen beginnt in YAML einen Kommentar: der Rest der Zeile, auch ']'"),
    # A non-breaking space pasted from Word, where YAML needs a blank: named at its place.
    ("title: x\nlocation:\n\u00a0\u00a0street: a\n  city: b\n", "3:1: unsichtbares Zeichen U+00A0 (geschütztes Leerzeichen): YAML braucht hier ein gewöhnliches Leerzeichen"),
    ("title: x\nlevel:\u00a0einstieg\nformat: online\n", "2:7: unsichtbares Zeichen U+00A0 (geschütztes Leerzeichen)"),
    ("title: Kurs\u00a0A\nsummary\nformat: online\n", "2:1: Doppelpunkt fehlt"),  # within a value it is text
    ("title: x\rdescription:\r  Ein Text.\r\r  ## Inhalte\r\r  - eins\r  - zwei\rformat: online\r", "2:13: ein längerer Text braucht nach 'description:' ein '|'"),
    # Markdown under a key without '|': the key is named, not the first list line.
    ("title: x\ndescription:\n  Ein Text.\n\n  ## Inhalte\n\n  - eins\n  - zwei\nformat: online\n", "2:13: ein längerer Text braucht nach 'description:' ein '|' (also 'description: |')"),
    ("title: x\nlocation:\n  city: a\n  - b\n", "4:3: Einrückung passt nicht zur Zeile darüber"),
    # A key without its colon reads on into the next line, which fails at its own colon: the
    # line above is named. So is a list's dash without its blank.
    ("title \"Agiles Projektmanagement\"\nsummary: kurz\n", "1:6: nach dem Feldnamen 'title' fehlt der Doppelpunkt: 'title: …'"),
    ("topics:\n  - id stuttgart\n    label: Stuttgart\n", "2:7: nach dem Feldnamen 'id' fehlt der Doppelpunkt"),
    ("dates:\n  -start: 2027-02-16\n    end: 2027-02-20\n", "2:3: nach dem '-' fehlt ein Leerzeichen: '- start:'"),
    # A Markdown heading written further left than the text after '|': YAML takes it for a
    # comment and ends the text; at the end of a file nothing would be said at all.
    ("title: x\ndescription: |\n  Text.\n\n## Abschluss\n\n  Bescheinigung.\n", "5:1: die Überschrift '## Abschluss' steht weiter links als der Text darüber"),
    ("title: x\ndescription: |\n  Text.\n\n## Abschluss\n", "5:1: bitte wie den Text einrücken (2 Leerzeichen)"),
    # Quotes typed in Word do not quote.
    ("title: “Staplerschein: Ausbildung”\nformat: online\n", "1:8: typografische Anführungszeichen („…“, “…”) schützen in YAML keinen Wert"),
    # A key further in than the one above reads as more of that one's value: both named.
    ("dates:\n  - start: 2027-01-15\n     end: 2027-01-22\n", "3:6: 'end:' ist weiter eingerückt als 'start:' in Zeile 2; so liest YAML die Zeile als Fortsetzung des Werts von 'start' – bitte 'end:' genauso weit einrücken wie 'start:' (4 Leerzeichen)"),
    ("title: x\n  format: online\n", "2:3: 'format:' ist weiter eingerückt als 'title:' in Zeile 1; so liest YAML die Zeile als Fortsetzung des Werts von 'title' – bitte 'format:' genauso weit einrücken wie 'title:' (am Zeilenanfang)"),
    # Nesting and numbers at their limits.
    ("title: " + "[" * 60 + "]" * 60 + "\n", "1:57: title[0][0][0]"),
    ("".join("  " * i + "a:\n" for i in range(1200)), "51:101: a.a.a"),
]


@pytest.mark.parametrize(("text", "expected"), POSITIONS)
def test_each_defect_is_reported_where_it_starts_in_german(text: str, expected: str) -> None:
    doc, problems = parse_yaml("x.yaml", text)
    lines = [p.text() for p in problems]
    where, what = expected.split(": ", 1)
    assert len(lines) == 1 and lines[0].startswith(f"x.yaml:{where}: ") and what in lines[0], lines
    assert not ENGLISH.search(problems[0].message), problems[0].message


def test_control_characters_in_the_markdown_of_a_page_are_found_too(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = minimal_tree / "content" / "pages" / "ueber.md"
    page.write_text(page.read_text() + "\nNoch ein Absatz\u2028mit Trenner.\n")
    lines = page.read_text().split("\n")
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert f"content/pages/ueber.md:{len(lines) - 1}:16: unsichtbares Zeilentrennzeichen U+2028" in output


def test_comments_that_cut_nothing_stay_comments() -> None:
    text = (
        "region: esslingen   # Landkreis\nprice:\n  amount: 50 # inkl. Material\nupdated: 2026-11-01 # geprüft\n"
        "title: C# für Einsteiger\nsummary: 'Kurs #2'\ndescription: |\n  ## Inhalte\n  Kurs #2 im Block\n"
        "# eine Kommentarzeile\ntopics: [a, b] # zwei Themen\n"
    )
    doc, problems = parse_yaml("x.yaml", text)
    assert doc is not None and problems == []
    assert doc.data["title"] == "C# für Einsteiger" and doc.data["summary"] == "Kurs #2"


BROKEN = [
    "a: b: c # d\n", "a: 1\n- x\n", "a:\n    b: 1\n  c: 2\n", "a:\n  - x\n - y\n", "- a\nb: c\n", "a: - b\n",
    "a: |x\n  b\n", "a: |0\n  b\n", "a: &\n", "a: *\n", "a: !<x\n", "a: !x!y z\n", "%FOO bar\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n", 'a: "x\n---\ny"\n', 'a: "\\x4"\n', 'a: "\\ud800"\n', 'a: "\\q"\n', "a: %x\n",
    "a: `b\n", "a: 1\n...\nx: 2\n", "- - \n-\n  ]\n", "{a: 1, b\n", "a: {b: 1, :}\n", "? [a\n",
    "a: 'x' y\n", "[\n", '"a\n', "location:\n\tcity: 'a\n",
]


@pytest.mark.parametrize("text", BROKEN)
def test_every_syntax_error_is_one_german_line(text: str) -> None:
    doc, problems = parse_yaml("x.yaml", text)
    assert problems and doc is None
    for problem in problems:
        assert not ENGLISH.search(problem.message), (text, problem.message)
        assert problem.line >= 1 and problem.column >= 1


@pytest.mark.parametrize(("text", "line", "data"), [
    ("title: x\nlocation:\n\tcity: a\n\tregion: b\n", "3:1: location.city: Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit"
     " Leerzeichen einrücken (auch in Zeile 4)", {"title": "x", "location": {"city": "a", "region": "b"}}),
    ("location:\n  street: Weg 1\n\tcity: a\n", "3:1: location.city: ", {"location": {"street": "Weg 1", "city": "a"}}),
    ("\ttitle: x\nformat: online\n", "1:1: title: ", {"title": "x", "format": "online"}),
    ("tags:\n\t- a\n\t- b\n", "2:1: tags[0]: ", {"tags": ["a", "b"]}),
    ("a:\n  b\n\tc\n", "3:1: a: ", {"a": "b c"}),
    ("a: >\n x\n\t y\n", "3:1: a: ", {"a": "x\n y\n"}),
])
def test_a_tab_in_the_indentation_is_named_with_its_field_and_the_file_read_all_the_same(text: str, line: str, data: object) -> None:
    """Indented with tabs, the file is read with each tab as spaces (one, or as many as the
    lines around it have): the tab's line names its field, and the other fields are checked in
    the same run instead of after the tab is fixed."""
    doc, problems = parse_yaml("x.yaml", text)
    assert [p.text() for p in problems] == [p.text() for p in problems if p.text().startswith(f"x.yaml:{line}")] != []
    assert doc is not None and doc.data == data


def test_a_file_indented_with_tabs_has_its_other_mistakes_found_in_the_same_run(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    offer = minimal_tree / OFFERS / "mag-schweissen.yaml"
    offer.write_text(offer.read_text().replace("\n  city: Esslingen am Neckar\n", "\n\tcity: Esslingen am Neckar\n")
                     .replace("amount: 1290", "amount: viel"))
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert output.splitlines()[:2] == [
        "offers/akademie/mag-schweissen.yaml:16:1: location.city: Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken",
        "offers/akademie/mag-schweissen.yaml:32:11: price.amount: muss eine Zahl ≥ 0 sein, gefunden: 'viel'",
    ]


def test_huge_numbers_and_deep_nesting_never_crash(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    offer = minimal_tree / OFFERS / "mag-schweissen.yaml"
    text = offer.read_text()
    offer.write_text(
        text.replace("amount: 1290", "amount: " + "9" * 5000).replace("seats_available: 4", "seats_available: " + "7" * 5000)
        .replace("hours: 40", "hours: 0x" + "f" * 4000)
    )
    (minimal_tree / OFFERS / "tief.yaml").write_text("title: " + "[" * 2000 + "]" * 2000 + "\n")
    (minimal_tree / OFFERS / "tiefer.yaml").write_text("".join("  " * i + "a:\n" for i in range(700)))
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1 and "Traceback" not in output
    assert "price.amount: ist zu groß (höchstens 9999999.99), gefunden: '99999" in output
    assert "(5000 Zeichen)" in output
    assert "dates[0].seats_available: muss eine ganze Zahl ≥ 0 sein, gefunden: '7777" in output
    assert "offers/akademie/tief.yaml:1:57: zu tief verschachtelt (mehr als 50 Ebenen)" in output
    assert "zu tief verschachtelt (mehr als 50 Ebenen)" in output
    assert max(len(line) for line in output.splitlines()) < 400


def test_one_root_cause_is_reported_once(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    raw = taxonomies.read_bytes()
    at = raw.index(b"esslingen")
    taxonomies.write_bytes(raw[:at] + b"\xff" + raw[at + 1 :])
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    provider.write_text('name: "Test-Akademie\n' + provider.read_text().split("\n", 1)[1])
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    lines = output.splitlines()
    assert code == 1
    line, column = raw[:at].count(b"\n") + 1, at - raw[:at].rfind(b"\n")
    assert lines[0] == "content/providers/akademie.yaml:1:7: Anführungszeichen wird nicht geschlossen"
    assert lines[1] == f"content/taxonomies.yaml:{line}:{column}: Datei ist nicht UTF-8-kodiert (Byte 0xFF ist kein UTF-8); bitte als UTF-8 speichern"
    assert lines[2].startswith(f"content/taxonomies.yaml:{line}:{column}: Folgefehler: ")
    assert "Verweise auf Themen, Regionen, Zielgruppen oder Förderprogramme" in lines[2]
    assert lines[3:] == ["3 Fehler gefunden."]  # no "unbekannter Anbieter", no "unbekannte Region"


def test_file_names_that_would_break_the_text_format_are_quoted() -> None:
    assert Problem("offers/a:1:2.yaml", 3, 4, "id", "x").text() == '"offers/a:1:2.yaml":3:4: id: x'
    assert Problem("offers/a\nb.yaml", 3, 4, "", "x").text() == '"offers/a\\nb.yaml":3:4: x'
    assert Problem("offers/a.yaml", 1, 1, "ti\ntel", "Wert\r\nmit Bruch").text() == "offers/a.yaml:1:1: ti\\ntel: Wert\\r\\nmit Bruch"
    github = Problem("offers/a:b.yaml", 1, 1, "", "eins\nzwei").github()
    assert "\n" not in github and "file=offers/a%3Ab.yaml" in github


@pytest.mark.parametrize(("text", "lines", "data"), [
    ("title: Excel: Grundkurs\nformat: online\n", ['x.yaml:1:8: title: ein Doppelpunkt mit Leerzeichen danach steht in YAML nur nach dem Feldnamen; gehört er'
     ' zum Text, bitte den ganzen Wert in Anführungszeichen setzen: title: "Excel: Grundkurs"'], {"title": "Excel: Grundkurs", "format": "online"}),
    ("location:\n  name: Raum 2: Nord\n  city: a\ndates:\n  - note: Achtung: Raum \"B\"\n", [
        'x.yaml:2:9: location.name: ', "x.yaml:5:11: dates[0].note: ein Doppelpunkt mit Leerzeichen danach steht in YAML nur nach dem"
        " Feldnamen; gehört er zum Text, bitte den ganzen Wert in Anführungszeichen setzen: note: 'Achtung: Raum \"B\"'"],
     {"location": {"name": "Raum 2: Nord", "city": "a"}, "dates": [{"note": 'Achtung: Raum "B"'}]}),
    ("title: Excel: Grundkurs\r\nsummary: Teil 1: Tabellen\r\n", ["x.yaml:1:8: title: ", "x.yaml:2:10: summary: "],
     {"title": "Excel: Grundkurs", "summary": "Teil 1: Tabellen"}),
])
def test_a_colon_in_a_plain_value_is_named_with_its_field_and_the_file_read_all_the_same(text: str, lines: list[str], data: object) -> None:
    """'title: Excel: Grundkurs' is the commonest YAML mistake of all: the line names the field
    and the value as it should be written, and the other fields are checked in the same run."""
    doc, problems = parse_yaml("x.yaml", text)
    found = [p.text() for p in problems]
    assert len(found) == len(lines) and all(f.startswith(line) for f, line in zip(found, lines, strict=True)), found
    assert doc is not None and doc.data == data


def test_a_colon_in_a_value_and_a_later_syntax_error_are_both_named() -> None:
    doc, problems = parse_yaml("x.yaml", "title: Excel: Grundkurs\ndates:\n  - start: 2027-01-15\n     end: 2027-01-22\n")
    assert doc is None
    assert [p.text()[:24] for p in problems] == ["x.yaml:1:8: ein Doppelpu", "x.yaml:4:6: 'end:' ist w"]
