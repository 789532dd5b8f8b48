"""Catalogues as real exports vary: moments in UTC, postal codes with a country mark, names over
several fields, places abroad, entities and HTML escaped once too often. Each case is one a
provider's exporter writes; the fixtures are small invented deliveries in tests/fixtures/catalogs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from site_builder.importers import prose, xmlsafe
from site_builder.importers.common import (
    Course,
    checked_deadline,
    checked_end,
    german_postal_code,
    is_germany,
    parse_date,
    price_of,
)

from .conftest import FIXTURES
from .importing import import_tree
from .importing import offer_in as offer
from .importing import run_import as run

CATALOGS = FIXTURES / "catalogs"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return import_tree(tmp_path)


# --- open-Qcat ----------------------------------------------------------------------------------


def test_openqcat_variants_as_exporters_write_them(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, tree, "openqcat", CATALOGS / "varianten-openqcat.xml", "--provider", "varianten", "--topic", "it-digitalisierung")
    assert code == 0, out
    report = (tree.parent / "berichte" / "import-openqcat-varianten.md").read_text(encoding="utf-8")
    first = offer(tree, "offers/varianten/varianten-v1.yaml")
    # Midnight in Germany sent as the UTC moment before it is still that German day.
    assert first["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5), "registration_deadline": date(2027, 2, 15)}]
    # "D-70191" is 70191; NAME2 is the second line of the place's name.
    assert first["location"]["postal_code"] == "70191"
    assert first["location"]["name"] == "Bildungszentrum Wirtschaft, Technikhaus Stuttgart-Nord"
    assert first["summary"] == "Ein Kurs für Einsteiger & Umsteiger."
    second = offer(tree, "offers/varianten/varianten-v2.yaml")
    assert second["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5)}]
    assert second["location"]["postal_code"] == "70191"
    # HTML escaped once more than XML needs is still HTML, not "&lt;p&gt;" on the page.
    assert second["description"] == "Pivot-Tabellen und Makros\n\n- Pivot\n- VBA"
    assert "&" not in second["summary"] and "<" not in second["summary"]
    # A French 70200 is no Stuttgart postal code.
    assert not (tree / "offers/varianten/varianten-v3.yaml").exists()
    assert "PRODUCT_ID V3 „Excel in der Franche-Comté“: kein Termin übernommen: Veranstaltungsort im Ausland (FR: 70200 Lure)" in out
    # A post office box is no place to go to: skipped, and the report says so.
    assert not (tree / "offers/varianten/varianten-v4.yaml").exists()
    assert "nur ein Postfach angegeben (Postfach 10 20 30, 70049 Stuttgart), keine Adresse des Veranstaltungsorts" in out
    assert "fünfstellig" not in out
    # The course's line says why; its only date does not repeat it.
    assert "„Excel per Post“: kein Termin übernommen: nur ein Postfach" in report
    assert "\n  - Termin V4 (01.03.2027): übersprungen\n" in report
    # A course the provider can get taken is on its to-do list, with what to change; one abroad
    # is not (nobody at the provider can move it).
    part = report.split("## Für den Anbieter", 1)[1].split("## Für die Redaktion", 1)[0]
    assert (
        "- PRODUCT_ID V4 „Excel per Post“: übersprungen: kein Termin übernommen: nur ein Postfach angegeben (Postfach 10 20 30,"
        " 70049 Stuttgart), keine Adresse des Veranstaltungsorts – bitte die Anschrift des Veranstaltungsorts angeben (Straße,"
        " PLZ, Ort), nicht nur das Postfach\n" in part
    ), part
    assert "PRODUCT_ID V4: übersprungen: kein Termin übernommen: nur ein Postfach" in out.split("Für den Anbieter")[1]
    assert "V3" not in part and "V5" not in part
    data = json.loads((tree.parent / "berichte" / "import-openqcat-varianten.json").read_text(encoding="utf-8"))
    assert [f["kurs"] for f in data["fuer_anbieter"] if "übersprungen" in f["text"]] == ["V4"]
    # Findings are about what was imported: none for a skipped course or a date abroad, whose
    # own line says why it was left out.
    assert "V5-2 (01.04.2027): übersprungen – Veranstaltungsort im Ausland (FR: 67000 Strasbourg)" in report
    assert "Termin V5-2:" not in report and "„Excel per Post“: keine Beschreibung" not in report
    assert offer(tree, "offers/varianten/varianten-v5.yaml")["dates"] == [{"start": date(2027, 3, 1)}]
    provider = yaml.safe_load((tree / "content/providers/varianten.yaml").read_text(encoding="utf-8"))
    assert provider["address"]["postal_code"] == "70173"


def test_the_courses_own_price_is_told_only_where_it_holds(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """KURSNET writes 0.0 for the course's own price while its dates carry theirs: the offer takes
    the dates' price, and the report does not say the course was taken as "Preis auf Anfrage"."""
    text = (CATALOGS / "varianten-openqcat.xml").read_text(encoding="utf-8")
    start = text.index("<PRODUCT_ID>V5</PRODUCT_ID>")
    course, rest = text[start:].split("<PRODUCT_ID>V5-2</PRODUCT_ID>")
    course = course.replace("<SERVICE_DATE><START_DATE>2027-03-01</START_DATE></SERVICE_DATE>", "").replace(">300<", ">0.0<")
    rest = rest.replace("<ZIP>67000</ZIP><CITY>Strasbourg</CITY><COUNTRY_CODED>FR</COUNTRY_CODED>", "<ZIP>70191</ZIP><CITY>Stuttgart</CITY>")
    rest = rest.replace("<REGISTRATION_DATE>2027-05-01</REGISTRATION_DATE>", "").replace(">0.0<", ">450<")
    path = tmp_path / "eigener-preis.xml"
    path.write_text(text[:start] + course + "<PRODUCT_ID>V5-2</PRODUCT_ID>" + rest, encoding="utf-8")
    code, out = run(capsys, tree, "openqcat", path, "--provider", "varianten", "--topic", "it-digitalisierung")
    assert code == 0, out
    data = offer(tree, "offers/varianten/varianten-v5.yaml")
    assert data["price"] == {"amount": 450} and data["dates"][0]["start"] == date(2027, 4, 1)
    assert "PRODUCT_ID V5: Preis" not in out


