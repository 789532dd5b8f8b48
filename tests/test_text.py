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
