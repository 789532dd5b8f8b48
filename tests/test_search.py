"""Search that understands what people type: word forms at build time, query handling in the browser.

The build side is tested on its own functions and on a built fixture guide (tests/fixtures/minimal
with tests/fixtures/search over it); the browser side on that guide in Chromium: each mechanism,
the no-result help, the tabs' counts against the topic and region pages, keyboard use, axe, and
a slow start.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from site_builder.model import OfferDate
from site_builder.pipeline import build, load_guide
from site_builder.records import SearchWords, _repeated_terms, _repeated_words
from site_builder.search import (
    HYPHENATED,
    guide_words,
    hyphenated_words,
    place_names,
    qualifying,
    schedule,
    session_hours,
)
from site_builder.searchcheck import index_count, searchable_pages
from site_builder.wordforms import (
    Expander,
    Lexicon,
    builtin_broader,
    builtin_synonyms,
    compound_forms,
    merged_broader,
    merged_synonyms,
    words,
)

from .browser import Gate, axe_violations, static_server
from .conftest import FIXTURES, TODAY, copy_tree


@pytest.fixture(scope="module")
def search_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_tree(tmp_path_factory.mktemp("search") / "src", FIXTURES / "minimal", FIXTURES / "search")


@pytest.fixture(scope="module")
def search_site(search_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "_site"
    build(search_tree, out, today=TODAY)
    return out


def lexicon(*texts: str) -> Lexicon:
    found = Lexicon()
    found.add_page(texts)
    found.freeze()
    return found


# --- Build side ----------------------------------------------------------------------------


def test_compounds_split_only_into_words_the_guide_uses() -> None:
    words = lexicon("Pflege Fachkräfte Pflegekräfte Kurs schweißen Schweißer Beruf Sprachkurs Gebäude Energie Berater Woche Mitte")
    assert set(compound_forms("Pflegefachkräfte", words)) >= {"Pflege", "Fachkräfte", "Pflegekräfte"}
    # The agent "-er" of a verb the guide uses is dropped too: Schweißerkurs is a Schweißkurs.
    assert set(compound_forms("Schweißerkurs", words)) >= {"Schweißer", "Kurs", "Schweißkurs"}
    assert set(compound_forms("Berufssprachkurs", words)) >= {"Sprachkurs"}
    assert set(compound_forms("Gebäudeenergieberater", words)) >= {"Gebäude", "Energieberater", "Energie", "Berater"}
    assert set(compound_forms("Aufstiegs-BAföG", words)) >= {"Aufstiegs", "BAföG"}
    # No cut into a truncated word ("Mitt|woch") and none into words the guide does not use.
    assert compound_forms("Mittwoch", words) == []
    assert compound_forms("Quantenphysik", words) == []
    # Nor into an adverb: "Ersthelfer" is no "erst" and "Helfer".
    assert "Helfer" not in compound_forms("Ersthelfer", lexicon("Helfer erst Hilfe"))


def test_a_three_letter_noun_is_a_compounds_last_part() -> None:
    """"Bus" finds the "Linienbus" and "Bau" the "Stahlbau": a last part of three letters is
    taken when the guide writes it as a noun of its own; an ending in small letters is none."""
    words = lexicon("Der Bus fährt die Linie. Stahl und Bau. Die Kosten sind machbar, bar bezahlt, kostenlos, los.")
    assert set(compound_forms("Linienbus", words)) >= {"Linien", "Bus"}
    assert set(compound_forms("Stahlbau", words)) >= {"Stahl", "Bau"}
    assert compound_forms("Kostenbar", words) == [] and compound_forms("Kostenlos", words) == []
    # The head must still be a word of the guide.
    assert compound_forms("Omnibus", words) == []


def test_schedule_in_words_from_every_date_field() -> None:
    def on(hours: str | None = None, days: list[str] | None = None, text: str | None = None) -> OfferDate:
        return OfferDate(date(2027, 1, 4), None, hours, days or [], text, None, None, None, None, None, None, False)

    days, daytimes, _ = schedule([on(text="Di und Do, 18:00–21:15 Uhr"), on(text="zwei Samstage im Monat 8:30–13:30 Uhr")])
    assert days == ["di", "do", "sa"] and daytimes == ["vormittags", "abends", "am Wochenende"]
    days, daytimes, _ = schedule([on(text="Mo–Fr, 7:45–15:15 Uhr")])
    assert days == ["mo", "di", "mi", "do", "fr"] and daytimes == ["ganztags"]
    assert schedule([on(hours="13:30-16:30", days=["so"])])[1] == ["nachmittags", "am Wochenende"]
    # "so" is a word, "So" the abbreviation of Sonntag.
    assert schedule([on(text="so lange der Vorrat reicht")])[0] == []
    # An offer without dates names its pace in its duration text.
    assert schedule([], "zweimal pro Woche, Di und Do 17:30–19:00 Uhr")[:2] == (["di", "do"], ["abends"])
    assert session_hours("bis zu 6 Monate, Mo–Fr 8:30–14:00 Uhr") == ("08:30", "14:00")
    assert session_hours("ab 9:00 Uhr") is None and session_hours("22:00–6:00 Uhr") is None


def test_pages_carry_their_extra_words_in_a_hidden_weighted_block(search_site: Path) -> None:
    page = (search_site / "angebote" / "flurfoerderzeuge" / "index.html").read_text()
    block = re.search(r'<div class="suchwoerter" hidden>(.*?)</div>', page)
    assert block is not None
    weighted = dict(re.findall(r'<p data-pagefind-weight="([\d.]+)">([^<]*)</p>', block.group(1)))
    # The title's synonyms weigh more than body text; the schedule is there in words.
    assert "Stapler" in weighted["3.5"] and "Gabelstapler" in weighted["3.5"]
    assert "Samstag" in weighted["0.7"] and "am Wochenende" in weighted["0.7"]
    assert block.group(1).index("⁂") < block.group(1).index("Stapler")
    assert 'content="Wochenende" data-pagefind-filter="wochentage[content]"' in page
    compound = (search_site / "angebote" / "nachtdienst-pflege" / "index.html").read_text()
    assert re.search(r">⁂ Pflege Fachkräfte<", compound)


def test_words_joined_by_slashes_are_found_by_their_parts() -> None:
    """Pagefind reads "B1/B2" and "Kauffrau/Kaufmann" as one word: their parts become search
    words of the page, unless it says them alone; links and gendered endings give none."""
    from site_builder.search import _with_slashed
    from site_builder.wordforms import slashed_words

    assert slashed_words("Englisch im Beruf (B1/B2)") == ["B1", "B2"]
    assert slashed_words("Mitarbeiter/innen und/oder Elektroniker/in, https://x.de/a/b") == ["Mitarbeiter", "Elektroniker"]
    texts = {3.5: ["Kauffrau/Kaufmann (IHK)"], 1.0: ["Der Kaufmann im Büro, Niveau B1/B2"]}
    assert _with_slashed(texts, [(3.5, ["Kaufleute"]), (1.0, [])]) == [(3.5, ["Kaufleute", "Kauffrau"]), (1.0, ["B1", "B2"])]


def test_words_shortened_with_a_hyphen_in_a_row_are_completed() -> None:
    """"Physio- und Ergotherapeuten": German leaves out the end the words share, and Pagefind
    indexes "Physio". The whole word is made from the longest end of the last word that the
    guide uses as a word; a row whose end the guide does not know gives nothing."""
    from site_builder.wordforms import elided_words

    known = lexicon("Therapeuten im Gespräch", "Training für Teams", "Management")
    assert elided_words("Für Physio- und Ergotherapeut(en/innen).", known) == ["Physiotherapeut"]
    assert elided_words("Kommunikations-, Präsentations- und Moderationstraining", known) == [
        "Kommunikationstraining", "Präsentationstraining"]
    assert elided_words("IT- oder Projektmanagement", known) == ["IT-Management"]
    assert elided_words("Hard- und Software, Bobath-Workshop - Die Fortbewegung", known) == []


def test_a_shortened_row_is_found_wherever_it_stands_in_a_long_text() -> None:
    """A description is looked at closely only where a hyphen stands before "und", "oder",
    "bzw." or "sowie": its list marks and ordinary compounds come before the row, which may
    break the line, and a non-breaking hyphen counts as one."""
    from site_builder.wordforms import elided_words

    known = lexicon("Therapeuten im Gespräch", "Training für Teams")
    listed = "Inhalte:\n- Grundlagen\n- IT-Sicherheit - kurz\n\nFür Physio-\nund Ergotherapeuten sowie Fach-, Führungs- bzw. Teamtraining."
    assert elided_words(listed, known) == ["Physiotherapeuten", "Fachtraining", "Führungstraining"]
    assert elided_words("- Grundlagen\n- IT-Sicherheit, E-Mail-Training und mehr", known) == []
    assert elided_words("Für Physio\u2011 und Ergotherapeuten", known) == ["Physiotherapeuten"]


def test_a_description_brings_the_groups_of_the_phrases_it_says() -> None:
    """Of a description only synonym members are expanded; a phrase member counts as written:
    "Ersthelfer" finds a course whose description teaches "Erste Hilfe"."""
    expander = Expander(lexicon("Kurs"), [["Erste Hilfe", "Ersthelfer"], ["Word", "Textverarbeitung"]])
    text = "Sie lernen Textverarbeitung und, am dritten Tag, Erste  Hilfe im Betrieb."
    assert expander.synonym_members(text) == ["Textverarbeitung", "Erste Hilfe"]
    assert expander.synonym_members("Die erste Stunde gilt der Hilfe am Unfallort.") == []  # not together
    assert "Ersthelfer" in expander.page({0.5: [text]})[0][1]


@pytest.mark.parametrize("text", [
    "Aufstiegs-BAföG, E-Mail-Adresse und C++-Kurs", "--Foo-Bar--", "Physio- und Ergotherapeuten",
    "Größe 3-4, Ü-30-Party-", "x-1-2-3-", "a_b-c _Erste-Hilfe_ Kurs", "Erste\u2010Hilfe-Kurs", "E\u2011Bike-Tour",
    "日本-語 x", "Bar\u00ad-Tresen", "", "keine Bindestriche",
])
def test_the_hyphenated_words_of_a_description_are_found_from_its_words(text: str) -> None:
    """The hyphenated words a description adds to the index come from its words (read once for
    the synonyms too) and are those the pattern finds, also where a "_" or another hyphen stands."""
    assert hyphenated_words(text, words(text)) == HYPHENATED.findall(text)


def test_a_description_says_a_phrase_member_in_any_of_its_forms() -> None:
    """A description declines a phrase as German does ("für pädagogische Fachkräfte", "mit
    künstlicher Intelligenz", "in den sozialen Medien") and joins it with hyphens ("eines
    Erste-Hilfe-Kurses"): each is the phrase member, as in a title, and its group's words come
    with it ("Erzieher" finds the course). Still only where the words stand together."""
    groups = [["Erzieher", "Erzieherin", "pädagogische Fachkraft"], ["KI", "künstliche Intelligenz"],
              ["Social Media", "soziale Medien"], ["Erste Hilfe", "Ersthelfer", "Erste-Hilfe-Kurs"]]
    expander = Expander(lexicon("Kurs"), groups)
    assert expander.synonym_members("Ein Kurs für pädagogische Fachkräfte in Kitas.") == ["pädagogische Fachkraft"]
    assert expander.synonym_members("Arbeiten mit künstlicher Intelligenz.") == ["künstliche Intelligenz"]
    assert expander.synonym_members("Werben in den sozialen Medien.") == ["soziale Medien"]
    assert "Erste Hilfe" in expander.synonym_members("Mit Nachweis eines Erste-Hilfe-Kurses.")
    assert expander.synonym_members("Pädagogische Kenntnisse für jede Fachkraft.") == []  # not together
    said = expander.page({0.5: ["Ein Kurs für pädagogische Fachkräfte in Kitas."]})[0][1]
    assert "Erzieher" in said


def test_a_one_word_member_is_known_in_the_forms_the_stemmer_keys_apart() -> None:
    """The stemmer takes an "s" off after some letters but "es" whole: "Kurs" → "kur",
    "Kurses" → "kurs". The other forms of a member ending so are forms of it all the same:
    "Erste-Hilfe-Kurses", "des Malers"."""
    expander = Expander(lexicon("Kurs"), [["Erste Hilfe", "Ersthelfer", "Erste-Hilfe-Kurs"], ["Maler", "Lackierer"]])
    assert "Ersthelfer" in expander.page({3.5: ["Auffrischung des Erste-Hilfe-Kurses"]})[0][1]
    assert "Lackierer" in expander.page({0.7: ["Werkzeug des Malers"]})[0][1]
    assert expander.synonym_members("Nachweis eines Erste-Hilfe-Kurses, Pinsel des Malers.") == ["Erste-Hilfe-Kurses", "Malers", "Erste Hilfe"]


def test_a_word_in_small_letters_is_no_form_of_a_noun() -> None:
    """German writes nouns with a capital: "meistern" (to master) is no "Meister", though
    the stemmer makes both "meist"; "Meistern" (to the masters) is."""
    expander = Expander(lexicon("Notfälle sicher meistern", "Kurs"), [["Meister", "Meisterkurs"], ["kostenlos", "gratis"]])
    assert expander.page({1.0: ["Notfälle sicher meistern"]}) == [(1.0, [])]
    assert expander.page({1.0: ["Von Meistern lernen"]}) == [(1.0, ["Meisterkurs"])]  # "Meister" it has, as a form
    # A member in small letters (no noun) takes any word: "Kostenlos" at a sentence's start.
    assert expander.page({1.0: ["Kostenlos für alle"]}) == [(1.0, ["gratis"])]


def test_lotses_own_word_groups_and_the_guides_own(tmp_path: Path) -> None:
    """Every guide gets Lotse's word groups (data/synonyme.yaml); its own group for a word
    goes first, and ``builtin_synonyms: false`` switches Lotse's off."""
    assert merged_synonyms([["Stapler", "Hubwagen"]], [("Stapler", "Gabelstapler", "Flurförderzeug"), ("KI", "AI")]) == [
        ["Stapler", "Hubwagen"], ["Gabelstapler", "Flurförderzeug"], ["KI", "AI"],
    ]
    assert merged_synonyms([["kostenlos", "umsonst"]], [("Kostenlos", "Gratis")]) == [["kostenlos", "umsonst"]]  # one word left
    assert len(builtin_synonyms()) >= 80
    # The shipped list obeys the rules of a guide's own: 2–20 words of 2–60 letters, each in one group.
    shipped = {"synonyms": [list(group) for group in builtin_synonyms()]}
    assert SearchWords.model_validate(shipped).synonyms == shipped["synonyms"]
    assert _repeated_words(shipped) == []
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    (tree / "content" / "search.yaml").unlink(missing_ok=True)
    guide = load_guide(tree)
    assert ["Bildungszeit", "Bildungsurlaub", "Bildungsfreistellung"] in guide.synonyms  # no file: Lotse's groups
    # A page that says "Pflegefachkräfte" carries the group's other words: "Krankenschwester" finds it.
    extra = guide_words(guide).expander.page({1.0: ["Ein Seminar für Pflegefachkräfte"]})
    assert "Krankenschwester" in extra[0][1]
    (tree / "content" / "search.yaml").write_text("synonyms:\n  - [Stapler, Hubwagen]\nbuiltin_synonyms: false\n", encoding="utf-8")
    assert load_guide(tree).synonyms == [["Stapler", "Hubwagen"]]



def test_lotses_word_groups_know_the_abbreviations_and_everyday_words_of_the_field() -> None:
    """What visitors type for what course texts call otherwise: "BWL" for "Betriebswirtschaft",
    "Mathe" for "Mathematik", "PowerPoint" for an Office course, "ECDL" for a computer course,
    "PMP" for project management, "Leadership" for leading staff, "DATEV" for bookkeeping."""
    expander = Expander(lexicon("Kurs"), merged_synonyms([], builtin_synonyms()))

    def brings(text: str) -> set[str]:
        return {word for _, found in expander.page({1.0: [text]}) for word in found}

    assert "BWL" in brings("Grundlagen der Betriebswirtschaft für Meister")
    assert "Mathe" in brings("Mathematik für den Alltag")
    assert {"PowerPoint", "Outlook"} <= brings("Office am Arbeitsplatz")
    assert {"ECDL", "ICDL"} <= brings("Computerkurs für Einsteiger")
    assert "PMP" in brings("Projektmanagement kompakt")
    assert {"Leadership", "Personalführung"} <= brings("Mitarbeiterführung für Meister")
    assert "DATEV" in brings("Buchhaltung am PC")
    assert "Selbstorganisation" in brings("Zeitmanagement im Büro")
    assert "HR" in brings("Personalwesen für kleine Betriebe")
    assert "Wiedereinstieg" in brings("Digital zurück in den Beruf")
    # Everyday words of employees and HR staff for what course texts call otherwise.
    assert "Datenschutz" in brings("Die DSGVO im Büroalltag")
    assert "Verkauf" in brings("Erfolgreich im Vertrieb")
    assert "Soft Skills" in brings("Sozialkompetenz für Auszubildende")
    assert {"Resilienz", "Burnout-Prävention"} <= brings("Stressbewältigung im Beruf")
    assert "BGM" in brings("Betriebliches Gesundheitsmanagement einführen")
    assert "Führerschein" in brings("Fahrerlaubnis der Klasse C")
    # An HR manager's "Firma" and "Arbeitgeber" for the guide's "Unternehmen" and "Betrieb".
    assert {"Firma", "Arbeitgeber"} <= brings("Beratung für Unternehmen") and "Unternehmen" in brings("Schulung im Betrieb")


def test_a_part_after_a_naming_front_brings_only_its_own_forms() -> None:
    """"Home-Office" brought the Office group's "MS Office" and "PowerPoint", and
    "CNC-Programmierung" "Softwareentwicklung": a compound whose front names a thing of its own
    (an abbreviation, a word the guide always writes with a capital letter) names another
    thing than its last part alone. That part brings its own forms only. A front that only
    qualifies ("online"), a part that makes a term of the group with its front ("MS-Office")
    and a member in front ("Excel-Grundkurs") bring the group as before."""
    texts = ["Kurs", "Home", "CNC", "SPS", "WIG", "online lernen", "Phishing"]
    expander = Expander(lexicon(*texts, "Arbeiten im Home-Office", "CNC-Programmierung", "Online-Bewerbung", "Phishing-Mails"),
                        merged_synonyms([], builtin_synonyms()), builtin_broader())

    def brings(text: str) -> set[str]:
        return {word for _, found in expander.page({1.0: [text]}) for word in found}

    assert brings("Arbeiten im Home-Office") & {"MS Office", "PowerPoint", "Büroprogramme"} == set()
    assert "Softwareentwicklung" not in brings("CNC-Programmierung") and "Programmieren" in brings("CNC-Programmierung")
    assert "E-Mail" in brings("Phishing-Mails")
    assert {"Microsoft Office", "PowerPoint"} <= brings("MS-Office-Kurs")
    assert "Tabellenkalkulation" in brings("Excel-Grundkurs")
    assert "Bewerbungstraining" in brings("Online-Bewerbung")
    # A broader term holds for such a compound, a kind of its last part.
    assert "Metallbearbeitung" in brings("WIG-Schweißen")
    # The part said alone as well: the whole group.
    assert "Softwareentwicklung" in brings("CNC-Programmierung und Programmierung in Python")


def test_a_word_for_a_target_group_after_a_naming_front_keeps_its_group() -> None:
    """"SHK-Betriebe" lost "Unternehmen" and "Firma" to the rule that a part after a naming
    front brings only its own forms: an HR manager's "Firmen" did not find the course for
    such businesses. A word of a group that names one of the guide's target groups (its
    audiences) stays that group after a naming front, which only says which trade; a job
    ("CNC-Fräser") or an activity ("CNC-Programmierung") stays narrow."""
    texts = ["Kurs", "SHK", "IT", "CNC"]
    compounds = ["für SHK-Betriebe", "für IT-Firmen", "Ausbildung zum CNC-Fräser", "CNC-Programmierung"]
    groups = merged_synonyms([], builtin_synonyms())

    def brings(text: str, audiences: list[str]) -> set[str]:
        expander = Expander(lexicon(*texts, *compounds), groups, builtin_broader(), audiences=audiences)
        return {word for _, found in expander.page({1.0: [text]}) for word in found}

    assert {"Unternehmen", "Firma"} <= brings("für SHK-Betriebe", ["Unternehmen", "Beschäftigte"])
    assert {"Unternehmen", "Betrieb"} <= brings("für IT-Firmen", ["Unternehmen"])
    assert brings("Ausbildung zum CNC-Fräser", ["Unternehmen"]) & {"Dreher", "Zerspanungsmechaniker"} == set()
    assert "Softwareentwicklung" not in brings("CNC-Programmierung", ["Unternehmen"])
    # A guide without such a target group keeps the part narrow.
    assert "Firma" not in brings("für SHK-Betriebe", ["Beschäftigte"])


def test_a_narrower_word_brings_its_broader_term_and_not_the_other_way() -> None:
    """A broader term ("Soft Skills") is a one-way relation: a page that names a narrower word,
    in any form the synonym groups know (inflected, in a compound or hyphenated word, a phrase),
    carries the term and its own group's words, never the other narrower words; a page with
    the term carries none of them."""
    groups = [["Soft Skills", "Sozialkompetenz"], ["Excel", "Tabellenkalkulation"], ["Meister", "Meisterkurs"]]
    broader = [("Soft Skills", ("Rhetorik", "Konfliktmanagement", "interkulturelle Kompetenz")), ("Computerkurs", ("Excel", "Word")),
               ("Aufstiegsfortbildung", ("Meister",))]
    expander = Expander(lexicon("Kurs Training Rhetorik Meister"), groups, broader)

    def brings(text: str, weight: float = 1.0) -> set[str]:
        return {word for _, found in expander.page({weight: [text]}) for word in found}

    assert brings("Rhetorik für Einsteiger") == {"Soft Skills", "Sozialkompetenz"}
    assert brings("Rhetoriktraining am Abend") >= {"Soft Skills"}  # a compound's part
    assert brings("Praxis des Konfliktmanagements") == {"Soft Skills", "Sozialkompetenz"}  # inflected
    assert brings("Interkulturelle Kompetenz im Beruf") == {"Soft Skills", "Sozialkompetenz"}  # a phrase
    assert "Soft Skills" in brings("Rhetorik-Seminar für Azubis")  # a hyphenated word's part
    assert not brings("Soft Skills für Azubis") & {"Rhetorik", "Konfliktmanagement"}  # never downwards
    assert "Rhetorik" not in brings("Konfliktmanagement im Team")  # nor sideways
    # The term joins an Excel page, and the group of the narrower word stays as it was.
    assert brings("Excel für Einsteiger") == {"Tabellenkalkulation", "Computerkurs"}
    # Only the narrower word itself: "Tabellenkalkulation" means Excel to a searcher, but the
    # term needs its own entry for it.
    assert "Computerkurs" not in brings("Tabellenkalkulation im Büro")
    # A capitalised narrower word is a noun: "meistern" is no "Meister", "Worte" no "Word".
    assert not brings("Notfälle sicher meistern") and "Aufstiegsfortbildung" in brings("Meister im Handwerk")
    assert "Computerkurs" not in brings("Worte finden")


def test_broader_terms_come_from_what_a_page_is_about() -> None:
    """A broader term is not brought by a page's description (``broader_from``: "Grundkenntnisse
    in Excel" is no computer course) nor by a word the page is given (the language it is held
    in), and a text of that weight that names such a word only counts as the page's own:
    "Unterlagen auch auf Türkisch" makes no language course, a title "Türkisch für Anfänger" does."""
    expander = Expander(lexicon("Kurs"), [], [("Fremdsprachen", ("Türkisch", "Englisch")), ("Computerkurs", ("Excel",))], broader_from=0.7)

    def brings(texts: dict[float, list[str]], generated: dict[float, list[str]] | None = None) -> set[str]:
        return {word for _, found in expander.page(texts, generated) for word in found}

    assert "Computerkurs" in brings({0.7: ["Excel kompakt"]}) and "Computerkurs" not in brings({0.5: ["Grundkenntnisse in Excel"]})
    assert "Fremdsprachen" not in brings({3.5: ["Staplerschein"], 0.7: ["Unterlagen auch auf Türkisch"]}, {0.7: ["Türkisch"]})
    assert "Fremdsprachen" not in brings({3.5: ["Staplerschein"]}, {0.7: ["Türkisch"]})
    assert "Fremdsprachen" in brings({3.5: ["Türkisch für Anfänger"], 0.7: ["Unterricht auf Türkisch"]}, {0.7: ["Türkisch"]})
    assert "Fremdsprachen" in brings({3.5: ["Grammatik"], 0.7: ["Englisch im Beruf"]}, {0.7: ["Türkisch"]})
    # A term weighs as the summary and tags at most: a page that says it, or a synonym of it, in
    # its title comes first.
    assert expander.page({3.5: ["Excel kompakt"], 0.7: ["Ein Kurs"], 0.5: ["Türkisch"]}) == [(3.5, []), (0.7, ["Computerkurs"]), (0.5, [])]
    assert expander.page({3.5: ["Excel kompakt"]}) == [(3.5, ["Computerkurs"])]  # no lighter texts: where it was found


def test_lotses_broader_terms_and_the_guides_own(tmp_path: Path) -> None:
    """Lotse brings a modest list of broader terms (data/synonyme.yaml, ``broader``) that obeys
    a guide's own rules; the guide's entry for a term replaces Lotse's, ``builtin_broader:
    false`` switches Lotse's off, and a term may stand only once."""
    shipped = builtin_broader()
    assert 15 <= len(shipped) <= 30
    data = {"broader": [{"term": term, "narrower": list(narrower)} for term, narrower in shipped]}
    assert len(SearchWords.model_validate(data).broader) == len(shipped)
    assert _repeated_terms(data) == []
    assert merged_broader([("Fremdsprachen", ("Englisch",))], [("fremdsprachen", ("Spanisch",)), ("IT", ("Linux",))]) == [
        ("Fremdsprachen", ("Englisch",)), ("IT", ("Linux",)),
    ]
    assert _repeated_terms({"broader": [{"term": "IT", "narrower": ["Linux"]}, {"term": " it ", "narrower": ["SQL"]}]}) == [
        (("broader", 1, "term"), "„it“ steht schon in broader[0]; jeder Oberbegriff nur einmal"),
    ]
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    words = tree / "content" / "search.yaml"
    words.write_text("broader:\n  - term: Fremdsprachen\n    narrower: [Englisch, Latein]\n", encoding="utf-8")
    guide = load_guide(tree)
    assert guide.broader[0] == ("Fremdsprachen", ("Englisch", "Latein")) and ("Soft Skills" in dict(guide.broader))
    assert sum(term == "Fremdsprachen" for term, _ in guide.broader) == 1
    assert "Fremdsprachen" in guide_words(guide).expander.page({3.5: ["Latein für Anfänger"]})[0][1]
    words.write_text("broader:\n  - term: Fremdsprachen\n    narrower: [Latein]\nbuiltin_broader: false\n", encoding="utf-8")
    assert load_guide(tree).broader == [("Fremdsprachen", ("Latein",))]


def test_descriptions_bring_their_synonyms_and_levels_and_funding_their_words(tmp_path: Path) -> None:
    """"Word" finds an offer whose description says "Textverarbeitung" (a synonym group), "für
    Anfänger" an entry-level one, "gefördert" one with a funding programme: words the page
    carries for what its fields say."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal", FIXTURES / "search")
    offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("description: ", "description: Mit Beispielen aus der Buchführung. "), encoding="utf-8")
    build(tree, tmp_path / "site", today=TODAY, search_index=False)

    def extra(slug: str) -> dict[str, str]:
        page = (tmp_path / "site" / "angebote" / slug / "index.html").read_text(encoding="utf-8")
        block = re.search(r'<div class="suchwoerter" hidden>(.*?)</div>', page)
        assert block is not None
        return dict(re.findall(r'<p data-pagefind-weight="([\d.]+)">([^<]*)</p>', block.group(1)))

    assert "Buchhaltung" in extra("excel-kompakt")["0.5"].split()
    welding = extra("mag-schweissen")["0.7"].split()  # level einstieg, funded by a Bildungsgutschein
    assert {"Anfänger", "Einsteiger", "Grundlagen", "gefördert", "Förderung"} <= set(welding)
    assert "Anfänger" not in extra("schweisserkurs-abends").get("0.7", "") and "gefördert" not in extra("schweisserkurs-abends").get("0.7", "")


def indexed(site: Path, url: str) -> dict[str, Any]:
    """What Pagefind stored of the page at ``url``: its fragment (gzip, a signature, then JSON)."""
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragment: dict[str, Any] = json.loads(raw[raw.index(b"{") :])
        if fragment["url"] == url:
            return fragment
    raise AssertionError(f"{url} is not in the index")


def test_a_word_that_only_shares_a_stem_with_a_synonym_is_no_member() -> None:
    """The German stemmer makes "meist" (mostly) and "Meister" one stem, "Bau" and "Bauer",
    "Schweiß" (sweat) and "Schweißen": a text saying "meist" is no page about master courses.
    Forms of a member still are: "Meisterin", "Bauern", "Grundlage" for "Grundlagen"."""
    groups = [["Meister", "Meisterkurs"], ["Bauer", "Landwirt"], ["Schweißen", "Schweißtechnik"], ["Kurs", "Lehrgang"], ["Grundlagen", "Basiswissen"]]
    expander = Expander(lexicon("Meisterkurs Landwirt Schweißtechnik Lehrgang Basiswissen"), groups)
    assert expander.synonym_members("Das klappt meist. Der Bau beginnt. Kein Schweiß.") == []
    assert expander.synonym_members("Für die Meisterin: Bauern und Grundlage.") == ["Bauern", "Grundlage", "Meisterin"]
    said = {weight: words for weight, words in expander.page({0.7: ["Meist klappt es beim Bau ohne Schweiß"]})}
    assert not {"Meisterkurs", "Landwirt", "Schweißtechnik"} & set(said.get(0.7, []))
    said = {weight: words for weight, words in expander.page({0.7: ["Grundlagen für Meister und Bauern"]})}
    assert {"Meisterkurs", "Landwirt", "Basiswissen"} <= set(said[0.7])


def test_the_languages_a_course_is_given_in_are_search_words(tmp_path: Path) -> None:
    """'Arabisch' finds a course also held in Arabic: the facts box is left out of the index,
    so the languages besides German go among the page's words (German itself says nothing)."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    offer = tree / "offers" / "akademie" / "python-online.yaml"
    offer.write_text(offer.read_text(encoding="utf-8") + "languages: [de, ar, uk]\n", encoding="utf-8")
    build(tree, tmp_path / "out", today=TODAY, search_index=False)
    page = (tmp_path / "out" / "angebote" / "python-online" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="suchwoerter" hidden>(.*?)</div>', page)
    assert block is not None and "Arabisch" in block.group(1) and "Ukrainisch" in block.group(1)
    assert "Deutsch" not in block.group(1)


def test_a_certificate_beyond_attendance_is_a_hidden_filter(search_site: Path) -> None:
    """An exam, a licence, a qualification counts; a record of attendance does not, however it
    is worded."""
    assert qualifying("Schweißerprüfung nach DIN EN ISO 9606-1") and qualifying("Zertifikat „Pflegebasiskurs“")
    assert qualifying("Berufsabschluss Fachkraft für Lagerlogistik (IHK)")
    assert not qualifying("Teilnahmebescheinigung") and not qualifying(" teilnahmezertifikat mit Kompetenzprofil")
    assert not qualifying(None) and not qualifying("  ")
    welding = (search_site / "angebote" / "mag-schweissen" / "index.html").read_text(encoding="utf-8")
    evening = (search_site / "angebote" / "schweisserkurs-abends" / "index.html").read_text(encoding="utf-8")
    assert 'content="ja" data-pagefind-filter="abschluss[content]"' in welding
    assert "abschluss[content]" not in evening  # "Teilnahmebescheinigung"


INHOUSE_FILTER = 'content="ja" data-pagefind-filter="inhouse[content]"'


def test_only_an_offer_bookable_in_house_carries_the_inhouse_filter(search_tree: Path, search_site: Path, tmp_path: Path) -> None:
    """``inhouse: true`` is the hidden filter "inhouse" ("Als Inhouse-Schulung buchbar" on the
    search page), on that offer's page and no other page; the card's badge reads it from the
    filters, so it is no metadata (Pagefind would index its "ja" as text). A price per group
    says nothing of where a course is held: no filter."""
    guide = load_guide(search_tree, TODAY)
    in_house = {o.id for o in guide.offers if o.inhouse}
    assert in_house == {"schweisserkurs-abends", "flurfoerderzeuge"}
    carrying = {p.parent.relative_to(search_site).as_posix() for p in search_site.rglob("index.html") if INHOUSE_FILTER in p.read_text(encoding="utf-8")}
    assert carrying == {f"angebote/{oid}" for oid in in_house}
    fragment = indexed(search_site, "/angebote/schweisserkurs-abends/")
    assert fragment["filters"]["inhouse"] == ["ja"] and "inhouse" not in fragment["meta"]
    assert "inhouse" not in indexed(search_site, "/angebote/mag-schweissen/")["filters"]

    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal", FIXTURES / "search")
    offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("  amount: 189.5\n", "  amount: 1890\n  per: gruppe\n"), encoding="utf-8")
    build(tree, tmp_path / "out", today=TODAY, search_index=False)
    assert next(o for o in load_guide(tree, TODAY).offers if o.id == "excel-kompakt").for_groups
    assert INHOUSE_FILTER not in (tmp_path / "out" / "angebote" / "excel-kompakt" / "index.html").read_text(encoding="utf-8")


def test_price_steps_for_a_typed_limit(search_site: Path) -> None:
    """Each price an offer can be booked at falls into a step of 50 € (up to 2.000 €): a limit
    typed in a query takes the steps up to it (suche.js); a price on request is in none."""
    from decimal import Decimal

    from site_builder.search import price_step

    assert [price_step(Decimal(v)) for v in ("0", "0.01", "50", "189.50", "760", "2000", "2100", "9999999")] == [
        "0", "50", "50", "200", "800", "2000", "2250", None,
    ]
    assert price_step(None) is None
    page = (search_site / "angebote" / "flurfoerderzeuge" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'content="([^"]*)" data-pagefind-filter="preisstufe\[content\]"', page) == ["300"]


def test_index_holds_the_values_of_an_offer_page_not_its_labels(search_site: Path) -> None:
    page = (search_site / "angebote" / "mag-schweissen" / "index.html").read_text()
    # Label and value are separate words, the label outside the index.
    assert "<dt data-pagefind-ignore>Zielgruppe</dt> <dd>Beschäftigte</dd>" in page
    content = indexed(search_site, "/angebote/mag-schweissen/")["content"]
    indexed_words = set(re.findall(r"[^\W_]+", content))
    # Text every offer page shows is left out: labels, headings, link texts, the group price.
    for label in ("Zielgruppe", "Preis", "Dauer", "Ort", "Niveau", "Sprache", "Blick", "Termin",
                  "Anbieter", "OpenStreetMap", "Region", "Beschreibung", "Personen", "Gruppe"):
        assert label not in indexed_words, label
    # Every value is there, and so are the labels of rows only some offers have.
    for value in ("MAG", "Grundkurs", "Januar", "Hauptstraße", "73728", "Esslingen", "Präsenz", "Stunden", "1.290",
                  "Bildungsgutschein", "Schweißerprüfung", "Einstieg", "Beschäftigte", "Blechen",
                  "Förderung", "Abschluss"):
        assert value in content, value
    # But not the language it is taught in: "Deutsch" is a German course, not every course.
    assert '<dd data-pagefind-ignore>Deutsch</dd>' in page and "Deutsch" not in indexed_words
    # The hidden search words follow the page's text.
    assert content.index("Schweißnähte") < content.index("⁂") < content.index("ganztags")


def test_result_card_facts_that_are_filters_are_no_metadata(search_site: Path) -> None:
    # Pagefind indexes every metadata field as searchable text: the kind of page, provider,
    # funding and postal codes are filters already, and the logo is no result image.
    fragment = indexed(search_site, "/angebote/mag-schweissen/")
    assert set(fragment["meta"]) == {"title", "summary", "termin", "ort", "preis", "format", "id", "dauer", "zeiten", "termine"}
    # The March run names no times (the card's are January's): the card of a search by March says so.
    assert json.loads(fragment["meta"]["termine"]) == {"2027-03-01": ["Esslingen am Neckar", "1.290 €", ""]}
    assert fragment["filters"]["anbieter"] == ["Test-Akademie"] and fragment["filters"]["art"] == ["Angebot"]
    assert fragment["filters"]["foerderung"] == ["Bildungsgutschein"] and fragment["filters"]["plz"] == ["73728"]
    point = next(path for path in (search_site / "beratung").glob("*/index.html"))
    advice = indexed(search_site, "/beratung/" + point.parent.name + "/")
    assert "image" not in advice["meta"] and set(advice["meta"]) >= {"title", "organisation", "ort"}
    assert "art" not in advice["meta"] and "plz" not in advice["meta"]


def test_vocabulary_file_and_place_names(search_tree: Path, search_site: Path) -> None:
    data = json.loads((search_site / "suche" / "woerter.json").read_text())
    assert "Excel" in data["woerter"] and "und" not in data["woerter"]
    assert {p["name"] for p in data["beratung"]} == {"Weiterbildungsberatung Esslingen"}
    assert data["beratung"][0]["telefon"] == "0711 654321"
    guide = load_guide(search_tree, TODAY)
    places = place_names(guide)
    assert places["esslingen am neckar"] == ["Esslingen", "Esslingen am Neckar"]
    assert places["esslingen"][0] == "Esslingen" and places["stuttgart"][0] == "Stuttgart"
    assert guide_words(guide) is guide_words(guide)


def test_a_programme_is_named_by_its_label_its_parts_and_its_synonyms() -> None:
    """The search page names a programme's page for what people call it (suche.js ``namedProgramme``)."""
    from types import SimpleNamespace

    from site_builder.search import programme_names

    guide = SimpleNamespace(synonyms=[["Bildungszeit", "Bildungsurlaub"], ["Qualifizierungschancengesetz", "QCG"], ["Stapler", "Gabelstapler"]])
    term = SimpleNamespace(label="Bildungszeit Baden-Württemberg", id="bildungszeit-bw", record=SimpleNamespace(state="Baden-Württemberg"))
    assert programme_names(guide, term) == ["Bildungszeit Baden-Württemberg", "Bildungszeit", "bildungszeit bw", "Bildungsurlaub"]  # type: ignore[arg-type]
    term = SimpleNamespace(label="Weiterbildung Beschäftigter (Qualifizierungschancengesetz, § 82 SGB III)", id="sgb-82", record=None)
    names = programme_names(guide, term)  # type: ignore[arg-type]
    assert "Qualifizierungschancengesetz" in names and "QCG" in names and "Stapler" not in names


# --- In the browser ------------------------------------------------------------------------

pytest_browser = pytest.mark.browser


@pytest.fixture(scope="module")
def origin(search_site: Path) -> Iterator[str]:
    with static_server(search_site) as url:
        yield url


@pytest.fixture
def tab(tabs: Any) -> Iterator[Any]:
    page, traffic = tabs.fresh(1280)
    yield page
    assert traffic.errors == [] and traffic.failed == [] and traffic.foreign() == []


def ask(tab: Any, origin: str, query: str, extra: str = "") -> None:
    tab.goto(f"{origin}/suche/?q={quote(query)}{extra}")
    settle(tab)


def settle(tab: Any) -> None:
    tab.wait_for_selector("#suche-app:not([hidden])")
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    tab.wait_for_timeout(100)
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")


@contextmanager
def searching(tabs: Any, tree: Path, out: Path) -> Iterator[tuple[Any, str]]:
    """A fresh tab on the search of ``tree`` built to ``out`` and served as static hosting
    serves it: (tab, origin). Afterwards, the tab had no console error nor failed request."""
    build(tree, out, today=TODAY)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        yield page, origin
    assert traffic.errors == [] and traffic.failed == []


def test_funding_and_the_pages_for_employers_are_information_pages(search_site: Path) -> None:
    """"Förder-Check", a programme's name or "Inhouse" found no page of funding or for
    employers: only offers. They are information pages now, found by their own texts: a
    programme's offers and advisory points are not its words, and its region pages are none."""
    programme = (search_site / "foerderung" / "bildungsgutschein" / "index.html").read_text()
    assert "data-pagefind-body" in programme
    assert re.search(r'<section[^>]*aria-labelledby="angebote-titel" data-pagefind-ignore="all">', programme)
    regions = list((search_site / "foerderung" / "bildungsgutschein").glob("*/index.html"))
    assert regions and not any("data-pagefind-body" in p.read_text() for p in regions)
    assert "data-pagefind-body" in (search_site / "foerderung" / "index.html").read_text()
    assert "data-pagefind-body" not in (search_site / "foerderung" / "check" / "tabelle" / "index.html").read_text()
    # Every page Pagefind reads is marked, and every marked page is in the index.
    assert index_count(search_site)[0] == len(searchable_pages(search_site))


def found(tab: Any) -> list[str]:
    return tab.eval_on_selector_all("#suche-treffer .treffer-titel a", "as => as.map(a => new URL(a.href).pathname.split('/')[2])")


def found_instead(tab: Any, origin: str, query: str, searched: str) -> list[str]:
    """Ask ``query``, which finds nothing as typed; the status says what was searched instead
    ("Keine Treffer für „…“ – Treffer für „…“."). What that finds."""
    ask(tab, origin, query)
    assert f"Keine Treffer für „{query}“ – Treffer für „{searched}“." in tab.inner_text("#suche-status")
    return found(tab)


def tabs(tab: Any) -> dict[str, int]:
    texts = tab.eval_on_selector_all("[role=tab]", "ts => ts.map(t => t.textContent)")
    return {t.rsplit(" (", 1)[0]: int(t.rsplit("(", 1)[1].rstrip(")")) for t in texts}


@pytest_browser
def test_a_programmes_name_finds_its_page(tab: Any, origin: str) -> None:
    ask(tab, origin, "Bildungsgutschein")
    assert tabs(tab)["Seiten"] >= 1
    # Offers come first where there are some; the page named as typed is linked above them.
    assert tab.get_attribute("[role=tab][aria-selected=true]", "data-art") == "Angebot"
    assert tab.inner_text("#suche-app .suche-seite") == "Seite dazu: Bildungsgutschein"
    assert tab.get_attribute("#suche-app .suche-seite a", "href").endswith("/foerderung/bildungsgutschein/")
    tab.click("[role=tab][data-art=Seite]")
    settle(tab)
    assert found(tab)[0] == "bildungsgutschein"


@pytest_browser
def test_an_age_is_not_searched_and_links_the_funding_check(tab: Any, origin: str) -> None:
    """"Python mit 50": the number found prices, hours and dates. An age is no search word;
    funding may depend on it, so the Förder-Check is linked. A number before a unit is no age."""
    for typed in ("Python mit 50", "Python ab 55 Jahren", "Ü50 Python", "Python 50+"):
        ask(tab, origin, typed)
        assert found(tab)[0] == "python-online", typed
        assert tab.inner_text("#suche-app .suche-seite") == "Welche Förderung in Ihrem Alter passen kann, zeigt der Förder-Check", typed
        assert tab.get_attribute("#suche-app .suche-seite a", "href").endswith("/foerderung/check/")
    ask(tab, origin, "Weiterbildung mit 50")
    assert "zu allgemein" not in tab.inner_text("#suche-status")
    ask(tab, origin, "Python über 50 Stunden")
    assert not tab.locator("#suche-app .suche-seite").is_visible() or "Alter" not in tab.inner_text("#suche-app .suche-seite")


@pytest_browser
def test_a_question_about_money_opens_with_the_page_that_answers_it(tab: Any, origin: str) -> None:
    """"Bildungsgutschein beantragen" searched "beantragen" alone (one offer says it) and named no
    page; "wer bezahlt meine Weiterbildung" listed every offer as too general."""
    ask(tab, origin, "bildungsgutschein beantragen")
    assert tab.inner_text("#suche-app .suche-seite") == "Seite dazu: Bildungsgutschein"
    # A name typed apart or without its umlauts names the programme too.
    ask(tab, origin, "Bildungs Gutschein")
    assert tab.get_attribute("#suche-app .suche-seite a", "href").endswith("/foerderung/bildungsgutschein/")
    ask(tab, origin, "wer bezahlt meine Weiterbildung")
    assert tab.inner_text("#suche-app .suche-seite") == "Welche Förderung passen kann, zeigt der Förder-Check"
    assert tab.get_attribute("#suche-app .suche-seite a", "href").endswith("/foerderung/check/")
    assert "zu allgemein" not in tab.inner_text("#suche-status")
    # Funding beside a topic: the programme most of the topic's offers name.
    ask(tab, origin, "Förderung Schweißen")
    assert tab.inner_text("#suche-app .suche-seite") == "Förderung, die die meisten Angebote dazu nennen: Bildungsgutschein"
    # Funded courses are courses: no page above them.
    ask(tab, origin, "geförderte Schweißkurse")
    assert tab.locator("#suche-app .suche-seite").count() == 0


@pytest_browser
def test_advice_asked_for_in_a_compound_opens_the_advisory_points(tab: Any, origin: str) -> None:
    """"kostenlose Weiterbildungsberatung" opened the offers' empty tab: "kostenlos" is a filter
    of offers, and only "Beratung" as a word of its own asked for advisory points."""
    ask(tab, origin, "kostenlose Weiterbildungsberatung")
    assert tab.get_attribute("[role=tab][aria-selected=true]", "data-art") == "Beratungsstelle"
    assert "beratung-esslingen" in found(tab)


@pytest_browser
def test_synonym_finds_a_page_that_uses_another_member(tab: Any, origin: str) -> None:
    ask(tab, origin, "Gabelstapler")
    assert found(tab) == ["flurfoerderzeuge"]


@pytest_browser
def test_names_written_with_signs_are_told_apart(tab: Any, origin: str) -> None:
    # To Pagefind "C++" and "C#" are both "c"; the pages and the query spell them out alike.
    ask(tab, origin, "C++")
    assert found(tab) == ["cpp-grundlagen"]
    ask(tab, origin, "c# Kurs")
    assert found(tab) == ["csharp-dotnet"]
    ask(tab, origin, ".NET")
    assert found(tab) == ["csharp-dotnet"]
    ask(tab, origin, "F#")  # in no page: said as written
    assert found(tab) == [] and "„F#“" in tab.inner_text("#suche-status")


@pytest_browser
def test_an_english_word_that_finds_nothing_is_searched_in_german(tab: Any, origin: str) -> None:
    ask(tab, origin, "welding")
    assert {"mag-schweissen", "schweisserkurs-abends"} <= set(found(tab))
    assert "Keine Treffer für „welding“ – Treffer für „Schweißen“" in tab.inner_text("#suche-status")
    ask(tab, origin, "Python")  # English too, but the guide has it: searched as typed
    assert found(tab) == ["python-online"] and "Keine Treffer" not in tab.inner_text("#suche-status")


def test_english_words_lead_to_words_the_guide_uses() -> None:
    from site_builder.wordforms import english_words

    found = english_words(lexicon("Schweißkurs für Einsteiger", "Stapler fahren", "Kurse am Abend"))
    # The first German word of data/englisch.csv that a page uses ("Schweißen" is on none).
    assert found["welding"] == "Schweißkurs" and found["forklift"] == "Stapler" and found["course"] == "Kurs"
    assert "nursing" not in found and "beginner" not in found  # no page says "Pflege" or "Einstieg"


def test_signed_words() -> None:
    from site_builder.wordforms import signed_words

    assert signed_words("C++20, C# und .NET-Entwicklung") == ["cplusplus", "csharp", "dotnet"]
    assert signed_words("ASP.NET Core, Vitamin C, A+ und B#x, Raum 3.net") == []


@pytest_browser
def test_compound_parts_and_linking_elements(tab: Any, origin: str) -> None:
    ask(tab, origin, "Fachkräfte")
    assert set(found(tab)) == {"nachtdienst-pflege", "einstieg-pflege"}
    ask(tab, origin, "Schweißkurs")
    assert found(tab)[0] == "schweisserkurs-abends"
    # A compound the guide does not use, whose front is no word of it either: its end, a word
    # of the guide, says what it is ("Altenpflegehelferin" → "Pflegehelferin").
    assert found_instead(tab, origin, "Klinikumsnachtdienst", "Nachtdienst") == ["nachtdienst-pflege", "berufe-sozialwesen"]
    # Unless its front is the longer word and some page has it: that is the subject
    # ("Brandschutzhelfer" → "Brandschutz", not any "Helfer"). "Werkstatt" stands only in a
    # description, so the words of titles and summaries do not know it.
    assert found_instead(tab, origin, "Werkstattbetrieb", "Werkstatt") == ["arbeitsschutz-betrieb"]
    # A compound on a kind of course that no page uses, whose end no page has either
    # ("Verkaufstraining", "Staplerworkshop"): its front is the subject, searched even where
    # the titles do not have it; its end alone ("Training", "Schule") would be any course.
    assert found_instead(tab, origin, "Werkstatttraining", "Werkstatt") == ["arbeitsschutz-betrieb"]
    # The parts are named as the guide or the visitor writes them, not in the folded form
    # the split is made in ("fachkrafte").
    ask(tab, origin, "Nachtdienstfachkräfte")
    assert found(tab) == ["nachtdienst-pflege"]
    assert "Treffer für „Nachtdienst Fachkräfte“." in tab.inner_text("#suche-status")
    ask(tab, origin, "Nachtdienstfachkräften")
    assert "Treffer für „Nachtdienst fachkräften“." in tab.inner_text("#suche-status")


@pytest_browser
def test_words_typed_apart_are_searched_as_the_word_the_pages_have(tab: Any, origin: str) -> None:
    """"Schweißer Kurs", "E Mail", "Online Bewerbung": one word typed as two. Where the pages
    have it as one word, that word is searched (and "Online" is then no format filter); where
    they have only its start ("Excelkurs" is "Excel" to Pagefind), the words as typed."""
    ask(tab, origin, "Schweißer Kurs")
    assert found(tab) == ["schweisserkurs-abends"]
    assert tab.inner_text("#suche-status").startswith("1 Angebot für „Schweißer-Kurs“")
    ask(tab, origin, "E Mail")
    assert found(tab) == ["digital-fit-buero"] and "„E-Mail“" in tab.inner_text("#suche-status")
    ask(tab, origin, "Online Bewerbung")  # a course held on site that teaches it
    assert found(tab) == ["schweisserkurs-abends"] and tab.locator("button.filterchip").count() == 0
    ask(tab, origin, "Online Excel")  # no "Online-Excel" anywhere: the format
    assert tab.locator("button.filterchip", has_text="online").count() == 1
    ask(tab, origin, "Excel Kurs")
    assert found(tab) == ["excel-kompakt", "digital-fit-buero"] and "„Excel“" in tab.inner_text("#suche-status")


@pytest_browser
def test_a_verb_in_ieren_finds_its_noun(tab: Any, origin: str) -> None:
    ask(tab, origin, "präsentieren")
    assert found(tab) == ["schweisserkurs-abends"]
    assert "Treffer für „Präsentation“" in tab.inner_text("#suche-status")


@pytest_browser
def test_hyphenated_word_found_by_its_part(tab: Any, origin: str) -> None:
    ask(tab, origin, "BAföG")
    assert found(tab) == ["industriemeister"]


@pytest_browser
def test_participle_finds_the_verb(tab: Any, origin: str) -> None:
    ask(tab, origin, "geschweißt")
    assert {"mag-schweissen", "schweisserkurs-abends"} <= set(found(tab))
    assert "Treffer für „schweiß…“" in tab.inner_text("#suche-status")


@pytest_browser
def test_stop_and_generic_words_never_make_a_query_fail(tab: Any, origin: str) -> None:
    ask(tab, origin, "ich suche einen Kurs am Wochenende")
    assert found(tab) == ["flurfoerderzeuge"]
    assert tab.is_visible("button.filterchip:has-text('am Wochenende')")
    ask(tab, origin, "Kurs")
    assert "zu allgemein" in tab.inner_text("#suche-status")
    assert tabs(tab)["Angebote"] == 15  # every offer of the fixture


@pytest_browser
def test_place_becomes_a_removable_chip(tab: Any, origin: str) -> None:
    ask(tab, origin, "Schweißen Esslingen")
    chip = tab.locator("button.filterchip", has_text="Region Esslingen")
    assert chip.count() == 1
    assert set(found(tab)) == {"mag-schweissen", "industriemeister"}
    chip.click()
    settle(tab)
    assert tab.input_value("#suche-q") == "Schweißen"
    assert "schweisserkurs-abends" in found(tab)
    assert "region=" not in tab.url


@pytest_browser
def test_a_postal_code_in_the_words_becomes_the_distance_filter(tab: Any, origin: str) -> None:
    ask(tab, origin, "Schweißen 73728")
    tab.wait_for_url("**plz=73728**")
    settle(tab)
    assert tab.input_value("#suche-q") == "Schweißen"
    assert tab.input_value("#plan-plz") == "73728"
    assert "sort=entfernung" in tab.url and tab.input_value("#suche-sort") == "entfernung"
    assert "Umkreis 25 km um 73728" in tab.inner_text("#suche-status")
    assert "mag-schweissen" in found(tab)
    # The card's facts from the result's filters: provider, funding, and the distance by postal code.
    card = tab.locator("#suche-treffer article", has=tab.locator('a[href$="/mag-schweissen/"]'))
    assert card.locator(".treffer-anbieter").inner_text() == "Anbieter: Test-Akademie"
    assert card.locator(".treffer-merkmale li").all_inner_texts() == ["Bildungsgutschein möglich"]
    assert card.locator(".treffer-entfernung").inner_text().endswith("km")
    assert card.locator(".merken-platz[data-merken=mag-schweissen]").count() == 1
    assert tab.locator("button.filterchip", has_text="Region").count() == 0
    # The closed filter panel on a phone counts the place with the facet values.
    assert tab.inner_text("#filter-titel") == "Filter (1 gewählt)"
    # A code the distance search does not know (outside the state) stays what it was: a word.
    ask(tab, origin, "Schweißen 80331")
    assert "plz=" not in tab.url and tab.input_value("#suche-q") == "Schweißen 80331"


@pytest_browser
def test_the_in_house_badge_of_a_result_card_comes_from_its_filter(tab: Any, origin: str) -> None:
    ask(tab, origin, "Schweißen")

    def badges(slug: str) -> list[str]:
        card = tab.locator("#suche-treffer article", has=tab.locator(f'a[href$="/{slug}/"]'))
        return card.locator(".treffer-merkmale li").all_inner_texts()  # type: ignore[no-any-return]

    assert badges("schweisserkurs-abends") == ["Auch als Inhouse-Schulung"]
    assert "Auch als Inhouse-Schulung" not in badges("mag-schweissen")


def chips(tab: Any) -> list[str]:
    return tab.eval_on_selector_all("button.filterchip", "bs => bs.map(b => b.innerText.replace(/\\s*×$/, ''))")  # type: ignore[no-any-return]


@pytest_browser
def test_in_house_said_in_words_ticks_the_filter_with_a_chip(tab: Any, origin: str) -> None:
    """"inhouse", "In-House-Schulung", "Firmenschulung", "firmenintern", "bei uns im Betrieb" are
    the filter "Als Inhouse-Schulung buchbar", not words to search (as text "inhouse" found the
    welding courses and after them an in-house course of another topic): they leave the field,
    tick the box, a chip takes it away, and the address keeps it."""
    for typed, field in (("Schweißkurs inhouse", "Schweißkurs"), ("Schweißen In-House-Schulung", "Schweißen"),
                         ("Firmenschulung Schweißen", "Schweißen"), ("Schweißen firmenintern", "Schweißen"),
                         ("Schweißen bei uns im Betrieb", "Schweißen"), ("in house training Schweißen", "Schweißen")):
        ask(tab, origin, typed)
        tab.wait_for_url("**inhouse=ja**")
        settle(tab)
        assert tab.input_value("#suche-q") == field and tab.is_checked("#plan-inhouse"), typed
        assert found(tab) == ["schweisserkurs-abends"], typed  # not mag-schweissen, not flurfoerderzeuge
        assert chips(tab) == ["Inhouse-Schulung"], typed
        assert "das Angebot mit Inhouse-Schulung" in tab.inner_text("#suche-status"), typed
    # The address reproduces the view.
    tab.goto(tab.url)
    settle(tab)
    assert tab.input_value("#suche-q") == "Schweißen" and tab.is_checked("#plan-inhouse")
    assert found(tab) == ["schweisserkurs-abends"]
    # Words of a topic stay words: a firm named alone, or a topic "im Unternehmen".
    for typed in ("Betrieb", "Datenschutz im Unternehmen", "Haus", "Ersthelfer im Betrieb", "Kurs im Haus der Wirtschaft"):
        ask(tab, origin, typed)
        assert "inhouse" not in tab.url and tab.input_value("#suche-q") == typed and not tab.is_checked("#plan-inhouse"), typed
    # The chip takes the filter away.
    ask(tab, origin, "Schweißen inhouse")
    tab.wait_for_url("**inhouse=ja**")
    settle(tab)
    tab.click("button.filterchip")
    tab.wait_for_function("!location.search.includes('inhouse=ja')")
    settle(tab)
    assert not tab.is_checked("#plan-inhouse") and chips(tab) == []
    assert {"mag-schweissen", "schweisserkurs-abends"} <= set(found(tab))
    # Ticked with the keyboard: a checkbox with its name and hint; its chip as when typed (the
    # address cannot tell the two apart, and a link shows what its maker saw).
    box = tab.get_by_role("checkbox", name="Als Inhouse-Schulung buchbar")
    assert box.get_attribute("aria-describedby") == "plan-inhouse-hinweis"
    box.focus()
    tab.keyboard.press("Space")
    tab.wait_for_url("**inhouse=ja**")
    settle(tab)
    assert found(tab) == ["schweisserkurs-abends"] and chips(tab) == ["Inhouse-Schulung"]
    assert tab.inner_text(".filterchips__titel") == "Gewählte Filter:"


def view(tab: Any) -> dict[str, Any]:
    """What a visitor sees of an answer: the field, the two boxes, the chips, the count line, the offers."""
    return {"q": tab.input_value("#suche-q"), "inhouse": tab.is_checked("#plan-inhouse"), "frei": tab.is_checked("#plan-frei"),
            "chips": chips(tab), "status": tab.inner_text("#suche-status"), "found": found(tab)}


@pytest_browser
def test_a_link_shows_the_in_house_filter_as_the_view_that_made_it(tab: Any, origin: str) -> None:
    """A link to an answer with the in-house filter or free seats (``inhouse=ja``, ``frei=ja``,
    written when the words tick the box) shows the same chips, boxes, count line and offers;
    the chip takes the filter away and out of the address."""
    for typed, param in (("Schweißen bei uns im Betrieb", "inhouse=ja"), ("Schweißen noch Plätze frei", "frei=ja")):
        ask(tab, origin, typed)
        tab.wait_for_url(f"**{param}**")
        settle(tab)
        seen = view(tab)
        assert seen["q"] == "Schweißen" and len(seen["chips"]) == 1, typed
        link = tab.url
        other = tab.context.new_page()
        try:
            other.goto(link)
            settle(other)
            assert view(other) == seen, typed
            # The address as one writes it by hand.
            other.goto(f"{origin}/suche/?q=Schwei%C3%9Fen&{param}")
            settle(other)
            assert view(other) == seen, typed
            other.click("button.filterchip")
            other.wait_for_function(f"!location.search.includes('{param}')")
            settle(other)
            assert chips(other) == [] and not other.is_checked("#plan-inhouse") and not other.is_checked("#plan-frei"), typed
            assert other.input_value("#suche-q") == "Schweißen" and "mag-schweissen" in found(other), typed
        finally:
            other.close()



@pytest_browser
def test_a_firm_after_a_topic_is_the_topic_after_a_course_the_place(tab: Any, origin: str) -> None:
    """"Arbeitsschutz im Betrieb" names what a course is about (the fixture's title says it),
    not where it is held: searched as text, nothing ticked, no chip, no note about in-house
    courses. After a word that names a course ("Schulung im Betrieb", "Staplerkurs im
    Unternehmen") or the licence it leads to ("Staplerschein im Betrieb") or after "bei uns"
    the phrase is the in-house filter, as before."""
    ask(tab, origin, "Arbeitsschutz im Betrieb")
    assert "inhouse" not in tab.url and tab.input_value("#suche-q") == "Arbeitsschutz im Betrieb"
    assert not tab.is_checked("#plan-inhouse") and chips(tab) == []
    assert found(tab)[0] == "arbeitsschutz-betrieb"
    assert "Inhouse" not in tab.inner_text("#suche-status")
    for typed, field in (("Stapler bei uns im Betrieb", "Stapler"), ("Staplerkurs im Unternehmen", "Staplerkurs"),
                         ("Schulung in der Firma Stapler", "Schulung Stapler")):
        ask(tab, origin, typed)
        tab.wait_for_url("**inhouse=ja**")
        settle(tab)
        assert tab.input_value("#suche-q") == field and tab.is_checked("#plan-inhouse"), typed
        assert found(tab) == ["flurfoerderzeuge"] and chips(tab) == ["Inhouse-Schulung"], typed
    for typed in ("Staplerschein bei uns im Betrieb", "Staplerschein im Betrieb"):  # a word the fixture does not have: ticked all the same
        ask(tab, origin, typed)
        tab.wait_for_url("**inhouse=ja**")
        settle(tab)
        assert tab.input_value("#suche-q") == "Staplerschein" and tab.is_checked("#plan-inhouse") and chips(tab) == ["Inhouse-Schulung"], typed


@pytest_browser
def test_with_no_offer_of_the_words_in_house_their_offers_follow_a_note(tab: Any, origin: str) -> None:
    """No Excel course is marked in-house: "Excel inhouse" shows the Excel courses, and says
    that none of them is; the filter stays chosen, and the status line does not claim it."""
    ask(tab, origin, "Excel")
    excel = found(tab)
    ask(tab, origin, "Excel inhouse")
    tab.wait_for_url("**inhouse=ja**")
    settle(tab)
    assert found(tab) == excel and "flurfoerderzeuge" not in excel
    assert tab.is_checked("#plan-inhouse") and chips(tab) == ["Inhouse-Schulung"]
    status = tab.inner_text("#suche-status")
    assert status.startswith(f"{len(excel)} Angebote für „Excel“.\n"), status
    assert "Kein Angebot für „Excel“ ist als Inhouse-Schulung eingetragen – hier die Angebote ohne diesen Filter." in status
    assert tab.locator(".suche-hilfe:not([hidden])").count() == 0
    # The facets count what is shown.
    tab.wait_for_selector(".facetten[aria-busy=false]", state="attached")
    assert tab.inner_text(".facette[data-key=thema] li") == f"IT ({len(excel)})"
    # Where offers of the words are in-house, only they, and no such note.
    ask(tab, origin, "Schweißen inhouse")
    tab.wait_for_url("**inhouse=ja**")
    settle(tab)
    assert found(tab) == ["schweisserkurs-abends"] and "ohne diesen Filter" not in tab.inner_text("#suche-status")


@pytest_browser
def test_a_word_found_only_outside_the_filters_is_not_dropped_for_what_they_hold(tab: Any, origin: str) -> None:
    """"Pflegekurse Stuttgart" without online offers: the guide's care courses are online, so
    nothing fits. The page says so and offers to lift a filter; it does not drop the word and
    list whatever is in Stuttgart."""
    ask(tab, origin, "Pflegekurse Stuttgart", "&online=nein")
    assert found(tab) == []
    assert tab.inner_text("#suche-status").startswith("Keine Treffer für „Pflege“ mit Region Stuttgart")
    assert "Gesucht wurde „Pflege“ statt „Pflegekurse“." in tab.inner_text(".suche-hinweise")
    assert tab.locator(".hilfe-filter button").count() >= 1


@pytest_browser
def test_price_time_and_advice_words_become_chips(tab: Any, origin: str) -> None:
    ask(tab, origin, "kostenlos")
    # Only filter words: the offer whose page says the word ("kostenloser erster Schritt") first.
    assert found(tab) == ["einstieg-pflege", "python-online"]
    ask(tab, origin, "ohne Kosten")
    assert set(found(tab)) == {"python-online", "einstieg-pflege"}
    # Formats and lengths said as kinds of course.
    for typed, chip in (("Blended Learning", "hybrid"), ("Fernstudium", "online"), ("Tageskurs", "bis 1 Tag")):
        ask(tab, origin, typed)
        assert tab.locator("button.filterchip", has_text=chip).count() == 1, typed
    # "mit Zertifikat": what ends with more than a record of attendance; "ohne Abschluss" says
    # who a course is for.
    ask(tab, origin, "Schweißen mit Zertifikat")
    assert tab.locator("button.filterchip", has_text="Zertifikat oder Abschluss").count() == 1
    assert found(tab) == ["mag-schweissen"]
    ask(tab, origin, "Pflege ohne Abschluss")
    assert tab.locator("button.filterchip").count() == 0
    # "günstig": the free offers and those up to 500 €, one chip for the two values of one facet.
    ask(tab, origin, "günstig")
    assert tab.eval_on_selector_all("button.filterchip", "bs => bs.map(b => b.firstChild.textContent)") == ["bis 500 €"]
    assert {"python-online", "einstieg-pflege"} <= set(found(tab)) and "mag-schweissen" not in found(tab)
    # A price limit: one chip, exact on the steps of 50 € (the facet's bands would keep
    # everything up to 500 or 2.000 €).
    ask(tab, origin, "Kurse bis 400 Euro")
    assert [tab.locator("button.filterchip", has_text=t).count() for t in ("bis 400 €", "kostenlos", "bis 500 €")] == [1, 0, 0]
    assert set(found(tab)) == {"python-online", "einstieg-pflege", "excel-kompakt", "nachtdienst-pflege", "flurfoerderzeuge"}
    ask(tab, origin, "max. 200 €")
    assert set(found(tab)) == {"python-online", "einstieg-pflege", "excel-kompakt", "nachtdienst-pflege"}
    ask(tab, origin, "Schweißen unter 1.000")
    assert tab.locator("button.filterchip", has_text="unter 1.000 €").count() == 1
    assert "schweisserkurs-abends" in found(tab) and not {"industriemeister", "mag-schweissen"} & set(found(tab))
    ask(tab, origin, "Schweißen abends")
    assert found(tab) == ["schweisserkurs-abends"]
    ask(tab, origin, "Schweißen Abendlehrgang")
    assert found(tab) == ["schweisserkurs-abends"] and tab.locator("button.filterchip", has_text="abends").count() == 1
    ask(tab, origin, "Beratung Esslingen")
    assert tab.get_attribute("[role=tab][aria-selected=true]", "data-art") == "Beratungsstelle"
    assert found(tab) == ["beratung-esslingen"]


@pytest_browser
def test_a_town_in_a_region_labelled_with_a_bracket_reads_as_one_bracket(tabs: Any, tmp_path: Path) -> None:
    """A region labelled "Landkreis Esslingen (Nürtingen, Kirchheim)": a town typed in it is
    chipped "Region Landkreis Esslingen (Esslingen am Neckar)", not with a bracket after a bracket."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    taxonomies = tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace(
        "label: Esslingen\n", "label: Landkreis Esslingen (Nürtingen, Kirchheim)\n"), encoding="utf-8")
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Schweißen Esslingen am Neckar")
        chips = page.eval_on_selector_all("button.filterchip", "bs => bs.map(b => b.innerText.replace(/\\s*×$/, ''))")
        assert chips == ["Region Landkreis Esslingen (Esslingen am Neckar)"], chips
        assert found(page) == ["mag-schweissen"]


@pytest_browser
def test_a_broader_term_finds_the_narrower_courses_and_a_narrower_word_not_the_others(tabs: Any, tmp_path: Path) -> None:
    """"Soft Skills" stands on no course page: its broader-term entry finds the courses on
    rhetoric and conflicts, after one that names a synonym of the term in its title, and not
    "Softwaretests" (the term is a term of two words, not "Soft" to complete), also where it
    finds nothing; "Rhetorik" finds only the rhetoric course."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    (tree / "content" / "search.yaml").write_text(
        "synonyms:\n  - [Soft Skills, Sozialkompetenz]\nbuiltin_synonyms: false\n"
        "broader:\n  - term: Soft Skills\n    narrower: [Rhetorik, Konfliktmanagement]\nbuiltin_broader: false\n", encoding="utf-8")
    courses = {
        "rhetorik-seminar": ("Rhetorik für den Berufsalltag", "Frei sprechen vor Gruppen.", "Rhetorik"),
        "konflikte-im-team": ("Konflikte im Team lösen", "Konfliktmanagement für die Praxis.", "Konfliktmanagement"),
        "sozialkompetenz-azubis": ("Sozialkompetenz für Auszubildende", "Miteinander im Betrieb.", "Ausbildung"),
        # "Soft" is a word of the guide (of the term), "Ware" too: the index adds "Soft" to this page.
        "softwaretests": ("Software für Lager und Handel", "Jede Ware im Blick.", "Software"),
    }
    for slug, (title, summary, tag) in courses.items():
        (tree / "offers" / "akademie" / f"{slug}.yaml").write_text(
            f"title: {title}\nprovider: akademie\nsummary: {summary}\ndescription: Ein Kurs.\ntopics: [it]\n"
            f"tags: [{tag}]\nformat: online\non_demand: true\nprice:\n  amount: 0\nupdated: 2026-10-15\n", encoding="utf-8")
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Soft Skills")
        shown = found(page)
        assert shown[0] == "sozialkompetenz-azubis" and sorted(shown[1:]) == ["konflikte-im-team", "rhetorik-seminar"], shown
        assert "Software" not in page.inner_text("#suche-status")
        ask(page, origin, "Rhetorik")
        assert found(page) == ["rhetorik-seminar"]
        ask(page, origin, "Konfliktmanagement")
        assert found(page) == ["konflikte-im-team"]
    # Where no course names a narrower word, the term finds nothing, not "Softwaretests": its
    # words are a term of the guide's (woerter.json ``phrasen``) though no synonym group has it.
    (tree / "content" / "search.yaml").write_text(
        "builtin_synonyms: false\nbroader:\n  - term: Soft Skills\n    narrower: [Rhetorik]\nbuiltin_broader: false\n", encoding="utf-8")
    for slug in ("rhetorik-seminar", "konflikte-im-team", "sozialkompetenz-azubis"):
        (tree / "offers" / "akademie" / f"{slug}.yaml").unlink()
    with searching(tabs, tree, tmp_path / "site2") as (page, origin):
        ask(page, origin, "Soft Skills")
        assert found(page) == [], page.inner_text("#suche-status")