# --- Dates before the guide's day ---------------------------------------------------------------

PAST = CATALOGS / "vergangene-termine.xml"


def test_dates_before_the_guides_day_are_left_out_and_said_once_per_course(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nobody can book a date that has ended: it is not imported, the report says how many per
    course in one line, and it neither places nor prices the offer. A course with such dates
    only is skipped, naming its last; one without dates stays "Termine auf Anfrage"."""
    code, out = run(capsys, tree, "openqcat", PAST, "--provider", "termine", "--topic", "it-digitalisierung")
    assert code == 0, out
    report = (tree.parent / "berichte" / "import-openqcat-termine.md").read_text(encoding="utf-8")
    history = offer(tree, "offers/termine/termine-p1.yaml")
    assert history["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5)}]
    # The place and price of the date still to come, not of the first and cheapest, long past.
    assert history["location"]["name"] == "Neues Haus" and history["price"] == {"amount": 450}
    assert "PRODUCT_ID P1: 2 Termine liegen vor dem 01.12.2026 und wurden nicht übernommen" in out
    assert "  - Termin P1-3 (01.03.2027): neu\n  - 2 Termine liegen vor dem 01.12.2026 und wurden nicht übernommen\n" in report
    assert "Termin P1-2" not in report and "Termin P1-2" not in out
    assert "PRODUCT_ID P2 „Buchhaltung von gestern“: alle 2 Termine liegen vor dem 01.12.2026 (der letzte endete am 30.11.2026)" in out
    assert not (tree / "offers/termine/termine-p2.yaml").exists()
    undated = offer(tree, "offers/termine/termine-p3.yaml")
    assert undated["dates_on_request"] is True and "dates" not in undated  # as before: no dates is no past date
    running = offer(tree, "offers/termine/termine-p4.yaml")
    assert running["on_demand"] is True and "dates" not in running and "PRODUCT_ID P4: 1 Termin liegt vor dem 01.12.2026 und wurde nicht übernommen" in out
    # Begun but not ended, or ending on the day: still to come, as the build shows them.
    assert [d["start"] for d in offer(tree, "offers/termine/termine-p5.yaml")["dates"]] == [date(2026, 11, 16), date(2026, 11, 23)]
    assert "Zusammenfassung: 4 neu, 0 geändert, 0 unverändert, 1 übersprungen" in out
    data = json.loads((tree.parent / "berichte" / "import-openqcat-termine.json").read_text(encoding="utf-8"))
    first = next(c for c in data["kurse"] if c["id"] == "P1")
    assert [(d["id"], d["status"], d["grund"]) for d in first["termine"] if d["status"] == "übersprungen"] == [
        ("P1", "übersprungen", "liegt vor dem Stichtag 01.12.2026"),
        ("P1-2", "übersprungen", "liegt vor dem Stichtag 01.12.2026"),
    ]


def test_a_date_that_has_passed_since_the_last_import_stays_in_its_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A date imported while it was to come stays when it has passed: the page lists it among the
    past dates, and an import does not rewrite files because days went by."""
    assert run(capsys, tree, "openqcat", PAST, "--provider", "termine", "--topic", "it-digitalisierung")[0] == 0
    files = {p: p.read_bytes() for p in sorted((tree / "offers").rglob("*.yaml"))}
    code, out = run(capsys, tree, "openqcat", PAST, "--provider", "termine", "--topic", "it-digitalisierung", "--today", "2027-03-10")
    assert code == 0 and "Zusammenfassung: 0 neu, 0 geändert, 4 unverändert, 1 übersprungen" in out, out
    assert {p: p.read_bytes() for p in sorted((tree / "offers").rglob("*.yaml"))} == files
    assert "P1: 2 Termine liegen vor dem 10.03.2027" in out  # those never imported are still left out


def test_a_delta_does_not_add_a_past_date_to_its_course(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, tree, "openqcat", PAST, "--provider", "termine", "--topic", "it-digitalisierung")[0] == 0
    text = PAST.read_text(encoding="utf-8")
    late = text[text.index("<SERVICE><PRODUCT_ID>P1-2<") : text.index("<SERVICE><PRODUCT_ID>P1-3<")]
    soon = late.replace("P1-2", "P1-5").replace("2026-10-05", "2027-05-03").replace("2026-10-09", "2027-05-07")
    past = late.replace("P1-2", "P1-4").replace("2026-10-05", "2026-11-02").replace("2026-10-09", "2026-11-06")
    delta = tmp_path / "delta.xml"
    head = text[: text.index("<NEW_CATALOG>")]
    delta.write_text(head + "<UPDATE_CATALOG><NEW>" + past + soon + "</NEW></UPDATE_CATALOG></OPENQCAT>", encoding="utf-8")
    code, out = run(capsys, tree, "openqcat", delta, "--provider", "termine")
    assert code == 0, out
    assert [d["start"] for d in offer(tree, "offers/termine/termine-p1.yaml")["dates"]] == [date(2027, 3, 1), date(2027, 5, 3)]
    assert "PRODUCT_ID P1: 1 Termin liegt vor dem 01.12.2026 und wurde nicht übernommen" in out


def _service(pid: str, course: str, start: str, end: str, zip_code: str, city: str) -> str:
    kind = "true" if pid == course else "false"
    return (
        f"<SERVICE><PRODUCT_ID>{pid}</PRODUCT_ID><SERVICE_DETAILS><TITLE>Kurs {course}</TITLE><DESCRIPTION_LONG>Text.</DESCRIPTION_LONG>"
        f"<SERVICE_DATE><START_DATE>{start}</START_DATE><END_DATE>{end}</END_DATE></SERVICE_DATE>"
        f'<SERVICE_MODULE><EDUCATION type="{kind}"><COURSE_ID>{course}</COURSE_ID><EXTENDED_INFO><INSTRUCTION_FORM type="101"/></EXTENDED_INFO>'
        f"<MODULE_COURSE><LOCATION><NAME>Haus</NAME><STREET>Hauptstr. 1</STREET><ZIP>{zip_code}</ZIP><CITY>{city}</CITY></LOCATION></MODULE_COURSE>"
        "</EDUCATION></SERVICE_MODULE></SERVICE_DETAILS>"
        "<SERVICE_PRICE_DETAILS><SERVICE_PRICE><PRICE_AMOUNT>100</PRICE_AMOUNT></SERVICE_PRICE></SERVICE_PRICE_DETAILS></SERVICE>"
    )


def _delivery(path: Path, *services: str) -> Path:
    """An open-Qcat full delivery of ``services`` (``_service``), written to ``path``."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><OPENQCAT version="1.1"><HEADER><CATALOG><GENERATION_DATE>2026-11-20</GENERATION_DATE>'
        "</CATALOG></HEADER><NEW_CATALOG>" + "".join(services) + "</NEW_CATALOG></OPENQCAT>",
        encoding="utf-8",
    )
    return path


def test_a_skipped_course_lists_a_date_the_catalogue_repeats_once(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """open-Qcat courses often repeat their first date as a child SERVICE of the same days (the BA
    sample's 1297422 and 1297389). Taken, that is one date; left out – outside the regions, past,
    or without a topic – it is one line too, naming both ids."""
    services = [
        _service("R1", "R1", "2027-03-01", "2027-03-05", "55116", "Mainz"),
        _service("R1-2", "R1", "2027-03-01", "2027-03-05", "55116", "Mainz"),
        _service("R1-3", "R1", "2027-04-05", "2027-04-09", "55116", "Mainz"),
        _service("R2", "R2", "2026-10-05", "2026-10-09", "70191", "Stuttgart"),
        _service("R2-2", "R2", "2026-10-05", "2026-10-09", "70191", "Stuttgart"),
        _service("R3", "R3", "2027-03-01", "2027-03-05", "70191", "Stuttgart"),
        _service("R3-2", "R3", "2027-03-01", "2027-03-05", "70191", "Stuttgart"),
    ]
    path = _delivery(tmp_path / "wiederholt.xml", *services)
    code, out = run(capsys, tree, "openqcat", path, "--provider", "wiederholt")
    assert code == 0 and "0 neu, 0 geändert, 0 unverändert, 3 übersprungen" in out, out
    report = (tree.parent / "berichte" / "import-openqcat-wiederholt.md").read_text(encoding="utf-8")
    assert "„Kurs R1“: kein Termin übernommen: Veranstaltungsort außerhalb der Regionen" in report
    assert "\n  - Termin R1+R1-2 (01.03.2027): übersprungen\n  - Termin R1-3 (05.04.2027): übersprungen\n" in report
    assert "„Kurs R2“: der einzige Termin liegt vor dem 01.12.2026 (er endete am 09.10.2026)\n  - Termin R2+R2-2 (05.10.2026): übersprungen\n" in report
    assert "„Kurs R3“: kein Thema" in report and "\n  - Termin R3+R3-2 (01.03.2027): übersprungen\n" in report
    data = json.loads((tree.parent / "berichte" / "import-openqcat-wiederholt.json").read_text(encoding="utf-8"))
    assert [[d["id"] for d in c["termine"]] for c in data["kurse"]] == [["R1+R1-2", "R1-3"], ["R2+R2-2"], ["R3+R3-2"]]


def test_what_the_provider_can_change_to_get_a_course_or_date_taken_is_on_its_to_do_list(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A course or date left out for something the provider can change in its catalogue (a place
    without postal code, only past dates) is on its to-do list with what to change; one outside
    the guide's regions is not: nobody at the provider can change that."""
    def delivery(*services: str) -> Path:
        return _delivery(tmp_path / "aufgaben.xml", *services)

    outside = _service("F3", "F3", "2027-03-01", "2027-03-05", "55116", "Mainz")
    code, out = run(
        capsys, tree, "openqcat", delivery(
            _service("F1", "F1", "2027-03-01", "2027-03-05", "70191", "Stuttgart"),
            _service("F1-2", "F1", "2027-04-05", "2027-04-09", "", "Stuttgart"),
            _service("F2", "F2", "2026-10-05", "2026-10-09", "70191", "Stuttgart"),
            outside,
        ), "--provider", "aufgaben", "--topic", "it-digitalisierung",
    )
    assert code == 0, out
    report = (tree.parent / "berichte" / "import-openqcat-aufgaben.md").read_text(encoding="utf-8")
    part = report.split("## Für den Anbieter", 1)[1].split("## Für die Redaktion", 1)[0]
    assert (
        "- PRODUCT_ID F1 „Kurs F1“: Termin F1-2 übersprungen: Postleitzahl des Veranstaltungsorts fehlt (Haus, Hauptstr. 1,"
        " Stuttgart) – bitte die Postleitzahl des Veranstaltungsorts angeben\n" in part
    ), part
    assert (
        "- PRODUCT_ID F2 „Kurs F2“: übersprungen: der einzige Termin liegt vor dem 01.12.2026 (er endete am 09.10.2026) – bitte"
        " aktuelle Termine eintragen oder den Kurs aus dem Katalog nehmen\n" in part
    ), part
    assert "F3" not in part and "„Kurs F3“: kein Termin übernommen: Veranstaltungsort außerhalb der Regionen" in report
    data = json.loads((tree.parent / "berichte" / "import-openqcat-aufgaben.json").read_text(encoding="utf-8"))
    assert [(f["kurs"], f["termin"]) for f in data["fuer_anbieter"]] == [("F1", "F1-2"), ("F2", None)]
    # Only what the provider cannot change: nothing for it to do, and the part says why.
    code, out = run(capsys, tree, "openqcat", delivery(outside), "--provider", "aufgaben", "--topic", "it-digitalisierung")
    report = (tree.parent / "berichte" / "import-openqcat-aufgaben.md").read_text(encoding="utf-8")
    part = report.split("## Für den Anbieter", 1)[1].split("## Für die Redaktion", 1)[0]
    assert part.strip() == "Nichts zu tun: Warum 1 Kurs nicht übernommen wurde (siehe „Übersprungen“), liegt nicht am Katalog des Anbieters."


def test_a_course_series_is_no_offer_of_its_own_its_parts_are(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """open-Qcat names a series' parts with SERVICE_REFERENCE type="consists_of" ("Bestandteile":
    each a course with its own title and dates, as in the BA sample's kursSerie2378170). A series
    without dates of its own is nothing to book: not an offer "Termine auf Anfrage" beside its
    parts, and no venue to ask the provider for. A series with its own date stays a course."""
    def series(pid: str, date_part: str = "") -> str:
        refs = "".join(f'<SERVICE_REFERENCE type="consists_of"><PRODUCT_ID_REF>{p}</PRODUCT_ID_REF></SERVICE_REFERENCE>' for p in ("S1", "S2"))
        return (
            f"<SERVICE><PRODUCT_ID>{pid}</PRODUCT_ID><SERVICE_DETAILS><TITLE>Reihe {pid}</TITLE><DESCRIPTION_LONG>Zwei Teile.</DESCRIPTION_LONG>{date_part}"
            f'<SERVICE_MODULE><EDUCATION type="true"><COURSE_ID>{pid}</COURSE_ID><EXTENDED_INFO><INSTRUCTION_FORM type="101"/></EXTENDED_INFO>'
            "<MODULE_COURSE><LOCATION><NAME>Haus</NAME><STREET>Hauptstr. 1</STREET><ZIP>70191</ZIP><CITY>Stuttgart</CITY></LOCATION></MODULE_COURSE>"
            "</EDUCATION></SERVICE_MODULE></SERVICE_DETAILS>"
            f"<SERVICE_PRICE_DETAILS><SERVICE_PRICE><PRICE_AMOUNT>900</PRICE_AMOUNT></SERVICE_PRICE></SERVICE_PRICE_DETAILS>{refs}</SERVICE>"
        )

    path = _delivery(
        tmp_path / "serie.xml",
        _service("S1", "S1", "2027-03-01", "2027-03-05", "70191", "Stuttgart"),
        _service("S2", "S2", "2027-04-05", "2027-04-09", "70191", "Stuttgart"),
        series("SERIE"),
        series("PAKET", "<SERVICE_DATE><START_DATE>2027-03-01</START_DATE><END_DATE>2027-04-09</END_DATE></SERVICE_DATE>"),
    )
    code, out = run(capsys, tree, "openqcat", path, "--provider", "serie", "--topic", "it-digitalisierung")
    assert code == 0 and "Zusammenfassung: 3 neu, 0 geändert, 0 unverändert, 1 übersprungen, 1 Problem" in out, out
    assert "PRODUCT_ID SERIE „Reihe SERIE“: Kursserie ohne eigene Termine, kein eigenes Angebot: ihre Teile sind eigene Kurse (S1, S2)" in out
    assert not (tree / "offers/serie/serie-serie.yaml").exists()
    assert offer(tree, "offers/serie/serie-s1.yaml")["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5)}]
    assert offer(tree, "offers/serie/serie-paket.yaml")["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 4, 9)}]
    assert "Für den Anbieter" not in out


def test_an_id_the_delivery_names_several_times_is_one_course_said_once(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A course or date sent several times is one, its last entry holds, and the report says so
    once, with how often: not one line per repetition, and not one date with its id twice."""
    services = [
        _service("D1", "D1", "2027-03-01", "2027-03-05", "70191", "Stuttgart"),
        _service("D1-2", "D1", "2027-04-05", "2027-04-09", "70191", "Stuttgart"),
        _service("D1", "D1", "2027-03-01", "2027-03-05", "70191", "Stuttgart"),
        _service("D1-2", "D1", "2027-04-12", "2027-04-16", "70191", "Stuttgart"),
        _service("D1", "D1", "2027-03-08", "2027-03-12", "70191", "Stuttgart"),
    ]
    path = _delivery(tmp_path / "doppelt.xml", *services)
    code, out = run(capsys, tree, "openqcat", path, "--provider", "doppelt", "--topic", "it-digitalisierung")
    assert code == 0, out
    assert "\nProbleme (2):\n  Lieferung: PRODUCT_ID D1 kommt 3-mal vor; der letzte Eintrag gilt\n" in out
    assert "  Lieferung: PRODUCT_ID D1-2 kommt 2-mal vor; der letzte Eintrag gilt\n" in out
    assert out.count("offers/doppelt/doppelt-d1.yaml") == 1
    relpath = "offers/doppelt/doppelt-d1.yaml"
    assert [d["start"] for d in offer(tree, relpath)["dates"]] == [date(2027, 3, 8), date(2027, 4, 12)]
    assert "# Termine im Katalog: 2027-03-08 PRODUCT_ID D1; 2027-04-12 PRODUCT_ID D1-2\n" in (tree / relpath).read_text(encoding="utf-8")
    # Open-vhs: a guid three times.
    events = [{"guid": "G1", "name": f"Englisch {n}", "beginn_datum": "2027-03-01",
               "veranstaltungsort": {"name": "vhs", "adresse": {"strasse": "Hauptstr. 1", "plz": "70191", "ort": "Stuttgart"}}}
              for n in (1, 2, 3)]
    vhs = tmp_path / "vhs.json"
    vhs.write_text(json.dumps(events), encoding="utf-8")
    code, out = run(capsys, tree, "openvhs", vhs, "--provider", "vhs-doppelt", "--topic", "sprachen")
    assert code == 0 and out.count("kommt") == 1 and "Lieferung: guid G1 kommt 3-mal vor; der letzte Eintrag gilt" in out, out
    assert offer(tree, "offers/vhs-doppelt/vhs-doppelt-g1.yaml")["title"] == "Englisch 3"


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        ({}, "kein Veranstaltungsort angegeben (Straße, PLZ und Ort fehlen)"),
        ({"street": "Königstr. 1", "city": "Stuttgart"}, "Postleitzahl des Veranstaltungsorts fehlt (Königstr. 1, Stuttgart)"),
        ({"postal_code": "7017", "street": "Königstr. 1", "city": "Stuttgart"}, "Postleitzahl „7017“ des Veranstaltungsorts hat nicht fünf Ziffern"),
        ({"postal_code": "70173", "city": "Stuttgart"}, "Anschrift des Veranstaltungsorts unvollständig (70173 Stuttgart: Straße fehlt)"),
        ({"postal_code": "70173"}, "Anschrift des Veranstaltungsorts unvollständig (70173: Straße und Ort fehlen)"),
    ],
)
def test_a_place_that_is_none_says_what_is_missing(place: dict[str, str], reason: str) -> None:
    from site_builder import records
    from site_builder.importers.codelists import CodeLists
    from site_builder.importers.common import Mapper

    site = records.Site.model_validate(yaml.safe_load((FIXTURES / "import-site" / "site.yaml").read_text(encoding="utf-8")))
    assert Mapper(site, CodeLists(), None).location(place, online=False) == (None, reason)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2027-02-28T23:00:00Z", date(2027, 3, 1)),  # winter: CET is UTC+1
        ("2027-06-30T22:00:00Z", date(2027, 7, 1)),  # summer: CEST is UTC+2
        ("2027-02-28T23:00:00.000+0000", date(2027, 3, 1)),
        ("2027-03-01T00:00:00+01:00", date(2027, 3, 1)),
        ("2027-03-01T09:00:00", date(2027, 3, 1)),  # no offset: as written
        ("2027-03-01", date(2027, 3, 1)),
        ("01.03.2027", date(2027, 3, 1)),
        ("2027-02-30T23:00:00Z", None),
    ],
)
def test_a_moment_is_the_day_it_is_in_the_guides_zone(raw: str, day: date | None) -> None:
    assert parse_date(raw, ZoneInfo("Europe/Berlin")) == day


@pytest.mark.parametrize(
    ("raw", "postal"),
    [("70173", "70173"), ("70 173", "70173"), ("D-70173", "70173"), ("D 70173", "70173"), ("DE-70173", "70173"), ("de70173", "70173"), ("A-6020", "A-6020"), ("CH-8000", "CH-8000")],
)
def test_postal_codes_with_a_country_mark(raw: str, postal: str) -> None:
    assert german_postal_code(raw) == postal


@pytest.mark.parametrize(("country", "german"), [("DE", True), ("D", True), ("deu", True), ("Deutschland", True), ("FR", False), ("Österreich", False), ("CH", False)])
def test_which_countries_are_germany(country: str, german: bool) -> None:
    assert is_germany(country) is german


@pytest.mark.parametrize(
    ("raw", "markdown"),
    [
        ("Kurs&nbsp;f&uuml;r Einsteiger &amp; Profis", "Kurs für Einsteiger & Profis"),
        ("&lt;p&gt;Eins&lt;/p&gt;&lt;p&gt;Zwei&lt;/p&gt;", "Eins\n\nZwei"),
        ("Text &lt;br&gt; mehr", "Text\n\nmehr"),
        ("AT&T und A & B", "AT&T und A & B"),
    ],
)
def test_entities_and_escaped_html_in_catalogue_text(raw: str, markdown: str) -> None:
    assert prose.markdown(prose.blocks(raw)) == markdown


# --- Spreadsheets -------------------------------------------------------------------------------


def test_a_sheet_with_merged_cells_serial_dates_and_marked_postal_codes(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As providers keep their sheet: Kurs-Nr., Titel and Preis merged over a course's rows, a
    date cell without date format (Excel shows 46447), a time as a fraction of a day, and
    postal codes written "D-70173" or "70 173"."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Termine"
    sheet.append(["Kurs-Nr.", "Titel", "Beschreibung", "Thema", "Beginn", "Ende", "Uhrzeit", "Straße", "PLZ", "Ort", "Preis (€)"])
    sheet.append(["K1", "Excel kompakt", "Tabellen.", "IT", 46447, 46449, 0.375, "Königstraße 1", "D-70173", "Stuttgart", "1.290,00 €"])
    sheet.append([None, None, None, None, "15.04.2027", None, "9-16 Uhr", "Königstraße 1", "70 173", "Stuttgart", None])
    sheet.append([None] * 11)
    sheet.append(["K2", "Word kompakt", "Texte.", "IT", "46447,75", "", "", "Königstraße 1", 70173, "Stuttgart", 490])
    for columns in ("A2:A3", "B2:B3", "D2:D3", "K2:K3"):
        sheet.merge_cells(columns)
    path = tmp_path / "kurse.xlsx"
    book.save(path)
    code, out = run(capsys, tree, "tabelle", path, "--provider", "klein")
    assert code == 0, out
    excel = offer(tree, "offers/klein/klein-k1.yaml")
    assert excel["dates"] == [
        {"start": date(2027, 3, 1), "end": date(2027, 3, 3), "time": "09:00"},
        {"start": date(2027, 4, 15), "time": "09:00-16:00"},
    ]
    assert excel["location"]["postal_code"] == "70173"
    assert excel["price"] == {"amount": 1290}
    assert offer(tree, "offers/klein/klein-k2.yaml")["dates"] == [{"start": date(2027, 3, 1), "time": "18:00"}]


# --- BA course search and Open-vhs as JSON converters write them --------------------------------


def test_ba_search_json_with_text_for_numbers_and_flags_and_single_objects(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A saved or converted answer writes ids and flags as text ("2", "true"), milliseconds as
    text, one contact or certifier as an object instead of a list, an address "(at)" as web
    pages write it against spam; and a run abroad."""
    address = {"strasse": "Königstraße 10", "ortStrasse": {"plz": "70173", "name": "Stuttgart", "land": {"laenderCode": "D"}}}
    offer_ = {
        "id": 99, "titel": "SAP Grundlagen", "inhalt": "SAP lernen.",
        "bildungsanbieter": {"name": "SAP Schule GmbH", "id": 5}, "zertifizierer": {"name": "Cert GmbH"},
        "systematiken": {"codeNr": "C 2285-10", "kurzbezeichnung": "Software"},
    }
    answer = {"_embedded": {"termine": [
        {
            "id": 1, "beginn": "1803855600000", "kostenWert": "1290.0", "unterrichtszeit": {"id": "2"}, "berufsbegleitend": "false",
            "unterrichtsform": {"id": "101"}, "individuellerEinstieg": "true", "adresse": address,
            "ansprechpartner": {"vorname": "Eva", "nachname": "Muster", "email": "eva(at)example.org"}, "angebot": offer_,
        },
        {
            "id": 2, "beginn": "2027-03-01", "kostenWert": "1290.0", "unterrichtsform": {"id": 101}, "angebot": offer_,
            "adresse": {"strasse": "Hauptstr. 1", "ortStrasse": {"plz": "6020", "name": "Innsbruck", "land": {"laenderCode": "A"}}},
        },
    ]}}
    path = tmp_path / "antwort.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    code, out = run(capsys, tree, "bawbsuche", path)
    assert code == 0, out
    data = offer(tree, "offers/sap-schule-gmbh/sap-schule-gmbh-99.yaml")
    assert data["dates"] == [{"start": date(2027, 3, 1), "mode": "teilzeit"}]
    assert data["on_demand"] is True
    assert data["contact"] == {"name": "Eva Muster", "email": "eva@example.org"}
    assert "Angebot 99, Termin 2: Veranstaltungsort im Ausland (A: 6020 Innsbruck)" in out
    provider = yaml.safe_load((tree / "content/providers/sap-schule-gmbh.yaml").read_text(encoding="utf-8"))
    assert provider["certifications"] == ["AZAV (zertifiziert durch Cert GmbH)"]


def test_open_vhs_json_with_booleans_as_xs_boolean(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event = {
        "guid": 4711, "name": "Englisch A1", "dvv_kategorie": {"@version": "2.0", "#text": "4.05"}, "beginn_datum": "2027-02-03",
        "text": {"eigenschaft": "beschreibung", "text": "Wir lernen Englisch."},
        "veranstaltungsort": {"name": "VHS", "adresse": {"land": "Deutschland", "plz": "D-70173", "ort": "Stuttgart", "strasse": "Rotebühlplatz 28"}},
        "preis": {"betrag": "85,00", "rabatt_moeglich": "1"},
    }
    path = tmp_path / "vhs.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    code, out = run(capsys, tree, "openvhs", path, "--provider", "vhs-test")
    assert code == 0, out
    data = offer(tree, "offers/vhs-test/vhs-test-4711.yaml")
    assert data["price"] == {"amount": 85, "note": "Ermäßigung möglich"}
    assert data["location"]["postal_code"] == "70173"


# --- What stands before the first element ---------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        b"<?xml version='1.0' encoding='UTF8'?>",  # a name the XML reader does not know
        b'\r\n  <?xml version="1.0" encoding="UTF-8"?>',  # a script's stray newline before the declaration
        b'\xef\xbb\xbf\n<?xml version="1.0" encoding="utf-8"?>',
    ],
)
def test_declarations_as_exporters_write_them(head: bytes) -> None:
    root, notes = xmlsafe.parse(head + "<OPENQCAT><X>Prüfung – „gut“ €</X></OPENQCAT>".encode())
    assert (xmlsafe.text(root, "X"), notes) == ("Prüfung – „gut“ €", [])


@pytest.mark.parametrize("name", ["latin1", "cp1252", "ISO8859-15"])
def test_single_byte_encodings_under_other_names(name: str) -> None:
    codec = "iso-8859-15" if "15" in name else "cp1252"
    raw = f"<?xml version='1.0' encoding='{name}'?><OPENQCAT><X>Prüfung €</X></OPENQCAT>".encode(codec)
    assert xmlsafe.text(xmlsafe.parse(raw)[0], "X") == "Prüfung €"


@pytest.mark.parametrize("name", ["ISO-8859-15", "ISO-8859-1", "windows-1252"])
def test_utf8_bytes_under_a_single_byte_declaration_are_read_as_utf8(name: str) -> None:
    """A UTF-8 export under the Latin declaration its template had: read as UTF-8 and said so,
    not imported as "PrÌfung" (ü read in ISO-8859-15) with every offer "geändert"."""
    raw = f"<?xml version='1.0' encoding='{name}'?><OPENQCAT><X>Prüfung – „Maß“ €</X></OPENQCAT>".encode()
    root, notes = xmlsafe.parse(raw)
    assert xmlsafe.text(root, "X") == "Prüfung – „Maß“ €"
    assert notes == [f"die Datei gibt die Kodierung {name.upper()} an, ist aber in UTF-8 gespeichert; als UTF-8 gelesen"]
    # Plain ASCII under the same declaration is simply that encoding, and no note.
    assert xmlsafe.parse(f"<?xml version='1.0' encoding='{name}'?><OPENQCAT><X>Kurs</X></OPENQCAT>".encode())[1] == []


@pytest.mark.parametrize("declared", ["UTF-16", "UTF-8"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_utf16_byte_order_mark_outweighs_the_declaration(declared: str, codec: str) -> None:
    """Windows editors save "Unicode" as UTF-16 with a byte order mark and keep the declaration."""
    text = f"<?xml version='1.0' encoding='{declared}'?><OPENQCAT><X>Prüfung €</X></OPENQCAT>"
    raw = text.encode(codec) if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)
    root, notes = xmlsafe.parse(raw)
    assert (xmlsafe.text(root, "X"), notes) == ("Prüfung €", [])


def test_open_vhs_sessions_as_date_times_keep_their_time(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An exporter that writes each session's beginn_datum (and ende_datum) as a date-time, without
    beginn_uhrzeit: the time of day comes from it, in the guide's zone where an offset is given."""
    place = {"name": "VHS", "adresse": {"plz": "70173", "ort": "Stuttgart", "strasse": "Rotebühlplatz 28"}}
    common = {"text": {"eigenschaft": "beschreibung", "text": "Wir lernen."}, "veranstaltungsort": place, "preis": {"betrag": "85"}}
    events = [
        {
            "guid": "T1", "name": "Englisch A1", **common,
            "termin": [
                {"beginn_datum": "2027-03-02T18:30:00", "ende_datum": "2027-03-02T21:00:00"},
                {"beginn_datum": "2027-03-09T17:30:00Z", "ende_datum": "2027-03-09T20:00:00+00:00"},
            ],
        },
        # Only the begin as a date-time; midnight (here in UTC: the German day) is a date, not a time.
        {"guid": "T2", "name": "Französisch A1", **common, "termin": [{"beginn_datum": "2027-03-03T18:30:00+01:00"}]},
        {"guid": "T3", "name": "Spanisch A1", **common, "termin": [{"beginn_datum": "2027-03-03T23:00:00Z"}]},
        # No sessions: the course's own date-times.
        {"guid": "T4", "name": "Italienisch A1", **common, "beginn_datum": "2027-03-01T08:00:00Z", "ende_datum": "2027-03-05T15:00:00Z"},
    ]
    path = tmp_path / "vhs.json"
    path.write_text(json.dumps(events), encoding="utf-8")
    code, out = run(capsys, tree, "openvhs", path, "--provider", "vhs-test", "--topic", "sprachen")
    assert code == 0, out
    first = offer(tree, "offers/vhs-test/vhs-test-t1.yaml")["dates"][0]
    assert (first["start"], first["end"], first["time"]) == (date(2027, 3, 2), date(2027, 3, 9), "18:30-21:00")
    assert offer(tree, "offers/vhs-test/vhs-test-t2.yaml")["dates"][0]["time"] == "18:30"
    assert offer(tree, "offers/vhs-test/vhs-test-t3.yaml")["dates"] == [{"start": date(2027, 3, 4)}]
    assert offer(tree, "offers/vhs-test/vhs-test-t4.yaml")["dates"] == [{"start": date(2027, 3, 1), "end": date(2027, 3, 5), "time": "09:00-16:00"}]


# --- The report as a provider's staff reads it ----------------------------------------------------


def test_findings_write_days_and_the_catalogues_words_the_german_way() -> None:
    course = Course("K", "Kurs")
    assert checked_end(date(2027, 3, 10), date(2027, 3, 1), course, "K-1") is None
    assert checked_deadline(date(2027, 3, 10), date(2027, 3, 12), course, "K-1") is None
    assert checked_deadline(date(2027, 3, 10), date(2027, 3, 10), course, "K-1") == date(2027, 3, 10)
    price_of("0.0", "Inklusive Schulungsunterlagen", "EUR", course)
    price_of("neunzig", "", "EUR", course)
    assert [f.text for f in course.findings] == [
        "Termin K-1: Ende 01.03.2027 liegt vor dem Beginn 10.03.2027; Ende weggelassen",
        "Termin K-1: Anmeldeschluss 12.03.2027 liegt nach dem Beginn 10.03.2027; weggelassen",
        "Preis 0 ohne das Wort „kostenfrei“ (Bemerkung: „Inklusive Schulungsunterlagen“); als „Preis auf Anfrage“ übernommen"
        " – bitte den Preis nennen oder „kostenfrei“ dazuschreiben",
        "Preis „neunzig“ ist kein Betrag; als „Preis auf Anfrage“ übernommen",
    ]
