"""The German text check over every page of the built sample guide (see tests/textcheck.py)."""

from __future__ import annotations

from pathlib import Path

from .textcheck import number_problems, problems, visible_text


def test_the_check_catches_what_a_newcomer_notices() -> None:
    assert number_problems("Eine Merkliste mit 3 Angebote.") == ["„mit 3 Angebote“: nach „mit“ der Dativ"]
    assert number_problems("1 Angebote gefunden") and number_problems("3 Angebot gefunden")
    assert not number_problems("1 Angebot, 3 Angebote, mit 3 Angeboten, 12 Treffer, 1.200 Angebote")
    assert problems("Gespeichert (localStorage)") and problems("Preis: undefined €") and problems("TODO")
    assert problems("Online · Online") == ["„Online · Online“: „online“ doppelt"]
    assert not problems("Online · 3 Tage · kostenfrei")
    assert visible_text('<p>Ein <b>Satz</b></p><script>var x = null;</script><p title="Hinweis">B</p>') == "Ein Satz\nHinweis\nB"


def test_every_built_page_reads_as_german(sample_site: Path) -> None:
    found = []
    for page in sorted(sample_site.rglob("*.html")):
        if "admin" in page.relative_to(sample_site).parts:
            continue  # the editors' CMS, in its own words
        for problem in problems(visible_text(page.read_text())):
            found.append(f"{page.relative_to(sample_site)}: {problem}")
    assert found == []


def test_how_long_a_date_runs_in_words() -> None:
    from datetime import date

    from site_builder.german import span_words

    # Every Tuesday from 9 March to 27 April: eight weeks, as it meets eight times.
    assert span_words(date(2027, 3, 9), date(2027, 4, 27)) == "8 Wochen"
    assert span_words(date(2027, 3, 9), date(2027, 4, 6)) == "5 Wochen"
    # Blocks and spans: as before.
    assert [span_words(date(2027, 3, 1), date(2027, 3, d)) for d in (1, 5, 12, 19, 26)] == ["1 Tag", "5 Tage", "12 Tage", "3 Wochen", "4 Wochen"]
    assert span_words(date(2027, 1, 12), date(2027, 6, 29)) == "6 Monate"