@pytest_browser
def test_school_holidays_the_site_has_no_dates_for_are_said_so(tab: Any, origin: str) -> None:
    """This guide names no Land (site.yaml state): "Python in den Osterferien" is not a word
    missing from its pages, but dates it does not know; the page says so and how to ask."""
    ask(tab, origin, "Python Osterferien")
    status = tab.inner_text("#suche-status")
    assert "python-online" in found(tab)
    assert "Die Termine der „Osterferien“ kennt diese Website nicht" in status and "„Osterferien“ kommt" not in status, status


@pytest_browser
def test_school_holidays_of_a_land_without_dates_are_no_words_to_search(tabs: Any, tmp_path: Path) -> None:
    """A guide in Bayern, whose school holidays Lotse does not ship: "Sommerferien" found the
    one course that says "auch in den Ferien" ("Keine Treffer für „Sommerferien“ – Treffer für
    „Ferien“") and "Excel nach den Herbstferien" put it before the Excel course. The holidays
    are dates the site does not know: they leave the query, the results are those of the other
    words (or all offers) without a start range, and the status line says so."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "state: Bayern\n", encoding="utf-8")
    (tree / "offers" / "akademie" / "ferien-sprachkurs.yaml").write_text(
        "title: Englisch am Vormittag\nprovider: akademie\nsummary: Englisch üben, auch in den Ferien.\n"
        "description: Ein Kurs.\ntopics: [it]\nformat: online\non_demand: true\nprice:\n  amount: 0\nupdated: 2026-10-15\n",
        encoding="utf-8")
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "in den Sommerferien")
        status = page.inner_text("#suche-status")
        assert "Die Termine der „Sommerferien“ kennt diese Website nicht – hier alle Angebote ohne Zeitraum." in status, status
        assert "Treffer für „Ferien“" not in status and "ferien-sprachkurs" in found(page) and len(found(page)) > 1, status
        assert page.locator(".chip", has_text="Beginn").count() == 0
        ask(page, origin, "Excel nach den Herbstferien")
        status = page.inner_text("#suche-status")
        assert found(page) == ["excel-kompakt"], (found(page), status)
        assert "Die Termine der „Herbstferien“ kennt diese Website nicht – hier die Treffer ohne Zeitraum." in status, status
        # A company's own holidays are no school holidays: a word as ever.
        ask(page, origin, "Betriebsferien")
        assert "kennt diese Website nicht" not in page.inner_text("#suche-status")


@pytest_browser
def test_a_compound_is_not_taken_for_the_level_it_ends_with(tab: Any, origin: str) -> None:
    """"Wiedereinstieg", which no page of this guide uses, ends with "Einstieg", the level
    every beginners' course is marked with: no fallback to all of them."""
    ask(tab, origin, "Wiedereinstieg")
    status = tab.inner_text("#suche-status")
    assert found(tab) == [] and "„Einstieg“" not in status, status
    assert "„Wiedereinstieg“ kommt auf dieser Website nicht vor" in status


