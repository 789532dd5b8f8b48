"""Catalog import (python build.py import): the shared samples mapped field by field, re-import,
editor fields, retired offers, refused imports, encodings and hostile XML, and the build."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.cli import main
from site_builder.importers import prose, xmlsafe
from site_builder.importers.common import usual_case
from site_builder.pipeline import build

from .conftest import FIXTURES, SHARED

QCAT = SHARED / "formats" / "openqcat" / "openq_beispiel_differenzlieferung.xml"
VHS = SHARED / "formats" / "openvhs" / "openvhs-1.2.xml"
VHS_JSON = SHARED / "formats" / "openvhs" / "vhs-opendata-sample-course.json"
CODELISTS = SHARED / "formats" / "openqcat" / "wertebereiche"
# The guide's day: before the first date of the BA sample (29.05.2006), as on the day it was
# delivered, so its courses are taken with their dates (dates that ended before it are not).
TODAY = "2006-05-01"
ON_REQUEST_UNTIL = date(2006, 10, 30)  # TODAY + 182 days: how long "Termine auf Anfrage" is shown
EDU = "SERVICE_DETAILS/SERVICE_MODULE/EDUCATION"
REGIONS = {"12": "berlin", "59": "soest", "36": "fulda", "55": "mainz", "88": "ravensburg"}


def sample(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"Musterdatei fehlt: {path} (liegt in ../shared neben dem Repository)")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(FIXTURES / "import-site", tmp_path / "src"))


def run(
    capsys: pytest.CaptureFixture[str], fmt: str, file: Path, tree: Path, *extra: str, provider: str = ""
) -> tuple[int, str, str]:
    provider = provider or ("bsp-akademie" if fmt == "openqcat" else "vhs-fulda")
    reports = ["--report-dir", str(tree.parent / "berichte")]
    code = main(["import", fmt, str(file), "--provider", provider, "--source", str(tree), "--today", TODAY, *reports, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def offer(tree: Path, relpath: str) -> dict[str, Any]:
    data = yaml.safe_load((tree / relpath).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def text_of(markdown: str) -> str:
    """Markdown as plain text, to find the catalog's words in it."""
    return " ".join(re.sub(r"\\(.)", r"\1", markdown).split())


