"""Catalogues as providers really deliver them: prices and dates as they are, every run with its
own place, the report for providers and editors, the BA course search, the spreadsheet, the
feed fetcher and the sample guide's import tables."""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from site_builder.cli import main
from site_builder.importers.fetch import FetchError, fetch
from site_builder.pipeline import build

from .conftest import FIXTURES, ROOT, SAMPLE, SHARED
from .test_import import add_regions, edit_site, offer, snapshot

CATALOGS = FIXTURES / "catalogs"
TWO_SITES = CATALOGS / "umschulung-zwei-standorte.xml"
SEARCH = CATALOGS / "bawbsuche.json"
QCAT = SHARED / "formats" / "openqcat" / "openq_beispiel_differenzlieferung.xml"
CODELISTS = SHARED / "formats" / "openqcat" / "wertebereiche"
TODAY = "2026-12-01"
UMSCHULUNG = "offers/zwei-standorte/zwei-standorte-u100.yaml"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    src = Path(shutil.copytree(FIXTURES / "import-site", tmp_path / "src"))
    edit_site(src, lambda site: site["import"]["topics"].append({"topic": "kaufmaennisches", "codes": ["C 1297", "C 9910"]}))
    return src


def run(capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, file: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["import", fmt, str(file), "--source", str(tree), "--today", TODAY, "--report-dir", str(tree.parent / "berichte"), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def two_sites(capsys: pytest.CaptureFixture[str], tree: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, tree, "openqcat", TWO_SITES, "--provider", "zwei-standorte", *extra)


# --- Prices and dates as they are ---------------------------------------------------------------


def test_prices_free_only_in_words_and_on_request_otherwise(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"])
    code, out, _ = two_sites(capsys, tree)
    assert code == 0, out
    datev = offer(tree, "offers/zwei-standorte/zwei-standorte-d200.yaml")
    assert datev["price"] == {"on_request": True, "note": "Inklusive Schulungsunterlagen"}  # 0.0, no word "free"
    assert "PRODUCT_ID D200: Preis 0 ohne das Wort „kostenfrei“" in out
    on_request = offer(tree, "offers/zwei-standorte/zwei-standorte-a300.yaml")
    assert on_request["price"] == {"on_request": True}  # "Lehrgangsgebühr: auf Anfrage" only repeats the label
    assert "A300: Preis" not in out  # the provider said so: nothing to fix
    free = offer(tree, "offers/zwei-standorte/zwei-standorte-f400.yaml")
    assert free["price"] == {"amount": 0, "note": "Die Teilnahme ist kostenfrei."}
    undated = offer(tree, "offers/zwei-standorte/zwei-standorte-o500.yaml")
    assert undated["price"] == {"on_request": True} and "PRODUCT_ID O500: Preis fehlt" in out
    assert undated["dates_on_request"] is True and undated["expires"] == date(2027, 6, 1)
    assert "O500: keine Termine und kein laufender Einstieg; als „Termine auf Anfrage“ übernommen" in out


@pytest.mark.parametrize(
    ("remarks", "free"),
    [
        ("kostenlos", True),
        ("Teilnahmegebühr: 0 €", True),
        ("0 € Teilnahmegebühr", True),
        ("Die Veranstaltung ist gebührenfrei", True),
        ("mit Bildungsgutschein kostenfrei", False),
        ("Inklusive Schulungsunterlagen und Prüfungskosten", False),
        ("Lehrgangsgebühr: auf Anfrage", False),
        ("Für Teilnehmende mit Berechtigungsschein kostenfrei", False),
        ("kostenfrei für Mitgliedsbetriebe", False),
        ("", False),
    ],
)
def test_zero_is_free_only_when_the_words_say_so(remarks: str, free: bool) -> None:
    from site_builder.importers.common import Course, price_of

    course = Course("1", "Kurs")
    price = price_of("0.0", remarks, "EUR", course)
    assert (price.get("amount") == 0) is free and price.get("on_request", False) is not free
    # The report does not contradict the remark: "kostenfrei" said, but only for some.
    told = " ".join(f.text for f in course.findings)
    assert ("ohne das Wort „kostenfrei“" in told) is (not free and "kostenfrei" not in remarks and "Anfrage" not in remarks)
    assert ("„kostenfrei“ nur unter einer Bedingung" in told) is (not free and "kostenfrei" in remarks)


@pytest.mark.parametrize(
    ("raw", "remarks", "price"),
    [
        # The remark alone names the price: it is the price, and the provider hears about it.
        ("", "Lehrgangsgebühr 1.290,00 € inkl. MwSt.", {"amount": 1290, "vat": "enthalten"}),
        ("0.0", "Preis: 890 EUR", {"amount": 890}),
        ("", "Teilnahmegebühr: 1 290 Euro zzgl. 19 % MwSt.", {"amount": 1290, "vat": "zuzueglich"}),
        # Not when the amount may be a part, a rate, a lower bound or someone else's share.
        ("", "Kosten 450 € pro Monat", {"on_request": True}),
        ("", "ab 990 €", {"on_request": True}),
        ("0.0", "12 x 99 € (Ratenzahlung)", {"on_request": True}),
        ("", "Förderung bis 500 € möglich", {"on_request": True}),
        ("", "Prüfungsgebühr 250 €", {"on_request": True}),
        ("", "390 € / 450 € (Mitglieder)", {"on_request": True}),
        ("", "Gebühr 120 € je Modul", {"on_request": True}),
        ("0.0", "890", {"on_request": True}),  # a number without a currency
        # An amount given stays the price, whatever the remark says.
        ("750", "Lehrgangsgebühr 1.290 €", {"amount": 750}),
    ],
)
def test_a_price_named_only_in_the_remark(raw: str, remarks: str, price: dict[str, object]) -> None:
    from site_builder.importers.common import Course, price_of

    course = Course("1", "Kurs")
    got = price_of(raw, remarks, "EUR", course)
    assert {key: value for key, value in got.items() if key != "note"} == price
    told = [f.text for f in course.findings]
    if "amount" in price and not raw.strip("0."):
        assert told == [f"Preis nur in der Bemerkung ({price['amount']:,} €); als Preis übernommen – bitte auch als Betrag liefern".replace(",", ".")]
    elif "amount" in price:
        assert told == []


@pytest.mark.parametrize(
    ("remarks", "kind", "vat"),
    [
        ("zzgl. 19 % MwSt.", None, "zuzueglich"),
        ("Preis zuzüglich der gesetzlichen Mehrwertsteuer", None, "zuzueglich"),
        ("umsatzsteuerfrei nach § 4 Nr. 21 UStG", None, "befreit"),
        ("inkl. MwSt. und Prüfungsgebühr", None, "enthalten"),
        ("Inklusive Schulungsunterlagen", None, None),
        ("", "zuzueglich", "zuzueglich"),  # open-Qcat's net_list
        ("von der Umsatzsteuer befreit", "enthalten", "befreit"),  # the words say more than the type
    ],
)
def test_the_price_says_whether_vat_is_included(remarks: str, kind: str | None, vat: str | None) -> None:
    from site_builder.importers.common import Course, price_of

    assert price_of("1190", remarks, "EUR", Course("1", "Kurs"), vat=kind).get("vat") == vat


def test_on_request_shown_as_such_on_page_filter_api_and_jsonld(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"])
    assert two_sites(capsys, tree)[0] == 0
    out = tmp_path / "site"
    build(tree, out, today=date(2026, 12, 1), search_index=False)
    page = (out / "angebote" / "zwei-standorte-d200" / "index.html").read_text(encoding="utf-8")
    assert "Preis auf Anfrage" in page and "kostenfrei" not in page
    block = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    offers = [n for n in _walk(block) if isinstance(n, dict) and n.get("@type") == "Offer"]
    assert offers and all("price" not in o and o["category"] == "Paid" for o in offers)
    api = json.loads((out / "api" / "angebote.json").read_text(encoding="utf-8"))
    records = {o["id"]: o for o in api["offers"]}
    assert records["zwei-standorte-d200"]["price"]["amount"] is None and records["zwei-standorte-d200"]["price"]["on_request"] is True
    assert records["zwei-standorte-f400"]["price"]["amount"] == 0 and records["zwei-standorte-f400"]["price"]["label"] == "kostenfrei"
    undated = (out / "angebote" / "zwei-standorte-o500" / "index.html").read_text(encoding="utf-8")
    assert "Termine auf Anfrage" in undated and records["zwei-standorte-o500"]["dates_on_request"] is True
    # Search engines want a course instance with its mode and schedule, also without a date.
    course = json.loads(undated.split('<script type="application/ld+json">')[1].split("</script>")[0])
    (instance,) = course["hasCourseInstance"]
    assert instance["courseMode"] == "Onsite" and "startDate" not in instance
    assert instance["courseSchedule"] == {"@type": "Schedule", "description": "Termine auf Anfrage"}
    from site_builder.load import load_sources
    from site_builder.model import build_guide
    from site_builder.search import price_band
    from site_builder.validate import validate

    guide = build_guide(validate(load_sources(tree))[0], date(2026, 12, 1))
    datev = next(o for o in guide.offers if o.id == "zwei-standorte-d200")
    assert price_band(datev.price_amount) == "Preis auf Anfrage" and not datev.is_free


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


# --- Every run with its own place, mode and price ----------------------------------------------


def test_multi_site_course_keeps_every_run_with_its_place(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"], leipzig=["041"])
    code, out, _ = two_sites(capsys, tree)
    assert code == 0, out
    data = offer(tree, UMSCHULUNG)
    assert len(data["dates"]) == 16
    cities = [(d.get("location") or data["location"])["city"] for d in data["dates"]]
    assert cities.count("Kassel") == 8 and cities.count("Leipzig") == 8
    assert {d["mode"] for d in data["dates"]} == {"vollzeit", "teilzeit"}
    assert data["price"]["amount"] == 29528.36
    assert data["price"]["note"] == "inkl. Prüfungsgebühren; je nach Termin 29.528,36 bis 35.464,50 €"
    leipzig = [d for d in data["dates"] if d.get("location", {}).get("city") == "Leipzig"]
    assert all(d["location"]["region"] == "leipzig" and d["location"]["postal_code"] == "04109" for d in leipzig)
    assert {d["price"]["amount"] for d in leipzig} == {33110.4, 35464.5}
    assert data["location"]["accessibility"] == {"wheelchair": True}  # BARRIER_FREE_LOCATION
    assert data["url"] == "https://www.zwei-standorte.example/umschulung-fiae"  # MIME_SOURCE
    assert data["funding"] == ["bildungsgutschein"] and "Förderart (Bund) 7" in out
    assert "## Anrechnung\n\nAnrechnung auf die Meisterprüfung möglich" in data["description"]
    first = data["dates"][0]
    assert first["time"] == "08:00-15:30" and first["schedule"] == "Mo-Fr 08:00 - 15:30 Uhr; Einstieg nach Beratung möglich"
    assert first["note"] == "Unterricht auf Deutsch, Fachbegriffe auf Englisch"  # TEACHING_LANGUAGES_REMARKS
    provider = offer(tree, "content/providers/zwei-standorte.yaml")
    assert provider["certifications"] == ["AZAV (gültig bis 31.12.2029)"]


def test_region_filter_keeps_runs_inside_and_reports_each_other_by_its_id(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"])  # a Kassel guide
    code, out, _ = two_sites(capsys, tree)
    assert code == 0
    data = offer(tree, UMSCHULUNG)
    assert len(data["dates"]) == 8 and all("location" not in d for d in data["dates"])
    assert data["location"]["city"] == "Kassel"
    assert {d["price"]["amount"] for d in data["dates"] if "price" in d} == {31200}
    for i in range(1, 9):
        assert f"PRODUCT_ID U100, Termin U100-L{i}: Veranstaltungsort außerhalb der Regionen (04109 Leipzig" in out
    assert out.count("Termin U100-L1:") == 1
    assert "Termin U100-K" not in out.split("Termine übersprungen")[1].split("\n\n")[0]


def test_course_skipped_only_when_no_run_is_inside(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = two_sites(capsys, tree)  # neither Kassel nor Leipzig
    assert code == 0
    assert "PRODUCT_ID U100 „Umschulung Fachinformatiker/in Anwendungsentwicklung“: kein Termin übernommen: Veranstaltungsort außerhalb der Regionen" in out
    assert not (tree / UMSCHULUNG).exists()


def test_reimport_writes_nothing_and_dates_on_request_keep_their_horizon(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"], leipzig=["041"])
    assert two_sites(capsys, tree)[0] == 0
    assert run(capsys, tree, "bawbsuche", SEARCH)[0] == 0
    before = snapshot(tree)
    code, out, _ = run(capsys, tree, "openqcat", TWO_SITES, "--provider", "zwei-standorte", "--today", "2026-12-20")
    assert code == 0 and "0 neu, 0 geändert, 5 unverändert" in out
    code, out, _ = run(capsys, tree, "bawbsuche", SEARCH, "--today", "2026-12-20")
    assert code == 0 and "0 neu, 0 geändert" in out
    assert snapshot(tree) == before
    # Less than a month before the horizon, an import that still finds no dates extends it.
    code, out, _ = run(capsys, tree, "openqcat", TWO_SITES, "--provider", "zwei-standorte", "--today", "2027-05-10")
    assert offer(tree, "offers/zwei-standorte/zwei-standorte-o500.yaml")["expires"] == date(2027, 11, 8)


# --- Providers -------------------------------------------------------------------------------------


def test_placeholder_provider_is_an_import_error_naming_the_field(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "provider", "zwei-standorte", "--source", str(tree)]) == 0
    capsys.readouterr()
    before = snapshot(tree)
    code, out, err = two_sites(capsys, tree)
    assert code == 1 and out == ""
    assert "content/providers/zwei-standorte.yaml: name: Platzhalter 'Name des Anbieters'" in err
    assert snapshot(tree) == before


def test_provider_is_updated_until_someone_edits_it(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"])
    assert two_sites(capsys, tree)[0] == 0
    relpath = tree / "content" / "providers" / "zwei-standorte.yaml"
    assert offer(tree, "content/providers/zwei-standorte.yaml")["phone"] == "+49 561 1234567"
    moved = tmp_path / "neu.xml"
    moved.write_text(TWO_SITES.read_text(encoding="utf-8").replace("+49.561.1234567", "+49.561.7654321"), encoding="utf-8")
    code, out, err = run(capsys, tree, "openqcat", moved, "--provider", "zwei-standorte")
    assert "Anbieter aktualisiert (1)" in out, err and offer(tree, "content/providers/zwei-standorte.yaml")["phone"] == "+49 561 7654321"
    relpath.write_text(relpath.read_text(encoding="utf-8").replace("name: Bildungswerk", "name: Das Bildungswerk"), encoding="utf-8")
    edited = relpath.read_bytes()
    code, out, _ = two_sites(capsys, tree)
    assert relpath.read_bytes() == edited
    assert "content/providers/zwei-standorte.yaml: von Hand geändert, daher nicht fortgeschrieben; der Katalog nennt Neues zu phone" in out


# --- The report ----------------------------------------------------------------------------------


def test_the_report_pastes_funding_codes_onto_the_programme_called_like_them(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A funding code the import table lacks comes as a line for site.yaml, onto the guide's
    programme whose label its name holds (a new guide has the federal programmes, not the table)."""
    add_regions(tree, kassel=["341"])
    taxonomies = tree / "content" / "taxonomies.yaml"
    lists = yaml.safe_load(taxonomies.read_text(encoding="utf-8"))
    lists["funding"].append({"id": "gueterkraftverkehr", "label": "Güterkraftverkehr"})
    taxonomies.write_text(yaml.safe_dump(lists, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert two_sites(capsys, tree)[0] == 0
    md = (tree.parent / "berichte" / "import-openqcat-zwei-standorte.md").read_text(encoding="utf-8")
    assert '    "7": gueterkraftverkehr  # Weiterbildung im Güterkraftverkehr (4 Kurse)' in md


def test_report_in_markdown_and_json_per_course_and_per_date(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"])
    assert two_sites(capsys, tree)[0] == 0
    md = (tree.parent / "berichte" / "import-openqcat-zwei-standorte.md").read_text(encoding="utf-8")
    report = json.loads((tree.parent / "berichte" / "import-openqcat-zwei-standorte.json").read_text(encoding="utf-8"))
    assert "\nVollständige Lieferung vom 20.11.2026 · Anbieter: zwei-standorte · Stichtag 01.12.2026\n" in md
    provider_part, editors_part = md.split("## Für den Anbieter")[1].split("## Für die Redaktion")
    assert "PRODUCT_ID O500 „Excel für Controller“: Preis fehlt" in provider_part
    assert "Förderart (Bund) 7" not in provider_part
    assert "Förderart (Bund) 7 „Weiterbildung im Güterkraftverkehr“" in editors_part
    assert "Preis fehlt" not in editors_part
    assert "## Neu (5)" in md and "→ `offers/zwei-standorte/zwei-standorte-u100.yaml`" in md
    assert "  - Termin U100-K1 (04.01.2027): neu" in md
    assert "  - Termin U100-L1 (04.01.2027): übersprungen – Veranstaltungsort außerhalb der Regionen" in md
    course = next(c for c in report["kurse"] if c["id"] == "U100")
    assert course["status"] == "neu" and len(course["termine"]) == 16
    assert {t["id"] for t in course["termine"] if t["status"] == "übersprungen"} == {f"U100-L{i}" for i in range(1, 9)}
    assert {"kurs": "O500", "termin": None, "text": "Preis fehlt; als „Preis auf Anfrage“ übernommen"} in report["fuer_anbieter"]
    assert any(line.startswith("Förderart (Bund) 7") for line in report["fuer_redaktion"])
    # The code as a line to paste into site.yaml; no programme is called like it yet.
    assert '```yaml\nimport:\n  funding_federal:\n    "7": FOERDERPROGRAMM  # Weiterbildung im Güterkraftverkehr (4 Kurse)\n```' in md
    _, out, _ = two_sites(capsys, tree)
    again = json.loads((tree.parent / "berichte" / "import-openqcat-zwei-standorte.json").read_text(encoding="utf-8"))
    assert {t["status"] for c in again["kurse"] if c["id"] == "U100" for t in c["termine"]} == {"unverändert", "übersprungen"}


# --- The BA course search ------------------------------------------------------------------------


def test_ba_course_search_json_with_many_providers(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, tree, "bawbsuche", SEARCH)
    assert code == 0, out
    # A search's answer is neither the whole programme nor a delta.
    assert "Import aus BA-Kurssuche: bawbsuche.json (Suchergebnis vom " in out and "lieferung" not in out
    umschulung = offer(tree, "offers/nordakademie-beispiel-ggmbh/nordakademie-beispiel-ggmbh-900001.yaml")
    assert [d["start"] for d in umschulung["dates"]] == [date(2027, 3, 1), date(2027, 9, 1)]
    assert umschulung["dates"][1]["location"]["city"] == "Esslingen am Neckar" and umschulung["dates"][1]["mode"] == "teilzeit"
    assert umschulung["dates"][1]["price"] == {"amount": 35464.5, "note": "inkl. Prüfungsgebühren"}
    assert umschulung["url"] == "https://www.nordakademie-beispiel.de/umschulung"
    assert "## Zielgruppe\n\nArbeitsuchende & Wiedereinsteiger" in umschulung["description"]
    assert "Angebot 900001, Termin 180003: Veranstaltungsort außerhalb der Regionen (34117 Kassel" in out
    datev = offer(tree, "offers/kanzleiforum-beispiel-gmbh/kanzleiforum-beispiel-gmbh-900002.yaml")
    assert datev["price"]["on_request"] is True and "amount" not in datev["price"]
    # suchworte: a search word; one that repeats the title ("Büromanagement") is none
    assert datev["tags"] == ["Lohnbuchhaltung"] and "tags" not in umschulung
    assert datev["dates"][0]["time"] == "08:00-15:30"
    info = offer(tree, "offers/kanzleiforum-beispiel-gmbh/kanzleiforum-beispiel-gmbh-900003.yaml")
    assert info["price"] == {"amount": 0, "note": "Die Teilnahme ist kostenlos."} and info["dates_on_request"] is True
    nord = offer(tree, "content/providers/nordakademie-beispiel-ggmbh.yaml")
    assert nord["name"] == "Nordakademie Beispiel gGmbH" and nord["certifications"] == ["AZAV (zertifiziert durch Beispiel-Zertifizierungsstelle GmbH)"]
    assert offer(tree, "content/providers/kanzleiforum-beispiel-gmbh.yaml")["url"] == "https://kanzleiforum-beispiel.de"


def test_a_ba_contact_without_mail_or_phone_takes_the_providers_or_gives_way(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A name alone would replace the provider's mail and phone on the page: with the
    # bildungsanbieter's it stays; without them the provider's contact holds, and the report says so.
    answer = json.loads(SEARCH.read_text(encoding="utf-8"))
    for termin in answer["_embedded"]["termine"]:
        angebot = termin["angebot"]
        if angebot["id"] in (900002, 900003):
            termin["ansprechpartner"] = [{"vorname": "Anna", "nachname": "Berger", "email": "", "telefonVorwahl": None}]
        if angebot["id"] == 900003:
            for key in ("email", "telefonVorwahl", "telefonDurchwahl"):
                angebot["bildungsanbieter"][key] = None
    path = tmp_path / "suche.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    code, out, _ = run(capsys, tree, "bawbsuche", path)
    assert code == 0, out
    datev = offer(tree, "offers/kanzleiforum-beispiel-gmbh/kanzleiforum-beispiel-gmbh-900002.yaml")
    assert datev["contact"] == {"name": "Anna Berger", "email": "kontakt@kanzleiforum-beispiel.de", "phone": "07031 44400"}
    assert "Angebot 900002: Ansprechperson „Anna Berger“ (ansprechpartner) ohne E-Mail-Adresse und Telefonnummer; übernommen mit denen des Anbieters (bildungsanbieter)" in out
    assert "contact" not in offer(tree, "offers/kanzleiforum-beispiel-gmbh/kanzleiforum-beispiel-gmbh-900003.yaml")
    assert "Angebot 900003: Ansprechperson „Anna Berger“ (ansprechpartner) ohne E-Mail-Adresse und Telefonnummer nicht übernommen: es gilt der Kontakt des Anbieters" in out
    # of several, one to reach goes first
    first = answer["_embedded"]["termine"][0]
    first["ansprechpartner"] = [{"vorname": "Ida", "nachname": "Ott"}, *first["ansprechpartner"]]
    path.write_text(json.dumps(answer), encoding="utf-8")
    run(capsys, tree, "bawbsuche", path)
    assert offer(tree, "offers/nordakademie-beispiel-ggmbh/nordakademie-beispiel-ggmbh-900001.yaml")["contact"]["name"] == "Anna Berger"


# --- The spreadsheet -----------------------------------------------------------------------------


def test_spreadsheet_template_has_lists_and_a_filled_sheet_imports(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "vorlage.xlsx"
    assert main(["import", "vorlage", str(template), "--source", str(tree)]) == 0
    book = load_workbook(template)
    sheet = book["Termine"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Kurs-Nr.", "Titel", "Kurzbeschreibung"] and "Vollzeit/Teilzeit" in header
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    topic_col = chr(65 + header.index("Thema"))
    region_col = chr(65 + header.index("Region"))
    assert lists[f"{topic_col}2"].startswith("=Listen!$A$2") and lists[f"{region_col}2"].startswith("=Listen!$B$2")
    assert book["Listen"]["A2"].value == "Sprachen" or "IT und Digitalisierung" in [c.value for c in book["Listen"]["A"]]
    rows = [
        ["K1", "Excel kompakt", "", "", "IT und Digitalisierung", "Präsenz", "12.04.2027", "13.04.2027", "09:00-16:00", "", "Vollzeit", "", "Hauptstraße 1", "70173", "Stuttgart", "", 390, "", "", 8],
        ["K1", "", "", "", "", "", "10.05.2027", "", "", "", "Teilzeit", "", "Marktplatz 3", "73728", "Esslingen", "", "auf Anfrage"],
        ["K2", "Offene Sprechstunde", "", "", "Sprachen", "Online", "", "", "", "", "", "", "", "", "", "", "kostenfrei"],
    ]
    for row in rows:
        sheet.append(row)
    filled = tmp_path / "kurse.xlsx"
    book.save(filled)
    code, out, err = run(capsys, tree, "tabelle", filled, "--provider", "kleiner-anbieter")
    assert code == 0, err
    k1 = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-k1.yaml")
    assert k1["dates"][0] == {"start": date(2027, 4, 12), "end": date(2027, 4, 13), "time": "09:00-16:00", "mode": "vollzeit", "seats_available": 8}
    assert k1["dates"][1]["location"]["city"] == "Esslingen" and k1["dates"][1]["price"] == {"on_request": True}
    assert k1["price"] == {"amount": 390}
    k2 = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-k2.yaml")
    assert k2["price"] == {"amount": 0, "note": "kostenfrei"} and k2["dates_on_request"] is True and k2["format"] == "online"
    before = snapshot(tree)
    assert run(capsys, tree, "tabelle", filled, "--provider", "kleiner-anbieter")[0] == 0
    assert snapshot(tree) == before


def test_a_german_excel_csv_with_words_for_dates_and_prices(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV as German Excel saves it (semicolons, Windows-1252, CRLF, a ';' inside a quoted
    cell) where the provider wrote words instead of a first day: "auf Anfrage" and "n. V."
    are dates on request, "laufend" a start at any time, "Auf Anfrage" as price on request;
    none of that said in words is reported as missing."""
    import csv
    import io

    template = tmp_path / "vorlage.csv"
    assert main(["import", "vorlage", str(template), "--source", str(tree)]) == 0
    header = template.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    column = {name: i for i, name in enumerate(header)}

    def row(**cells: str) -> list[str]:
        line = [""] * len(header)
        for name, value in cells.items():
            line[column[name.replace("_", " ")]] = value
        return line

    place = {"Straße": "Hauptstraße 1", "PLZ": "70173", "Ort": "Stuttgart"}
    rows = [
        row(**{"Kurs-Nr.": "A1", "Titel": "Staplerschein", "Beschreibung": "Theorie; dann Praxis.", "Thema": "Sprachen",
               "Beginn": "auf Anfrage", "Preis (€)": "Auf Anfrage"}, **place),
        row(**{"Kurs-Nr.": "A2", "Titel": "Deutsch im Beruf", "Thema": "Sprachen", "Beginn": "laufend", "Preis (€)": "1.290,50",
               "Uhrzeit": "18:00-20:30", "Ablauf": "montags und mittwochs"}, **place),
        row(**{"Kurs-Nr.": "A3", "Titel": "Erste Hilfe", "Thema": "Sprachen", "Beginn": "n. V.", "Preis (€)": "45"}, **place),
        # Notations Germans use: a two-digit year, "8.00 - 16.00 Uhr", "17-20 Uhr", "390,- €".
        row(**{"Kurs-Nr.": "A4", "Titel": "Gabelstapler", "Thema": "Sprachen", "Beginn": "01.02.27", "Uhrzeit": "8.00 - 16.00 Uhr",
               "Preis (€)": "390,- €"}, **place),
        row(**{"Kurs-Nr.": "A5", "Titel": "Abendkurs", "Thema": "Sprachen", "Beginn": "02.02.27", "Uhrzeit": "17-20 Uhr", "Preis (€)": "90"}, **place),
        # The span and the time written in the Beginn cell, the Ende and Uhrzeit cells empty.
        row(**{"Kurs-Nr.": "A6", "Titel": "Lagerlogistik", "Thema": "Sprachen", "Beginn": "12.–16.04.2027, 8-15 Uhr", "Preis (€)": "490"}, **place),
        row(**{"Kurs-Nr.": "A7", "Titel": "Kranführer", "Thema": "Sprachen", "Beginn": "03.05.2027 - 07.05.2027", "Preis (€)": "690"}, **place),
        row(**{"Kurs-Nr.": "A8", "Titel": "Erste Hilfe am Abend", "Thema": "Sprachen", "Beginn": "20.05.2027 18:00", "Preis (€)": "40"}, **place),
        # One amount in words: the amount, and the cell as its note (with the VAT it names).
        row(**{"Kurs-Nr.": "A9", "Titel": "Bilanzkurs", "Thema": "Sprachen", "Beginn": "01.06.2027", "Preis (€)": "1.290 € zzgl. MwSt."}, **place),
        row(**{"Kurs-Nr.": "A10", "Titel": "Coaching", "Thema": "Sprachen", "Beginn": "02.06.2027", "Preis (€)": "ab 90 €"}, **place),
        # A topic by a word of its label, a form and a mode in the provider's words.
        row(**{"Kurs-Nr.": "A11", "Titel": "Webdesign", "Thema": "IT", "Form": "Live-Online via Zoom", "Beginn": "07.06.2027",
               "Vollzeit/Teilzeit": "nebenberuflich (abends)", "Preis (€)": "300"}, **place),
        # Days listed one by one: the first to the last, meeting on their weekdays.
        row(**{"Kurs-Nr.": "A12", "Titel": "Gitarre", "Thema": "Sprachen", "Beginn": "12.04.2027, 19.04.2027, 26.04.2027",
               "Uhrzeit": "18:00-19:30", "Preis (€)": "60"}, **place),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([name.replace("Preis (€)", "Preis  (€) ") for name in header])  # spaces typed into a header
    writer.writerows(rows)
    sheet = tmp_path / "kurse.csv"
    sheet.write_bytes(buffer.getvalue().encode("cp1252"))
    code, out, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
    assert code == 0, err
    assert "Zusammenfassung: 12 neu, 0 geändert, 0 unverändert, 0 übersprungen, 1 Problem" in out
    forklift = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a1.yaml")
    assert forklift["dates_on_request"] is True and forklift["price"] == {"on_request": True} and "dates" not in forklift
    assert forklift["description"] == "Theorie; dann Praxis."
    german = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a2.yaml")
    assert german["on_demand"] is True and "dates_on_request" not in german and german["price"] == {"amount": 1290.5}
    # No date to carry the weekly time of a start any time: the description says it.
    assert german["description"].endswith("## Zeiten\n\nmontags und mittwochs, 18:00-20:30 Uhr")
    first_aid = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a3.yaml")
    assert first_aid["dates_on_request"] is True and first_aid["price"] == {"amount": 45}
    forklift = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a4.yaml")
    assert forklift["dates"] == [{"start": date(2027, 2, 1), "time": "08:00-16:00"}] and forklift["price"] == {"amount": 390}
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a5.yaml")["dates"][0]["time"] == "17:00-20:00"
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a6.yaml")["dates"] == [
        {"start": date(2027, 4, 12), "end": date(2027, 4, 16), "time": "08:00-15:00"}
    ]
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a7.yaml")["dates"] == [{"start": date(2027, 5, 3), "end": date(2027, 5, 7)}]
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a8.yaml")["dates"] == [{"start": date(2027, 5, 20), "time": "18:00"}]
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a9.yaml")["price"] == {"amount": 1290, "vat": "zuzueglich", "note": "1.290 € zzgl. MwSt."}
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a10.yaml")["price"] == {"amount": 90, "note": "ab 90 €"}
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a12.yaml")["dates"] == [{
        "start": date(2027, 4, 12), "end": date(2027, 4, 26), "time": "18:00-19:30", "days": ["mo"],
        "schedule": "Termine: 12.04.2027, 19.04.2027, 26.04.2027",
    }]
    web = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-a11.yaml")
    assert web["topics"] == ["it-digitalisierung"] and web["format"] == "online" and web["dates"][0]["mode"] == "berufsbegleitend"


def test_spreadsheet_names_funding_audiences_level_and_languages_as_providers_write_them(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """The later columns take what providers write: a programme by a synonym from search.yaml
    ("Meister-BAföG"), by a run of its label's words ("Bildungszeit"), several per cell; levels
    in words; languages by name. An empty cell leaves what an editor added to the file, and an
    unknown name is an error with the nearest entry."""
    import csv
    import io

    (tree / "content" / "search.yaml").write_text(
        "synonyms:\n  - [Aufstiegs-BAföG, Meister-BAföG, AFBG]\n  - [Bildungszeit, Bildungsurlaub]\n", encoding="utf-8",
    )
    template = tmp_path / "vorlage.csv"
    assert main(["import", "vorlage", str(template), "--source", str(tree)]) == 0
    header = template.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert header[-5:] == ["Förderung", "Zielgruppe", "Niveau", "Sprache", "Stichwörter"]

    def sheet(*rows: dict[str, str]) -> Path:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        place = {"Thema": "Sprachen", "Straße": "Hauptstraße 1", "PLZ": "70173", "Ort": "Stuttgart", "Beginn": "01.03.2027"}
        writer.writerows([[(place | row).get(name, "") for name in header] for row in rows])
        path = tmp_path / "kurse.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return path

    filled = sheet(
        {"Kurs-Nr.": "M1", "Titel": "Meisterkurs Teil III", "Förderung": "Meister-BAföG; Bildungsurlaub, Bildungsgutschein",
         "Zielgruppe": "Beschäftigte und Arbeitsuchende", "Niveau": "für Fortgeschrittene", "Sprache": "Deutsch/Englisch",
         "Stichwörter": "Meisterschule, Handwerk"},
        {"Kurs-Nr.": "M2", "Titel": "Deutsch A2", "Niveau": "A2", "Förderung": "bildungsgutschein"},
    )
    code, out, err = run(capsys, tree, "tabelle", filled, "--provider", "kleiner-anbieter")
    assert code == 0, err
    master = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-m1.yaml")
    assert master["funding"] == ["aufstiegs-bafoeg", "bildungszeit-bw", "bildungsgutschein"]
    assert master["audiences"] == ["beschaeftigte", "arbeitsuchende"] and master["level"] == "aufbau"
    assert master["languages"] == ["de", "en"] and master["tags"] == ["Meisterschule", "Handwerk"]
    german = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-m2.yaml")
    assert german["level"] == "einstieg" and german["funding"] == ["bildungsgutschein"] and "audiences" not in german

    # An editor adds audiences; the next sheet leaves the cell empty: they stay.
    path = tree / "offers" / "kleiner-anbieter" / "kleiner-anbieter-m2.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "audiences: [arbeitsuchende]\n", encoding="utf-8")
    assert run(capsys, tree, "tabelle", filled, "--provider", "kleiner-anbieter")[0] == 0
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-m2.yaml")["audiences"] == ["arbeitsuchende"]

    before = snapshot(tree)
    wrong = sheet({"Kurs-Nr.": "M3", "Titel": "Buchhaltung", "Förderung": "Bildungsgutschien; AZAV", "Niveau": "mittel"})
    code, _, err = run(capsys, tree, "tabelle", wrong, "--provider", "kleiner-anbieter")
    assert code == 1 and snapshot(tree) == before
    column = chr(65 + header.index("Förderung"))
    assert f"Tabelle „kurse.csv“, Zeile 2, Spalte „Förderung“ ({column}): „Bildungsgutschien“ steht nicht in der Liste (meinten Sie „Bildungsgutschein“?)" in err
    assert "„AZAV“ steht nicht in der Liste (die Werte stehen im Blatt „Listen“)" in err
    assert "Spalte „Niveau“" in err and "kein Niveau: Einstieg, Aufbau oder Experte, gefunden: 'mittel'" in err


def test_a_providers_own_sheet_with_its_own_column_names(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Providers send the sheet they have: "Kursname", "Startdatum", "Kosten", the house number
    in a column of its own. Those names are read as the template's and the editors are told;
    two columns for one field, or a name like none, stay errors."""
    sheet = tmp_path / "eigene.csv"
    sheet.write_text(
        "Kursnummer;Kursname;Themenbereich;Startdatum;Enddatum;Kosten;Strasse;Hausnummer;Postleitzahl;Stadt;Webseite\n"
        "E-1;Excel für Einsteiger;IT und Digitalisierung;12.04.2027;13.04.2027;390;Hauptstraße;1;70173;Stuttgart;https://example.org/excel\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
    assert code == 0, err
    excel = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-e-1.yaml")
    assert excel["title"] == "Excel für Einsteiger" and excel["price"] == {"amount": 390} and excel["url"] == "https://example.org/excel"
    assert excel["dates"] == [{"start": date(2027, 4, 12), "end": date(2027, 4, 13)}] and excel["topics"] == ["it-digitalisierung"]
    assert excel["location"]["street"] == "Hauptstraße 1"
    assert "Tabelle „eigene.csv“, Spalte B: „Kursname“ als „Titel“ gelesen" in out
    sheet.write_text("Kurs-Nr.;Titel;Kursname;Startdatum;Beginnzeit\nE-1;Excel;Excel;12.04.2027;9:00\n", encoding="utf-8")
    code, _, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
    assert code == 1 and "Tabelle „eigene.csv“, Zeile 1: mehrere Spalten für „Titel“ (B, C)" in err
    assert "Spalte E: unbekannte Spalte 'Beginnzeit'" in err


def test_excels_unicode_text_and_tab_separated_sheets(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Excel's "Unicode-Text (*.txt)" is UTF-16 with a byte order mark and tabs between the
    cells; a .tsv has tabs in UTF-8. Both read like the CSV, umlauts and all."""
    rows = [
        ["Kursnummer", "Kursname", "Themenbereich", "Startdatum", "Kosten", "Straße", "PLZ", "Ort"],
        ["U-1", "Buchführung für Gründerinnen", "Kaufmännisches und Verwaltung", "12.04.2027", "1.290,50 €", "Königstraße 1", "70173", "Stuttgart"],
    ]
    text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    for name, raw in (("unicode-text.txt", text.encode("utf-16")), ("kurse.tsv", text.encode("utf-8"))):
        sheet = tmp_path / name
        sheet.write_bytes(raw)
        code, _, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
        assert code == 0, err
        course = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-u-1.yaml")
        assert course["title"] == "Buchführung für Gründerinnen" and course["price"] == {"amount": 1290.5}
        assert course["location"]["street"] == "Königstraße 1" and course["dates"] == [{"start": date(2027, 4, 12)}]


def test_excels_sep_line_and_a_calc_file(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Excel writes "sep=;" above a CSV's header and hides it: it names the delimiter, and the
    rows count from the header as the provider sees them. An .ods (or old .xls) is refused with
    how to save it as .xlsx."""
    sheet = tmp_path / "kurse.csv"
    sheet.write_text("sep=,\r\nKurs-Nr.,Titel,Beginn,Preis (€),Straße,PLZ,Ort\r\nS1,\"Excel, kompakt\",12.04.2027,90,Hauptstraße 1,70173,Stuttgart\r\n"
                     "S2,Word,31.02.2027,90,Hauptstraße 1,70173,Stuttgart\r\n", encoding="utf-8")
    code, _, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
    assert code == 1 and "Tabelle „kurse.csv“, Zeile 3, Spalte „Beginn“ (C): kein Datum (TT.MM.JJJJ), gefunden: '31.02.2027'" in err
    sheet.write_text(sheet.read_text(encoding="utf-8").split("S2,")[0], encoding="utf-8")
    code, _, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
    assert code == 0, err
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-s1.yaml")["title"] == "Excel, kompakt"
    calc = tmp_path / "kurse.ods"
    calc.write_bytes(b"PK\x03\x04")
    code, _, err = run(capsys, tree, "tabelle", calc, "--provider", "kleiner-anbieter")
    assert code == 1 and "nicht .ods; in LibreOffice: Datei → Speichern unter → Dateityp „Excel 2007-365 (.xlsx)“" in err


def test_spreadsheet_errors_name_sheet_row_and_column(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "vorlage.xlsx"
    main(["import", "vorlage", str(template), "--source", str(tree)])
    book = load_workbook(template)
    sheet = book["Termine"]
    sheet.append(["K1", "Excel kompakt", "", "", "Kochen", "Präsenz", "31.02.2027", "", "9 Uhr", "", "", "", "Hauptstraße 1", "7017", "Stuttgart", "", "teuer"])
    sheet.append(["", "Ohne Nummer"])
    bad = tmp_path / "fehler.xlsx"
    book.save(bad)
    capsys.readouterr()
    before = snapshot(tree)
    code, out, err = run(capsys, tree, "tabelle", bad, "--provider", "kleiner-anbieter")
    assert code == 1 and "Nichts geschrieben." in err
    # The topics to choose from, as the template's list has them (a guide of twelve or fewer).
    assert (
        "Tabelle „Termine“, Zeile 2, Spalte „Thema“ (E): Thema nicht in der Liste (möglich: „Allgemeine Weiterbildung“, "
        "„Gesundheit und Pflege“, „IT und Digitalisierung“, „Kaufmännisches und Verwaltung“, „Sprachen“), gefunden: 'Kochen'"
    ) in err
    assert "Tabelle „Termine“, Zeile 2, Spalte „Beginn“ (G): kein Datum (TT.MM.JJJJ), gefunden: '31.02.2027'" in err
    assert "Tabelle „Termine“, Zeile 2, Spalte „PLZ“ (N): keine fünfstellige Postleitzahl" not in err or "7017" in err
    assert "Tabelle „Termine“, Zeile 2, Spalte „Preis (€)“ (Q): kein Betrag, „auf Anfrage“ oder „kostenfrei“, gefunden: 'teuer'" in err
    assert "Tabelle „Termine“, Zeile 3, Spalte „Kurs-Nr.“: Pflichtfeld leer" in err
    assert snapshot(tree) == before
    csv_file = tmp_path / "kurse.csv"
    csv_file.write_text("Kurs-Nr.;Titel;Beginnn\nK1;Excel;01.01.2027\n", encoding="utf-8")
    code, _, err = run(capsys, tree, "tabelle", csv_file, "--provider", "kleiner-anbieter")
    assert code == 1 and "Tabelle „kurse.csv“, Zeile 1, Spalte C: unbekannte Spalte 'Beginnn'" in err


def _filled(tree: Path, tmp_path: Path, rows: list[dict[str, Any]], edit: Any = None, suffix: str = "") -> Path:
    """The template ``vorlage`` writes, filled in as a provider does: one dict a row, by column
    name (a name the template lacks becomes a column of the provider's own); ``edit(sheet,
    header)`` for what else the provider did to the sheet."""
    from openpyxl import load_workbook

    template = tmp_path / "vorlage.xlsx"
    assert main(["import", "vorlage", str(template), "--source", str(tree)]) == 0
    book = load_workbook(template)
    sheet = book["Termine"]
    header = [c.value for c in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for name, value in row.items():
            if name not in header:
                header.append(name)
                sheet.cell(row=1, column=len(header), value=name)
            sheet.cell(row=number, column=header.index(name) + 1, value=value)
    if edit is not None:
        edit(book, sheet, header)
    filled = tmp_path / f"kurse{suffix}.xlsx"
    book.save(filled)
    return filled


PLACE = {"Form": "Präsenz", "Straße": "Mülbergerstraße 146", "PLZ": "73728", "Ort": "Esslingen", "Thema": "Sprachen"}


def test_a_column_of_the_providers_own_is_left_unread_and_said(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A secretary adds "Bemerkung intern" for herself: nothing of the guide's, so the import
    neither stops on it nor publishes it, and the editors read which column was left out. A
    name that looks like a field ("Beginnzeit") stays an error (see above)."""
    filled = _filled(tree, tmp_path, [PLACE | {"Kurs-Nr.": "E1", "Titel": "Englisch A1", "Beginn": "12.01.2027", "Preis (€)": 49, "Bemerkung intern": "Frau K. fragen wg. Raum"}])
    code, out, err = run(capsys, tree, "tabelle", filled, "--provider", "kleiner-anbieter")
    assert code == 0, err
    assert "Tabelle „Termine“, Spalte AC: „Bemerkung intern“ ist keine Spalte der Vorlage; nicht gelesen und nicht veröffentlicht" in out
    assert "Frau K." not in (tree / "offers/kleiner-anbieter/kleiner-anbieter-e1.yaml").read_text(encoding="utf-8")


def test_a_systems_csv_export_in_windows_1252_with_a_utf8_mark(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A training centre's own system exports Windows-1252 with semicolons, German numbers,
    dates with midnight, CRLF, an empty last line – and the UTF-8 mark before it all. The
    mark is no part of the first column's name, and "8,00" free seats are 8."""
    sheet = tmp_path / "export.csv"
    rows = [
        "Kursnummer;Kursname;Kategorie;Startdatum;Enddatum;Zeit;Strasse;PLZ;Ort;Gebühr;Plätze",
        "HWK-0815;Lohnbuchhaltung;Kaufmännisches und Verwaltung;2027-01-11 00:00:00;2027-01-22 00:00:00;07:30 - 16:00;Steinbeisstraße 11;73037;Göppingen;1.234,50;8,00",
        "",
    ]
    sheet.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode("cp1252") + b"\r\n")
    code, out, err = run(capsys, tree, "tabelle", sheet, "--provider", "kleiner-anbieter")
    assert code == 0, err
    assert "„Kursnummer“ als „Kurs-Nr.“ gelesen" in out and "ï»¿" not in out
    course = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-hwk-0815.yaml")
    assert course["price"] == {"amount": 1234.5}
    assert course["dates"] == [{"start": date(2027, 1, 11), "end": date(2027, 1, 22), "time": "07:30-16:00", "seats_available": 8}]


def test_a_reduced_price_is_never_read_as_the_price(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A VHS writes the reduced price next to the full one, or alone: "ermäßigt 80 €" was
    published as the course's price. The full price is the amount, the cell its note; a
    reduced price alone is an error naming the fix."""
    rows = [
        PLACE | {"Kurs-Nr.": "D1", "Titel": "Deutsch B2", "Beginn": "01.03.2027", "Preis (€)": "160 €, ermäßigt 80 €"},
        PLACE | {"Kurs-Nr.": "D2", "Titel": "Deutsch C1", "Beginn": "01.03.2027", "Preis (€)": "Ermäßigung: 60,- €; regulär 90 €"},
    ]
    code, _, err = run(capsys, tree, "tabelle", _filled(tree, tmp_path, rows), "--provider", "kleiner-anbieter")
    assert code == 0, err
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-d1.yaml")["price"] == {"amount": 160, "note": "160 €, ermäßigt 80 €"}
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-d2.yaml")["price"]["amount"] == 90
    alone = _filled(tree, tmp_path, [PLACE | {"Kurs-Nr.": "D3", "Titel": "Deutsch B1", "Beginn": "01.02.2027", "Preis (€)": "ermäßigt 80 €"}], suffix="2")
    before = snapshot(tree)
    code, _, err = run(capsys, tree, "tabelle", alone, "--provider", "kleiner-anbieter")
    assert code == 1 and snapshot(tree) == before
    assert (
        "Tabelle „Termine“, Zeile 2, Spalte „Preis (€)“ (Q): nur ein ermäßigter Preis: bitte den vollen Preis als Betrag, "
        "den ermäßigten im Preishinweis angeben, gefunden: 'ermäßigt 80 €'"
    ) in err


def test_several_times_of_day_in_one_cell_are_the_schedule(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A part-time course meets Friday evening and Saturday: "Fr 17:00 - 21:00, Sa 08:00 -
    15:00" was imported as time 17:00-21:00, and Saturday was lost. Several times of day are
    no one time; the cell is the schedule, after what Ablauf says."""
    rows = [
        PLACE | {"Kurs-Nr.": "M1", "Titel": "Meistervorbereitung Teil III", "Beginn": "05.02.2027", "Ende": "10.07.2027", "Uhrzeit": "Fr 17:00 - 21:00, Sa 08:00 - 15:00", "Preis (€)": 2150},
        PLACE | {"Kurs-Nr.": "M2", "Titel": "Buchführung", "Beginn": "05.02.2027", "Uhrzeit": "Mo 18-21 Uhr, Mi 18.30-20 Uhr", "Ablauf": "14-täglich", "Preis (€)": 300},
        PLACE | {"Kurs-Nr.": "M3", "Titel": "Lohn", "Beginn": "05.02.2027", "Uhrzeit": "8.30 - 12 Uhr", "Preis (€)": 300},
    ]
    code, _, err = run(capsys, tree, "tabelle", _filled(tree, tmp_path, rows), "--provider", "kleiner-anbieter")
    assert code == 0, err
    m1 = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-m1.yaml")["dates"][0]
    assert "time" not in m1 and m1["schedule"] == "Fr 17:00 - 21:00, Sa 08:00 - 15:00"
    m2 = offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-m2.yaml")["dates"][0]
    assert "time" not in m2 and m2["schedule"] == "14-täglich, Mo 18-21 Uhr, Mi 18.30-20 Uhr"
    assert offer(tree, "offers/kleiner-anbieter/kleiner-anbieter-m3.yaml")["dates"][0]["time"] == "08:30-12:00"


def test_a_hidden_row_is_set_aside_and_said(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A secretary hides the row of a course that will not run instead of deleting it: it was
    published. A hidden row is not imported, and the report names it."""
    rows = [
        PLACE | {"Kurs-Nr.": "E1", "Titel": "Englisch A1", "Beginn": "12.01.2027", "Preis (€)": 49},
        PLACE | {"Kurs-Nr.": "I2", "Titel": "Italienisch A2", "Beginn": "10.01.2027", "Preis (€)": 89},
    ]
    filled = _filled(tree, tmp_path, rows, lambda book, sheet, header: setattr(sheet.row_dimensions[3], "hidden", True))
    code, out, err = run(capsys, tree, "tabelle", filled, "--provider", "kleiner-anbieter")
    assert code == 0, err
    assert "Tabelle „Termine“, Zeile 3: ausgeblendet, nicht übernommen – soll sie gelten, bitte einblenden" in out
    assert (tree / "offers/kleiner-anbieter/kleiner-anbieter-e1.yaml").exists()
    assert not (tree / "offers/kleiner-anbieter/kleiner-anbieter-i2.yaml").exists()


def test_a_month_without_a_day_is_said_as_such(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A provider who knows only the month types "Jan 2027": Excel keeps 1 January 2027 and
    shows "Jan 27", and the course was published as starting on New Year's Day. Typed as text
    ("März 2027", "05/2027") it was "kein Datum". Each is named as a month without a day, with
    the fix; a date cell that shows the day is read as before."""

    def month_format(book: Any, sheet: Any, header: list[Any]) -> None:
        cell = sheet.cell(row=2, column=header.index("Beginn") + 1)
        cell.value, cell.number_format = datetime(2027, 1, 1), "mmm yy"
        shown_day = sheet.cell(row=4, column=header.index("Beginn") + 1)
        shown_day.value, shown_day.number_format = datetime(2027, 1, 1), "dd.mm.yyyy"

    rows = [
        PLACE | {"Kurs-Nr.": "J1", "Titel": "Englisch A1", "Preis (€)": 49},
        PLACE | {"Kurs-Nr.": "J2", "Titel": "Englisch A2", "Beginn": "März 2027", "Ende": "05/2027", "Preis (€)": 49},
        PLACE | {"Kurs-Nr.": "J3", "Titel": "Englisch B1", "Preis (€)": 49},
    ]
    code, out, err = run(capsys, tree, "tabelle", _filled(tree, tmp_path, rows, month_format), "--provider", "kleiner-anbieter")
    assert code == 1 and not list((tree / "offers").rglob("kleiner-anbieter-j*.yaml"))
    said = out + err
    assert "Zeile 2, Spalte „Beginn“ (G): nur Monat und Jahr (Januar 2027), kein Tag: bitte das Datum mit Tag eintragen (TT.01.2027); steht er noch nicht fest: „auf Anfrage“, gefunden: 'Januar 2027'" in said
    assert "Zeile 3, Spalte „Beginn“ (G): nur Monat und Jahr (März 2027)" in said
    assert "Zeile 3, Spalte „Ende“ (H): nur Monat und Jahr (Mai 2027), kein Tag: bitte das Datum mit Tag eintragen (TT.05.2027), gefunden: '05/2027'" in said
    assert "Zeile 4" not in said


def test_two_places_in_one_cell_are_an_error_not_a_town(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"Esslingen / Nürtingen" in Ort was published as the town "Esslingen / Nürtingen" with one
    street and postal code. Two places in Ort or Straße stop the import with the fix; a town
    with a slash of its own ("Frankfurt/Main") and a place's name with "und" are no such."""
    rows = [
        PLACE | {"Kurs-Nr.": "E1", "Titel": "Englisch A1", "Beginn": "12.01.2027", "Preis (€)": 49, "Ort": "Esslingen / Nürtingen"},
        PLACE | {"Kurs-Nr.": "E2", "Titel": "Englisch A2", "Beginn": "12.02.2027", "Preis (€)": 49, "Straße": "Mülbergerstraße 146; Bahnhofstraße 3"},
        PLACE | {"Kurs-Nr.": "E3", "Titel": "Englisch B1", "Beginn": "12.03.2027", "Preis (€)": 49, "Ort (Name)": "Haus der Bildung und Kultur"},
    ]
    code, out, err = run(capsys, tree, "tabelle", _filled(tree, tmp_path, rows), "--provider", "kleiner-anbieter")
    assert code == 1 and not list((tree / "offers").rglob("kleiner-anbieter-e*.yaml"))
    said = out + err
    assert "Zeile 2, Spalte „Ort“" in said and "Zeile 3, Spalte „Straße“" in said and "nennt zwei Orte: bitte je Ort eine eigene Zeile" in said
    assert "Zeile 4" not in said


def test_a_link_on_the_title_is_the_courses_address(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A coach linked the title to the course's page and left "Link" empty: the address was
    lost without a word. It is the offer's url now, and the provider is told where it belongs."""
    rows = [PLACE | {"Kurs-Nr.": "K1", "Titel": "Konflikte lösen", "Beginn": "12.01.2027", "Preis (€)": 290}]

    def link_title(book: Any, sheet: Any, header: list[Any]) -> None:
        sheet.cell(row=2, column=header.index("Titel") + 1).hyperlink = "https://coaching.example.org/konflikte"

    code, out, err = run(capsys, tree, "tabelle", _filled(tree, tmp_path, rows, link_title), "--provider", "kleiner-anbieter")
    assert code == 0, err
    offer = yaml.safe_load((tree / "offers/kleiner-anbieter/kleiner-anbieter-k1.yaml").read_text(encoding="utf-8"))
    assert offer["url"] == "https://coaching.example.org/konflikte"
    assert "Link zur Kursseite aus dem verlinkten Titel übernommen (https://coaching.example.org/konflikte)" in out


def test_a_heading_merged_across_the_row_is_passed_over_and_said(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A coach put "Frühjahr 2027" and "Herbst 2027" between her courses, each merged across the
    row: the heading was copied into every column, about ten errors a heading, none about the
    real mistake. Such a row is passed over, and the report says so."""
    rows = [
        {},
        PLACE | {"Kurs-Nr.": "K1", "Titel": "Konflikte lösen", "Beginn": "12.03.2027", "Preis (€)": 290},
        {},
        PLACE | {"Kurs-Nr.": "K2", "Titel": "Gut präsentieren", "Beginn": "14.10.2027", "Preis (€)": 250},
    ]

    def headings(book: Any, sheet: Any, header: list[Any]) -> None:
        for number, text in ((2, "Frühjahr 2027"), (4, "Herbst 2027")):
            sheet.cell(row=number, column=1, value=text)
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(header))

    code, out, err = run(capsys, tree, "tabelle", _filled(tree, tmp_path, rows, headings), "--provider", "kleiner-anbieter")
    assert code == 0, out + err
    assert "Tabelle „Termine“, Zeile 2: Zwischenüberschrift „Frühjahr 2027“ über mehrere Spalten, übergangen" in out
    assert "Zeile 4: Zwischenüberschrift „Herbst 2027“" in out
    assert {p.stem for p in (tree / "offers" / "kleiner-anbieter").glob("*.yaml")} >= {"kleiner-anbieter-k1", "kleiner-anbieter-k2"}


def test_without_provider_the_supplier_the_file_names_is_the_provider(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An editor with a provider's delivery need not know its id: the supplier the file names
    is a provider of that name already entered, else a new one with the id from the name.
    A sheet names none, and a placeholder ("nichts") is none: then --provider is asked for."""
    add_regions(tree, kassel=["341"])
    code, out, err = run(capsys, tree, "openqcat", TWO_SITES, "--dry-run")
    assert code == 0, err
    assert "Anbieter aus der Datei: „Bildungswerk Zwei Standorte gGmbH“ ist noch nicht eingetragen und wird bildungswerk-zwei-standorte-ggmbh" in out
    # Entered under another id, with that name (the file still lacks a field): the courses go there.
    (tree / "content" / "providers").mkdir(exist_ok=True)
    (tree / "content" / "providers" / "zwei-standorte.yaml").write_text(
        "name: Bildungswerk  Zwei Standorte gGmbH\nurl: https://zwei-standorte.example\n", encoding="utf-8"
    )
    code, out, err = run(capsys, tree, "openqcat", TWO_SITES)
    assert code == 0, err
    assert "„Bildungswerk Zwei Standorte gGmbH“ ist zwei-standorte (content/providers/zwei-standorte.yaml)" in out
    assert (tree / UMSCHULUNG).is_file() and not (tree / "offers" / "bildungswerk-zwei-standorte-ggmbh").exists()
    placeholder = tmp_path / "platzhalter.xml"
    placeholder.write_text(TWO_SITES.read_text(encoding="utf-8").replace("Bildungswerk Zwei Standorte gGmbH", "nichts"), encoding="utf-8")
    code, _, err = run(capsys, tree, "openqcat", placeholder)
    assert code == 1 and "--provider fehlt, und die Datei nennt keinen Anbieter (nur „nichts“)" in err
    sheet = tmp_path / "kurse.csv"
    sheet.write_text("Kurs-Nr.;Titel\nA1;Excel\n", encoding="utf-8")
    code, _, err = run(capsys, tree, "tabelle", sheet)
    assert code == 1 and "--provider fehlt, und die Datei nennt keinen Anbieter: bitte mit --provider ID angeben" in err


# --- Scheduled imports: the fetcher and feeds ----------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
    basic = "Basic " + base64.b64encode(b"kurse@vhs:pa ss/wort").decode()

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        if self.path == "/langsam":
            time.sleep(2)
        status, kind, body, headers = self.routes.get(self.path, (404, "text/plain", b"fehlt", {}))
        if self.path.startswith("/zugang/") and self.headers.get("Authorization") != _Handler.basic:
            status, kind, body, headers = 401, "text/plain", b"Anmeldung", {"WWW-Authenticate": 'Basic realm="Export"'}
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    xml = TWO_SITES.read_bytes()
    _Handler.routes = {
        "/katalog.xml": (200, "application/xml; charset=utf-8", xml, {}),
        "/suche.json": (200, "application/json", SEARCH.read_bytes(), {}),
        "/seite.html": (200, "text/html", b"<html></html>", {}),
        "/gross.xml": (200, "application/xml", b"<a>" + b"x" * 5000 + b"</a>", {}),
        "/umzug": (302, "text/plain", b"", {"Location": "/katalog.xml"}),
        "/fremd": (302, "text/plain", b"", {"Location": f"http://localhost:{httpd.server_address[1]}/katalog.xml"}),
        "/fremd-https": (302, "text/plain", b"", {"Location": f"https://localhost:{httpd.server_address[1]}/katalog.xml"}),
        "/langsam": (200, "application/xml", xml, {}),
        "/export.xml?key=S3cr%2Bt%26x&lang=de": (200, "application/xml", xml, {}),
        "/zugang/katalog.xml": (200, "application/xml", xml, {}),
    }
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetcher_refuses_what_it_must(server: str) -> None:
    assert fetch(f"{server}/katalog.xml", "openqcat").startswith(b"<?xml")
    assert fetch(f"{server}/umzug", "openqcat").startswith(b"<?xml")  # a redirect on the same host
    cases = {
        "/fehlt.xml": "HTTP 404",
        "/seite.html": "falscher Inhaltstyp 'text/html'",
        "/fremd": "Weiterleitung auf einen anderen Rechner nur über https, nicht auf http://localhost:",
        "/fremd-https": "Weiterleitung auf eine Adresse im eigenen Netz abgelehnt: https://localhost:",
        "/langsam": "Zeitüberschreitung nach 0.5 Sekunden",
    }
    for path, message in cases.items():
        with pytest.raises(FetchError, match=message):
            fetch(f"{server}{path}", "openqcat", timeout=0.5)
    with pytest.raises(FetchError, match="zu groß"):
        fetch(f"{server}/gross.xml", "openqcat", max_bytes=1000)
    with pytest.raises(FetchError, match="falscher Inhaltstyp 'application/xml'"):
        fetch(f"{server}/katalog.xml", "bawbsuche")
    with pytest.raises(FetchError, match="keine http- oder https-Adresse"):
        fetch("file:///etc/passwd", "openqcat")


def test_a_shared_spreadsheet_may_redirect_to_its_storage_host_without_the_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Google Sheet published as CSV answers with a redirect to googleusercontent.com (OneDrive
    and Dropbox links likewise): followed over https to a public address, and the login meant
    for the feed's own host stays behind. Into the runner's own network it is refused."""
    import urllib.request
    from http.client import HTTPMessage

    from site_builder.importers import fetch as fetching

    handler = fetching._Redirects("docs.google.example")
    request = urllib.request.Request("https://docs.google.example/pub?output=csv", headers={"Authorization": "Basic eDp5"})
    monkeypatch.setattr(fetching, "public", lambda host: host.endswith("usercontent.example"))
    moved = handler.redirect_request(request, None, 307, "Temporary Redirect", HTTPMessage(), "https://doc-0s.usercontent.example/pub/x.csv")
    assert moved.full_url == "https://doc-0s.usercontent.example/pub/x.csv" and not moved.has_header("Authorization")
    same = handler.redirect_request(request, None, 302, "Found", HTTPMessage(), "https://docs.google.example/export/neu.csv")
    assert same.full_url == "https://docs.google.example/export/neu.csv" and same.has_header("Authorization")
    with pytest.raises(FetchError, match="im eigenen Netz abgelehnt: https://intranet.example"):
        handler.redirect_request(request, None, 302, "Found", HTTPMessage(), "https://intranet.example/x.csv")
    assert not fetching.public("localhost") and not fetching.public("169.254.169.254") and not fetching.public("10.0.0.1")


def test_feeds_in_site_yaml_are_fetched_and_imported(tree: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"])
    feeds = [
        {"provider": "zwei-standorte", "format": "openqcat", "url": f"{server}/katalog.xml"},
        {"provider": "nordakademie-beispiel-ggmbh", "format": "bawbsuche", "url": f"{server}/suche.json"},
        {"provider": "kaputt", "format": "openqcat", "url": f"{server}/seite.html"},
    ]
    edit_site(tree, lambda site: site["import"].update(feeds=feeds))
    reports = tree.parent / "feed-berichte"
    code = main(["import", "feeds", "--source", str(tree), "--today", TODAY, "--report-dir", str(reports)])
    out, err = capsys.readouterr()
    assert code == 1  # one feed failed; the others were imported
    assert "Abruf fehlgeschlagen: falscher Inhaltstyp 'text/html'" in err
    assert (tree / UMSCHULUNG).is_file()
    assert (tree / "offers" / "nordakademie-beispiel-ggmbh" / "nordakademie-beispiel-ggmbh-900001.yaml").is_file()
    assert not (tree / "offers" / "kanzleiforum-beispiel-gmbh").exists()  # --provider of the feed: only its courses
    assert (reports / "import-openqcat-zwei-standorte.md").read_text(encoding="utf-8").startswith("# Importbericht open-Qcat")
    code = main(["import", "feeds", "--provider", "zwei-standorte", "--source", str(tree), "--today", TODAY, "--report-dir", str(reports)])
    assert code == 0 and "0 neu, 0 geändert, 5 unverändert" in capsys.readouterr().out


def test_feed_secrets_come_from_the_environment_and_never_show(
    tree: Path, server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export behind a key or a login: site.yaml (public) names the secret, ``${NAME}``; the
    value comes from the environment or from LOTSE_SECRETS (the workflow's ``toJSON(secrets)``),
    a user and password before the @ go as HTTP Basic. No output and no report shows a value."""
    add_regions(tree, kassel=["341"])
    host = server.removeprefix("http://")
    feeds = [
        {"provider": "zwei-standorte", "format": "openqcat", "url": f"{server}/export.xml?key=${{EXPORT_KEY}}&lang=de"},
        {"provider": "zwei-standorte", "format": "openqcat", "url": f"http://${{VHS_USER}}:${{VHS_PASSWORT}}@{host}/zugang/katalog.xml"},
    ]
    edit_site(tree, lambda site: site["import"].update(feeds=feeds))
    reports = tree.parent / "feed-berichte"
    command = ["import", "feeds", "--source", str(tree), "--today", TODAY, "--report-dir", str(reports)]

    # Not set: each feed says which secret is missing, and nothing is imported.
    code = main(command)
    out, err = capsys.readouterr()
    assert code == 1 and not (tree / UMSCHULUNG).exists()
    assert "Abruf fehlgeschlagen: das Secret EXPORT_KEY fehlt" in err and "Abruf fehlgeschlagen: das Secret VHS_USER fehlt" in err

    values = {"EXPORT_KEY": "S3cr+t&x", "VHS_USER": "kurse@vhs", "VHS_PASSWORT": "pa ss/wort"}
    monkeypatch.setenv("EXPORT_KEY", values["EXPORT_KEY"])
    monkeypatch.setenv("LOTSE_SECRETS", json.dumps({"VHS_USER": values["VHS_USER"], "VHS_PASSWORT": "falsch", "GITHUB_TOKEN": "x"}))
    code = main(command)
    out, err = capsys.readouterr()
    assert code == 1 and (tree / UMSCHULUNG).is_file()  # the key worked; the login did not
    assert "Abruf fehlgeschlagen: HTTP 401" in err
    monkeypatch.setenv("VHS_PASSWORT", values["VHS_PASSWORT"])  # the environment before LOTSE_SECRETS
    code = main(command)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"== zwei-standorte: {server}/export.xml?key=${{EXPORT_KEY}}&lang=de" in out
    written = out + err + "".join(p.read_text(encoding="utf-8") for p in reports.rglob("*") if p.is_file())
    written += "".join(p.read_text(encoding="utf-8") for p in (tree / "offers").rglob("*.yaml"))
    for value in values.values():
        assert value not in written and quote(value, safe="") not in written

    # An error that would quote the address quotes it with the names.
    monkeypatch.setenv("EXPORT_KEY", "s3cr3t-wert")
    with pytest.raises(FetchError) as raised:
        fetch("ftp://example.org/x?key=${EXPORT_KEY}", "openqcat")
    assert "s3cr3t-wert" not in str(raised.value) and "${EXPORT_KEY}" in str(raised.value)


def test_a_written_out_secret_in_a_feed_is_an_error_that_does_not_repeat_it(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feeds = [
        {"provider": "vhs-esslingen", "format": "openvhs", "url": "https://kurse.example/export.xml?lang=de&api_key=9f8e7d6c5b"},
        {"provider": "bfz", "format": "openqcat", "url": "https://export:Geheim123@kurse.example/qcat.xml"},
        {"provider": "ok", "format": "openqcat", "url": "https://kurse.example/qcat.xml?key=${OK_KEY}&format=xml"},
    ]
    edit_site(tree, lambda site: site["import"].update(feeds=feeds))
    assert main(["validate", "--source", str(tree)]) == 1
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "9f8e7d6c5b" not in text and "Geheim123" not in text
    assert "import.feeds[0].url" in text and "Zugangsdaten im Klartext (Parameter „api_key“); site.yaml ist öffentlich" in text
    assert "https://kurse.example/export.xml?lang=de&api_key=${VHS_ESSLINGEN_API_KEY}" in text
    assert "import.feeds[1].url" in text and "(Passwort vor dem @)" in text and "https://export:${BFZ_PASSWORT}@kurse.example/qcat.xml" in text
    assert "import.feeds[2]" not in text


def test_a_feed_never_takes_the_runs_own_credentials(tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The import workflow has the repository's token (GH_TOKEN, to open pull requests) and all
    its secrets (LOTSE_SECRETS) in its environment: a feed address naming one of them, merged
    with an innocent-looking change to site.yaml, would send it to the catalogue's host. The
    check refuses such a name before the merge, and the fetcher never fills it in."""
    feeds = [
        {"provider": "vhs-esslingen", "format": "openvhs", "url": "https://sammler.example/k.xml?t=${GH_TOKEN}"},
        {"provider": "bfz", "format": "openqcat", "url": "https://${GITHUB_ACTOR}:${LOTSE_SECRETS}@sammler.example/q.xml"},
        {"provider": "ok", "format": "openqcat", "url": "https://kurse.example/qcat.xml?key=${OK_KEY}"},
    ]
    edit_site(tree, lambda site: site["import"].update(feeds=feeds))
    assert main(["validate", "--source", str(tree)]) == 1
    text = "".join(capsys.readouterr())
    assert "import.feeds[0].url: setzt ${GH_TOKEN} ein: das sind Zugangsschlüssel von GitHub bzw. des Import-Laufs" in text
    assert "z. B. ${VHS_ESSLINGEN_KEY}" in text
    assert "import.feeds[1].url: setzt ${GITHUB_ACTOR}, ${LOTSE_SECRETS} ein" in text and "import.feeds[2]" not in text
    monkeypatch.setenv("GH_TOKEN", "ghs_token_des_laufs")
    with pytest.raises(FetchError) as raised:
        fetch("https://sammler.example/k.xml?t=${GH_TOKEN}", "openqcat")
    assert "${GH_TOKEN} ist ein Zugangsschlüssel des Laufs" in str(raised.value) and "ghs_token" not in str(raised.value)


def test_feed_setting_is_declared_and_checked(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_site(tree, lambda site: site["import"].update(feeds=[{"provider": "x", "format": "pdf", "url": "ftp://x"}]))
    assert main(["validate", "--source", str(tree)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "import.feeds[0].format" in text and "import.feeds[0].url" in text


# --- The shipped guide ---------------------------------------------------------------------------


def test_sample_guide_maps_every_federal_funding_code_and_declares_the_programmes() -> None:
    from site_builder.importers.codelists import parse_dat

    if not CODELISTS.is_dir():
        pytest.skip("Wertebereiche fehlen")
    site = yaml.safe_load((SAMPLE / "site.yaml").read_text(encoding="utf-8"))
    taxonomy = yaml.safe_load((SAMPLE / "content" / "taxonomies.yaml").read_text(encoding="utf-8"))
    federal = parse_dat((CODELISTS / "foerderartenbund.dat").read_bytes())
    assert set(site["import"]["funding_federal"]) == set(federal)
    declared = {f["id"] for f in taxonomy["funding"]}
    assert set(site["import"]["funding_federal"].values()) <= declared
    assert {r["topic"] for r in site["import"]["topics"]} <= {t["id"] for t in taxonomy["topics"]}


def test_import_tables_are_generated_by_the_script(tmp_path: Path) -> None:
    import subprocess
    import sys

    if not CODELISTS.is_dir():
        pytest.skip("Wertebereiche fehlen")
    copy = tmp_path / "site.yaml"
    shutil.copy(SAMPLE / "site.yaml", copy)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_tables.py"), "--wertebereiche", str(CODELISTS), "--katalog", str(QCAT), "--site", str(copy)],
        check=True,
        capture_output=True,
    )
    assert copy.read_text(encoding="utf-8") == (SAMPLE / "site.yaml").read_text(encoding="utf-8")


def test_ba_sample_into_the_shipped_guide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not QCAT.is_file():
        pytest.skip("BA-Beispiellieferung fehlt")
    guide = tmp_path / "guide"
    guide.mkdir()
    for part in ("site.yaml", "content", "offers"):
        (shutil.copytree if (SAMPLE / part).is_dir() else shutil.copy)(SAMPLE / part, guide / part)
    # The Stuttgart guide: every course of the Berlin/Soest sample is outside, each with its reason.
    code, out, _ = run(capsys, guide, "openqcat", QCAT, "--provider", "bsp-akademie", "--dry-run")
    assert code == 0 and "0 neu, 0 geändert, 0 unverändert, 50 übersprungen" in out
    assert out.count("außerhalb der Regionen") == 49 and "Kursserie ohne eigene Termine, kein eigenes Angebot" in out
    # None of that is the provider's to change: its part says so.
    report = (tmp_path / "berichte" / "import-openqcat-bsp-akademie.md").read_text(encoding="utf-8")
    assert "Nichts zu tun: Warum 50 Kurse nicht übernommen wurden (siehe „Übersprungen“), liegt nicht am Katalog des Anbieters." in report
    # The same guide serving Berlin and Soest too: the sample's dates (2006/07) all ended before
    # the guide's day. A course with such dates only is skipped, naming its last; the 19 courses
    # without dates are taken as "Termine auf Anfrage", each with a topic.
    add_regions(guide, berlin=["10", "12", "13"], soest=["594", "595"])
    code, out, _ = run(capsys, guide, "openqcat", QCAT, "--provider", "bsp-akademie")
    assert code == 0 and "Zusammenfassung: 19 neu, 0 geändert, 0 unverändert, 31 übersprungen" in out
    assert "PRODUCT_ID kursSerie2378170 „Der Name der Serie“: Kursserie ohne eigene Termine, kein eigenes Angebot" in out
    assert (
        "PRODUCT_ID 1297422 „Wirtschaftsenglisch für Fortgeschrittene“: alle 2 Termine liegen vor dem 01.12.2026"
        " (der letzte endete am 28.12.2006)" in out
    )
    assert "PRODUCT_ID 1297427 „Jobfit“: der einzige Termin liegt vor dem 01.12.2026 (er endete am 02.06.2007)" in out
    skipped = out.split("\nÜbersprungen (31):\n")[1].split("\n\n")[0]
    assert skipped.count("liegt vor dem 01.12.2026") + skipped.count("liegen vor dem 01.12.2026") == 30
    # The provider can renew them: each is on its to-do list (the series is nothing to fix).
    todo = out.split("\nFür den Anbieter (")[1].split("\n\n")[0]
    assert todo.count("übersprungen: ") == 30 == todo.count("bitte aktuelle Termine eintragen") and "kursSerie" not in todo
    written = list((guide / "offers" / "bsp-akademie").glob("*.yaml"))
    assert len(written) == 19 and all(offer(guide, p.relative_to(guide).as_posix())["topics"] for p in written)
    assert all(offer(guide, p.relative_to(guide).as_posix())["dates_on_request"] for p in written)
    assert all(offer(guide, p.relative_to(guide).as_posix())["price"].get("amount") != 0 for p in written)


def test_import_docs_map_only_onto_declared_ids() -> None:
    """Every example table in docs/import.md points at ids the sample taxonomy declares."""
    import re

    taxonomy = yaml.safe_load((SAMPLE / "content" / "taxonomies.yaml").read_text(encoding="utf-8"))
    declared = {kind: {t["id"] for t in taxonomy[kind]} for kind in ("topics", "funding")}
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "import.md").read_text(encoding="utf-8"), re.S)
    tables = [yaml.safe_load(b)["import"] for b in blocks if b.startswith("import:")]
    assert len(tables) >= 2
    for table in tables:
        for key in ("funding_federal", "funding_regional"):
            assert set((table.get(key) or {}).values()) <= declared["funding"]
        topics = [r["topic"] for r in table.get("topics") or []] + [f["topic"] for f in table.get("feeds") or [] if "topic" in f]
        assert set(topics) <= declared["topics"]


def test_offer_page_shows_each_date_with_its_place_mode_and_price(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, kassel=["341"], leipzig=["041"])
    assert two_sites(capsys, tree)[0] == 0
    out = tmp_path / "site"
    build(tree, out, today=date(2026, 12, 1), search_index=False)
    page = (out / "angebote" / "zwei-standorte-u100" / "index.html").read_text(encoding="utf-8")
    table = page.split('class="tabelle tabelle--stapel termintabelle"')[1].split("</table>")[0]
    rows = table.split("<tr")[2:]
    assert len(rows) == 16
    # Each row names its own place (column "Ort"), its time model and its price (column "Preis").
    places = [re.search(r'data-label="Ort">(.*?)</td>', r, re.S).group(1) for r in rows]  # type: ignore[union-attr]
    assert sum("Standort Leipzig" in p and "Leipzig" in p for p in places) == 8
    assert sum("Standort Kassel" in p and "Kassel" in p for p in places) == 8
    assert sum("Teilzeit" in r.split('data-label="Zeit/Ablauf">')[1].split("</td>")[0] for r in rows) == 8
    assert any("35.464,50 €" in r.split('data-label="Preis">')[1] for r in rows)
    assert "Auch in Leipzig" in page
    calendar = (out / "angebote" / "zwei-standorte-u100" / "termine.ics").read_text(encoding="utf-8")
    uids = [line for line in calendar.splitlines() if line.startswith("UID:")]
    assert len(uids) == 16 == len(set(uids))  # same start in Kassel and Leipzig: two events
    assert calendar.count("Augustusplatz 1") == 8
