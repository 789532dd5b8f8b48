"""A guide as a stranger starts it: `lotse init`, vocabularies typed in, three providers and
twelve offers from `lotse new`, no advisory points, funding programmes without `for`. Its
pages send no visitor to something empty or promise what is not there, and `lotse report`
names what the editors still have to fill in. The sample guide keeps showing all of it."""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.pipeline import build

from .test_starter import ENGINE

DAY = date(2026, 12, 6)  # `new` writes its example dates around the day it is given

TAXONOMIES = """\
topics:
  - id: sprachen
    label: Sprachen
  - id: it
    label: IT und Digitales
  - id: pflege
    label: Pflege
regions:
  - id: musterstadt
    label: Stadt Musterstadt
  - id: landkreis
    label: Landkreis Musterland
audiences:
  - id: beschaeftigte
    label: Beschäftigte
  - id: unternehmen
    label: Unternehmen
funding:
  - id: bildungsgutschein
    label: Bildungsgutschein
    url: https://www.arbeitsagentur.de/karriere-und-weiterbildung/bildungsgutschein
  - id: bildungszeit
    label: Bildungszeit
"""
PROVIDERS = {"akademie": "Akademie Muster", "vhs-muster": "Volkshochschule Musterstadt", "pflegeschule": "Pflegeschule am Park"}
OFFERS = {
    "vhs-muster": ("englisch-b1", "spanisch-a1", "italienisch-a2", "deutsch-b2"),
    "akademie": ("excel-grundlagen", "python-einstieg", "netzwerke", "datenschutz"),
    "pflegeschule": ("pflegehilfe", "demenz", "wundmanagement", "erste-hilfe"),
}
TOPIC = {"vhs-muster": "sprachen", "akademie": "it", "pflegeschule": "pflege"}
INHOUSE = "excel-grundlagen"  # the one offer that can be booked in-house