@pytest_browser
def test_spelling_suggestion_from_the_guides_vocabulary(tab: Any, origin: str) -> None:
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    ask(tab, origin, "Excel")
    assert not any("woerter.json" in u for u in requests), "Wörterliste nur bei schwachen Anfragen"
    ask(tab, origin, "Exel")
    assert found(tab) == ["excel-kompakt", "digital-fit-buero"]  # the course on Excel, then the one naming it
    # The search ran for the correction and says so; "Meinten Sie: Excel?" would ask again.
    assert "Keine Treffer für „Exel“ – Treffer für „Excel“." in tab.inner_text("#suche-status")
    assert "Meinten Sie" not in tab.inner_text("#suche-status")
    # Two changes in a word of seven letters make another word: "Friseur" is no "Fräser".
    ask(tab, origin, "Friseur")
    assert found(tab) == [] and "Meinten Sie" not in tab.inner_text("#suche-status")
    ask(tab, origin, "Fraser")
    assert found(tab) == ["industriemeister"]
    # A short word keeps its first letter: "Hager" is no misspelt "Lager" ("Koch" no "hoch"),
    # "Lagr" is.
    ask(tab, origin, "Hager")
    assert found(tab) == [] and "Meinten Sie" not in tab.inner_text("#suche-status")
    ask(tab, origin, "Lagr")
    assert found(tab) == ["flurfoerderzeuge"] and "Treffer für „Lager“" in tab.inner_text("#suche-status")
    # A word of five letters is found only as itself or a longer form: "Hallo" is not in "Halle"
    # ("DATEV" not in "Datenanalyse").
    ask(tab, origin, "Hallo")
    assert found(tab) == []
    # "Englich" met the word "eng" (its stem, as if it ended in "-lich"): no form of it.
    ask(tab, origin, "Englich")
    assert found(tab) == ["ki-buero"] and "Treffer für „Englisch“" in tab.inner_text("#suche-status")
    # A typo inside a compound the guide uses is corrected whole, before the compound's end is
    # taken for it ("Kindetagespflege" → "Kindertagespflege", not "Pflege", which it ends with).
    ask(tab, origin, "Kindetagespflege")
    assert found(tab)[0] == "kindertagespflege" and "einstieg-pflege" not in found(tab)
    assert "Treffer für „Kindertagespflege“" in tab.inner_text("#suche-status")


