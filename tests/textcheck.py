"""A German text check: what a reader of a built page notices first.

- A numeral and its noun agree in number ("1 Angebot", "3 Angebote", "mit 3 Angeboten").
- No English or developer words on a visitor's page ("localStorage", "undefined", "TODO" …).
- No fact said twice in a row ("Online · Online").

Used over every built page (tests/test_text.py) and over what the scripts write into a page
in the browser (tests/test_layout.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Nouns that follow numbers on the site: singular, plural, dative plural. Only these are judged,
# so a word missing here passes unjudged; add a noun when a page starts counting it.
NOUNS = [
    ("Angebot", "Angebote", "Angeboten"),
    ("Beratungsstelle", "Beratungsstellen", "Beratungsstellen"),
    ("Anbieter", "Anbieter", "Anbietern"),
    ("Termin", "Termine", "Terminen"),
    ("Treffer", "Treffer", "Treffern"),
    ("Tag", "Tage", "Tagen"),
    ("Woche", "Wochen", "Wochen"),
    ("Monat", "Monate", "Monaten"),
    ("Jahr", "Jahre", "Jahren"),
    ("Stunde", "Stunden", "Stunden"),
    ("Unterrichtsstunde", "Unterrichtsstunden", "Unterrichtsstunden"),
    ("Platz", "Plätze", "Plätzen"),
    ("Seite", "Seiten", "Seiten"),
    ("Programm", "Programme", "Programmen"),
    ("Förderprogramm", "Förderprogramme", "Förderprogrammen"),
    ("Thema", "Themen", "Themen"),
    ("Region", "Regionen", "Regionen"),
    ("Filter", "Filter", "Filtern"),
    ("Person", "Personen", "Personen"),
    ("Beschäftigte", "Beschäftigte", "Beschäftigten"),
    ("Ergebnis", "Ergebnisse", "Ergebnissen"),
    ("Fehler", "Fehler", "Fehlern"),
    ("Frage", "Fragen", "Fragen"),
    ("Kurstag", "Kurstage", "Kurstagen"),
]
SINGULAR = {s for s, p, _ in NOUNS if s != p}
PLURAL = {p for s, p, _ in NOUNS if s != p} | {d for s, _, d in NOUNS if d != s}
DATIVE_WRONG = {p for _, p, d in NOUNS if p != d}  # nominative plural where a dative is due
# Prepositions that take the dative: "mit 3 Angeboten", "von 12 Beratungsstellen".
DATIVE = {"mit", "von", "aus", "bei", "nach", "seit"}  # not "zu": "bis zu 6 Monate"
# Words that are never German text for a visitor.
# Case matters: "Null" and "None" are not German words for a visitor either, but "null" in
# "null Uhr" would be; the lowercase developer spellings are what leaks from code.
DEVELOPER_WORDS = ["localStorage", "sessionStorage", "undefined", "null", "NaN", "None", "true", "false", "TODO", "FIXME", "Lorem", "lorem", "ipsum", "[object Object]"]
_DEVELOPER = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in DEVELOPER_WORDS) + r")(?![\w-])")
_COUNT = re.compile(r"(?:(\w+)[ \u00a0]+)?(?<![\d.,])(\d+(?:\.\d{3})*)[ \u00a0]+([A-ZÄÖÜ][a-zäöüß]+)\b")
_PARTS = re.compile(r"\s*·\s*")


def number_problems(text: str) -> list[str]:
    found = []
    for match in _COUNT.finditer(text):
        before, number, noun = match.group(1), int(match.group(2).replace(".", "")), match.group(3)
        shown = match.group(0).strip()
        if len(match.group(2)) == 4 and 1900 <= number <= 2100:
            continue  # a year: "Juni 2027 Termin …" counts nothing
        if number == 1 and noun in PLURAL:
            found.append(f"„{shown}“: nach 1 die Einzahl")
        elif number != 1 and noun in SINGULAR:
            found.append(f"„{shown}“: nach {number} die Mehrzahl")
        elif number != 1 and before and before.lower() in DATIVE and noun in DATIVE_WRONG:
            found.append(f"„{shown}“: nach „{before}“ der Dativ")
    return found


def developer_words(text: str) -> list[str]:
    return [f"„{m.group(1)}“ ist kein Wort für Besucher" for m in _DEVELOPER.finditer(text)]


def doubled_facts(text: str) -> list[str]:
    """A run of facts joined by "·" that says the same thing twice."""
    found = []
    for line in text.splitlines():
        if "·" not in line:
            continue
        parts = [p.casefold() for p in _PARTS.split(line.strip()) if p]
        for a, b in zip(parts, parts[1:], strict=False):
            if a == b:
                found.append(f"„{line.strip()}“: „{a}“ doppelt")
    return found


def problems(text: str) -> list[str]:
    return number_problems(text) + developer_words(text) + doubled_facts(text)


class _Visible(HTMLParser):
    """The text a visitor sees (and a screen reader reads), one line per block."""

    SKIP = {"script", "style", "template", "noscript", "svg"}
    BLOCKS = {"p", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article", "header", "footer", "nav", "summary", "label", "option", "legend", "caption", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")
        values = dict(attrs)
        for name in ("alt", "aria-label", "title", "placeholder"):
            if values.get(name) and not self.skip:
                self.out.append(f"\n{values[name]}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.out).splitlines())
    return "\n".join(line for line in lines if line)