def run(*args: str) -> int:
    """A command as the stranger typed it, its output kept out of the test's."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


def _filled(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def make_new_guide(target: Path) -> Path:
    """The stranger's guide: init, vocabularies, then `new provider` and `new offer` with
    their placeholders replaced and `draft: true` deleted."""
    assert run("init", str(target), "--engine", ENGINE) == 0
    (target / "content" / "taxonomies.yaml").write_text(TAXONOMIES, encoding="utf-8")
    for pid, name in PROVIDERS.items():
        assert run("new", "provider", pid, "--source", str(target), "--today", DAY.isoformat()) == 0
        path = target / "content" / "providers" / f"{pid}.yaml"
        path.write_text(_filled(path.read_text(encoding="utf-8"), {'name: "Name des Anbieters"': f'name: "{name}"'}), encoding="utf-8")
    for pid, offers in OFFERS.items():
        for oid in offers:
            assert run("new", "offer", oid, "--provider", pid, "--source", str(target), "--today", DAY.isoformat()) == 0
            path = target / "offers" / pid / f"{oid}.yaml"
            text = _filled(path.read_text(encoding="utf-8"), {
                'title: "Titel des Angebots"': f'title: "Kurs {oid}"',
                'summary: "Kurzbeschreibung für Karten und Suchmaschinen"': f'summary: "Ein Kurs: {oid}."',
                "  Ausführliche Beschreibung in Markdown.": f"  Alles über {oid}.",
                "  - erster Punkt": "  - Grundlagen",
                "  - zweiter Punkt": "  - Übungen",
                'street: "Straße und Hausnummer"': 'street: "Hauptstraße 1"',
                'city: "Ort"': 'city: "Musterstadt"',
                "\ndraft: true\n": "\n",
            })
            text = re.sub(r"(?m)^topics: .*$", f"topics: [{TOPIC[pid]}]", text)
            text = text.replace("  # vorausgefüllt – bitte prüfen", "")  # the dates, price and place confirmed
            if oid == INHOUSE:
                text = _filled(text, {"# inhouse: false": "inhouse: true"})
            path.write_text(text, encoding="utf-8")
    assert run("validate", "--source", str(target)) == 0
    return target


@pytest.fixture(scope="module")
def new_guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_new_guide(tmp_path_factory.mktemp("neu") / "finder")


@pytest.fixture(scope="module")
def new_site(new_guide: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("neu-site") / "_site"
    build(new_guide, out, today=DAY, search_index=False)
    return out


def main_of(page: Path) -> str:
    """The page's <main> element as HTML: what the page itself says, without menu and footer."""
    found = re.search(r"(?s)<main\b.*?</main>", page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(0)


def words(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# Pages of the new guide that invited visitors to advice although there is none.
INVITING = (
    "index.html", "angebote/englisch-b1/index.html", "themen/sprachen/index.html", "regionen/musterstadt/index.html",
    "foerderung/index.html", "foerderung/bildungsgutschein/index.html", "foerderung/check/index.html",
    "foerderung/check/tabelle/index.html", "unternehmen/index.html",
)


def test_without_advisory_points_no_page_sends_visitors_to_them(new_site: Path, sample_site: Path) -> None:
    """The home page said "Kostenlos beraten lassen: 0 Beratungsstellen in der Region", each
    offer "Kostenlose Beratung finden" – leading to "Zurzeit sind keine Beratungsstellen
    eingetragen." That page stays (the menu names it), honest; nothing else leads there."""
    for name in INVITING:
        assert 'href="/beratung/"' not in main_of(new_site / name), name
    home = words(main_of(new_site / "index.html"))
    assert "Kostenlos beraten lassen" not in home and "Lieber persönlich beraten lassen?" not in home
    assert "Zurzeit sind keine Beratungsstellen eingetragen." in words(main_of(new_site / "beratung" / "index.html"))
    # The sample guide has advisory points: all of it is there.
    home = words(main_of(sample_site / "index.html"))
    assert re.search(r"Kostenlos beraten lassen \d+ Beratungsstellen in der Region", home)
    assert "Lieber persönlich beraten lassen?" in home
    offer = main_of(sample_site / "angebote" / "staplerschein" / "index.html")
    assert "Kostenlose Beratung finden" in words(offer) and 'href="/beratung/"' in offer


def test_the_first_advisory_point_brings_the_invitations_back(new_guide: Path, tmp_path: Path) -> None:
    tree = shutil.copytree(new_guide, tmp_path / "finder")
    assert run("new", "advisory-point", "weiterbildungsberatung", "--source", str(tree), "--today", DAY.isoformat()) == 0
    path = tree / "content" / "advisory-points" / "weiterbildungsberatung.yaml"
    path.write_text(_filled(path.read_text(encoding="utf-8"), {
        '"Name der Beratungsstelle"': '"Weiterbildungsberatung Musterstadt"', '"Träger"': '"Stadt Musterstadt"',
        '"Straße und Hausnummer"': '"Rathausplatz 1"', 'city: "Ort"': 'city: "Musterstadt"',
        '"info@example.org"': '"beratung@musterstadt.example"', "  # vorausgefüllt – bitte prüfen": "",
    }).replace("  # vorausgefüllt – bitte prüfen", ""), encoding="utf-8")
    out = tmp_path / "_site"
    build(tree, out, today=DAY, search_index=False)
    home = words(main_of(out / "index.html"))
    assert "Kostenlos beraten lassen 1 Beratungsstelle in der Region" in home and "Lieber persönlich beraten lassen?" in home
    assert "Kostenlose Beratung finden" in words(main_of(out / "angebote" / "englisch-b1" / "index.html"))


def test_a_check_without_questions_is_not_advertised(new_site: Path, sample_site: Path) -> None:
    """No programme says whom it is for: the check has no questions ("…der Förder-Check hat
    deshalb keine Fragen"), so the home page no longer promises "Förder-Check: sechs Fragen";
    it leads to the programmes instead."""
    home = main_of(new_site / "index.html")
    assert 'href="/foerderung/check/"' not in home and "Förder-Check" not in words(home)
    assert 'href="/foerderung/"' in home and "Förderprogramme ansehen" in words(home)
    assert "Förder·check" not in words(main_of(new_site / "leichte-sprache" / "index.html"))
    assert "keine Fragen" in words(main_of(new_site / "foerderung" / "check" / "index.html"))
    home = words(main_of(sample_site / "index.html"))
    assert "Förder-Check: fünf bis sechs Fragen" in home and "Der Förder-Check zeigt in fünf bis sechs Fragen" in home
    check = main_of(sample_site / "foerderung" / "check" / "index.html")
    assert re.findall(r'checkform__nummer">(\d+)\.', check) == ["1", "2", "3", "4", "5", "6"]
    assert "Fünf bis sechs kurze Fragen." in words(check)


def test_the_check_says_how_many_questions_each_answer_brings(sample_site: Path) -> None:
    """Only employees are asked both the company size and about themselves; everyone else
    answers five of the six questions (``foerdercheck.js`` hides the others). Every page that
    counts the questions said "sechs"; they name the range now, Leichte Sprache in digits."""
    assert "Förder-Check: fünf bis sechs Fragen" in words(main_of(sample_site / "index.html"))
    assert "Beantworten Sie fünf bis sechs kurze Fragen." in words(main_of(sample_site / "foerderung" / "index.html"))
    assert "Dort gibt es 5 bis 6 Fragen." in words(main_of(sample_site / "leichte-sprache" / "index.html"))
    head = (sample_site / "foerderung" / "check" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Fünf bis sechs kurze Fragen: Welche Förderung' in head


def test_the_check_counts_the_questions_it_really_asks(new_guide: Path, tmp_path: Path) -> None:
    """A programme for job seekers only, with no condition on age or Berufsabschluss: nobody is
    asked the company size nor about themselves, so the check asks four questions, numbered
    1 to 4, and every page that counts them says four."""
    tree = shutil.copytree(new_guide, tmp_path / "finder")
    taxonomies = tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace(
        "    url: https://www.arbeitsagentur.de/karriere-und-weiterbildung/bildungsgutschein\n",
        "    url: https://www.arbeitsagentur.de/karriere-und-weiterbildung/bildungsgutschein\n"
        "    for: [arbeitsuchende]\n    as_of: 2026-12-01\n    next_step: Mit der Agentur für Arbeit sprechen.\n"
        "    source:\n      - title: SGB III\n        url: https://www.gesetze-im-internet.de/sgb_3/\n",
    ), encoding="utf-8")
    out = tmp_path / "_site"
    build(tree, out, today=DAY, search_index=False)
    check = main_of(out / "foerderung" / "check" / "index.html")
    assert 'id="frage-groesse"' not in check
    assert 'id="frage-person"' not in check
    assert re.findall(r'checkform__nummer">(\d+)\.', check) == ["1", "2", "3", "4"]
    assert "Vier kurze Fragen." in words(check)
    assert "Förder-Check: vier Fragen" in words(main_of(out / "index.html"))
    assert "Beantworten Sie vier kurze Fragen." in words(main_of(out / "foerderung" / "index.html"))
    assert "Dort gibt es 4 Fragen." in words(main_of(out / "leichte-sprache" / "index.html"))


def test_the_employers_page_promises_only_what_it_has(new_site: Path, sample_site: Path) -> None:
    """/unternehmen/ promised "Förderung nach Betriebsgröße" without such a section (no
    programme is for employers), showed "Beratung für Arbeitgeber" without advice, and said
    "Alle 1 Inhouse- und Gruppenangebot ansehen". The home page's link to it promised the same."""
    page = main_of(new_site / "unternehmen" / "index.html")
    text = words(page)
    assert "Sie möchten Ihre Beschäftigten weiterbilden? Hier finden Sie Schulungen für Ihr Team." in text
    assert "Betriebsgröße" not in text and "Beratung für Arbeitgeber" not in text and "Auf dieser Seite" not in text
    assert "Das Inhouse- und Gruppenangebot ansehen" in text and "Alle 1 " not in text
    head = (new_site / "unternehmen" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Weiterbildung für Ihre Beschäftigten: Inhouse-Schulungen.">' in head
    assert "Für Unternehmen Inhouse-Schulungen Demnächst" in words(main_of(new_site / "index.html"))
    # The sample guide has programmes for employers, in-house offers and advice for employers.
    text = words(main_of(sample_site / "unternehmen" / "index.html"))
    assert ("Hier finden Sie Förderung nach Betriebsgröße, Schulungen für Ihr Team und Beratung für Arbeitgeber." in text)
    assert ("Auf dieser Seite: Förderung nach Betriebsgröße Förderfähige Angebote nach Thema Inhouse-Schulungen "
            "Beratung für Arbeitgeber") in text
    assert re.search(r"Alle ([2-9]|\d\d+) Inhouse- und Gruppenangebote ansehen", text)
    home = words(main_of(sample_site / "index.html"))
    assert "Für Unternehmen Förderung nach Betriebsgröße, Inhouse-Schulungen, Beratung" in home


def test_the_funding_page_leads_employers_on_only_to_programmes_for_them(new_guide: Path, tmp_path: Path) -> None:
    tree = shutil.copytree(new_guide, tmp_path / "finder")
    taxonomies = tree / "content" / "taxonomies.yaml"
    programme = (
        "    for: [{for_}]\n    as_of: 2026-12-01\n    next_step: Mit der Agentur für Arbeit sprechen.\n"
        "    source:\n      - title: SGB III\n        url: https://www.gesetze-im-internet.de/sgb_3/\n"
    )
    marker = "    url: https://www.arbeitsagentur.de/karriere-und-weiterbildung/bildungsgutschein\n"
    original = taxonomies.read_text(encoding="utf-8")
    for for_, promised in (("arbeitsuchende", False), ("beschaeftigte, unternehmen", True)):
        taxonomies.write_text(original.replace(marker, marker + programme.format(for_=for_)), encoding="utf-8")
        out = tmp_path / "_site"
        build(tree, out, today=DAY, search_index=False)
        overview = words(main_of(out / "foerderung" / "index.html"))
        assert ("Für Unternehmen: Förderung nach Betriebsgröße" in overview) is promised, for_
        employers = words(main_of(out / "unternehmen" / "index.html"))
        assert ("Förderung für Ihren Betrieb" in employers) is promised, for_


def report_section(tree: Path, heading: str) -> list[str]:
    """The lines of one section of `lotse report` on ``tree``, its heading first."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", "--source", str(tree), "--today", DAY.isoformat()]) == 0
    lines = out.getvalue().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(heading))
    end = lines.index("", start)
    return lines[start:end]


def test_the_report_names_what_a_new_guide_still_lacks_and_where(new_guide: Path, tmp_path: Path) -> None:
    assert report_section(new_guide, "Lücken im Aufbau") == [
        "Lücken im Aufbau, die Besucher bemerken: 4",
        "  site.yaml: banner – noch der Hinweis aus „lotse init“ („Dieser Weiterbildungsfinder ist im Aufbau.“) auf "
        "jeder Seite: zum Start die Zeile banner in site.yaml löschen (oder einen eigenen Hinweis eintragen)",
        "  site.yaml: Kontakt – weder contact.email noch issue_form: Besucher können veraltete Angaben nicht melden, "
        "der Fuß jeder Seite nennt keinen Kontakt (eines davon in site.yaml eintragen)",
        "  content/advisory-points/: Beratungsstellen – keine eingetragen: die Website lädt nirgends zur Beratung ein, "
        "/beratung/ bleibt leer (anlegen mit: lotse new advisory-point ID)",
        "  content/taxonomies.yaml: Förderprogramme – keines sagt, für wen es gedacht ist (for): der Förder-Check hat "
        "keine Fragen, die Startseite wirbt nicht für ihn (bei passenden Programmen for, as_of, source und next_step eintragen)",
    ]
    # Each done as the line says: nothing is left.
    tree = shutil.copytree(new_guide, tmp_path / "finder")
    site = tree / "site.yaml"
    site.write_text(_filled(site.read_text(encoding="utf-8"), {
        'banner: "Dieser Weiterbildungsfinder ist im Aufbau."\n': "",
        "# contact:\n#   email: redaktion@example.org\n": "contact:\n  email: redaktion@musterstadt.example\n",
    }), encoding="utf-8")
    taxonomies = tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8") + (
        "    for: [beschaeftigte]\n    as_of: 2026-12-01\n    next_step: Beim Anbieter nach der Bildungszeit fragen.\n"
        "    source:\n      - title: Bildungszeitgesetz\n        url: https://www.example.org/bildungszeit\n"
    ), encoding="utf-8")
    point = tree / "content" / "advisory-points" / "beratung.yaml"
    point.write_text(
        "name: Weiterbildungsberatung Musterstadt\norganisation: Stadt Musterstadt\nkind: weiterbildungsberatung\n"
        "address:\n  street: Rathausplatz 1\n  postal_code: \"70173\"\n  city: Musterstadt\n  region: musterstadt\n"
        "email: beratung@musterstadt.example\nupdated: 2026-12-01\n", encoding="utf-8",
    )
    assert report_section(tree, "Lücken im Aufbau") == ["Lücken im Aufbau, die Besucher bemerken: 0", "  (keine)"]
