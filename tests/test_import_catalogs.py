"""What providers' catalogues deliver beyond the reference samples: small invented deliveries in
tests/fixtures/catalogs (lernwerk-*), valid against the format's schema, each element either in a
field of the offer or named in the report."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from site_builder.importers.common import is_code, price_kind, unread_lines

from .conftest import FIXTURES
from .importing import TODAY, import_tree, read_offer, run_import

CATALOGS = FIXTURES / "catalogs"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return import_tree(tmp_path)


def run(capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, file: Path, today: str = TODAY) -> str:
    code, out = run_import(capsys, tree, fmt, file, "--topic", "kaufmaennisches", today=today)
    assert code == 0, out
    return out


def offer_file(tree: Path, provider: str, key: str) -> Path:
    return tree / "offers" / provider / f"{provider}-{key}.yaml"


def offer(tree: Path, provider: str, key: str) -> dict[str, Any]:
    return read_offer(offer_file(tree, provider, key))


def qcat_without(element: str, tmp_path: Path) -> Path:
    """The open-Qcat fixture without any ``element``: a later delivery that no longer sends it."""
    text = (CATALOGS / "lernwerk-openqcat.xml").read_text(encoding="utf-8")
    changed = tmp_path / "ohne.xml"
    changed.write_text(re.sub(rf"<{element}>.*?</{element}>", "", text, flags=re.S), encoding="utf-8")
    return changed


@pytest.fixture
def qcat(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openqcat", CATALOGS / "lernwerk-openqcat.xml")


def test_the_period_of_visibility_ends_the_offer(tree: Path, qcat: str) -> None:
    # ANNOUNCEMENT END_DATE is the last day the course is to be seen: expires is the day after
    assert offer(tree, "lernwerk-neckar", "w1")["expires"].isoformat() == "2027-02-01"
    assert offer(tree, "lernwerk-neckar", "w4")["expires"].isoformat() == "2026-11-16"
    assert "PRODUCT_ID W4: Freigabezeitraum (ANNOUNCEMENT) endete am 15. November 2026: das Angebot wird nicht veröffentlicht" in qcat
    # a beginning still to come has no field: the report says so
    assert "PRODUCT_ID W2: Freigabezeitraum (ANNOUNCEMENT) beginnt erst am 15. Januar 2027" in qcat
    assert "expires" not in offer(tree, "lernwerk-neckar", "w2")


def test_an_end_the_catalogue_drops_goes_and_an_editors_stays(tree: Path, qcat: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    w4 = offer_file(tree, "lernwerk-neckar", "w4")
    w4.write_text(w4.read_text(encoding="utf-8").replace("expires: 2026-11-16", "expires: 2027-05-01"), encoding="utf-8")
    out = run(capsys, tree, "openqcat", qcat_without("ANNOUNCEMENT", tmp_path))
    assert "expires" not in offer(tree, "lernwerk-neckar", "w1")  # the import set it: it goes
    assert offer(tree, "lernwerk-neckar", "w4")["expires"].isoformat() == "2027-05-01"  # an editor's stays
    out = run(capsys, tree, "openqcat", CATALOGS / "lernwerk-openqcat.xml")
    assert offer(tree, "lernwerk-neckar", "w4")["expires"].isoformat() == "2027-05-01"
    assert "PRODUCT_ID W4: expires 2027-05-01 aus der Datei beibehalten; der Freigabezeitraum des Katalogs endet am 15.11.2026" in out


def test_the_contact_for_registration_and_the_others_in_the_report(tree: Path, qcat: str) -> None:
    # two CONTACTs: the offer has one, the one for "Anmeldung"; the other is named for the editors
    assert offer(tree, "lernwerk-neckar", "w1")["contact"] == {"name": "Jens Kuhn", "email": "anmeldung@lernwerk.example.org", "phone": "+49 711 3456780"}
    assert (
        "PRODUCT_ID W1: weitere Ansprechperson (CONTACT „Fachliche Fragen“: Dr. Eva Roth, e.roth@lernwerk.example.org) nicht übernommen: "
        "ein Angebot hat eine Ansprechperson (Jens Kuhn)"
    ) in qcat


def test_a_contact_without_mail_or_phone_gives_way_or_takes_the_suppliers(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = (CATALOGS / "lernwerk-openqcat.xml").read_text(encoding="utf-8")
    raw = raw.replace("<PHONE>+49.711.3456780</PHONE><EMAILS><EMAIL>anmeldung@lernwerk.example.org</EMAIL></EMAILS>", "")
    delivery = tmp_path / "kontakt.xml"

    def w1(changed: str) -> tuple[dict[str, Any] | None, str]:
        delivery.write_text(changed, encoding="utf-8")
        out = run(capsys, tree, "openqcat", delivery)
        return offer(tree, "lernwerk-neckar", "w1").get("contact"), out

    # the one for registration can be reached by no one: the one who can be goes first
    contact, out = w1(raw)
    assert contact == {"name": "Dr. Eva Roth", "email": "e.roth@lernwerk.example.org"}
    assert "weitere Ansprechperson (CONTACT „Anmeldung“: Jens Kuhn) nicht übernommen" in out
    # nobody to reach: a name alone would hide the provider's mail and phone; the report names him
    raw = raw.replace("<EMAILS><EMAIL>e.roth@lernwerk.example.org</EMAIL></EMAILS>", "")
    contact, out = w1(raw)
    assert contact is None
    assert "PRODUCT_ID W1: Ansprechperson „Jens Kuhn“ (CONTACT) ohne E-Mail-Adresse und Telefonnummer nicht übernommen: es gilt der Kontakt des Anbieters" in out
    # the supplier's phone goes with his name
    contact, out = w1(raw.replace("<CITY>Esslingen am Neckar</CITY><COUNTRY_CODED>", "<CITY>Esslingen am Neckar</CITY><PHONE>0711 3456700</PHONE><COUNTRY_CODED>", 1))
    assert contact == {"name": "Jens Kuhn", "phone": "0711 3456700"}
    assert "PRODUCT_ID W1: Ansprechperson „Jens Kuhn“ (CONTACT) ohne E-Mail-Adresse und Telefonnummer; übernommen mit denen des Anbieters (SUPPLIER)" in out


def test_the_group_size_is_on_the_page(tree: Path, qcat: str) -> None:
    # MIN_PARTICIPANTS/MAX_PARTICIPANTS have no field of their own: a section, as HANDICAP has
    assert offer(tree, "lernwerk-neckar", "w1")["description"].endswith("## Teilnehmerzahl\n\nMindestens 6, höchstens 12 Teilnehmende")


def test_a_start_at_any_time_in_words_is_one(tree: Path, qcat: str) -> None:
    # no START_DATE and no FLEXIBLE_START, but DATE_REMARKS "Einstieg laufend möglich": not "Termine auf Anfrage"
    data = offer(tree, "lernwerk-neckar", "w3")
    assert data["on_demand"] is True and "dates_on_request" not in data and "expires" not in data
    assert data["description"].endswith("Einstieg laufend möglich; Unterricht Mo–Do 8:30–12:30 Uhr")  # its times, as with FLEXIBLE_START
    assert "PRODUCT_ID W3: Einstieg jederzeit nur in den Bemerkungen („Einstieg laufend“); als laufender Einstieg übernommen" in qcat
    assert data["price"] == {"on_request": True, "note": "Förderung über Jobcenter möglich"}  # price type on_request


def test_a_course_of_modules_at_two_places_keeps_every_module(tree: Path, qcat: str) -> None:
    # two MODULE_COURSEs, each with content, length and place: the offer's place is the first module's,
    # its length both, and each module with its place is on the page
    data = offer(tree, "lernwerk-neckar", "w2")
    assert data["location"]["city"] == "Stuttgart"
    assert data["duration"] == {"hours": 120, "text": "40 UStd. + 80 UStd."}
    assert data["description"].endswith(
        "## Aufbau\n\n"
        "- Modul 1: Theorie: Werkstoffe, Normen, Arbeitssicherheit – 40 UStd. – Lernwerk Stuttgart, 70191 Stuttgart\n"
        "- Modul 2: Praxis in der Lehrwerkstatt mit Prüfung – 80 UStd. – Lehrwerkstatt Plochingen, 73207 Plochingen"
    )


def test_every_element_without_a_field_is_named_in_the_report(tree: Path, qcat: str) -> None:
    assert "nicht übernommen (kein Feld eines Angebots): SERVICE_DETAILS/ANNOUNCEMENT/DATE_REMARKS – PRODUCT_ID W4" in qcat
    # read nowhere and sent by every course: named once with their number, not with their keys
    assert "nicht übernommen (kein Feld eines Angebots): EDUCATION/EXTENDED_INFO/EDUCATION_TYPE@type – in 4 Kursen" in qcat
    assert "EDUCATION_TYPE@type – PRODUCT_ID" not in qcat
    assert "nicht übernommen (Verwaltungsangaben des Katalogs): COURSE_TYPE" in qcat
    # and nothing the import does read is among them
    said = [line for line in qcat.splitlines() if "nicht übernommen (" in line]
    for read in ("MAX_PARTICIPANTS", "MARKETINGTEXT", "CONTACT_ROLE", "ANNOUNCEMENT/END_DATE", "MODULE_ORDER", "SERVICE_PRICE@type"):
        assert not any(read in line for line in said), read


def test_an_element_read_nowhere_is_named_once_per_delivery() -> None:
    # read by no field of any course: its number, whether courses or dates send it; one some
    # courses' fields read (the office's mail beside a person to reach) and a rare one: their keys
    found = {"A/NIE": ["1", "2", "3", "4", "5"], "A/SELTEN": ["2"], "anmeldung/mail": ["1", "2", "3", "4", "5"], "B/SEGMENT_TYPE@type": ["1"]}
    lines = unread_lines(found, "PRODUCT_ID", frozenset({"SEGMENT_TYPE"}), read_elsewhere=frozenset({"anmeldung/mail"}))
    assert lines == [
        "nicht übernommen (kein Feld eines Angebots): A/NIE – in 5 Kursen",
        "nicht übernommen (kein Feld eines Angebots): A/SELTEN – PRODUCT_ID 2",
        "nicht übernommen (kein Feld eines Angebots): anmeldung/mail – PRODUCT_ID 1, 2, 3 und 2 weitere",
        "nicht übernommen (Verwaltungsangaben des Katalogs): B/SEGMENT_TYPE@type",  # an attribute of bookkeeping is bookkeeping
    ]


# --- Modules with days of their own (module-openqcat.xml) -----------------------------------------


@pytest.fixture
def modules(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openqcat", CATALOGS / "module-openqcat.xml")


def test_a_date_without_days_of_its_own_runs_from_its_first_module_to_its_last(tree: Path, modules: str) -> None:
    # M1-1 sends no SERVICE_DATE, its three modules their DURATION: the date spans them, each module
    # with its days in the schedule, and its place, as the modules are at two places
    first = offer(tree, "modulbau-akademie", "m1")["dates"][0]
    assert (first["start"], first["end"], first["time"]) == (date(2027, 3, 1), date(2027, 4, 19), "08:00-15:00")
    assert first["schedule"] == (
        "8.00 - 15.00 Uhr; Modul 1: 01.–05.03.2027 in Akademie Stuttgart, Stuttgart; "
        "Modul 2: 15.03.–09.04.2027 in Lager Esslingen, Esslingen am Neckar; Modul 3: 19.04.2027 in Akademie Stuttgart, Stuttgart"
    )
    assert "DURATION/START_DATE" not in modules


def test_modules_at_several_places_are_the_dates_places(tree: Path, modules: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # M1-1's modules meet in Stuttgart and Esslingen: the date's place is the first module's, the
    # other is its further place (also_at), which the region filter, the distance and the page
    # take; the description needs no section of places then
    data = offer(tree, "modulbau-akademie", "m1")
    assert data["location"]["city"] == "Stuttgart" and "location" not in data["dates"][0]
    assert data["dates"][0]["also_at"] == [
        {"name": "Lager Esslingen", "street": "Hafenstr. 3", "postal_code": "73728", "city": "Esslingen am Neckar", "region": "esslingen"}
    ]
    assert "also_at" not in data["dates"][1]  # M1-2's modules meet at one place
    assert "Veranstaltungsorte" not in data["description"]
    assert "Veranstaltungsorte" not in offer(tree, "modulbau-akademie", "m2")["description"]  # one place
    # A module outside the guide's regions cannot be a field: every place stays named in a
    # section 'Veranstaltungsorte', where the page shows it and the search finds it
    moved = tmp_path / "ausserhalb.xml"
    text = (CATALOGS / "module-openqcat.xml").read_text(encoding="utf-8")
    moved.write_text(text.replace("<ZIP>73728</ZIP>", "<ZIP>88212</ZIP>").replace("<CITY>Esslingen am Neckar</CITY>", "<CITY>Ravensburg</CITY>"), encoding="utf-8")
    run(capsys, tree, "openqcat", moved)
    data = offer(tree, "modulbau-akademie", "m1")
    assert "also_at" not in data["dates"][0]
    assert data["description"].endswith(
        "## Veranstaltungsorte\n\n- Akademie Stuttgart, Heilbronner Str. 12, 70191 Stuttgart\n- Lager Esslingen, Hafenstr. 3, 88212 Ravensburg"
    )


def test_modules_outside_their_date_are_told_not_shown(tree: Path, modules: str) -> None:
    second = offer(tree, "modulbau-akademie", "m1")["dates"][1]
    assert (second["start"], second["end"]) == (date(2027, 6, 7), date(2027, 6, 25)) and "schedule" not in second
    assert (
        "PRODUCT_ID M1: Termin M1-2: Modul 2 (21.06.–02.07.2027) außerhalb des Termins (07.–25.06.2027); "
        "Termine der Module nicht übernommen – bitte SERVICE_DATE und DURATION der Module abgleichen"
    ) in modules


def test_modules_too_many_for_a_schedule_are_in_the_description(tree: Path, modules: str) -> None:
    # six modules, each with its own times: no time for the date, the modules in a section
    data = offer(tree, "modulbau-akademie", "m2")
    assert data["dates"] == [{"start": date(2027, 2, 1), "end": date(2027, 3, 20), "schedule": "in 6 Modulen, Termine in der Beschreibung"}]
    assert data["description"].endswith(
        "## Termine der Module\n\n- Termin 01.02.–20.03.2027: Modul 1: 01.–03.02.2027 (Mo–Mi 8:30–16 Uhr); Modul 2: 10.–12.02.2027 "
        "(Mi–Fr 8:30–16 Uhr); Modul 3: 20.02.2027 (Sa 9–13 Uhr); Modul 4: 01.–03.03.2027 (Mo–Mi 8:30–16 Uhr); "
        "Modul 5: 10.–12.03.2027 (Mi–Fr 8:30–16 Uhr); Modul 6: 20.03.2027 (Sa 9–12 Uhr, Prüfung)"
    )


# --- Price types of the provider's own (preisarten-openqcat.xml) ----------------------------------


@pytest.mark.parametrize(
    ("name", "per", "vat", "unit", "reduced"),
    [
        ("udp_gruppenpreis_netto", "gruppe", "zuzueglich", "", False),
        ("udp_group_price_incl_vat", "gruppe", "enthalten", "", False),
        ("udp_preis_pro_ue", None, None, "Preis pro Unterrichtsstunde", False),
        ("udp_tagessatz", None, None, "Tagespreis", False),
        ("udp_price_per_day", None, None, "Tagespreis", False),
        ("udp_ermaessigt", None, None, "", True),
        ("udp_reduced_brutto", None, "enthalten", "", True),
        ("udp_ustfrei", None, "befreit", "", False),
        ("udp_uebernachtung", None, None, "", False),  # "ue" only as a word of its own
        ("udp_tagung", None, None, "", False),
        ("udp_firmenpreis", None, None, "Preis für Firmen", False),  # per person sent, most often
        ("udp_inhouse_netto", "gruppe", "zuzueglich", "", False),
    ],
)
def test_what_a_price_types_name_says(name: str, per: str | None, vat: str | None, unit: str, reduced: bool) -> None:
    said = price_kind(name)
    assert (said.per, said.vat, said.unit, said.reduced) == (per, vat, unit, reduced)


@pytest.fixture
def prices(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openqcat", CATALOGS / "preisarten-openqcat.xml")


def test_price_types_of_the_providers_own_say_what_the_price_is(tree: Path, prices: str) -> None:
    def price(key: str) -> dict[str, Any]:
        found = offer(tree, "preisarten-institut", key)["price"]
        assert isinstance(found, dict)
        return found

    assert price("p1") == {"amount": 900, "vat": "zuzueglich", "per": "gruppe"}
    assert price("p2") == {"amount": 12.5, "note": "Preis pro Unterrichtsstunde"}
    assert price("p3") == {"amount": 390, "vat": "enthalten", "note": "ermäßigt 290 €"}  # the full price, whatever comes first
    assert price("p4") == {"on_request": True, "note": "ermäßigt 80 €"}
    assert "PRODUCT_ID P4: nur ein ermäßigter Preis (udp_ermaessigt 80); als „Preis auf Anfrage“ übernommen – bitte den vollen Preis angeben" in prices
    assert price("p5") == {"amount": 100}
    assert "Preisart udp_aircargo „selbstdefiniert“ (1 Kurs): als Preis je Person übernommen – bitte die Bedeutung beim Anbieter erfragen" in prices
    assert price("p6") == {"amount": 150, "note": "Tagespreis"}  # DAILY_PRICE says it too: once


# --- Open-vhs as a Volkshochschule sends it (vhs-neckar-openvhs.xml, vhs-bezirk-openvhs.json) -----


@pytest.fixture
def vhs(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openvhs", CATALOGS / "vhs-neckar-openvhs.xml")


@pytest.fixture
def vhs_json(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openvhs", CATALOGS / "vhs-bezirk-openvhs.json")


def test_open_vhs_names_every_element_without_a_field(vhs: str) -> None:
    for line in (
        "nicht übernommen (kein Feld eines Angebots): nummer – in 4 Kursen",  # every course: once, with their number
        "nicht übernommen (kein Feld eines Angebots): veranstaltungsort/adresse/ortsteil – guid H2-0002",
        "nicht übernommen (kein Feld eines Angebots): Merkmal anmeldung_kostenlos – guid H4-0004",  # by the merkmal's name
    ):
        assert line in vhs
    said = [line for line in vhs.splitlines() if "nicht übernommen (" in line]
    for read in ("kursart_digital", "vhscloud_kurs", "preis/", "termin/", "text/", "schlagwort", "veranstaltungsort/name"):
        assert not any(read in line for line in said), read


def test_open_vhs_json_names_what_the_berlin_form_adds(vhs_json: str) -> None:
    # fields of the JSON form without a field, and what an address of ortetermine says beyond a place
    for path in ("bezirk – guid 910001, 910002", "veranstaltungsart", "dozent/name – guid 910001", "ortetermine/adresse/breitengrad – guid 910001"):
        assert f"nicht übernommen (kein Feld eines Angebots): {path}" in vhs_json
    assert "anmeldung/link" not in vhs_json  # the course's page when it names none


def test_keywords_that_are_words_are_search_words_and_codes_are_named_once(tree: Path, vhs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert offer(tree, "vhs-neckartal", "h1-0001")["tags"] == ["Stadtführung", "Geschichte"]
    # the Berlin form sends its programme areas in capitals: codes, not words; a short one is a word
    out = run(capsys, tree, "openvhs", CATALOGS / "vhs-bezirk-openvhs.json")
    assert "tags" not in offer(tree, "vhs-filder", "910001")
    assert "tags" not in offer(tree, "vhs-filder", "910002")  # its "B1" is a word, but one of its title ("Englisch B1 – Konversation")
    assert "Schlagwort ARBEIT-BERUF-EDV (1 Kurs): sieht aus wie ein Code, nicht wie ein Wort; nicht als Suchwort (tags) übernommen" in out
    assert out.count("Schlagwort SPRACHEN") == 1


def test_keywords_of_open_qcat_are_search_words_without_the_titles_own(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # KURSNET makes KEYWORDs from the title: its words, the title again, without hyphens, and
    # function words. Those say nothing new; a list in one element is split; a code is named once.
    keywords = [
        "Projektmanagement", "kompakt", "Projektmanagement kompakt", "Projekt-Management", "für", "Scrum, Kanban",
        "Scrum", "Agiles Arbeiten; scrum", "Kaufmännisches", "PROJEKTWESEN", "Zertifikatskurs " * 5,
    ]
    raw = (CATALOGS / "lernwerk-openqcat.xml").read_text(encoding="utf-8")
    sent = "".join(f"<KEYWORD>{k}</KEYWORD>" for k in keywords)
    raw = raw.replace("<END_DATE>2027-02-05T00:00:00</END_DATE></SERVICE_DATE>", f"<END_DATE>2027-02-05T00:00:00</END_DATE></SERVICE_DATE>{sent}", 1)
    delivery = tmp_path / "stichwoerter.xml"
    delivery.write_text(raw, encoding="utf-8")
    out = run(capsys, tree, "openqcat", delivery)
    # "Kaufmännisches" repeats the label of its topic (kaufmaennisches: "Kaufmännisches und Verwaltung")
    assert offer(tree, "lernwerk-neckar", "w1")["tags"] == ["Scrum", "Kanban", "Agiles Arbeiten"]
    assert "Schlagwort PROJEKTWESEN (1 Kurs): sieht aus wie ein Code, nicht wie ein Wort; nicht als Suchwort (tags) übernommen" in out
    assert "PRODUCT_ID W1: Schlagwort „Zertifikatskurs Zertifikatskurs" in out and "länger als 60 Zeichen; nicht als Suchwort (tags) übernommen" in out
    # an editor's search words stay; the catalogue's go when it stops sending them (tests/test_import_tags.py)
    path = offer_file(tree, "lernwerk-neckar", "w2")
    path.write_text(path.read_text(encoding="utf-8") + "tags: [Schutzgas]\n", encoding="utf-8")
    run(capsys, tree, "openqcat", CATALOGS / "lernwerk-openqcat.xml")
    assert offer(tree, "lernwerk-neckar", "w2")["tags"] == ["Schutzgas"]
    assert "tags" not in offer(tree, "lernwerk-neckar", "w1")


@pytest.mark.parametrize(
    ("keyword", "code"),
    [("PC", False), ("B1.2", False), ("Windows 7", False), ("HACCP", False), ("MS OFFICE", False), ("GESUNDHEIT", True), ("ARBEIT-BERUF-EDV", True), ("5.01", True), ("GRÜNDUNG", True)],
)
def test_a_code_is_told_from_a_word_by_its_letters(keyword: str, code: bool) -> None:
    assert is_code(keyword) is code


def test_a_course_at_several_places_holds_its_date_at_each(tree: Path, vhs: str, capsys: pytest.CaptureFixture[str]) -> None:
    # two veranstaltungsort: the offer's place is the first, the other its date's further place
    # (also_at: region filter, distance, the page's place); no section of places is needed
    data = offer(tree, "vhs-neckartal", "h1-0001")
    assert data["location"]["city"] == "Esslingen am Neckar"
    assert data["dates"][0]["also_at"] == [
        {"name": "Treffpunkt Stadthaus Ostfildern", "street": "Klosterhof 10", "postal_code": "73760", "city": "Ostfildern", "region": "esslingen"}
    ]
    assert "Veranstaltungsorte" not in data["description"]
    # the JSON form: the addresses of ortetermine, the one of most sessions first
    run(capsys, tree, "openvhs", CATALOGS / "vhs-bezirk-openvhs.json")
    data = offer(tree, "vhs-filder", "910001")
    assert data["location"]["city"] == "Stuttgart" and data["location"]["postal_code"] == "70567"
    assert [(p["name"], p["postal_code"]) for p in data["dates"][0]["also_at"]] == [("Bürgerhaus Vaihingen", "70563")]
    assert "Veranstaltungsorte" not in data["description"]


def test_the_offers_place_is_the_first_inside_the_regions(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moved = tmp_path / "verlegt.xml"
    esslingen = "<plz>73728</plz><ort>Esslingen am Neckar</ort><strasse>Rathausplatz 1"
    moved.write_text((CATALOGS / "vhs-neckar-openvhs.xml").read_text(encoding="utf-8").replace(esslingen, "<plz>88212</plz><ort>Ravensburg</ort><strasse>Marienplatz 1"), encoding="utf-8")
    run(capsys, tree, "openvhs", moved)
    data = offer(tree, "vhs-neckartal", "h1-0001")
    assert data["location"]["city"] == "Ostfildern" and "also_at" not in data["dates"][0]
    # the place outside cannot be a field: the description names both places
    assert data["description"].endswith(
        "## Veranstaltungsorte\n\n- Treffpunkt Altes Rathaus, Marienplatz 1, 88212 Ravensburg\n"
        "- Treffpunkt Stadthaus Ostfildern, Klosterhof 10, 73760 Ostfildern"
    )


def test_dates_by_arrangement_in_words_lack_nothing(tree: Path, vhs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "Termine nach Vereinbarung": Termine auf Anfrage, and the provider is not asked for dates
    data = offer(tree, "vhs-neckartal", "h2-0002")
    assert data["dates_on_request"] is True and "dates" not in data
    assert "guid H2-0002: kein Beginn" not in vhs
    assert "guid H4-0004: kein Beginn" not in vhs  # (H4 has its date)
    # open-Qcat says it in DATE_REMARKS
    delivery = tmp_path / "vereinbarung.xml"
    delivery.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><OPENQCAT version="1.1"><HEADER><CATALOG><GENERATION_DATE>2026-11-20</GENERATION_DATE></CATALOG>'
        "<SUPPLIER><SUPPLIER_NAME>Coaching Neckar</SUPPLIER_NAME></SUPPLIER></HEADER><NEW_CATALOG>"
        "<SERVICE><PRODUCT_ID>C1</PRODUCT_ID><SERVICE_DETAILS><TITLE>Einzelcoaching Führung</TITLE><DESCRIPTION_LONG>Coaching.</DESCRIPTION_LONG>"
        "<SERVICE_DATE><DATE_REMARKS>Termine nach Vereinbarung</DATE_REMARKS></SERVICE_DATE>"
        '<SERVICE_MODULE><EDUCATION type="true"><EXTENDED_INFO><INSTRUCTION_FORM type="101"/></EXTENDED_INFO>'
        "<MODULE_COURSE><LOCATION><STREET>Hauptstr. 1</STREET><ZIP>70191</ZIP><CITY>Stuttgart</CITY></LOCATION></MODULE_COURSE></EDUCATION></SERVICE_MODULE></SERVICE_DETAILS>"
        "<SERVICE_PRICE_DETAILS><SERVICE_PRICE><PRICE_AMOUNT>120</PRICE_AMOUNT></SERVICE_PRICE></SERVICE_PRICE_DETAILS></SERVICE></NEW_CATALOG></OPENQCAT>",
        encoding="utf-8",
    )
    out = run(capsys, tree, "openqcat", delivery)
    assert offer(tree, "coaching-neckar", "c1")["dates_on_request"] is True
    assert "keine Termine und kein laufender Einstieg" not in out


def test_the_contact_of_the_json_form_is_the_offers(tree: Path, vhs_json: str) -> None:
    # ansprechperson, a person to ask; the office (anmeldung) then stands in the report
    assert offer(tree, "vhs-filder", "910001")["contact"] == {"name": "Jonas Berger", "email": "j.berger@vhs-filder.example.org", "phone": "0711 123457"}
    assert "nicht übernommen (kein Feld eines Angebots): anmeldung/mail – guid 910001" in vhs_json
    assert "ansprechperson/" not in vhs_json


def test_a_person_named_without_mail_or_phone_is_kept_or_named(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a name alone: with the office's mail and phone (anmeldung) it stays on the page; without an
    # office to reach the provider's contact holds, and the report names the person
    raw = (CATALOGS / "vhs-bezirk-openvhs.json").read_text(encoding="utf-8")
    raw = raw.replace('"telefon": "0711 123457", "mail": "j.berger@vhs-filder.example.org"', '"telefon": null, "mail": ""')
    raw = raw.replace('"schlagwort": ["SPRACHEN", "B1"],', '"schlagwort": ["SPRACHEN", "B1"], "ansprechperson": {"vorname": "Ida", "name": "Ott"},')
    assert raw.count("Ida") == 1 and "j.berger" not in raw
    changed = tmp_path / "bezirk.json"
    changed.write_text(raw, encoding="utf-8")
    out = run(capsys, tree, "openvhs", changed)
    assert offer(tree, "vhs-filder", "910001")["contact"] == {"name": "Jonas Berger", "email": "anmeldung@vhs-filder.example.org", "phone": "0711 123450"}
    assert "guid 910001: Ansprechperson „Jonas Berger“ ohne E-Mail-Adresse und Telefonnummer; übernommen mit denen der Anmeldung (anmeldung)" in out
    assert "contact" not in offer(tree, "vhs-filder", "910002")
    assert "guid 910002: Ansprechperson „Ida Ott“ ohne E-Mail-Adresse und Telefonnummer nicht übernommen: es gilt der Kontakt des Anbieters" in out


def test_merkmale_whose_meaning_is_their_name_are_lines_of_the_description(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Yes/no merkmale no field holds are lines of the description under their section; one said
    no is nothing to say; one of unclear meaning (anmeldung_kostenlos: sent for courses with a
    price too; abschlussbezogen: which qualification?), an unknown name and a value that is no
    yes or no stay in the report for the editors."""
    said = {
        "mit_onlinepruefung": "false", "langsames_lerntempo": "true", "barrierefreies_lernen": "1",
        "abschlussbezogen": "true", "anmeldung_kostenlos": "true", "vhscloud_kurs": "ja", "D(1)": "true",
    }
    merkmale = "".join(f"<merkmal><name><![CDATA[{name}]]></name><wert>{value}</wert></merkmal>" for name, value in said.items())
    raw = (CATALOGS / "vhs-neckar-openvhs.xml").read_text(encoding="utf-8")
    old = "<merkmale><merkmal><name>anmeldung_kostenlos</name><wert>true</wert></merkmal></merkmale>"
    assert old in raw
    delivery = tmp_path / "merkmale.xml"
    delivery.write_text(raw.replace(old, f"<merkmale>{merkmale}</merkmale>"), encoding="utf-8")
    out = run(capsys, tree, "openvhs", delivery)
    description = offer(tree, "vhs-neckartal", "h4-0004")["description"]
    assert "\n\n## Barrierefreiheit\n\nBarrierefreies Lernen\n\n## Besonderheiten\n\nLangsames Lerntempo" in description
    assert "Prüfung" not in description and "vhs.cloud" not in description
    for name in ("abschlussbezogen", "anmeldung_kostenlos", "vhscloud_kurs", "D(1)"):
        assert f"nicht übernommen (kein Feld eines Angebots): Merkmal {name} – guid H4-0004" in out
    for name in ("mit_onlinepruefung", "langsames_lerntempo", "barrierefreies_lernen"):
        assert f"Merkmal {name}" not in out