@pytest_browser
def test_the_note_on_a_looser_word_says_what_follows_in_the_tab_open(tab: Any, origin: str) -> None:
    ask(tab, origin, "Schweißerkurs")
    assert found(tab) == ["schweisserkurs-abends", "mag-schweissen", "industriemeister"]
    assert "Wenige Treffer – danach folgen Treffer für „Schweißer“." in tab.inner_text("#suche-status")
    # None of the word's own offers in the region: what the looser word finds is all there is.
    ask(tab, origin, "Schweißerkurs Esslingen")
    assert found(tab) == ["mag-schweissen", "industriemeister"]
    status = tab.inner_text("#suche-status")
    assert "Keine Angebote für „Schweißerkurs“ – hier Angebote für „Schweißer“." in status and "Wenige Treffer" not in status
    # The advisory points' tab, to which the looser word added nothing: no note.
    ask(tab, origin, "Schweißerkurs", "&art=Beratungsstelle")
    assert tab.get_attribute("[role=tab][aria-selected=true]", "data-art") == "Beratungsstelle"
    assert "Wenige Treffer" not in tab.inner_text("#suche-status")


@pytest_browser
def test_questions_are_searched_by_what_they_ask_about(tab: Any, origin: str) -> None:
    # "Wie lange dauert", "wie teuer", "ich brauche": the words of the question never narrow.
    for typed in ("Wie lange dauert der Python-Kurs", "wie teuer ist Python", "ich brauche Python Kosten"):
        ask(tab, origin, typed)
        assert found(tab) == ["python-online"], typed
        assert "Keine Treffer für" not in tab.inner_text("#suche-status"), typed