def xtext(element: ET.Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def iso(value: str) -> str:
    return value.strip()[:10]


def add_regions(tree: Path, **regions: list[str]) -> None:
    """More regions for a test: declared in the taxonomies and in site.yaml's postal codes."""
    site = yaml.safe_load((tree / "site.yaml").read_text(encoding="utf-8"))
    taxonomies = yaml.safe_load((tree / "content" / "taxonomies.yaml").read_text(encoding="utf-8"))
    for region, patterns in regions.items():
        site["postal_codes"][region] = patterns
        taxonomies["regions"].append({"id": region, "label": region.title()})
    (tree / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tree / "content" / "taxonomies.yaml").write_text(
        yaml.safe_dump(taxonomies, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def edit_site(tree: Path, change: Any) -> None:
    site = yaml.safe_load((tree / "site.yaml").read_text(encoding="utf-8"))
    change(site)
    (tree / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")


def qcat_variant(tmp_path: Path, change: Any, name: str = "variant.xml") -> Path:
    """The BA sample changed as text and saved again in its own ISO-8859-15."""
    text = sample(QCAT).read_bytes().decode("iso-8859-15")
    path = tmp_path / name
    path.write_bytes(change(text).encode("iso-8859-15"))
    return path


def service_block(text: str, pid: str) -> tuple[int, int]:
    """Where the SERVICE with this PRODUCT_ID stands in the file's text."""
    at = text.index(f"<PRODUCT_ID>{pid}</PRODUCT_ID>")
    start = text.rindex("<SERVICE", 0, at)
    return start, text.index("</SERVICE>", at) + len("</SERVICE>")


# --- open-Qcat: the BA's sample delivery -------------------------------------------------------


def test_openqcat_sample_maps_every_field(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "openqcat", sample(QCAT), tree)
    assert code == 0, out
    assert "Zusammenfassung: 44 neu, 0 geändert, 0 unverändert, 6 übersprungen, " in out
    root = ET.parse(QCAT).getroot()
    services = root.findall("UPDATE_CATALOG/NEW/SERVICE")
    generated = iso(xtext(root, "HEADER/CATALOG/GENERATION_DATE"))
    written = sorted((tree / "offers" / "bsp-akademie").glob("*.yaml"))
    assert len(written) == 44
    for path in written:
        data = offer(tree, path.relative_to(tree).as_posix())
        first = path.read_text(encoding="utf-8").splitlines()[0]
        pid = re.search(r"\(PRODUCT_ID (.+?)\)", first)[1]  # type: ignore[index]
        assert first.startswith(f"# Importiert aus open-Qcat (PRODUCT_ID {pid}) am {TODAY}; Felder aus dem Katalog")
        assert path.stem == "bsp-akademie-" + pid.lower()
        course = next(s for s in services if xtext(s, "PRODUCT_ID") == pid)
        runs = [course] + [
            s for s in services if s.find(EDU).get("type") == "false" and xtext(s, f"{EDU}/COURSE_ID") == pid
        ]
        details = course.find("SERVICE_DETAILS")
        assert data["title"] == xtext(details, "TITLE")
        assert data["provider"] == "bsp-akademie"
        assert str(data["updated"]) == generated
        description = text_of(data["description"])
        for line in (details.findtext("DESCRIPTION_LONG") or "").splitlines():
            words = " ".join(re.sub(r"^\s*(\d+[.)]|[*#!]+)", "", line).split())
            assert words in description, (pid, words)
        assert 0 < len(data["summary"]) <= 300
        if xtext(details, "REQUIREMENTS"):
            first = (details.findtext("REQUIREMENTS") or "").strip().splitlines()[0].lstrip("*")
            assert first[:30] in text_of(data["prerequisites"])
        location = next(
            loc for s in runs for loc in s.findall(f"{EDU}/MODULE_COURSE/LOCATION") if len(xtext(loc, "ZIP")) == 5
        )
        assert data["location"] == {
            "name": ", ".join(filter(None, (xtext(location, n) for n in ("NAME", "NAME2", "NAME3")))),
            "street": usual_case(xtext(location, "STREET")),
            "postal_code": xtext(location, "ZIP"),
            "city": usual_case(xtext(location, "CITY")),  # "NEUHAUSEN" -> "Neuhausen"
            "region": REGIONS[xtext(location, "ZIP")[:2]],
        }
        assert data["format"] == "praesenz"  # the sample uses the old codes 1, 2, 3 and 6: all on site
        expected_dates = set()
        for service in runs:
            start, end = (
                iso(xtext(service, "SERVICE_DETAILS/SERVICE_DATE/START_DATE")),
                iso(xtext(service, "SERVICE_DETAILS/SERVICE_DATE/END_DATE")),
            )
            if start:
                expected_dates.add((start, end if end > start else None))
        found = {(str(d["start"]), str(d["end"]) if "end" in d else None) for d in data.get("dates", [])}
        assert found == expected_dates
        assert data.get("dates_on_request", False) == (not expected_dates and not data.get("on_demand"))
        prices = [float(xtext(s, "SERVICE_PRICE_DETAILS/SERVICE_PRICE/PRICE_AMOUNT") or 0) for s in runs]
        own = prices[0]
        if any(p > 0 for p in prices):
            assert data["price"]["amount"] == (own if own > 0 else min(p for p in prices if p > 0))
        else:  # every 0.0 of the sample says "Lehrgangsgebühr: auf Anfrage": never shown as free
            assert data["price"] == {"on_request": True}
        degree = course.find(f"{EDU}/DEGREE")
        for part in (xtext(degree, "DEGREE_TITLE"), (degree.find("DEGREE_EXAM").get("type") or "").strip()):
            if part:
                assert part[:40] in data["certificate"]
        remarks = xtext(course, f"{EDU}/MODULE_COURSE/DURATION/DATE_REMARKS")
        if remarks:
            assert data["duration"]["text"] == remarks
            lessons = re.search(r"(\d+) UStd", remarks)
            assert data["duration"].get("hours") == (int(lessons[1]) if lessons else None)
    english = offer(tree, "offers/bsp-akademie/bsp-akademie-1297422.yaml")
    assert english["topics"] == ["sprachen"]
    assert english["contact"] == {"name": "Eugen Riske", "email": "testmail@risk.net", "phone": "+49 999 3770"}
    assert english["price"] == {"amount": 99990, "note": "Test Anfrage"}
    assert {
        "start": date(2006, 11, 29),
        "end": date(2006, 12, 28),
        "time": "08:00-15:00",
        "schedule": "zum Beginntermin",
        "mode": "vollzeit",
    } in english["dates"]
    assert {"start": date(2006, 6, 30), "end": date(2006, 7, 27), "time": "08:00-15:00", "schedule": "08.00 - 15.00 Uhr",
            "mode": "vollzeit", "price": {"on_request": True}} in english["dates"]
    assert offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983705.yaml")["topics"] == ["gesundheit-pflege"]
    assert (
        offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983705.yaml")["price"]["note"]
        == "Zzgl. Prüfungsgebühr EUR 150,-"
    )
    provider = offer(tree, "content/providers/bsp-akademie.yaml")
    assert provider["name"] == "nichts"  # the sample's SUPPLIER_NAME, kept as delivered
    # ... and named to the editors: it looks like a placeholder.
    assert ("content/providers/bsp-akademie.yaml: der Katalog nennt als Namen des Anbieters „nichts“ – das sieht nach einem "
            "Platzhalter aus; bitte den richtigen Namen eintragen") in out
    assert provider["address"]["region"] == "berlin" and provider["phone"] == "+49 222 2222"


def test_openqcat_skips_are_listed_with_reasons(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "openqcat", sample(QCAT), tree)
    assert (
        "PRODUCT_ID kursSerie2378170 „Der Name der Serie“: Kursserie ohne eigene Termine, kein eigenes Angebot: ihre Teile sind"
        " eigene Kurse (vg4983694, vg4983703, vg4983701, vg4983705, uu_vg4983705)" in out
    )
    assert "PRODUCT_ID 1297391: keine Termine und kein laufender Einstieg; als „Termine auf Anfrage“ übernommen" in out
    excel = offer(tree, "offers/bsp-akademie/bsp-akademie-1297417.yaml")  # "Lehrgangsgebühr: auf Anfrage"
    assert excel["price"] == {"on_request": True}
    pc = offer(tree, "offers/bsp-akademie/bsp-akademie-1297391.yaml")
    assert pc["dates_on_request"] is True and pc["expires"] == ON_REQUEST_UNTIL and "dates" not in pc
    assert not (tree / "offers" / "bsp-akademie" / "bsp-akademie-kursserie2378170.yaml").exists()


def test_reimport_writes_nothing_and_says_unchanged(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "openqcat", sample(QCAT), tree)[0] == 0
    assert run(capsys, "openvhs", sample(VHS), tree)[0] == 0
    before = snapshot(tree)
    code, out, _ = run(capsys, "openqcat", QCAT, tree, "--today", "2006-05-24")  # weeks later
    assert code == 0
    assert "Zusammenfassung: 0 neu, 0 geändert, 44 unverändert, 6 übersprungen, " in out
    code, out, _ = run(capsys, "openvhs", VHS, tree)
    assert "Zusammenfassung: 0 neu, 0 geändert, 2 unverändert, 4 übersprungen, " in out
    assert snapshot(tree) == before


def test_editor_fields_survive_and_catalog_fields_come_back(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "openqcat", sample(QCAT), tree)
    path = tree / "offers" / "bsp-akademie" / "bsp-akademie-vg4983703.yaml"
    text = path.read_text(encoding="utf-8")
    head = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    data = yaml.safe_load(text)
    data.update(topics=["allgemein", "sprachen"], audiences=["beschaeftigte"], tags=["Feldenkrais"])
    data.update(summary_easy="Ein Kurs über Bewegung.", title="Von Hand geändert")
    path.write_text(head + yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")  # sorted keys, like a tool would
    code, out, _ = run(capsys, "openqcat", QCAT, tree)
    assert code == 0
    assert "Zusammenfassung: 0 neu, 1 geändert, 43 unverändert" in out
    data = offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983703.yaml")
    assert data["topics"] == ["allgemein", "sprachen"]
    assert data["audiences"] == ["beschaeftigte"]
    # The editor struck out the catalogue's search word and added one: both stay so (the header
    # records what the catalogue sent).
    assert data["tags"] == ["Feldenkrais"]
    assert data["summary_easy"] == "Ein Kurs über Bewegung."
    assert data["title"].startswith("Funktionelle Bewegungslehre Klein-Vogelbach")
    assert list(data)[:3] == ["title", "provider", "summary"]  # written back in the contract's order
    # The title an editor changed is overwritten (the catalogue sends it), and the report says so.
    assert "PRODUCT_ID vg4983703: von Hand geändert und vom Katalog überschrieben: title (Katalogfelder bitte" in out
    assert out.count("von Hand geändert") == 1
    _, out, _ = run(capsys, "openqcat", QCAT, tree)
    assert "0 geändert, 44 unverändert" in out
    # A catalogue field the catalogue does not name, added by hand, is removed: said too.
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "prerequisites: Erfahrung in der Physiotherapie\n", encoding="utf-8")
    _, out, _ = run(capsys, "openqcat", QCAT, tree)
    assert "PRODUCT_ID vg4983703: von Hand geändert und vom Katalog überschrieben: prerequisites" in out
    assert "prerequisites" not in offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983703.yaml")


def test_delta_deletions_are_reported_and_retired(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "openqcat", sample(QCAT), tree)

    def delete_one_and_leave_one_out(text: str) -> str:
        start, end = service_block(text, "vg4983705")
        text = text[:start] + text[end:]
        # Missing from a delta: not gone, only not sent (a course, and one with its two dates).
        for pid in ("vg4983703", "1297400", "1297401", "1297402"):
            start, end = service_block(text, pid)
            text = text[:start] + text[end:]
        # ... one of whose dates is deleted by its own id, and an id nothing came from.
        deleted = "".join(f"<SERVICE><PRODUCT_ID>{pid}</PRODUCT_ID></SERVICE>" for pid in ("vg4983705", "1297402", "vg4983704-T2"))
        return text.replace("<DELETE>", "<DELETE>" + deleted)

    english = tree / "offers" / "bsp-akademie" / "bsp-akademie-1297400.yaml"
    assert "# Termine im Katalog: 2006-06-01 PRODUCT_ID 1297402; 2006-11-01 PRODUCT_ID 1297401\n" in english.read_text(encoding="utf-8")
    delta = qcat_variant(tmp_path, delete_one_and_leave_one_out)
    code, out, _ = run(capsys, "openqcat", delta, tree)
    assert code == 0
    assert (
        "PRODUCT_ID vg4983705: offers/bsp-akademie/bsp-akademie-vg4983705.yaml: noch veröffentlicht; mit --retire ausmustern"
        in out
    )
    assert "vg4983703:" not in out.split("Nicht mehr im Katalog")[1]
    assert "Lieferung: Termine vg4983706 gehören zu Kurs vg4983705, den sie löscht; nicht übernommen" in out
    # The deleted date leaves its offer; the id that named nothing is nothing to report.
    assert [d["start"] for d in offer(tree, "offers/bsp-akademie/bsp-akademie-1297400.yaml")["dates"]] == [date(2006, 11, 1)]
    assert "# Termine im Katalog: 2006-11-01 PRODUCT_ID 1297401\n" in english.read_text(encoding="utf-8")
    assert "vg4983704-T2" not in out
    # A file imported before the dates' ids were recorded: an unknown id may be one of its dates.
    legacy = tree / "offers" / "bsp-akademie" / "bsp-akademie-1297398.yaml"
    legacy.write_text(re.sub(r"^# Termine im Katalog: .*\n", "", legacy.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    code, out, _ = run(capsys, "openqcat", delta, tree)
    assert "Lieferung: DELETE nennt vg4983704-T2, keinen Kurs mit eigener Angebotsdatei – ist es ein Termin" in out
    # not retired without --retire: expires is still the day after its ANNOUNCEMENT ends (22 November 2007)
    assert offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983705.yaml")["expires"] == date(2007, 11, 23)
    code, out, _ = run(capsys, "openqcat", delta, tree, "--retire")
    assert "1 nicht mehr im Katalog (1 ausgemustert)" in out
    assert offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983705.yaml")["expires"] == date.fromisoformat(TODAY)


def test_a_delta_changes_single_dates_and_keeps_the_dates_it_does_not_send(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """open-Qcat's dates are SERVICEs of their own: a delta may send a changed date without its
    course (it replaces the date of the same id), or a changed course without its dates (they
    stay). Before, the first was dropped with a note and the second lost every date."""
    run(capsys, "openqcat", sample(QCAT), tree)
    path = tree / "offers" / "bsp-akademie" / "bsp-akademie-1297400.yaml"
    assert [d["start"] for d in offer(tree, "offers/bsp-akademie/bsp-akademie-1297400.yaml")["dates"]] == [date(2006, 6, 1), date(2006, 11, 1)]

    def only(pids: tuple[str, ...], change: Any = lambda block: block) -> Any:
        def delta(text: str) -> str:
            head, body = text.split("<NEW>", 1)
            blocks = [change(body[slice(*service_block(body, pid))]) for pid in pids]
            return head + "<NEW>" + "".join(blocks) + "</NEW></UPDATE_CATALOG></OPENQCAT>"
        return delta

    # The first date moves by a week, sent without its course.
    moved = qcat_variant(tmp_path, only(("1297402",), lambda block: block.replace("2006-06-01T", "2006-06-08T")), "termin.xml")
    code, out, _ = run(capsys, "openqcat", moved, tree)
    # taken over (elements without a field are named as ever: "nicht übernommen (kein Feld …")
    assert code == 0 and not [line for line in out.splitlines() if "nicht übernommen" in line and "nicht übernommen (" not in line]
    assert "Zusammenfassung: 0 neu, 1 geändert" in out
    english = offer(tree, "offers/bsp-akademie/bsp-akademie-1297400.yaml")
    assert [d["start"] for d in english["dates"]] == [date(2006, 6, 8), date(2006, 11, 1)]
    assert english["title"] == "Wirtschaftsenglisch Aufbaukurs"
    assert "# Termine im Katalog: 2006-06-08 PRODUCT_ID 1297402; 2006-11-01 PRODUCT_ID 1297401\n" in path.read_text(encoding="utf-8")
    unchanged = snapshot(tree)
    assert "Zusammenfassung: 0 neu, 0 geändert, 1 unverändert" in run(capsys, "openqcat", moved, tree)[1]
    assert snapshot(tree) == unchanged

    # The course alone, with a new title: its dates stay.
    renamed = qcat_variant(tmp_path, only(("1297400",), lambda block: block.replace("Wirtschaftsenglisch Aufbaukurs", "Business English")), "kurs.xml")
    code, out, _ = run(capsys, "openqcat", renamed, tree)
    assert code == 0
    english = offer(tree, "offers/bsp-akademie/bsp-akademie-1297400.yaml")
    assert english["title"] == "Business English" and [d["start"] for d in english["dates"]] == [date(2006, 6, 8), date(2006, 11, 1)]
    assert "dates_on_request" not in english
    assert "keine Termine" not in out, "the report told the provider its course had no dates"

    # A date of a course the guide does not hold: said once, nothing written.
    before = snapshot(tree)
    stray = qcat_variant(tmp_path, only(("1297402",), lambda block: block.replace("<COURSE_ID>1297400<", "<COURSE_ID>999<")), "fremd.xml")
    code, out, _ = run(capsys, "openqcat", stray, tree)
    assert "Lieferung: Termine 1297402 gehören zu Kurs 999, der weder in dieser Lieferung noch im Weiterbildungsfinder steht" in out
    assert snapshot(tree) == before


def test_the_last_date_deleted_shows_dates_on_request_for_a_while_and_a_date_sent_undoes_it(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "openqcat", sample(QCAT), tree)
    relpath = "offers/bsp-akademie/bsp-akademie-1297400.yaml"

    def delta(deleted: tuple[str, ...], sent: tuple[str, ...]) -> Any:
        def change(text: str) -> str:
            head, body = text.split("<NEW>", 1)
            blocks = "".join(body[slice(*service_block(body, pid))] for pid in sent)
            gone = "".join(f"<SERVICE><PRODUCT_ID>{pid}</PRODUCT_ID></SERVICE>" for pid in deleted)
            head = re.sub(r"<DELETE>.*?</DELETE>", f"<DELETE>{gone}</DELETE>", head, flags=re.S)
            return head + "<NEW>" + blocks + "</NEW></UPDATE_CATALOG></OPENQCAT>"
        return change

    run(capsys, "openqcat", qcat_variant(tmp_path, delta(("1297401", "1297402"), ()), "weg.xml"), tree)
    english = offer(tree, relpath)
    assert "dates" not in english and english["dates_on_request"] is True and english["expires"] == ON_REQUEST_UNTIL
    assert f"# Termine auf Anfrage: expires vom Import gesetzt ({ON_REQUEST_UNTIL})." in (tree / relpath).read_text(encoding="utf-8")
    run(capsys, "openqcat", qcat_variant(tmp_path, delta((), ("1297401",)), "wieder.xml"), tree)
    english = offer(tree, relpath)
    assert [d["start"] for d in english["dates"]] == [date(2006, 11, 1)]
    assert "expires" not in english and "dates_on_request" not in english


def test_a_course_deleted_and_sent_anew_in_a_delta_has_only_the_dates_sent(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample deletes 1297422 and sends it again with two dates: a third date an earlier
    delivery had is gone with it (a course only sent keeps the dates it does not send)."""

    def with_a_third_date(text: str) -> str:
        start, end = service_block(text, "1297390")
        third = text[start:end].replace("<PRODUCT_ID>1297390<", "<PRODUCT_ID>1297390-3<").replace("2006-", "2008-")
        return text[:end] + third + text[end:]

    run(capsys, "openqcat", qcat_variant(tmp_path, with_a_third_date, "vorher.xml"), tree)
    dates = offer(tree, "offers/bsp-akademie/bsp-akademie-1297422.yaml")["dates"]
    assert len(dates) == 3 and str(dates[-1]["start"]).startswith("2008-")
    run(capsys, "openqcat", sample(QCAT), tree)
    assert [str(d["start"])[:4] for d in offer(tree, "offers/bsp-akademie/bsp-akademie-1297422.yaml")["dates"]] == ["2006", "2006"]


def test_a_start_any_time_keeps_its_weekly_time_in_the_description(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A course with FLEXIBLE_START and no dates has no date to carry 'jeden Dienstag
    18:00-21:00 Uhr': it was lost; the description now says it under "Zeiten"."""

    def any_time(text: str) -> str:
        start, end = service_block(text, "1297391")
        block = text[start:end].replace(
            "<FLEXIBLE_START>false</FLEXIBLE_START>",
            "<FLEXIBLE_START>true</FLEXIBLE_START><INSTRUCTION_REMARKS>jeden Dienstag 18:00-21:00 Uhr</INSTRUCTION_REMARKS>",
        )
        return text[:start] + block + text[end:]

    code, _, _ = run(capsys, "openqcat", qcat_variant(tmp_path, any_time), tree)
    pc = offer(tree, "offers/bsp-akademie/bsp-akademie-1297391.yaml")
    assert code == 0 and pc["on_demand"] is True and "dates" not in pc and "dates_on_request" not in pc
    assert pc["description"].endswith("## Zeiten\n\njeden Dienstag 18:00-21:00 Uhr")


def as_full_catalog(text: str) -> str:
    """The delta sample as a full delivery (NEW_CATALOG): same courses, no DELETE."""
    text = re.sub(r"<DELETE>.*?</DELETE>", "", text, flags=re.S)
    text = re.sub(r"<UPDATE_CATALOG[^>]*>", "<NEW_CATALOG>", text).replace("</UPDATE_CATALOG>", "</NEW_CATALOG>")
    return text.replace("<NEW>", "").replace("</NEW>", "")


def test_full_open_qcat_delivery_reports_what_it_no_longer_holds(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = qcat_variant(tmp_path, as_full_catalog, "voll.xml")
    code, out, _ = run(capsys, "openqcat", full, tree)
    assert code == 0 and "(vollständige Lieferung vom 30.01.2007)" in out and "44 neu" in out

    def without_one(text: str) -> str:
        start, end = service_block(text, "vg4983703")
        return as_full_catalog(text[:start] + text[end:])

    code, out, _ = run(capsys, "openqcat", qcat_variant(tmp_path, without_one, "kleiner.xml"), tree)
    assert "PRODUCT_ID vg4983703: offers/bsp-akademie/bsp-akademie-vg4983703.yaml: noch veröffentlicht" in out
    assert re.search(r"0 neu, 0 geändert, 43 unverändert, 6 übersprungen, \d+ Probleme, 1 nicht mehr im Katalog \(0 ausgemustert\)", out)
    assert "Termine vg4983704 gehören zu Kurs vg4983703, der nicht in dieser Lieferung steht" in out


def test_full_export_retires_courses_that_left_and_revives_them(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "openvhs", sample(VHS), tree)
    text = VHS.read_text(encoding="utf-8")
    start = text.index("<veranstaltung>\n    <guid>0EAFAD5E")
    shorter = tmp_path / "ohne-englisch.xml"
    shorter.write_text(
        text[:start] + text[text.index("</veranstaltung>", start) + len("</veranstaltung>") :], encoding="utf-8"
    )
    relpath = "offers/vhs-fulda/vhs-fulda-0eafad5e-cf35-4d98-93cc-9808de0fdc5b.yaml"
    before = (tree / relpath).read_bytes()
    code, out, _ = run(capsys, "openvhs", shorter, tree)
    assert code == 0 and f"guid 0EAFAD5E-CF35-4D98-93CC-9808DE0FDC5B: {relpath}: noch veröffentlicht" in out
    assert (tree / relpath).read_bytes() == before
    code, out, _ = run(capsys, "openvhs", shorter, tree, "--retire")
    assert f"ausgemustert: expires {TODAY}" in out
    retired = (tree / relpath).read_text(encoding="utf-8")
    assert f"# Nicht mehr im Katalog seit {TODAY}" in retired and offer(tree, relpath)["expires"] == date.fromisoformat(TODAY)
    _, out, _ = run(capsys, "openvhs", shorter, tree, "--retire")
    assert f"bereits abgelaufen (expires {TODAY})" in out
    _, out, _ = run(capsys, "openvhs", VHS, tree)
    assert "1 geändert" in out and "expires" not in offer(tree, relpath)


# --- Open-vhs ---------------------------------------------------------------------------------


def test_openvhs_sample_maps_every_field(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "openvhs", sample(VHS), tree)
    assert code == 0
    assert "Zusammenfassung: 2 neu, 0 geändert, 0 unverändert, 4 übersprungen, 7 Probleme" in out  # the elements without a field
    root = ET.parse(VHS).getroot()
    for event in root.findall("veranstaltung"):
        guid = xtext(event, "guid")
        path = tree / "offers" / "vhs-fulda" / f"vhs-fulda-{guid.lower()}.yaml"
        place = event.find("veranstaltungsort")
        if xtext(place, "adresse/plz")[:2] not in ("12", "36"):
            assert not path.exists()
            assert (
                f"guid {guid} „{xtext(event, 'name')}“: Veranstaltungsort außerhalb der Regionen ({xtext(place, 'adresse/plz')} "
                f"{xtext(place, 'adresse/ort')} passt zu keinem Eintrag unter postal_codes)" in out
            )
            continue
        data = offer(tree, path.relative_to(tree).as_posix())
        assert data["title"] == xtext(event, "name")
        assert str(data["updated"]) == iso(xtext(root, "export/erstellungszeitpunkt"))
        for part in event.findall("text"):
            for line in (part.findtext("text") or "").splitlines():
                assert " ".join(line.split()) in text_of(data["description"])
        assert data["location"] == {
            "name": xtext(place, "name"),
            "street": xtext(place, "adresse/strasse"),
            "postal_code": xtext(place, "adresse/plz"),
            "city": xtext(place, "adresse/ort"),
            "region": REGIONS[xtext(place, "adresse/plz")[:2]],
        }
        (when,) = data["dates"]
        assert str(when["start"]) == xtext(event, "beginn_datum") and str(when["end"]) == xtext(event, "ende_datum")
        sessions = event.findall("termin")
        assert when["schedule"].startswith(f"{len(sessions)} Termine: ")
        first = sessions[0]
        assert when["time"] == f"{xtext(first, 'beginn_uhrzeit')[:5]}-{xtext(first, 'ende_uhrzeit')[:5]}"
        seats = int(xtext(event, "maximale_teilnehmerzahl")) - int(xtext(event, "aktuelle_teilnehmerzahl"))
        assert when["seats_available"] == seats
        assert data["duration"] == {
            "hours": float(xtext(event, "dauer")),
            "text": f"{xtext(event, 'anzahl_termine')} Termine",
        }
        assert data["price"]["amount"] == float(xtext(event, "preis/betrag"))
        for extra in event.findall("preis/zusatz"):
            assert xtext(extra, ".") in data["price"]["note"]
        assert data["url"] == next(xtext(w, "uri") for w in event.findall("webadresse") if xtext(w, "typ") == "website")
        assert data["topics"] == (["it-digitalisierung"] if xtext(event, "dvv_kategorie") == "5.01" else ["sprachen"])
    windows = offer(tree, "offers/vhs-fulda/vhs-fulda-0f48f5a8-c22c-4aff-b891-77095cd84029.yaml")
    assert windows["format"] == "online" and windows["level"] == "einstieg"
    assert windows["certificate"] == "Prüfung X-pert CMS Online Designer Modul IIIa- CMS Joomla"
    assert windows["price"]["note"] == "zzgl. ca. 5 € für Unterrichtsmaterial; zweite Anmerkung; Ermäßigung möglich"
    assert "Lehrer/innen, Erzieher/innen, Betreuer/innen" in windows["description"]
    # its merkmale said yes, as lines; langsames_lerntempo is false: nothing to say
    assert windows["description"].endswith(
        "## Barrierefreiheit\n\nBarrierefreies Lernen\n\n## Besonderheiten\n\nMit Online-Prüfung\n\n"
        "Mit der vhs.cloud, der Lernplattform der Volkshochschulen\n\n## Teilnehmerzahl\n\nMindestens 6, höchstens 12 Teilnehmende"
    )
    english = offer(tree, "offers/vhs-fulda/vhs-fulda-0eafad5e-cf35-4d98-93cc-9808de0fdc5b.yaml")
    assert english["format"] == "praesenz" and english["level"] == "aufbau"
    assert english["dates"][0]["time"] == "13:00-16:15"  # 13:00:00+02:00 in April is 13:00 in Berlin
    assert offer(tree, "content/providers/vhs-fulda.yaml")["name"] == "vhs Landkreis Fulda"


def test_openvhs_in_its_json_form_from_berlins_open_data(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The course record of the Berlin vhs open data (Open-vhs converted to JSON: numbers and
    booleans as strings, an address per session under ortetermine) is read as the XML is."""
    import json

    code, out, _ = run(capsys, "openvhs", sample(VHS_JSON), tree, provider="vhs-mitte")
    assert code == 0 and "Zusammenfassung: 1 neu, 0 geändert, 0 unverändert, 0 übersprungen, 15 Probleme" in out
    record = json.loads(VHS_JSON.read_text(encoding="utf-8"))
    # its schlagwort: words ("Fitnessgymnastik") become search words, a programme area in capitals does not
    assert offer(tree, f"offers/vhs-mitte/vhs-mitte-{record['guid']}.yaml")["tags"] == ["Fitnessgymnastik", "Fragen auf Englisch"]
    assert "Schlagwort GESUNDHEIT (1 Kurs): sieht aus wie ein Code" in out
    # Its anzahl_termine (26) is not the number of its sessions (13 of 90 minutes: 26 teaching
    # units); the page would say "26 Termine" above a schedule of 13. The listed ones count.
    listed = len(record["ortetermine"]["termin"])
    assert record["anzahl_termine"] != str(listed)
    assert (f"guid {record['guid']}: anzahl_termine {record['anzahl_termine']} passt nicht zu den {listed} aufgeführten "
            f"Terminen (termin); übernommen: {listed} Termine") in out
    data = offer(tree, f"offers/vhs-mitte/vhs-mitte-{record['guid']}.yaml")
    assert data["title"] == record["name"]
    address = record["ortetermine"]["adresse"][0]
    assert data["location"] == {
        "name": address["lehrstaette"], "street": address["strasse"], "postal_code": address["plz"], "city": address["ort"],
        "region": "berlin",
        "accessibility": {"wheelchair": True},  # behindertenzugang "true"
    }
    assert address["behindertenzugang"] == "true"
    sessions = record["ortetermine"]["termin"]
    (when,) = data["dates"]
    assert str(when["start"]) == record["beginn_datum"] and str(when["end"]) == record["ende_datum"]
    assert when["time"] == f"{sessions[0]['beginn_uhrzeit']}-{sessions[0]['ende_uhrzeit']}"
    assert when["schedule"].startswith(f"{len(sessions)} Termine: ")
    assert when["seats_available"] == int(record["maximale_teilnehmerzahl"]) - int(record["aktuelle_teilnehmerzahl"])
    assert data["price"] == {"amount": float(record["preis"]["betrag"]), "note": f"{record['preis']['zusatz']}; Ermäßigung möglich"}
    assert data["url"] == record["webadresse"]["uri"]
    assert data["duration"] == {"text": f"{listed} Termine"}
    for paragraph in record["text"][0]["text"].split("\r\n"):
        assert " ".join(paragraph.split()) in text_of(data["description"])


def test_openvhs_json_export_with_sessions_at_several_places(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A whole export in JSON (export header, a list of courses, real numbers and booleans):
    the place of most sessions is taken first and the others are its further places; a registration link stands
    in for a missing web address; what is no course is named and passed over."""
    code, out, _ = run(capsys, "openvhs", FIXTURES / "catalogs" / "openvhs-export.json", tree, provider="vhs-teststadt")
    assert code == 0 and "Zusammenfassung: 2 neu, 0 geändert, 0 unverändert, 0 übersprungen, 6 Probleme" in out
    assert (
        "Lieferung: guid JS-100: Termine an 2 Orten; der erste Ort ist der der meisten Termine (Bildungshaus Mitte, "
        "Rotebühlplatz 1, 70173 Stuttgart), weitere Orte: Außenstelle Vaihingen, Schulstraße 5, 70563 Stuttgart"
    ) in out
    assert "Lieferung: Eintrag 3 der Liste ist keine Veranstaltung (kein Objekt); übergangen" in out
    assert "guid JS-200: Preis fehlt; als „Preis auf Anfrage“ übernommen" in out
    excel = offer(tree, "offers/vhs-teststadt/vhs-teststadt-js-100.yaml")
    assert excel["location"]["street"] == "Rotebühlplatz 1" and excel["location"]["region"] == "stuttgart"
    assert excel["dates"] == [{
        "start": date(2027, 1, 12), "end": date(2027, 1, 26), "time": "18:00-21:00",
        "schedule": "3 Termine: 12.01., 19.01., 26.01.",
        # the other place of its sessions: a further place of the same date
        "also_at": [{"name": "Außenstelle Vaihingen", "street": "Schulstraße 5", "postal_code": "70563", "city": "Stuttgart", "region": "stuttgart"}],
        "seats_available": 8,
    }]
    assert excel["price"] == {"amount": 96.5, "note": "Ermäßigung möglich"}
    assert excel["url"] == "https://vhs-teststadt.example.org/kurse/js-100"
    assert excel["duration"] == {"hours": 9, "text": "3 Termine"}
    assert str(excel["updated"]) == "2026-11-20"
    english = offer(tree, "offers/vhs-teststadt/vhs-teststadt-js-200.yaml")
    assert english["dates"] == [{"start": date(2027, 2, 1), "time": "09:00-12:15"}]
    assert english["topics"] == ["sprachen"]
    assert offer(tree, "content/providers/vhs-teststadt.yaml")["name"] == "vhs Teststadt am Neckar"


def test_json_that_is_no_open_vhs_is_refused_in_one_line(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(tree)
    broken = tmp_path / "kaputt.json"
    broken.write_text('{"veranstaltung": [ {"guid": "1",', encoding="utf-8")
    code, _, err = run(capsys, "openvhs", broken, tree)
    assert code == 1 and "keine lesbare Open-vhs-JSON-Datei: JSON-Syntaxfehler in Zeile 1" in err
    other = tmp_path / "anderes.json"
    other.write_text('{"kurse": 3}', encoding="utf-8")
    code, _, err = run(capsys, "openvhs", other, tree)
    assert code == 1 and "keine Open-vhs-Daten: erwartet wird eine Veranstaltung" in err
    code, _, err = run(capsys, "openqcat", other, tree)
    assert code == 1 and "die Datei ist JSON; open-Qcat-Lieferungen sind XML-Dateien" in err
    assert snapshot(tree) == before  # nothing written


def test_openvhs_edge_cases_of_the_sample(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, mainz=["55"], ravensburg=["88"])
    code, out, _ = run(capsys, "openvhs", sample(VHS), tree)
    assert code == 0
    assert "Zusammenfassung: 6 neu, 0 geändert, 0 unverändert, 0 übersprungen, " in out
    assert "guid T58129: Preis fehlt; als „Preis auf Anfrage“ übernommen" in out
    assert offer(tree, "offers/vhs-fulda/vhs-fulda-t58129.yaml")["price"] == {"on_request": True}
    b2 = offer(tree, "offers/vhs-fulda/vhs-fulda-73bf32ec-27c2-4f42-8497-8d7d9b1f84cb.yaml")
    assert b2["dates"] == [{"start": date(2021, 2, 6), "schedule": "Freitag"}]  # ende_datum lay before beginn_datum
    assert (
        "guid 73BF32EC-27C2-4F42-8497-8D7D9B1F84CB: ende_datum 31.01.2021 liegt vor beginn_datum 06.02.2021; Ende weggelassen"
        in out
    )
    a1 = offer(tree, "offers/vhs-fulda/vhs-fulda-b54b99c6-793c-4a82-a688-c8ecba0d4e2b.yaml")
    # betrag 0 without a word that says free: on request, never "kostenfrei"
    assert a1["price"] == {"on_request": True} and a1["level"] == "einstieg"  # the same nummer T58130, its own guid
    assert "guid B54B99C6-793C-4A82-A688-C8ECBA0D4E2B: Preis 0 ohne das Wort „kostenfrei“" in out
    ravensburg = offer(tree, "offers/vhs-fulda/vhs-fulda-8f088b29-5c97-4f85-80d1-fbeba25b450f.yaml")
    assert ravensburg["description"].startswith("Bildungsurlaub (2 Wochen halbtags)")
    assert ravensburg["dates"][0]["schedule"] == "Montag, Dienstag, Mittwoch"
    assert ravensburg["certificate"] == "telc Arabisch B1" and ravensburg["level"] == "aufbau"


# --- Codes, funding, languages, encodings -------------------------------------------------------


def test_funding_languages_and_unmapped_codes(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def enrich(text: str) -> str:
        start, end = service_block(text, "vg4983705")
        block = (
            text[start:end]
            .replace(
                "<EDUCATION_TYPE",
                '<FUNDING_TYPES_FEDERAL type="2"/><FUNDING_TYPES_FEDERAL type="13"/><FUNDING_TYPES_REGIONAL type="53"/>'
                "<TEACHING_LANGUAGES>deu</TEACHING_LANGUAGES><TEACHING_LANGUAGES>eng</TEACHING_LANGUAGES>"
                "<TEACHING_LANGUAGES>dgs</TEACHING_LANGUAGES><EDUCATION_TYPE",
                1,
            )
            .replace("<CREDITS/>", "<CREDITS/><REGISTRATION_DATE>2007-11-01T00:00:00+01:00</REGISTRATION_DATE>", 1)
        )
        block = block.replace("<FLEXIBLE_START>false</FLEXIBLE_START>", "<FLEXIBLE_START>true</FLEXIBLE_START>", 1)
        return text[:start] + block + text[end:]

    code, out, _ = run(capsys, "openqcat", qcat_variant(tmp_path, enrich), tree)
    assert code == 0
    data = offer(tree, "offers/bsp-akademie/bsp-akademie-vg4983705.yaml")
    assert data["funding"] == ["bildungsgutschein", "bildungszeit-bw"]
    assert data["languages"] == ["de", "en"]
    assert data["on_demand"] is True
    assert data["dates"][0]["registration_deadline"] == date(2007, 11, 1)
    assert (
        "Förderart (Bund) 13 „Förderung von Menschen mit gesundheitlicher Beeinträchtigung“ (1 Kurs): in site.yaml unter import.funding_federal zuordnen"
        in out
    )
    assert "Unterrichtssprache dgs „Deutsche Gebärdensprache (DGS)“ (1 Kurs)" in out
    assert "Für die Redaktion (" in out


def test_a_programme_the_file_leaves_out_is_not_taken_from_the_catalogue(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The provider is recognised for Bildungszeit and an editor left the course out of it
    (excluded_funding, the editors' field); the catalogue now names Bildungszeit for the course.
    The import neither overrides the editor nor fails as a whole: it leaves the programme out of
    funding and tells the editors."""
    assert run(capsys, "openqcat", sample(QCAT), tree)[0] == 0
    provider = tree / "content" / "providers" / "bsp-akademie.yaml"
    provider.write_text(provider.read_text(encoding="utf-8") + "recognitions:\n  - funding: bildungszeit-bw\n", encoding="utf-8")
    relpath = "offers/bsp-akademie/bsp-akademie-vg4983705.yaml"
    path = tree / relpath
    path.write_text(path.read_text(encoding="utf-8") + "excluded_funding: [bildungszeit-bw]\n", encoding="utf-8")

    def funded(text: str) -> str:
        start, end = service_block(text, "vg4983705")
        block = text[start:end].replace(
            "<EDUCATION_TYPE", '<FUNDING_TYPES_FEDERAL type="2"/><FUNDING_TYPES_REGIONAL type="53"/><EDUCATION_TYPE', 1
        )
        return text[:start] + block + text[end:]

    code, out, err = run(capsys, "openqcat", qcat_variant(tmp_path, funded), tree)
    assert code == 0, err
    data = offer(tree, relpath)
    assert data["funding"] == ["bildungsgutschein"] and data["excluded_funding"] == ["bildungszeit-bw"]
    assert (
        "Förderprogramm bildungszeit-bw aus dem Katalog nicht übernommen: die Datei nimmt es unter excluded_funding aus"
        in out
    )


def test_codelists_folder_names_codes_by_the_official_lists(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not CODELISTS.is_dir():
        pytest.skip(f"Wertebereiche fehlen: {CODELISTS}")
    edit_site(tree, lambda site: site["import"]["funding_regional"].pop("53"))

    def regional(text: str) -> str:
        start, end = service_block(text, "vg4983705")
        return (
            text[:start]
            + text[start:end].replace("<EDUCATION_TYPE", '<FUNDING_TYPES_REGIONAL type="53"/><EDUCATION_TYPE', 1)
            + text[end:]
        )

    code, out, _ = run(capsys, "openqcat", qcat_variant(tmp_path, regional), tree, "--codelists", str(CODELISTS))
    assert code == 0
    assert "Wertebereiche gelesen: unterrichtsform.dat, foerderartenbund.dat, foerderartenland.dat" in out
    assert "Förderart (Land) 53 „Bildungszeit (Baden-Württemberg)“" in out


def test_topic_fallback_and_courses_without_topic(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_site(tree, lambda site: site["import"].update(topics=[]))
    code, out, _ = run(capsys, "openvhs", sample(VHS), tree)
    assert code == 0 and "0 neu" in out
    assert "kein Thema: keine Regel unter import.topics passt (5.01 DVV-Programmbereich Arbeit – Beruf)" in out
    code, out, _ = run(capsys, "openvhs", VHS, tree, "--topic", "allgemein")
    assert "2 neu" in out
    assert (
        "Klassifikation 4.06 „DVV-Programmbereich Sprachen“ (1 Kurs): keine Regel unter import.topics; Thema aus --topic (allgemein)"
        in out
    )
    assert offer(tree, "offers/vhs-fulda/vhs-fulda-0eafad5e-cf35-4d98-93cc-9808de0fdc5b.yaml")["topics"] == [
        "allgemein"
    ]


def test_iso_8859_15_umlauts_and_euro_survive(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def euro(text: str) -> str:
        return text.replace("Feldenkrais-Methode", "Feldenkrais-Methode für 130 € - äöüß ÄÖÜ", 1)

    variant = qcat_variant(tmp_path, euro)
    raw = variant.read_bytes()
    assert b'encoding="iso-8859-15"' in raw[:60] and b"\xa4" in raw  # € is 0xA4 in ISO-8859-15, ¤ in Latin-1
    code, out, _ = run(capsys, "openqcat", variant, tree)
    assert code == 0
    text = (tree / "offers" / "bsp-akademie" / "bsp-akademie-vg4983689.yaml").read_text(encoding="utf-8")
    assert "für 130 € - äöüß ÄÖÜ" in text and "¤" not in text
    assert "Thaimassage - Einführungskurs" in (
        tree / "offers" / "bsp-akademie" / "bsp-akademie-vg4983696.yaml"
    ).read_text(encoding="utf-8")


def test_latin1_bytes_under_a_utf8_declaration_are_read_leniently(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "falsch-deklariert.xml"
    wrong.write_bytes(sample(VHS).read_text(encoding="utf-8").encode("cp1252"))
    code, out, _ = run(capsys, "openvhs", wrong, tree)
    assert code == 0
    assert "Lieferung: die Datei ist nicht in der angegebenen Kodierung gespeichert; als Windows-1252 gelesen" in out
    assert "Brüder-Grimm-Str. 5" in (
        tree / "offers" / "vhs-fulda" / "vhs-fulda-0f48f5a8-c22c-4aff-b891-77095cd84029.yaml"
    ).read_text(encoding="utf-8")


def test_windows_1252_under_an_iso_8859_1_declaration_is_read_as_browsers_read_it() -> None:
    """Windows exporters declare ISO-8859-1 over Windows-1252 bytes: €, – and „ “ lie in
    0x80-0x9F, control characters in ISO-8859-1. A BOM before Latin-1 bytes declared UTF-8
    is read leniently like the same bytes without it."""
    declared = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<k><t>Kurs „Präsenz“ – 450 €</t></k>'
    root, notes = xmlsafe.parse(declared.encode("cp1252"))
    assert root.findtext("t") == "Kurs „Präsenz“ – 450 €" and notes == []
    root, _ = xmlsafe.parse('<?xml version="1.0" encoding="ISO-8859-1"?><k><t>Präsenz ¤ ×</t></k>'.encode("latin-1"))
    assert root.findtext("t") == "Präsenz ¤ ×"
    root, notes = xmlsafe.parse(b"\xef\xbb\xbf" + '<?xml version="1.0" encoding="UTF-8"?><k><t>Präsenz</t></k>'.encode("latin-1"))
    assert root.findtext("t") == "Präsenz" and notes == ["die Datei ist nicht in der angegebenen Kodierung gespeichert; als Windows-1252 gelesen"]


def test_dates_and_times_said_only_in_words_are_taken_from_them() -> None:
    """A run without START_DATE whose remarks name the days ("Termine: 12.04.2027, 19.04.2027,
    26.04.2027 jeweils 17-20 Uhr") is a date from the first to the last, with that time and
    the words as its schedule; before, it was dropped and the offer read "Termine auf Anfrage"."""
    from xml.etree.ElementTree import fromstring

    from site_builder.importers.common import Course, clock_range, days_in_text
    from site_builder.importers.openqcat import _run_date, _run_extras

    remark = "Termine: 12.04.2027, 19.04.2027, 26.04.2027 jeweils 17-20 Uhr"
    run = fromstring(f"<SERVICE><SERVICE_DETAILS><SERVICE_DATE><DATE_REMARKS>{remark}</DATE_REMARKS></SERVICE_DATE></SERVICE_DETAILS></SERVICE>")
    course = Course("A950", "Schweißkurs")
    entry = _run_date(run, "A950", course) or {}
    entry |= _run_extras(run, "A950", course, entry["start"])
    assert entry == {"start": date(2027, 4, 12), "end": date(2027, 4, 26), "time": "17:00-20:00", "schedule": remark}
    assert days_in_text("am 31.02.2027 oder 1.3.2027") == [date(2027, 3, 1)]
    assert [clock_range(t) for t in ("von 9 bis 16 Uhr", "8.00 - 16.00 Uhr", "10.09. - 19.09.2007", "Raum 12-14")] == ["09:00-16:00", "08:00-16:00", None, None]


def test_open_vhs_sessions_with_different_times_keep_them() -> None:
    """Saturday 10-17, Sunday 10-14: no one time holds both, so the schedule names them."""
    from site_builder.importers.openvhs import _schedule

    sessions = [(date(2027, 4, 10), "10:00", "17:00"), (date(2027, 4, 11), "10:00", "14:00")]
    assert _schedule(sessions, [], timed=True) == "2 Termine: Sa 10.04. 10:00–17:00, So 11.04. 10:00–14:00"
    assert _schedule(sessions, []) == "2 Termine: 10.04., 11.04."


def test_mojibake_is_repaired() -> None:
    assert xmlsafe.repair("Werkstatt fÃ¼r behinderte Menschen") == "Werkstatt für behinderte Menschen"
    assert xmlsafe.repair("Förderung â€žFachkurseâ€œ") == "Förderung „Fachkurse“"
    assert xmlsafe.repair("Straße 5") == "Straße 5"
    # German letters before quotes or a non-breaking space are text, not a UTF-8 sequence.
    assert xmlsafe.repair("Kurs „Maß“, „Öl“ und „GRÜß“") == "Kurs „Maß“, „Öl“ und „GRÜß“"
    assert xmlsafe.repair("Gruß\u00a0Team, Maß\u00bb") == "Gruß\u00a0Team, Maß\u00bb"
    # A repaired letter before a real quote: each sequence is as long as its lead says.
    assert xmlsafe.repair("„PrÃ¼fungsvorbereitung“, ÐšÑƒÑ€") == "„Prüfungsvorbereitung“, Кур"


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE v [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE v [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
    ids=["external-entity", "entity-expansion"],
)
def test_hostile_xml_is_refused(doctype: str, tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sample(VHS).read_text(encoding="utf-8")
    entity = "&xxe;" if "xxe" in doctype else "&b;"
    text = text.replace("?>", "?>\n" + doctype, 1).replace(
        "Windows und Internet - Basiswissen Teil 1]]>", f"]]>{entity}", 1
    )
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(text, encoding="utf-8")
    before = snapshot(tree)
    code, out, err = run(capsys, "openvhs", hostile, tree)
    assert code == 1
    assert "Entitäten" in err and "Nichts geschrieben." in err
    assert "root:" not in out + err
    assert snapshot(tree) == before


# --- Refused imports, usage, dry run ------------------------------------------------------------


def test_broken_funding_table_writes_nothing(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_site(tree, lambda site: site["import"]["funding_federal"].update({"2": "bildungsgutschien"}))
    before = snapshot(tree)
    code, _, err = run(capsys, "openqcat", sample(QCAT), tree)
    assert code == 1
    assert "Import abgebrochen: site.yaml oder content/taxonomies.yaml ist fehlerhaft" in err
    assert (
        "import.funding_federal.2: unbekanntes Förderprogramm 'bildungsgutschien'" in err
        and "meinten Sie 'bildungsgutschein'?" in err
    )
    assert snapshot(tree) == before


def test_invalid_result_names_the_course_and_writes_nothing(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_site(tree, lambda site: site["import"].update(topics=[]))
    before = snapshot(tree)
    code, out, err = run(capsys, "openvhs", sample(VHS), tree, "--topic", "gibts-nicht")
    assert code == 1 and out == ""
    assert "Import abgebrochen: der Import ergäbe ungültige Dateien (Open-vhs); es wurde nichts geschrieben" in err
    assert (
        "guid 0F48F5A8-C22C-4AFF-B891-77095CD84029: offers/vhs-fulda/vhs-fulda-0f48f5a8-c22c-4aff-b891-77095cd84029.yaml"
        in err
    )
    assert "topics[0]: unbekanntes Thema 'gibts-nicht'" in err
    assert snapshot(tree) == before


def test_dry_run_and_usage_errors(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(tree)
    code, out, _ = run(capsys, "openvhs", sample(VHS), tree, "--dry-run")
    assert code == 0 and "2 neu" in out and "Probelauf (--dry-run): nichts geschrieben." in out
    assert snapshot(tree) == before
    assert run(capsys, "openvhs", tmp_path / "fehlt.xml", tree)[0] == 2
    # Without --provider: the provider the file names ("ersteller"), here a new one.
    reports = ["--report-dir", str(tree.parent / "berichte")]
    assert main(["import", "openvhs", str(sample(VHS)), "--source", str(tree), "--today", TODAY, "--dry-run", *reports]) == 0
    assert "Anbieter aus der Datei: „vhs Landkreis Fulda“ ist noch nicht eingetragen und wird vhs-landkreis-fulda" in capsys.readouterr().out
    assert snapshot(tree) == before
    assert main(["import", "openvhs", str(VHS), "--provider", "Nicht Gültig", "--source", str(tree)]) == 2
    capsys.readouterr()
    code, _, err = run(capsys, "openqcat", VHS, tree)
    assert code == 1 and "keine open-Qcat-Datei" in err


def test_editor_keeps_a_price_the_catalog_does_not_name(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_regions(tree, mainz=["55"])
    relpath = "offers/vhs-fulda/vhs-fulda-t58129.yaml"
    (tree / "offers" / "vhs-fulda").mkdir(parents=True)
    (tree / relpath).write_text(
        "title: Arabisch A2\nprice:\n  amount: 120\n  note: beim Anbieter erfragt\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "openvhs", sample(VHS), tree)
    assert code == 0 and "kein Preis" not in out
    assert f"Geändert (1):\n  {relpath}  ← guid T58129" in out
    data = offer(tree, relpath)
    assert (
        data["price"] == {"amount": 120, "note": "beim Anbieter erfragt"}
        and data["title"] == "Arabisch für Anfänger (A2)"
    )


# --- Text conversion ----------------------------------------------------------------------------


def test_html_and_kursnet_text_become_clean_markdown() -> None:
    html = '<p>Hallo <b>Welt </b>&amp; <a href="https://x.example/a">mehr</a></p><ul><li>eins<ul><li>zwei</li></ul></li></ul><script>alert(1)</script><h2>Kopf</h2>'
    assert (
        prose.markdown(prose.blocks(html))
        == "Hallo **Welt** & [mehr](https://x.example/a)\n\n- eins\n    - zwei\n\n## Kopf"
    )
    plain = "!Überschrift\nLehrer*innen und Schüler*innen\n1. Erstens:\n*a\n*b\n2. Zweitens\n# Nummer"
    assert prose.markdown(prose.blocks(plain)) == (
        "## Überschrift\n\nLehrer\\*innen und Schüler\\*innen\n\n1. Erstens:\n    - a\n    - b\n2. Zweitens\n1. Nummer"
    )
    assert prose.summary(prose.blocks(plain)) == "Lehrer*innen und Schüler*innen · Erstens: a · b · Zweitens · Nummer"
    # Lines with a few inline tags, as vhs and KURSNET texts often are: the lines still count.
    mixed = "<b>Kursinhalt:</b>\n- Schweißnähte\n- Prüfung\n\nBitte mitbringen: <i>Arbeitsschuhe</i>"
    assert prose.markdown(prose.blocks(mixed)) == "**Kursinhalt:**\n\n- Schweißnähte\n- Prüfung\n\nBitte mitbringen: *Arbeitsschuhe*"
    assert prose.summary(prose.blocks(mixed)) == "Kursinhalt: Schweißnähte · Prüfung · Bitte mitbringen: Arbeitsschuhe"


# --- The imported tree builds -------------------------------------------------------------------


def test_imported_tree_builds(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "openqcat", sample(QCAT), tree)[0] == 0
    assert run(capsys, "openvhs", sample(VHS), tree)[0] == 0
    out = tmp_path / "site"
    build(tree, out, today=date(2026, 12, 1))
    assert (out / "anbieter" / "bsp-akademie" / "index.html").is_file()
    assert (out / "anbieter" / "vhs-fulda" / "index.html").is_file()
    # On a day when the sample's dates were ahead, the imported offers are published with pages.
    then = tmp_path / "site-2007"
    build(tree, then, today=date(2007, 6, 1), search_index=False)
    page = (then / "angebote" / "bsp-akademie-vg4983703" / "index.html").read_text(encoding="utf-8")
    assert "Funktionelle Bewegungslehre Klein-Vogelbach" in page and "220" in page


@pytest.mark.parametrize("encoding", ["utf-7", "klingon", "UTF-32", "x-mac-roman"])
def test_import_refuses_unknown_or_dangerous_encodings(encoding: str, tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # UTF-7 hides markup in plain ASCII; an unknown name made the XML reader raise LookupError.
    catalog = tmp_path / "katalog.xml"
    catalog.write_bytes(f'<?xml version="1.0" encoding="{encoding}"?>\n<OPENQCAT>+ADw-script+AD4-</OPENQCAT>\n'.encode())
    code, out, err = run(capsys, "openqcat", catalog, tree, "--dry-run")
    assert code == 1 and "Traceback" not in out + err
    assert f"die XML-Datei gibt die Kodierung '{encoding.lower()}' an; gelesen werden UTF-8" in out + err


def test_import_never_writes_through_a_folder_that_links_out_of_the_tree(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "draussen"
    outside.mkdir()
    (tree / "offers").mkdir(exist_ok=True)
    (tree / "offers" / "bsp-akademie").symlink_to(outside, target_is_directory=True)
    code, out, err = run(capsys, "openqcat", sample(QCAT), tree)
    assert code == 1
    assert "der Import würde außerhalb des Inhaltsverzeichnisses schreiben" in out + err
    assert "offers/bsp-akademie: Ordner liegt über einen symbolischen Link außerhalb" in out + err
    assert list(outside.iterdir()) == []


def test_a_provider_name_that_is_a_placeholder_is_told_to_the_editors() -> None:
    from site_builder.german import placeholder_name

    for name in ("nichts", "Leer leer", "TEST", "xxx", "n/a", "-", "keine Angabe", "Musteranbieter", " nichts "):
        assert placeholder_name(name), name
    for name in ("Testo-Akademie", "Testzentrum Süd", "VHS Esslingen", "ABC Bildung", "Nichtschwimmerkurse e.V."):
        assert not placeholder_name(name), name


def test_codes_without_a_topic_rule_come_as_rules_to_paste(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The report lists each classification code no rule under import.topics gives a topic;
    it also writes them as rules for site.yaml, one per first level of the classification
    ("C  852-05" → "C 852"), with what the codes are called. Pasted with a topic written in,
    the next import finds a rule for every code."""
    site = tree / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace('      codes: ["C 740", "C 741", "C 742", "C 752", "C 771", "C 322"]', '      codes: ["C 740"]'), encoding="utf-8")
    code, out, _ = run(capsys, "openqcat", sample(QCAT), tree, "--topic", "allgemein", "--dry-run")
    assert code == 0, out
    missing = re.findall(r"Klassifikation (.+?) „[^“]*“ \(\d+ Kurse?\): keine Regel unter import\.topics", out)
    assert missing and any(m.startswith("C 741") or m.startswith("C  741") for m in missing), out
    report = (tree.parent / "berichte" / "import-openqcat-bsp-akademie.md").read_text(encoding="utf-8")
    block = report.split("```yaml\n", 1)[1].split("```", 1)[0]
    rules = yaml.safe_load(block)["import"]["topics"]
    assert all(rule["topic"] == "THEMA" and len(rule["codes"]) == 1 for rule in rules)
    groups = [rule["codes"][0] for rule in rules]
    assert "C 741" in groups and len(groups) == len(set(groups))
    assert all(any(" ".join(m.split()).startswith(g) for g in groups) for m in missing)
    assert "„Mobilisationstechniken in der Physiotherapie“" in block.split('codes: ["C 741"]')[0].rsplit("- topic:", 1)[1]
    # Written in and pasted under import.topics (the last key of this site.yaml): nothing is left.
    pasted = block.split("  topics:\n", 1)[1].replace("topic: THEMA", "topic: gesundheit-pflege")
    site.write_text(site.read_text(encoding="utf-8") + pasted, encoding="utf-8")
    code, out, _ = run(capsys, "openqcat", sample(QCAT), tree, "--topic", "allgemein", "--dry-run")
    assert code == 0 and "keine Regel unter import.topics" not in out, out