def test_a_text_of_its_own_kind_is_a_section_under_its_name(tree: Path, vhs: str) -> None:
    # text/eigenschaft "Zusatzinformation" is no part of the description's first paragraph or summary
    data = offer(tree, "vhs-neckartal", "h1-0001")
    assert data["summary"] == "Zwei Rundgänge durch die Altstädte am Neckar."
    assert data["description"].startswith("Zwei Rundgänge durch die Altstädte am Neckar.\n\n## Zusatzinformation\n\nBitte festes Schuhwerk mitbringen.\n\n")


def test_the_group_size_of_a_vhs_course_is_on_the_page(tree: Path, vhs: str) -> None:
    # minimale_/maximale_teilnehmerzahl, as open-Qcat's MIN_/MAX_PARTICIPANTS
    assert "\n\n## Teilnehmerzahl\n\nMindestens 8, höchstens 20 Teilnehmende" in offer(tree, "vhs-neckartal", "h1-0001")["description"]
    assert "minimale_teilnehmerzahl" not in vhs


def test_what_a_vhs_sends_besides_lands_where_it_belongs(tree: Path, vhs: str) -> None:
    # a reduced price in zusatz is the note; "Entgelt auf Anfrage" is said, nothing lacks
    assert offer(tree, "vhs-neckartal", "h1-0001")["price"] == {"amount": 24, "note": "erm. Preis: 16,00 EUR; Ermäßigung möglich"}
    assert offer(tree, "vhs-neckartal", "h2-0002")["price"] == {"on_request": True}
    assert "guid H2-0002: Preis fehlt" not in vhs
    # an online course without an address, HTML in its text as Markdown
    excel = offer(tree, "vhs-neckartal", "h3-0003")
    assert excel["format"] == "online" and "location" not in excel
    assert excel["description"] == (
        "Sie lernen **Formeln**, Filter und Diagramme.\n\n- Tabellen gestalten\n- Pivot-Tabellen\n\nZugang über die [vhs.cloud](https://www.vhs.cloud)."
        "\n\n## Besonderheiten\n\nMit der vhs.cloud, der Lernplattform der Volkshochschulen"  # merkmal vhscloud_kurs
    )
    # a category the DVV list does not know: for the editors, the course under --topic
    assert "Klassifikation 7.10 „Bedeutung unbekannt“ (1 Kurs): keine Regel unter import.topics; Thema aus --topic (kaufmaennisches)" in vhs