@pytest_browser
def test_two_topics_no_offer_has_together_show_the_offers_of_each(tab: Any, origin: str) -> None:
    """"Python Schweißen": no offer has both; the offers for the rarer word, then those for the
    other, and the page says so."""
    ask(tab, origin, "Python Schweißen")
    assert found(tab)[0] == "python-online" and {"mag-schweissen", "schweisserkurs-abends"} <= set(found(tab))
    status = tab.inner_text("#suche-status")
    assert "Treffer für „Python“" in status and "Danach folgen die Angebote für „Schweißen“." in status
    # An advisory point that has both (welding, advice in Turkish) keeps both words for its
    # tab; the offers tab holds those for the word offers have.
    ask(tab, origin, "Schweißen Türkisch")
    assert "Kein Angebot nennt „Schweißen Türkisch“ zusammen – hier die Angebote für „Schweißen“." in tab.inner_text("#suche-status")
    assert tabs(tab) == {"Angebote": 2, "Beratungsstellen": 1}  # the two about welding (``leading``)


@pytest_browser
def test_words_kept_out_by_a_typed_filter_are_not_dropped(tabs: Any, tmp_path: Path) -> None:
    """"Excel Grundlagen kostenlos" where the Excel course costs a fee: no offer for all the
    words is free, but the words are not what is missing. The free courses on "Grundlagen"
    alone answer another question, and "no offer names both" would be untrue: nothing is
    listed, and the help offers to lift the filter with its count."""
    offers = {
        "excel-grundlagen": ("Excel Grundlagen", "Tabellen und Formeln in Excel.", "Grundlagen von Excel für das Büro.", 90),
        "buchfuehrung-grundlagen": ("Grundlagen der Buchführung", "Belege und Konten.", "Grundlagen der Buchführung für Einsteiger.", 0),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(t, su, d, price={"amount": amount}) for oid, (t, su, d, amount) in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Excel Grundlagen kostenlos")
        assert found(page) == []
        status = page.inner_text("#suche-status")
        assert "zusammen" not in status and "Grundlagen der Buchführung" not in page.inner_text("#suche-treffer"), status
        page.wait_for_selector(".hilfe-filter button")
        assert "(1 Treffer)" in page.inner_text(".hilfe-filter")
        page.click(".hilfe-filter button")
        page.wait_for_function("document.querySelectorAll('#suche-treffer li.treffer').length > 0")
        assert found(page) == ["excel-grundlagen"]
        # Words no offer has together are still answered by each word (the filter aside).
        ask(page, origin, "Excel Buchführung")
        assert {"excel-grundlagen", "buchfuehrung-grundlagen"} <= set(found(page))


@pytest_browser
def test_a_word_shortened_with_a_hyphen_is_found_whole(tabs: Any, tmp_path: Path) -> None:
    """Imported catalogues write "für Physio- und Ergotherapeuten": a physiotherapist's search
    found only courses that said the word whole. The whole words of such rows are search
    words of the page, from its description as from its title and summary."""
    offers = {
        "lymphdrainage": ("Manuelle Lymphdrainage", "Grundkurs mit Prüfung.", "Für Physio- und Ergotherapeuten mit Berufserfahrung."),
        "gespraeche": ("Gespräche mit Patienten", "Für Logo- und Ergotherapeuten.", "Ein Tag im Gespräch."),
        "recht": ("Recht für Therapeuten", "Verträge und Haftung.", "Für alle Therapeuten."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Physiotherapeuten")
        assert found(page) == ["lymphdrainage"], page.inner_text("#suche-status")
        assert "Keine Treffer" not in page.inner_text("#suche-status")
        ask(page, origin, "Logotherapeuten")
        assert found(page) == ["gespraeche"], page.inner_text("#suche-status")


@pytest_browser
def test_a_compound_whose_front_is_a_word_of_the_guide_finds_that_word(tabs: Any, tmp_path: Path) -> None:
    """"Rückenschmerzen" found nothing although the guide has courses for the back: its end is
    no word of the guide, and a compound's front counted only with an end the guide knows.
    A front that is a word of the guide, also with a linking "s", answers alone."""
    offers = {
        "ruecken": ("Gesunder Rücken im Büro", "Übungen für den Rücken.", "Bewegung am Arbeitsplatz."),
        "bewerbung": ("Bewerbung mit Erfolg", "Unterlagen und Gespräch.", "Eine gute Bewerbung schreiben."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        assert found_instead(page, origin, "Rückenschmerzen", "Rücken") == ["ruecken"]
        assert found_instead(page, origin, "Bewerbungsfotografie", "Bewerbung") == ["bewerbung"]


@pytest_browser
def test_a_compounds_end_on_offers_of_any_subject_is_no_answer_for_it(tabs: Any, tmp_path: Path) -> None:
    """"Klavierunterricht" listed every offer that mentions its lessons ("Unterricht"), on
    welding and on IT alike, as if they taught the piano; "Jagdschein" the forklift and trainer
    licences ("Schein"). A compound's end, or its parts together, stand in for it only where
    their offers are about one thing (most share a topic); else the compound is a word the
    guide does not have."""
    offers = {
        "schweissen-werkbank": ("Schweißen an der Werkbank", "Unterricht mit Schutzbrille.", "In der Werkstatt.", {"topics": ["schweissen"]}),
        "schweissen-profi": ("Schweißen für Fortgeschrittene", "Unterricht mit Schutzbrille, Zeit für Management.", "Aufträge und Abläufe.", {"topics": ["schweissen"]}),
        "it-grundlagen": ("IT-Grundlagen", "Unterricht mit Zeit für das Management der Dateien.", "Am eigenen Rechner.", {}),
        "netzwerke": ("Netzwerke verstehen", "Unterricht mit Übungen.", "Router und Kabel.", {}),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said[:3], **said[3]) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Klavierunterricht")
        assert found(page) == []
        assert "„Klavierunterricht“ kommt auf dieser Website nicht vor." in page.inner_text("#suche-status")
        # Nor do both parts of such a compound where they stand together only in passing,
        # on offers of any subject ("Zeitmanagement": time is said, management is taught).
        ask(page, origin, "Zeitmanagement")
        assert found(page) == []
        # An end whose offers share their topic still says what the compound is.
        assert sorted(found_instead(page, origin, "Laborschutzbrille", "Schutzbrille")) == ["schweissen-profi", "schweissen-werkbank"]


@pytest_browser
def test_a_function_word_at_a_compounds_front_is_no_part_of_it(tabs: Any, tmp_path: Path) -> None:
    """"Malkurs" (painting) was split into "Mal" and "Kurs" and found the course that says
    "zum ersten Mal": "mal", like "einmal", is an adverb there, no subject. "Mal" typed alone
    still finds it."""
    offers = {"rechner": ("Zum ersten Mal am Rechner", "Einmal pro Woche üben.", "Maus und Tastatur.")}
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Malkurs")
        assert found(page) == []
        assert "„Malkurs“ kommt auf dieser Website nicht vor." in page.inner_text("#suche-status")
        ask(page, origin, "Mal")
        assert found(page) == ["rechner"]


@pytest_browser
def test_a_misspelt_subject_of_a_course_compound_is_corrected(tabs: Any, tmp_path: Path) -> None:
    """"Exel" found the Excel courses, "Exelkurs" and "Buchaltungskurs" nothing: the spelling
    was corrected only for a whole word of the guide, and the compound's front before its kind
    of course ("Kurs") is none. That front is corrected as the word alone would be."""
    offers = {
        "excel": ("Excel kompakt", "Tabellen und Formeln.", "Für den Beruf."),
        "buchhaltung": ("Buchhaltung für Einsteiger", "Belege und Konten.", "Für kleine Betriebe."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        assert "excel" in found_instead(page, origin, "Exelkurs", "Excel")
        assert found_instead(page, origin, "Buchaltungsseminar", "Buchhaltung") == ["buchhaltung"]


@pytest_browser
def test_a_hyphenated_word_that_finds_nothing_falls_back_to_its_parts_together(tabs: Any, tmp_path: Path) -> None:
    """"IT-Firmen", on no page as typed, fell back to "Firmen" alone: every course that names
    businesses, whatever its subject. Its parts typed apart come first: the pages with both."""
    offers = {
        "itsicher": ("IT-Sicherheit im Alltag", "Schutz vor Angriffen für kleine Firmen.", "Passwörter und Updates."),
        "buchhaltung": ("Buchhaltung kompakt", "Rechnungswesen für Firmen.", "Belege und Konten."),
        "netz": ("IT-Grundlagen", "Netzwerke verstehen.", "Router und Kabel."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        # (Every offer of this guide is on the topic "IT".)
        assert found_instead(page, origin, "IT-Firmen", "IT Firmen")[0] == "itsicher"


@pytest_browser
def test_a_word_only_inside_a_longer_term_of_a_group_does_not_find_its_pages(tabs: Any, tmp_path: Path) -> None:
    """"Fremdsprachen" listed the German courses: the group of "Deutschkurs" holds "Deutsch als
    Fremdsprache", whose words stand among their extra search words, and Pagefind finds
    "Fremdsprache" alone. A page that has a typed word only inside such a term is left out
    where the word means something of its own (a broader term: the English course); where the
    term is all it means ("Zweitsprache"), the pages stay, as they do for the whole term."""
    offers = {
        "deutsch": ("Deutschkurs für den Beruf", "Deutsch lernen für die Arbeit.", "Sprechen, Schreiben, Verstehen."),
        "englisch": ("Englisch im Beruf", "Englisch für Telefon und E-Mail.", "Sprechen und Schreiben."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Fremdsprachen")
        assert found(page) == ["englisch"], page.inner_text("#suche-status")
        assert "1 Angebot" in page.inner_text("#suche-status")
        ask(page, origin, "Zweitsprache")
        assert found(page) == ["deutsch"]
        ask(page, origin, "Deutsch als Fremdsprache")
        assert "deutsch" in found(page)


def online_offers_tree(tmp_path: Path, offers: dict[str, dict[str, Any]]) -> Path:
    """The minimal guide with these online offers of its provider (id → title, summary,
    description and whatever else differs), to begin any time, on topic "it", at 90 € unless said."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    common = {"provider": "akademie", "topics": ["it"], "format": "online", "on_demand": True, "price": {"amount": 90}, "updated": "2026-11-20"}
    for oid, fields in offers.items():
        (tree / "offers" / "akademie" / f"{oid}.yaml").write_text(json.dumps(common | fields, ensure_ascii=False), encoding="utf-8")
    return tree


def texts(title: str, summary: str, description: str, **more: Any) -> dict[str, Any]:
    return {"title": title, "summary": summary, "description": description} | more


def online_offers_site(tmp_path: Path, offers: dict[str, dict[str, Any]]) -> Path:
    """``online_offers_tree``, built."""
    tree = online_offers_tree(tmp_path, offers)
    out = tmp_path / "site"
    build(tree, out, today=TODAY)
    return out


def described_offers_site(tmp_path: Path, offers: dict[str, tuple[str, str, str]]) -> Path:
    """``online_offers_site`` of offers given as id → (title, summary, description)."""
    return online_offers_site(tmp_path, {oid: {"title": t, "summary": s, "description": d} for oid, (t, s, d) in offers.items()})


@pytest_browser
def test_the_typed_word_comes_before_words_that_only_begin_with_its_stem(tabs: Any, tmp_path: Path) -> None:
    """Pagefind finds "Rücken" as its stem "rück", and so in "Rückmeldung" and "Rückfahrt": a
    course that says those often came before the one on the back. A page that has the typed
    word, a form of it or a compound it begins ("rückengerecht") comes first; one whose words
    only leave it before its end for a rest that is no word of the guide follows."""
    offers = {
        "gespraeche": ("Rückmeldung geben und Rückmeldung annehmen", "Rückmeldung im Team: Rückmeldungen sachlich geben.",
                       "Wie Rückmeldung wirkt und wie die Rückfahrt zum Thema Rückmeldung gelingt."),
        "heben": ("Heben und Tragen im Lager", "Rückengerecht arbeiten im Lager.", "Übungen für das Lager."),
        "pflegeheim": ("Dokumentation im Heim", "Akten und Formulare.", "Die Krankheit im Blick, mit Krankheitsverlauf und Krankheitsbild."),
        "krankenhaus": ("Hygiene im Alltag", "Sauber arbeiten.", "Was im Krankenhaus gilt."),
        "fuehrung": ("Führung im Team", "Führungsrolle und Führung.", "Führung lernen."),
        "fahrzeug": ("Sicher unterwegs", "Ein Fahrzeug führen.", "Im Verkehr."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Rücken")
        assert found(page) == ["heben", "gespraeche"]
        ask(page, origin, "Kranken")
        assert found(page) == ["krankenhaus", "pflegeheim"]
        # The noun of a typed verb is the word itself ("Führung" for "führen").
        ask(page, origin, "führen")
        assert found(page) == ["fuehrung", "fahrzeug"]
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_a_typed_word_does_not_find_an_adjective_made_of_its_stem(tabs: Any, tmp_path: Path) -> None:
    """"Schweißen" found a fitness course through its "schweißtreibendes Workout": Pagefind cuts
    the word to "schweiß" and finds it at the start of longer words. A compound that makes an
    adjective or participle of its front ("-treibend", "-los", "-bezogen") is about that front,
    the noun "Schweiß", not the typed verb: a page that has the word only so is no result, nor
    counted. Another compound of the stem ("schweißtechnische") keeps its page, and the noun
    itself finds the adjective."""
    offers = {
        "kickbox": ("Kickbox trifft Fitness", "Kampfsport und Fitness.",
                    "Diese Mischung aus Kampfsporttechniken und funktionalem Training ist ein motivierendes, schweißtreibendes Workout."),
        "mag": ("MAG-Schweißen für Einsteiger", "Schweißen lernen in der Werkstatt.", "Nähte an Blech und Rohr."),
        "theorie": ("Normen im Metallbau", "Schweißtechnische Grundlagen für die Fertigung.", "Normen lesen und anwenden."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Schweißen")
        assert found(page) == ["mag-schweissen", "mag", "theorie"], page.inner_text("#suche-status")
        assert page.inner_text("#suche-status").startswith("3 Angebote,")
        ask(page, origin, "Schweiß")
        assert "kickbox" in found(page)
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_the_typed_word_comes_before_a_longer_word_made_of_it_with_a_suffix(tabs: Any, tmp_path: Path) -> None:
    """Pagefind finds "Steuer" as the start of "Steuerung": a course on PLCs that says
    "Steuerung" four times and the verb "steuern" once came before the courses on taxes. A word
    that goes on after the typed one with a suffix that makes another noun ("-ung") is another
    word; a page more of whose hit words are such follows those that say the word, its forms
    or its compounds ("Steuerrecht")."""
    offers = {
        "sps": ("Steuerungstechnik mit SPS", "Steuerungen programmieren, Anlagen steuern.",
                "Die Steuerung im Schaltschrank, Steuerungstechnik für Fortgeschrittene."),
        "recht": ("Recht im Büro", "Grundlagen zum Steuerrecht.", "Verträge und Fristen."),
        "lohn": ("Lohnabrechnung kompakt", "Brutto, Netto und Steuern.", "Abrechnung für kleine Betriebe."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Steuer")
        shown = found(page)
        assert set(shown) == {"sps", "recht", "lohn"} and shown[-1] == "sps", shown
        # The noun of a typed verb is still the word itself.
        ask(page, origin, "steuern")
        assert "sps" in found(page)
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_a_term_of_two_words_does_not_fall_back_to_a_word_found_only_in_others(tabs: Any, tmp_path: Path) -> None:
    """"Soft Skills" (a term of Lotse's synonym groups) where no page has it: "Soft" found only
    "Software" (and the part "Soft" the index adds for that compound), no soft skill. The term
    is not on the site, and the page says so. A term one of whose words a page does show
    ("Ladder Logic" with "Ladder" in a title, the guide's own group) falls back to it."""
    offers = {
        "software": ("Software im Büro", "Software für Ware und Lager.", "Software und Softwareupdates."),
        "leiter": ("Ladder für Einsteiger", "Die Ladder im Betrieb.", "Sicher arbeiten."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    (tree / "content" / "search.yaml").write_text("synonyms:\n  - [Ladder Logic, Kontaktplan]\n", encoding="utf-8")
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Soft Skills")
        assert found(page) == []
        assert "„Soft Skills“ kommen auf dieser Website nicht vor" in page.inner_text("#suche-status")
        assert found_instead(page, origin, "Ladder Logic", "Ladder") == ["leiter"]
        ask(page, origin, "Software")
        assert found(page)[0] == "software"


@pytest_browser
def test_a_compounds_end_known_only_in_a_longer_term_gives_way_to_its_front(tabs: Any, tmp_path: Path) -> None:
    """"Versicherungsfachangestellte", which no page has: its end "Fachangestellte" stands in
    this guide only as "Medizinische Fachangestellte" (a term of its synonym groups), courses
    for another job. The front says the field ("Versicherungen", as the guide writes it); the
    end is searched only where the front finds nothing."""
    offers = {
        "praxis": ("Abrechnung in der Arztpraxis", "Für Medizinische Fachangestellte.", "Abrechnung für Medizinische Fachangestellte."),
        "versicherung": ("Versicherungen im Betrieb", "Versicherungen verstehen und vergleichen.", "Verträge und Schäden."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        assert found_instead(page, origin, "Versicherungsfachangestellte", "Versicherungen") == ["versicherung"]
        # No page has the front: the end it is.
        assert found_instead(page, origin, "Zollfachangestellte", "Fachangestellte") == ["praxis"]
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_a_word_naming_only_a_kind_of_course_comes_after_the_subject(tabs: Any, tmp_path: Path) -> None:
    """"Umschulung Pflege" where nothing has both words: "Umschulung" says what kind of course,
    "Pflege" what it is about. The offers on care are the answer, although fewer offers name
    "Umschulung"; a retraining course in logistics would answer another question. Where an
    advisory point has both, the care offers come first and the retraining courses after."""
    offers = {
        "umschulung-lager": ("Umschulung Fachkraft für Lagerlogistik", "Umschulung mit IHK-Abschluss.", "Lager und Versand."),
        "pflege-basis": ("Pflegebasiskurs", "Einstieg in die Pflege.", "Grundlagen der Pflege."),
        "pflege-demenz": ("Pflege bei Demenz", "Menschen mit Demenz pflegen.", "Pflege im Alltag."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Umschulung Pflege")
        assert set(found(page)) == {"pflege-basis", "pflege-demenz"}
        assert "Keine Treffer für „Umschulung Pflege“ – Treffer für „Pflege“." in page.inner_text("#suche-status")
        ask(page, origin, "Workshop Demenz")
        assert found(page) == ["pflege-demenz"]
    # An information page names both: the words stay together, no offer has them, and the
    # offers for each follow – those on care first.
    (tmp_path / "src" / "content" / "pages" / "wege.md").write_text(
        '---\ntitle: "Wege in den Beruf"\ndescription: "Umschulung und Pflege."\n---\nEine Umschulung in der Pflege beginnt mit einer Beratung.\n',
        encoding="utf-8")
    build(tmp_path / "src", tmp_path / "site2", today=TODAY)
    with static_server(tmp_path / "site2") as origin:
        ask(page, origin, "Umschulung Pflege")
        shown = found(page)
        assert set(shown[:2]) == {"pflege-basis", "pflege-demenz"} and shown[2:] == ["umschulung-lager"], shown
        assert "hier die Angebote für „Pflege“ und für „Umschulung“." in page.inner_text("#suche-status")
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_a_compounds_front_is_searched_as_typed_not_as_a_dative_of_the_guide(tabs: Any, tmp_path: Path) -> None:
    """"Hausmeister", which no page has, was searched as "Hause Meister": the guide has no word
    "Haus", and its front was taken in the form the guide says in "zu Hause". A form with an
    "-e" vouches for the front as typed ("Haus", which also begins "Haustechnik"); the guide's
    own form stays where it has the front or its "-en" form ("Schweißkurs" → "Schweißen").
    Where a page has a longer word of the compound ("Hausmeisterservice"), it is found as typed."""
    offers = {
        "haustechnik": ("Haustechnik im Betrieb", "Heizung und Lüftung in der Haustechnik, auch von zu Hause aus.", "Heizung und Lüftung."),
        "meister": ("Meister im Handwerk", "Vorbereitung auf den Meister, von zu Hause aus.", "Mit Präsenztagen."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Hausmeister")
        status = page.inner_text("#suche-status")
        assert "Keine Treffer für „Hausmeister“ – Treffer für „Haus Meister“." in status and "Hause" not in status, status
        assert found(page) == ["meister"]
        ask(page, origin, "Schweißkurs")
        assert "Treffer für „Schweißen“" in page.inner_text("#suche-status")
    offer = tree / "offers" / "akademie" / "haustechnik.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("Heizung und Lüftung", "Hausmeisterservice: Heizung und Lüftung"), encoding="utf-8")
    with searching(tabs, tree, tmp_path / "site2") as (page, origin):
        ask(page, origin, "Hausmeister")
        assert found(page)[0] == "haustechnik" and "Keine Treffer" not in page.inner_text("#suche-status")


@pytest_browser
def test_a_compound_misspelt_after_its_front_is_named_as_spelt_right(tabs: Any, tmp_path: Path) -> None:
    """"Gabelstaplerfürerschein" (a letter missing in "Führerschein"), a word no page has: the
    status named "Gabelstaplerfürer", its subject before the kind "-schein" as typed, which only
    Pagefind's fallback to its front found. The front the guide has and the rest corrected are
    searched, as for the compound spelt right, and the status names them."""
    offers = {
        "stapler": ("Gabelstapler sicher fahren", "Der Führerschein für den Gabelstapler, mit Prüfung.", "Theorie und Praxis."),
        "lager": ("Arbeit im Lager", "Waren annehmen und einlagern, auch mit dem Gabelstapler.", "Für Einsteiger."),
        "auto": ("Fahrsicherheit", "Für alle mit Führerschein.", "Sicher fahren."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        assert found_instead(page, origin, "Gabelstaplerfürerschein", "Gabelstapler Führerschein") == ["stapler"]
        assert "Gabelstaplerfürer“" not in page.inner_text("#suche-status")
        # Said once: no "Meinten Sie" for the two words searched.
        assert "Meinten Sie" not in page.inner_text(".suche-hinweise")


@pytest_browser
def test_a_few_offers_with_all_the_words_are_followed_by_those_about_each(tabs: Any, tmp_path: Path) -> None:
    """"Gabelstapler Hubwagen": one offer names both; the offers about "Gabelstapler" follow it,
    and the page says so. A word only one offer names ("Hubwagen") adds nothing of its own,
    nor does a course that names "Gabelstapler" in passing."""
    offers = {
        "stapler-hubwagen": ("Lager praktisch: Gabelstapler und Hubwagen", "Gabelstapler und Hubwagen sicher fahren.", "Mit dem Gabelstapler und dem Hubwagen im Lager."),
        "stapler-grundkurs": ("Gabelstapler Grundkurs", "Gabelstapler fahren lernen.", "Der Gabelstapler im Betrieb."),
        "stapler-auffrischung": ("Gabelstapler Auffrischung", "Gabelstapler: Unterweisung nach DGUV.", "Die jährliche Unterweisung für den Gabelstapler."),
        "stapler-teleskop": ("Teleskopstapler und Gabelstapler", "Gabelstapler und Teleskoplader.", "Sicher mit Gabelstapler und Teleskoplader."),
        "lager-buchhaltung": ("Lagerbuchhaltung mit Tabellen", "Bestände in Tabellen führen.", "Bestände, Inventur und Wareneingang; auch wer Gabelstapler fährt, zählt mit."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Gabelstapler Hubwagen")
        shown = found(page)
        assert shown[0] == "stapler-hubwagen" and {"stapler-grundkurs", "stapler-auffrischung", "stapler-teleskop"} <= set(shown[1:])
        assert "lager-buchhaltung" not in shown
        status = page.inner_text("#suche-status")
        assert "Nur 1 Angebot nennt „Gabelstapler Hubwagen“ zusammen – danach folgen die Angebote für „Gabelstapler“." in status, status
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_words_the_offers_with_both_name_only_in_passing(tab: Any, origin: str) -> None:
    """"Nachtdienst Kindertagespflege": the one offer with both words names them in passing (an
    overview of jobs); each word has an offer about it. The word whose offer is most about it
    is searched, the other's offers follow, and the page says why."""
    ask(tab, origin, "Nachtdienst Kindertagespflege")
    assert found(tab) == ["nachtdienst-pflege", "berufe-sozialwesen", "kindertagespflege"]
    status = tab.inner_text("#suche-status")
    assert "Die Angebote mit „Nachtdienst Kindertagespflege“ nennen die Wörter nur nebenbei – hier die Treffer für „Nachtdienst“." in status
    assert "Danach folgen die Angebote für „Kindertagespflege“." in status
    # An offer about one of the words keeps them as typed: "Nachtdienst Pflegefachkräfte".
    ask(tab, origin, "Nachtdienst Pflegefachkräfte")
    assert found(tab) == ["nachtdienst-pflege"] and "nebenbei" not in tab.inner_text("#suche-status")


@pytest_browser
def test_of_two_words_that_find_nothing_together_the_topic_stays(tab: Any, origin: str) -> None:
    # "Grundkurs" (one offer, on welding) is rarer than "Python", but it only says what kind
    # of course is wanted: the search keeps what it is about.
    ask(tab, origin, "Grundkurs Python")
    assert found(tab) == ["python-online"]
    assert "Treffer für „Python“" in tab.inner_text("#suche-status")
    # A word only an advisory point has (its street) goes before a word offers have: a guide to
    # courses is asked for courses.
    assert found_instead(tab, origin, "Marktplatz Python", "Python") == ["python-online"]
    # A kind of course whose offers all share one topic names that topic ("Programmierkurs":
    # both on IT): it stays before a word whose offers spread over topics ("sicher"), though
    # it ends like "Intensivkurs".
    assert found_instead(tab, origin, "Programmierkurs sicher", "Programmierkurs")[:2] == ["cpp-grundlagen", "python-online"]
    # A number of people says who is to be trained, not what: no search word, and no note.
    ask(tab, origin, "Excel für 3 Mitarbeiter")
    assert found(tab)[0] == "excel-kompakt"
    assert "Mitarbeiter" not in tab.inner_text("#suche-status")


@pytest_browser
def test_a_whole_word_comes_before_longer_words_it_only_begins(tabs: Any, tmp_path: Path) -> None:
    """"Bus": the courses for bus drivers come before a course whose title and tags say
    "Business" (Pagefind ranks a word it finds as the start of longer ones by how often and
    where a page says them). A compound of the word and another word of the guide
    ("Busfahrerinnen") or a form of it counts as the word; "Business" does not."""
    offers = {
        "business-englisch": ("Business English: Business-Meetings sicher führen", "Business-Englisch für den Beruf.",
                              "Business English für Meetings, E-Mails und Telefonate im Business-Alltag.", ["Business English", "Business"]),
        "personenverkehr": ("Berufskraftfahrer im Personenverkehr", "Die Pflichtmodule für das Fahren im Linienverkehr.",
                            "Sicher und kundenfreundlich mit dem Bus unterwegs: Fahrgäste, Ladung, Technik. Für Fahrer mit Klasse D.", ["Fahrgäste"]),
        "fahrschule-d": ("Führerschein Klasse D", "Der Weg in den Beruf mit Fahrgästen.",
                         "Für angehende Busfahrerinnen und Quereinsteiger: Theorie und Praxis bis zur Prüfung.", ["Klasse D"]),
    }
    out = online_offers_site(tmp_path, {
        oid: {"title": t, "summary": s, "description": d, "tags": tags} for oid, (t, s, d, tags) in offers.items()
    })
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Bus")
        shown = found(page)
        assert set(shown[:2]) == {"personenverkehr", "fahrschule-d"} and shown[2:] == ["business-englisch"], shown
        # The longer word itself still finds it.
        ask(page, origin, "Business")
        assert found(page) == ["business-englisch"]
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_a_typed_word_comes_before_words_that_only_share_its_stem(tabs: Any, tmp_path: Path) -> None:
    """"Gründer" stems to "grund", which begins "Grundkurs" and "Grundlagen": a bookkeeping
    course that says them often came before the seminar for founders, which says
    "Gründerinnen". Where the stem is another word in the results ("Grund", or its letters
    without the typed umlaut), the pages with the typed word itself come first. Where it is
    none ("Pfleger": "Pflege", "Pflegekräfte"), Pagefind's order stays: a page that names
    "Pflegerinnen" in passing does not jump ahead of the courses on care."""
    offers = {
        "buchfuehrung": ("Buchführung Grundkurs", "Grundlagen der Buchführung im Grundkurs.",
                         "Der Grundkurs vermittelt die Grundlagen und Grundzüge der Buchführung von Grund auf.", ["Grundkurs", "Grundlagen"]),
        "gruendung": ("Existenzgründung Schritt für Schritt", "Orientierung für die Selbstständigkeit.",
                      "Für Gründerinnen und alle, die ein Unternehmen gründen wollen: Businessplan und Finanzierung.", ["Selbstständigkeit"]),
        "pflegebasis": ("Pflegebasiskurs: Einstieg in die Pflege", "Grundpflege für Pflegekräfte im Einstieg.",
                        "Pflege im Alltag: Körperpflege, Pflegedokumentation und Pflegeplanung für angehende Pflegekräfte.", ["Pflegehilfe", "Pflegekraft"]),
        "buero-rueckkehr": ("Zurück ins Büro", "Office und Videokonferenzen nach der Familienzeit.",
                            "Für Mütter, Väter und Pflegerinnen nach einer Pause: Textverarbeitung und Tabellen.", ["Office"]),
    }
    out = online_offers_site(tmp_path, {
        oid: {"title": t, "summary": s, "description": d, "tags": tags} for oid, (t, s, d, tags) in offers.items()
    })
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        for typed in ("Gründer", "Gründerin"):
            ask(page, origin, typed)
            shown = found(page)
            assert shown[0] == "gruendung" and "buchfuehrung" in shown, (typed, shown)
        ask(page, origin, "Pfleger")
        shown = found(page)
        assert shown.index("pflegebasis") < shown.index("buero-rueckkehr"), shown
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_a_word_whose_stem_is_a_shorter_word_is_not_found_through_that_word(tabs: Any, tmp_path: Path) -> None:
    """Pagefind stems "Maler" to "mal" (its exact search too) and found the pages that say
    "zum ersten Mal", though no page has the word. Where all the best result has of a typed
    word with a suffix is its stem, another, shorter word, the word is not on the site, and
    the page says so. The short word itself still finds them, and a page with the word
    itself ("Malerwerkstatt" for "Maler") is found as before."""
    offers = {
        "team": ("Zum ersten Mal im Team", "Das erste Mal Verantwortung.", "Beim ersten Mal hilft ein Plan."),
        "sprechen": ("Reden vor Publikum", "Ein Mal im Monat üben.", "Jedes Mal besser."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        ask(page, origin, "Maler")
        assert found(page) == [] and "„Maler“ kommt auf dieser Website nicht vor." in page.inner_text("#suche-status")
        ask(page, origin, "Mal")
        assert set(found(page)) == {"team", "sprechen"}
    assert traffic.errors == [] and traffic.failed == []
    offers["werkstatt"] = ("Farbe im Altbau", "Aus der Malerwerkstatt.", "Anstrich und Lack.")
    out = described_offers_site(tmp_path / "zwei", offers)
    with static_server(out) as origin:
        ask(page, origin, "Maler")
        assert found(page)[0] == "werkstatt", found(page)


@pytest_browser
def test_a_group_word_no_page_has_is_not_found_through_other_words(tabs: Any, tmp_path: Path) -> None:
    """"Erzieher" is a word of Lotse's groups ([Erzieher, Erzieherin, pädagogische Fachkraft]),
    and Pagefind's stem "erzieh" begins "Erziehungszeit": a course on returning to the office
    was "1 Angebot für „Erzieher“", "Erzieherin" found nothing. A page that says a member
    carries the whole group, so a member no page has is a subject no page is about, and the
    page says so. Once an offer is for "pädagogische Fachkräfte", it is the answer; where the
    guide has no such group, the word is unknown and keeps what its stem finds."""
    offers = {
        "wiedereinstieg": ("Zurück ins Büro nach der Erziehungszeit", "Office und Videokonferenzen nach der Erziehungszeit.",
                           "Für alle, die nach der Erziehungszeit zurück ins Büro wollen."),
    }
    out = described_offers_site(tmp_path, offers)
    page, traffic = tabs.fresh(1280)
    with static_server(out) as origin:
        for typed in ("Erzieher", "Erzieherin"):
            ask(page, origin, typed)
            assert found(page) == [], typed
            assert f"„{typed}“ kommt auf dieser Website nicht vor." in page.inner_text("#suche-status")
        ask(page, origin, "Erziehungszeit")
        assert found(page) == ["wiedereinstieg"]
    offer = {"title": "Sprachförderung in der Kita", "summary": "Alltagsintegrierte Sprachbildung.",
             "description": "Ein Praxisseminar für pädagogische Fachkräfte in Kitas.",
             "provider": "akademie", "topics": ["it"], "format": "online", "on_demand": True, "price": {"amount": 90}, "updated": "2026-11-20"}
    (tmp_path / "src" / "offers" / "akademie" / "kita-sprache.yaml").write_text(json.dumps(offer, ensure_ascii=False), encoding="utf-8")
    build(tmp_path / "src", tmp_path / "site2", today=TODAY)
    with static_server(tmp_path / "site2") as origin:
        ask(page, origin, "Erzieher")
        assert found(page)[0] == "kita-sprache", found(page)
    (tmp_path / "src" / "content" / "search.yaml").write_text("builtin_synonyms: false\n", encoding="utf-8")
    build(tmp_path / "src", tmp_path / "site3", today=TODAY)
    with static_server(tmp_path / "site3") as origin:
        ask(page, origin, "Erzieher")
        assert found(page) == ["wiedereinstieg"]
    assert traffic.errors == [] and traffic.failed == []


@pytest_browser
def test_prefix_only_matches_are_never_shown(tab: Any, origin: str) -> None:
    # "Pythonkurse" is no word of the guide; Pagefind alone would match the prefix "py…" or less.
    ask(tab, origin, "Xylophon")
    assert found(tab) == []
    ask(tab, origin, "Pyth")
    assert found(tab) == ["python-online"]
    # Nor a word that only begins like one of the guide's ("schwei…" of "Schweißen").
    ask(tab, origin, "Schweinerei")
    assert found(tab) == []
    # A short word sent as a search only begins "Diagramme" (as "Media" begins "Mediation"):
    # no word of the guide. While it is typed, it may be unfinished, and the word it begins counts.
    ask(tab, origin, "Diag")
    assert found(tab) == []
    tab.fill("#suche-q", "Diag")
    tab.wait_for_function("document.querySelector('#suche-treffer .treffer-titel a')")
    settle(tab)
    assert found(tab) == ["excel-kompakt"]
    tab.press("#suche-q", "Enter")
    tab.wait_for_function("!document.querySelector('#suche-treffer .treffer-titel a')")
    # The rest of a compound is a word of the guide: "Grund" in "Grundkurs", "Grundlagen".
    ask(tab, origin, "Grund")
    assert found(tab)
    # A word of two letters is searched as written: "KI" is not the start of "Kindertagespflege".
    ask(tab, origin, "KI")
    assert found(tab) == ["ki-buero"]


@pytest_browser
def test_no_results_help(tab: Any, origin: str) -> None:
    ask(tab, origin, "Quantenphysik")
    help_box = tab.locator(".suche-hilfe")
    assert help_box.is_visible()
    text = help_box.inner_text()
    assert "Tipps" in text and "Lieber fragen? Die Lotsen beraten kostenlos" in text
    assert help_box.locator("a[href='tel:0711654321']").count() == 1
    assert help_box.locator("a.chip[href='/themen/it/']").count() == 1
    # A filter that removed the hits can be undone with one tap. (A region includes online
    # offers unless switched off, issue 17; "Python" is only online.)
    ask(tab, origin, "Python", "&region=Esslingen&online=nein")
    undo = tab.locator(".hilfe-filter button", has_text="Esslingen")
    assert undo.count() == 1 and "1 Treffer" in undo.inner_text()
    undo.click()
    settle(tab)
    assert found(tab) == ["python-online"]


@pytest_browser
def test_an_e_is_heard_like_an_umlaut_not_like_a_plain_a(tabs: Any, tmp_path: Path) -> None:
    """"Stress", which no page says, was corrected to "Straße" (an "e" for an "a" cost half a
    change, as for an "ä"), and the page listed courses on road haulage. An "e" typed for an
    "ä" is still half a change ("Lermschutz" is "Lärmschutz"), an "a" for an "ä" none."""
    offers = {
        "gefahrgut-strasse": ("Gefahrgut auf der Straße", "Beförderung gefährlicher Güter.", "Grundlehrgang für den Transport auf der Straße."),
        "laermschutz": ("Lärmschutz im Betrieb", "Lärm messen und mindern.", "Lärmschutz für Sicherheitsbeauftragte."),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(*said, price={"amount": 100}) for oid, said in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Stress")
        assert found(page) == [] and "Straße" not in page.inner_text("#suche-status"), page.inner_text("#suche-status")
        ask(page, origin, "Strase")
        assert found(page) == ["gefahrgut-strasse"]
        ask(page, origin, "Lermschutz")
        assert found(page) == ["laermschutz"] and "Treffer für „Lärmschutz“" in page.inner_text("#suche-status")


@pytest_browser
def test_a_level_or_funding_word_narrows_and_never_replaces_the_topic(tab: Any, origin: str) -> None:
    ask(tab, origin, "Schweißen für Anfänger")
    assert found(tab) == ["mag-schweissen"]
    ask(tab, origin, "gefördert")
    assert found(tab) == ["mag-schweissen"]
    # No offer is for experts: the topic word stays, the level word goes, and the page says so.
    ask(tab, origin, "Schweißen für Profis")
    assert {"mag-schweissen", "schweisserkurs-abends"} <= set(found(tab))
    # The only beginners' offer that says "Excel" names it in passing: the course on Excel
    # (no level given) is what the visitor is after, and the page says why it is shown.
    ask(tab, origin, "Excel für Anfänger")
    assert found(tab) == ["excel-kompakt", "digital-fit-buero"]
    assert "„Anfänger“ passt zu keinem Angebot, das von „Excel“ handelt – hier alle Treffer für „Excel“." in tab.inner_text("#suche-status")
    # A beginners' offer on the topic keeps the level word: "Schweißen für Anfänger" above.


@pytest_browser
def test_a_level_word_goes_before_a_compound_that_names_the_subject(tabs: Any, tmp_path: Path) -> None:
    """"Computerkurs für Anfänger" in a guide whose computer courses have no level: no offer has
    both words, and the search kept "Anfänger" (a compound ending in "kurs" counted as a kind
    of course, like "Intensivkurs", and went after it) – the beginners' courses on welding and
    Python, not one on computers. The level word goes first: it says for whom, not what."""
    offers = {
        "computerkurs-abend": ("Computerkurs am Abend", "Dateien, E-Mail und Internet.", "Ein Computerkurs für den Alltag.", ["it"]),
        "computerkurs-werkstatt": ("Computerkurs für die Werkstatt", "Auftragsdaten am Rechner.", "Ein Computerkurs für Metallberufe.", ["schweissen"]),
    }
    tree = online_offers_tree(tmp_path, {oid: texts(t, su, d, topics=topics, price={"amount": 100}) for oid, (t, su, d, topics) in offers.items()})
    with searching(tabs, tree, tmp_path / "site") as (page, origin):
        ask(page, origin, "Computerkurs für Anfänger")
        assert set(found(page)[:2]) == {"computerkurs-abend", "computerkurs-werkstatt"}, page.inner_text("#suche-status")
        assert "Keine Treffer für „Computerkurs Anfänger“ – Treffer für „Computerkurs“." in page.inner_text("#suche-status")
        # A subject word and a level word as before: the topic stays ("Excel für Anfänger").
        ask(page, origin, "Schweißen für Anfänger")
        assert found(page) == ["mag-schweissen"]


@pytest_browser
def test_districts_and_parts_of_towns_are_their_place(tab: Any, origin: str) -> None:
    for query in ("Kreis Esslingen", "Landkreis Esslingen", "Esslingen-Zell"):
        ask(tab, origin, query)
        assert tab.locator("button.filterchip", has_text="Region Esslingen").count() == 1, query
        assert {"mag-schweissen", "industriemeister"} <= set(found(tab)), query
    # A word the guide does not know beside a place: the place's offers, and a note.
    ask(tab, origin, "Xylophon Esslingen")
    assert {"mag-schweissen", "industriemeister"} <= set(found(tab))
    assert "„Xylophon“ kommt auf dieser Website nicht vor." in tab.inner_text(".suche-hinweise")


@pytest_browser
def test_no_offer_with_the_filters_says_so_though_advisory_points_match_the_words(tab: Any, origin: str) -> None:
    """Words with offer filters advisory points do not have ("Schweißen kostenlos"): no offer
    is free, the advisory point names welding. The offers' tab opens empty with the help that
    lifts the filter, and the status does not claim the advisory point is free."""
    ask(tab, origin, "Schweißen kostenlos")
    assert tabs(tab) == {"Angebote": 0, "Beratungsstellen": 1}
    assert tab.get_attribute("[role=tab][aria-selected=true]", "id") == tab.get_attribute("[role=tab]:first-child", "id")
    status = tab.inner_text("#suche-status")
    assert status == "Kein Angebot für „Schweißen“ mit kostenfreier Teilnahme. 1 Beratungsstelle für „Schweißen“ im Reiter „Beratungsstellen“.", status
    tab.wait_for_selector(".suche-hilfe:not([hidden])")
    assert "Kein Angebot mit diesen Filtern" in tab.inner_text(".suche-hilfe")
    lift = tab.locator(".suche-hilfe button", has_text="„kostenlos“ entfernen")
    assert re.search(r"\((\d+) Treffer\)", lift.inner_text()).group(1) == str(len(set(found_after(tab, origin, "Schweißen"))))
    lift.click()
    settle(tab)
    assert found(tab) and tab.locator("button.filterchip").count() == 0
    # With an offer left, what only offers have is said of them, not of the advisory point.
    ask(tab, origin, "Schweißen abends")
    assert tab.inner_text("#suche-status") == "1 Angebot, 1 Beratungsstelle für „Schweißen“ – das Angebot mit Termin abends."
    # A start typed ("im August"): no welding course begins then. The advisory point, which has
    # no start, opened alone under "… mit Beginn zwischen …"; now the offers' tab says so and
    # offers to lift the range.
    ask(tab, origin, "Schweißen im August")
    assert tabs(tab) == {"Angebote": 0, "Beratungsstellen": 1}
    assert tab.get_attribute("[role=tab][aria-selected=true]", "id") == tab.get_attribute("[role=tab]:first-child", "id")
    assert tab.inner_text("#suche-status") == (
        "Kein Angebot für „Schweißen“ mit Beginn zwischen 01.08.2027 und 31.08.2027 („im August“). "
        "1 Beratungsstelle für „Schweißen“ im Reiter „Beratungsstellen“."
    )
    tab.wait_for_selector(".suche-hilfe:not([hidden])")
    lift = tab.locator(".suche-hilfe button", has_text="„Beginn zwischen 01.08.2027 und 31.08.2027“ entfernen")
    assert lift.count() == 1


def found_after(tab: Any, origin: str, query: str) -> list[str]:
    """The offers ``query`` finds, in a tab of their own (``tab`` stays as it is)."""
    other = tab.context.new_page()
    try:
        ask(other, origin, query)
        return found(other)
    finally:
        other.close()


@pytest_browser
def test_a_screen_reader_hears_the_answer_once_typing_pauses_not_every_keystroke(tab: Any, origin: str) -> None:
    """The search answers as one types; its live region speaks only after a pause (a helper
    heard ten announcements while typing "Excel", "„E“ ist zu allgemein" among them) and
    never the same twice; a search sent with Enter or a filter is spoken at once."""
    tab.goto(f"{origin}/suche/")
    settle(tab)
    tab.evaluate("""() => { window.heard = []; const live = document.querySelector('.suche-ansage[role=status]');
      new MutationObserver(() => window.heard.push(live.textContent)).observe(live, {childList: true, characterData: true, subtree: true}); }""")
    tab.click("#suche-q")
    for letter in "Excel":
        tab.keyboard.type(letter)
        tab.wait_for_timeout(450)  # slower than the search answers, quicker than the pause
    tab.wait_for_function("() => window.heard.length > 0")
    tab.wait_for_timeout(1500)
    assert tab.evaluate("window.heard") == [tab.inner_text("#suche-status").replace("\n", " ").strip()]
    assert "Excel" in tab.evaluate("window.heard")[0]
    tab.evaluate("window.heard = []")
    tab.fill("#suche-q", "Python")
    tab.press("#suche-q", "Enter")
    tab.wait_for_function("() => window.heard.length > 0")
    assert "„Python“" in tab.evaluate("window.heard")[-1]


@pytest_browser
def test_the_lists_for_browsing_give_way_at_once_and_come_back_without_pagefind(tabs: Any, origin: str) -> None:
    """The search takes the place of the topic and region lists as soon as its script runs
    (one shift of the page, not two); if Pagefind cannot be loaded, the lists come back."""
    page, _ = tabs.fresh(1280)
    page.route("**/pagefind/pagefind.js", lambda route: route.abort())
    try:
        page.goto(f"{origin}/suche/?q=Excel")
        page.wait_for_function("() => document.getElementById('suche-status').innerText.includes('nicht verfügbar')")
        assert page.is_visible("#suche-ohne-js") and page.is_visible("#suche-ohne-js a[href$='/themen/it/']")
    finally:
        page.unroute("**/pagefind/pagefind.js")
    ask(page, origin, "Excel")
    assert not page.is_visible("#suche-ohne-js")


@pytest_browser
def test_the_search_page_fetches_each_file_once_and_preloads_nothing(tab: Any, origin: str) -> None:
    """Preloads of Pagefind's files took the bandwidth the stylesheet needed on a slow line (the
    page appeared later, the results no sooner); suche.js asks for them itself, each once."""
    warnings: list[str] = []
    tab.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url.split("?", 1)[0]))
    ask(tab, origin, "Schweißen")
    assert tab.eval_on_selector_all("link[rel=preload], link[rel=modulepreload]", "ls => ls.length") == 0
    bundle = [url for url in requests if "/pagefind/" in url]
    assert bundle and len(bundle) == len(set(bundle)), bundle
    assert not [w for w in warnings if "preload" in w], warnings


@pytest_browser
def test_a_compound_with_sharp_s_falls_back_to_the_guides_word(tab: Any, origin: str) -> None:
    """"Schweißkurs" is no word of the fixture: it is searched as "Schweißen" (the guide's word
    for its head), not as "Schweißk" (the typed word cut at the length of its folded head,
    where "ß" is "ss")."""
    ask(tab, origin, "Schweißkurs")
    notes = tab.inner_text(".suche-hinweise")
    assert "Treffer für „Schweißen“" in notes and "Schweißk“" not in notes, notes
    assert {"mag-schweissen", "schweisserkurs-abends"} <= set(found(tab))


@pytest_browser
def test_a_word_every_offer_page_shows_is_searched_when_a_topic_is_called_so(tab: Any, origin: str) -> None:
    """"Seminar" is dropped as a word (nearly) every guide uses – unless the guide has a topic
    whose label holds it (search.py ``page_data``: "themenwoerter"; "Sprachen" in a guide with a
    topic "Sprachen" listed every offer as "zu allgemein")."""
    ask(tab, origin, "Seminar")
    assert "zu allgemein" in tab.inner_text(".suche-hinweise")

    with page_data_with(tab, "&#34;themenwoerter&#34;: [", "&#34;themenwoerter&#34;: [&#34;Seminar&#34;, "):
        ask(tab, origin, "Seminar")
        assert found(tab) == ["nachtdienst-pflege"] and "zu allgemein" not in tab.inner_text(".suche-hinweise")


@contextmanager
def page_data_with(tab: Any, old: str, new: str) -> Iterator[None]:
    """The search page as served with ``new`` for ``old`` in its data (the data-suche
    attribute, HTML-escaped): what another guide would hand it."""

    def patched(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace(old, new, 1)
        assert new in body
        route.fulfill(response=response, body=body)

    tab.route("**/suche/?q=*", patched)
    try:
        yield
    finally:
        tab.unroute("**/suche/?q=*")


@pytest_browser
def test_place_names_with_umlauts_written_out(tab: Any, origin: str) -> None:
    # The fixture's places have no umlaut: the search page is given one, as a guide would name it.
    with page_data_with(tab, "&#34;orte&#34;: {", "&#34;orte&#34;: {&#34;nurtingen&#34;: [&#34;Esslingen&#34;, &#34;Nürtingen&#34;], "):
        for query in ("Nürtingen", "Nuertingen", "Schweißen Nuertingen"):
            ask(tab, origin, query)
            assert tab.locator("button.filterchip", has_text="Region Esslingen (Nürtingen)").count() == 1, query


@pytest_browser
def test_no_results_help_lifts_all_filters_when_no_one_is_in_the_way(tab: Any, origin: str) -> None:
    """"Python" on welding, in Esslingen without online offers: lifting any one filter still
    finds nothing (the course is online and on IT), lifting all finds it. One button says so."""
    ask(tab, origin, "Python", "&thema=Schwei%C3%9Fen&region=Esslingen&online=nein")
    assert found(tab) == []
    buttons = tab.locator(".hilfe-filter button")
    assert buttons.all_inner_texts() == ["Alle Filter entfernen (1 Treffer)"]
    buttons.first.click()
    settle(tab)
    assert found(tab) == ["python-online"]
    assert not any(key in tab.url for key in ("thema=", "region=", "online=nein"))


@pytest_browser
def test_a_word_of_the_guide_is_never_split_into_its_parts(tab: Any, origin: str) -> None:
    """"Teilzeit Lager": the two words are on different offers. "Teil" and "Zeit" are on the
    forklift course too, but it is not part-time: one word is dropped, the other kept as typed.
    "Teilzeit", a value of a filter, says how; "Lager" what: it stays."""
    ask(tab, origin, "Teilzeit Lager")
    status = tab.inner_text("#suche-status")
    # Then the offers for the word dropped, as if typed alone (``either``).
    assert found(tab) == ["flurfoerderzeuge", "schweisserkurs-abends"]
    assert "Keine Treffer für „Teilzeit Lager“ – Treffer für „Lager“." in status
    assert "Danach folgen die Angebote für „Teilzeit“." in status
    # A word found only outside the filters stays, and another word that finds nothing with
    # it anywhere is dropped (not the filters' offers shown for that other word).
    ask(tab, origin, "Nachtdienst Teilzeit", "&region=Esslingen&online=nein")
    assert found(tab) == []
    assert tab.inner_text("#suche-status").startswith("Keine Treffer für „Nachtdienst“ mit ")
    assert tab.locator(".hilfe-filter button").count() >= 1


@pytest_browser
def test_no_results_help_counts_as_the_search_counts(tab: Any, origin: str) -> None:
    # Pagefind alone finds "Excelsior" through the prefix "excel" (the Excel course, in
    # Stuttgart); such hits are no hits, and no filter is offered for removal on their strength.
    ask(tab, origin, "Excelsior", "&region=Esslingen")
    assert found(tab) == [] and tab.locator(".suche-hilfe").is_visible()
    assert tab.locator(".hilfe-filter button").count() == 0


@pytest_browser
def test_tab_counts_agree_with_topic_and_region_pages(tab: Any, origin: str) -> None:
    for key, value, path in [("thema", "Schweißen", "/themen/schweissen/"), ("region", "Esslingen", "/regionen/esslingen/")]:
        tab.goto(origin + path)
        offers = int(tab.inner_text("#angebote-titel").split()[0])
        # A region page lists online offers after its own (in a section or on the following
        # pages, which it names with their number); the search's region filter includes them
        # ("Online-Angebote einbeziehen" is on by default, issue 17).
        online = re.search(r"(\d+) Online-Angebot", tab.inner_text("main"))
        if key == "region" and online:
            offers += int(online.group(1))
        points = tab.locator("section:has(#beratung-titel) h3").count()
        tab.goto(f"{origin}/suche/?{key}={quote(value)}")
        settle(tab)
        counts = tabs(tab)
        assert counts["Angebote"] == offers
        assert counts["Beratungsstellen"] == points == 1
    tab.click("[role=tab][data-art=Beratungsstelle]")
    settle(tab)
    assert found(tab) == ["beratung-esslingen"]
    assert "art=Beratungsstelle" in tab.url


@pytest_browser
def test_keyboard_reaches_the_first_result_with_one_link(tab: Any, origin: str) -> None:
    ask(tab, origin, "Schweißen")
    tab.focus("#suche-q")
    for _ in range(3):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.textContent") == "Zu den Ergebnissen":
            break
    assert tab.evaluate("document.activeElement.textContent") == "Zu den Ergebnissen"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.closest('.treffer-titel') !== null")
    assert tab.evaluate("document.activeElement.textContent") == tab.inner_text("#suche-treffer .treffer-titel a >> nth=0")


@pytest_browser
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_on_every_new_state(browser: Any, origin: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    for query in ["Schweißen Esslingen kostenlos", "Exel", "Quantenphysik", "geschweißt", "Beratung", "Schweißen inhouse"]:
        ask(page, origin, query)
        page.eval_on_selector_all("details.filter-panel, details.facette", "ds => ds.forEach(d => d.open = true)")
        assert axe_violations(page) == [], query
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), query
    context.close()


@pytest_browser
def test_slow_start_keeps_the_typed_query_and_does_not_wait_for_filters(browser: Any, origin: str, search_site: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="de-DE")
    page = context.new_page()
    # Which filter lists Pagefind fetches, and when.
    page.add_init_script(
        "window.filterLog = []; const f = window.fetch; window.fetch = (u, o) => {"
        " if (String(u).includes('/pagefind/filter/')) window.filterLog.push(String(u)); return f(u, o); };"
        " new MutationObserver((changes, me) => { const list = document.getElementById('suche-treffer');"
        " if (list && list.children.length) { window.beforeFirst = window.filterLog.length; me.disconnect(); } })"
        ".observe(document, {childList: true, subtree: true});"
    )
    script = Gate(page, "**/pagefind/pagefind.js")  # Pagefind's script arrives only when the test lets it
    page.goto(f"{origin}/suche/", wait_until="domcontentloaded")
    page.wait_for_function("document.getElementById('suche-app').hidden === false")
    # While the script loads: the form works, nothing claims JavaScript is missing.
    assert not page.is_visible("text=Die Suche braucht JavaScript")
    assert "wird geladen" in page.inner_text("#suche-status")
    page.fill("#suche-q", "Python")
    # The typing pause (300 ms) ends before the script arrives, as on a slow phone.
    page.wait_for_timeout(450)
    script.release()
    page.wait_for_selector("#suche-treffer .treffer-titel a", timeout=10000)
    before = page.evaluate("window.beforeFirst")
    assert page.input_value("#suche-q") == "Python"
    assert found(page) == ["python-online"]
    assert "q=Python" in page.url
    # The first answer needed the lists of page kinds and of availability only (offers that
    # have begun are left out by default, issue 17); the facets' lists came after it.
    page.wait_for_selector(".facette", state="attached")
    lists = len(list((search_site / "pagefind" / "filter").iterdir()))
    after = page.evaluate("window.filterLog.length")
    assert before is not None and before <= 2 < lists == after, (before, lists, after)
    context.close()


def test_a_lexicon_changed_by_an_edit_is_the_one_freezing_the_new_counts_gives(minimal_tree: Path) -> None:
    """The preview follows an edit with ``Lexicon.changed`` instead of freezing the whole
    vocabulary again: words gained, lost and counted differently (hyphenated, with umlauts,
    function words, spellings that trade places as the most used) must give what ``freeze``
    gives."""
    import random
    from collections import Counter

    words = sorted({w for text in [p.read_text() for p in minimal_tree.rglob("*.yaml")] for w in re.findall(r"[^\W_]+(?:-[^\W_]+)*", text)})
    words += ["Fachkraft", "Fachkräfte", "Pflegefachkräfte", "Kurs", "Kurse", "KURS", "E-Auto", "Aufstiegs-BAföG", "und", "Schweißer"]
    chance = random.Random(19)

    def frozen(written: Counter[str]) -> Lexicon:
        lexicon = Lexicon(written=+written)
        lexicon.freeze()
        return lexicon

    written = Counter({w: chance.randint(1, 3) for w in words})
    lexicon = frozen(written)
    for _ in range(30):
        delta: Counter[str] = Counter()
        for word in chance.sample(words, 6):  # take some words out entirely, add or count others
            delta[word] = -written[word] if chance.random() < 0.4 else max(-written[word], chance.randint(-1, 2))
        delta[f"Neuwort{chance.randint(0, 5)}kurs"] += 1
        written.update(delta)
        written = +written
        lexicon = lexicon.changed(delta)
        whole = frozen(written)
        assert (lexicon.written, lexicon.pages, lexicon.shown, lexicon.words, lexicon.forms) == (
            whole.written, whole.pages, whole.shown, whole.words, whole.forms
        )


def test_where_a_text_links_to_gives_no_search_words() -> None:
    """Link and image targets, autolinks and bare addresses are not words of a page: they gave
    the vocabulary 'mailto', 'https', 'www', 'html' and the parts of paths and domains (and
    offers hidden words from them); the words people read stay, hyphenated ones too."""
    from site_builder.markup import MarkdownRenderer
    from site_builder.search import plain

    text = (
        "Schreiben Sie an [die Redaktion](mailto:redaktion@example.org), lesen Sie "
        "<https://www.baden-wuerttemberg.de/foerder-programme.html> oder www.esf-plus.de/faq-seite "
        "und sehen Sie ![den Schulungs-Raum](/assets/schulungs-raum.jpg). Aufstiegs-BAföG bleibt."
    )
    words = plain(MarkdownRenderer().lazy(text)).split()
    assert "[die" in words and "Redaktion]," in words and "Aufstiegs-BAföG" in words and "Schulungs-Raum]." in words
    assert not [w for w in words if any(part in w.lower() for part in ("mailto", "https", "www", "wuerttemberg", "faq", "schulungs-raum.jpg"))]


@pytest_browser
def test_no_spelling_suggestion_that_finds_nothing_either(tabs: Any, tmp_path: Path) -> None:
    """"Kickboxen" names a course that has begun: nothing under "Noch nicht begonnen", and the
    help names that filter with its count. It offered "Meinten Sie: Kickbox?" too (the title's
    word), which finds nothing under the same filter either; a suggestion is offered only where
    its words find something."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text(encoding="utf-8")
    assert "  - start: 2027-02-03\n" in text
    offer.write_text(
        text.replace("title: Excel kompakt", "title: Kickbox trifft Fitness")
        .replace("  - start: 2027-02-03\n", "  - start: 2026-09-02\n    end: 2027-02-10\n")
        + "prerequisites: Wer schon Kickboxen kann, ist willkommen.\n",
        encoding="utf-8",
    )
    with searching(tabs, tree, tmp_path / "_site") as (page, url):
        ask(page, url, "Kickboxen")
        assert found(page) == []
        page.wait_for_selector(".suche-hilfe:not([hidden])")
        help_text = page.inner_text(".suche-hilfe")
        assert "„Noch nicht begonnen“ entfernen (1 Treffer)" in help_text, help_text
        page.wait_for_timeout(300)
        assert not page.is_visible(".hilfe-vorschlag"), help_text


@pytest.mark.parametrize(
    ("text", "daytimes"),
    [
        ("3 Termine: 02.02., 09.02., 16.02.", set()),  # days, not 02:02 and 16:02
        ("ab 16.02.2027, Di 18.30–20.00 Uhr", {"abends"}),
        ("Di 02.02. 18:30–20:00, Di 09.02. 18:30–20:00", {"abends"}),
        ("Mo–Fr 8.30–12.45 Uhr", {"vormittags"}),
        ("Beginn jeweils um 18.30.", {"abends"}),  # no day: there is no month 30
    ],
)
def test_days_in_a_schedule_are_no_times_of_day(text: str, daytimes: set[str]) -> None:
    from site_builder.search import schedule_words

    assert schedule_words(text)[1] == daytimes


# --- What a search loads -------------------------------------------------------------------
# Counted, not timed: the files a query fetches and the searches it runs are what made a big
# guide slow (10,000 offers), whatever the machine.


def test_the_bundle_loads_no_word_chunk_for_filters_alone(search_site: Path, tmp_path: Path) -> None:
    from site_builder.index import filters_alone

    assert 'let index_resp=filter_only?"[]":' in (search_site / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    # A bundle that reads otherwise (another Pagefind) stays as it is.
    (tmp_path / "pagefind.js").write_text("let index_resp=load(term);", encoding="utf-8")
    assert not filters_alone(tmp_path)
    assert (tmp_path / "pagefind.js").read_text(encoding="utf-8") == "let index_resp=load(term);"


@pytest_browser
def test_a_search_of_filters_alone_fetches_no_chunk_of_the_word_index(tabs: Any, origin: str) -> None:
    """A topic ticked and no words: Pagefind asked for every chunk of its word index (the empty
    term starts every word), at 10,000 offers 248 files and 4.7 MB before the first list,
    though it answers from the filters alone."""
    page, traffic = tabs.fresh(1280)
    page.goto(f"{origin}/suche/?thema={quote('Schweißen')}")
    settle(page)
    page.wait_for_selector(".facetten[aria-busy=false]", state="attached")
    assert found(page)
    assert [u for u in traffic.requests if "/pagefind/filter/" in u]
    assert [u for u in traffic.requests if "/pagefind/index/" in u] == []
    assert traffic.errors == [] and traffic.failed == []


LIST_DONE = """
window.__listDone = null;
new MutationObserver(function () {
  var list = document.getElementById("suche-treffer");
  if (list && list.getAttribute("aria-busy") === "true") window.__listDone = 0;
  else if (list && window.__listDone === 0) window.__listDone = performance.now();
}).observe(document, { attributes: true, attributeFilter: ["aria-busy"], subtree: true });
"""


def fetched_before_list(page: Any, folder: str) -> list[str]:
    """The files of ``folder`` of Pagefind's bundle fetched before the list was shown."""
    page.wait_for_function("window.__listDone > 0")
    return page.evaluate(
        "(folder) => performance.getEntriesByType('resource').filter(e => e.name.includes('/pagefind/' + folder + '/')"
        " && e.startTime < window.__listDone).map(e => e.name)", folder,
    )


@pytest_browser
def test_a_compound_the_guide_lacks_loads_only_the_topic_filter(tabs: Any, origin: str, search_site: Path) -> None:
    """Whether a compound's end is about one thing ("Klinikumsnachtdienst" → "Nachtdienst")
    is told by the topics of its offers: Pagefind counts a filter only once its file is loaded,
    and every filter's file was loaded for that, at 10,000 offers 22 files and 550 kB before
    the first list. The topics' file is enough; the others follow for the facets."""
    context = tabs.browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    try:
        context.add_init_script(LIST_DONE)
        page = context.new_page()
        assert found_instead(page, origin, "Klinikumsnachtdienst", "Nachtdienst") == ["nachtdienst-pflege", "berufe-sozialwesen"]
        before = fetched_before_list(page, "filter")
        every = list((search_site / "pagefind" / "filter").iterdir())
        assert 1 <= len(before) <= 3 < len(every), before
        page.wait_for_selector(".facetten[aria-busy=false]", state="attached")
    finally:
        context.close()


@pytest_browser
@pytest.mark.parametrize("asked", ["?q=Excel&von=2027-01-01&bis=2027-06-30", f"?q=Excel&plz=70173&umkreis=25&von={TODAY.isoformat()}"])
def test_a_range_or_a_place_loads_only_the_filters_it_is_worked_out_from(tabs: Any, origin: str, search_site: Path, asked: str) -> None:
    """A start range or a place is worked out from the index's start days and postal codes:
    every filter's file was loaded for them, at 10,000 offers 22 files and 551 kB before the
    first list. Those of the start days, postal codes and kinds (and what the search names)
    are enough."""
    context = tabs.browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    try:
        context.add_init_script(LIST_DONE)
        page = context.new_page()
        page.goto(f"{origin}/suche/{asked}")
        settle(page)
        assert found(page)
        before = fetched_before_list(page, "filter")
        every = list((search_site / "pagefind" / "filter").iterdir())
        assert 2 <= len(before) <= 7 < len(every), (len(before), len(every))
    finally:
        context.close()


# Pagefind's module as suche.js imports it, each search recorded (term and options).
RECORDING = """import * as pf from "./pagefind.js?recorded";
export const options = pf.options, preload = pf.preload, filters = pf.filters;
export function search(term, options) {
  (globalThis.__searches = globalThis.__searches || []).push([JSON.stringify([term, options]), performance.now()]);
  return pf.search(term, options);
}
"""


@pytest_browser
def test_one_query_asks_pagefind_each_search_once(tabs: Any, origin: str) -> None:
    """A typo ("Exel") searched the word as typed twice and its correction's search twice, and
    the facets made the answer's own search again for each facet with no value chosen (10 of
    them for "Excel" at 10,000 offers). Each search of one query is made once before the list
    is shown, and once for the facets (which count every filter, loaded after the list)."""
    context = tabs.browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    try:
        context.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body=RECORDING))
        context.add_init_script(LIST_DONE)
        page = context.new_page()
        for query in ("Exel", "Klinikumsnachtdienst", "Excel"):
            page.goto(f"{origin}/suche/?q={quote(query)}")
            settle(page)
            page.wait_for_selector(".facetten[aria-busy=false]", state="attached")
            page.wait_for_timeout(300)
            done = page.evaluate("window.__listDone")
            made = page.evaluate("globalThis.__searches")
            for part in ([s for s, t in made if t < done], [s for s, t in made if t >= done]):
                assert part and len(part) == len(set(part)), (query, [s for s in part if part.count(s) > 1])
        assert found(page)
    finally:
        context.close()
