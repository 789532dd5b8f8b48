"""Holidays: the school holidays (Lotse's table site_builder/data/schulferien.csv, a guide's
own content/schulferien.csv over it) and what the search page gets of them; the public
holidays a weekly course leaves out of its calendar and schedule."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from site_builder import holidays, model
from site_builder.cli import main
from site_builder.pipeline import build, load_guide
from site_builder.search import page_data

from .conftest import FIXTURES, TODAY, copy_tree

NAMES = {"Winterferien", "Osterferien", "Pfingstferien", "Sommerferien", "Herbstferien", "Weihnachtsferien"}
BUILTIN_LANDS = sorted({row.land for row in model.builtin_school_holidays()})


def iso(table: dict[str, list[tuple[date, date]]]) -> dict[str, list[list[str]]]:
    """A table of school holidays as the search page gets it."""
    return {name: [[first.isoformat(), last.isoformat()] for first, last in spans] for name, spans in table.items()}


@pytest.mark.parametrize("state", BUILTIN_LANDS)
def test_each_lands_holidays_are_plausible_and_apart(state: str) -> None:
    table = model.school_holidays((), state)
    assert set(table) <= NAMES, "a name the search page would not know"
    spans = sorted((first, last, name) for name, rows in table.items() for first, last in rows)
    for first, last, name in spans:
        assert first <= last <= first + timedelta(days=50), (name, first, last)
    for (_, last, name), (first, _, following) in zip(spans, spans[1:], strict=False):
        assert last < first, f"{name} und {following} überschneiden sich"
    # Summer holidays every year the table covers, so "in den Sommerferien" never skips a year.
    years = sorted({first.year for first, _, name in spans if name == "Sommerferien"})
    assert years == list(range(years[0], years[-1] + 1))


def test_baden_wuerttemberg_is_known_as_the_sample_names_it() -> None:
    assert "Baden-Württemberg" in BUILTIN_LANDS
    summer = model.school_holidays((), "Baden-Württemberg")["Sommerferien"]
    assert (date(2027, 7, 29), date(2027, 9, 11)) in summer


def test_the_search_page_gets_the_holidays_of_the_guides_land_only(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "g", FIXTURES / "planning")
    data = page_data(load_guide(tree))
    assert data["ferien"] == iso(model.school_holidays((), "Baden-Württemberg")) and data["ferien"]
    json.dumps(data)  # goes into the page as JSON
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('state: "Baden-Württemberg"\n', ""), encoding="utf-8")
    assert page_data(load_guide(tree))["ferien"] == {}
    site.write_text(site.read_text(encoding="utf-8") + 'state: "Atlantis"\n', encoding="utf-8")
    assert page_data(load_guide(tree))["ferien"] == {}


def test_a_broken_row_of_lotses_own_table_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lotse's own table is read and checked as a guide's own is: a defect there is Lotse's,
    and stops every build with its line (tests/test_holidays.py keeps the table right)."""
    table = tmp_path / "schulferien.csv"
    table.write_text("land;name;first;last\nBayern;Sommerferien;2027-08-02;2027-07-09\n", encoding="utf-8")
    monkeypatch.setattr(model, "BUILTIN_SCHOOL_HOLIDAYS", table)
    message = "site_builder/data/schulferien.csv:2:32: last: der letzte Tag (2027-07-09) liegt vor dem ersten (2027-08-02)"
    with pytest.raises(ValueError, match=re.escape(message)):
        model.school_holidays((), "Bayern")


# --- A guide's own table: content/schulferien.csv ---------------------------------------------

# Niedersachsen, which Lotse's table lacks (the day of the tests is 2026-12-01).
OWN_TABLE = """# Schulferien Niedersachsen (Testdaten)
land;name;first;last
Niedersachsen;Sommerferien;2027-07-08;2027-08-18
NI;Herbstferien;2027-10-16;2027-10-30
Niedersachsen;Weihnachtsferien;2027-12-23;2028-01-08
"""


def hanover(tmp_path: Path, table: str = OWN_TABLE) -> Path:
    """The planning guide as one for Hannover: site.yaml names Niedersachsen, and its own table."""
    tree = copy_tree(tmp_path / "hannover", FIXTURES / "planning")
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('state: "Baden-Württemberg"', 'state: "Niedersachsen"'), encoding="utf-8")
    (tree / "content" / "schulferien.csv").write_text(table, encoding="utf-8")
    return tree


def test_a_guides_own_table_gives_its_search_page_a_land_lotse_lacks(tmp_path: Path) -> None:
    assert "Niedersachsen" not in BUILTIN_LANDS
    tree = hanover(tmp_path)
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    found = re.search(r'data-suche="([^"]*)"', (out / "suche" / "index.html").read_text(encoding="utf-8"))
    assert found is not None
    assert json.loads(html.unescape(found.group(1)))["ferien"] == {
        "Herbstferien": [["2027-10-16", "2027-10-30"]],
        "Sommerferien": [["2027-07-08", "2027-08-18"]],
        "Weihnachtsferien": [["2027-12-23", "2028-01-08"]],
    }


def test_a_guides_own_rows_correct_lotses_and_add_years(tmp_path: Path) -> None:
    """A row replaces Lotse's rows of the same Land and holidays beginning in the same year;
    every other row is added. The other Länder of either table stay out of the guide."""
    tree = copy_tree(tmp_path / "g", FIXTURES / "planning")
    (tree / "content" / "schulferien.csv").write_text(
        "land;name;first;last\n"
        "Baden-Württemberg;Sommerferien;2027-07-30;2027-09-12\n"  # a correction of 2027's
        "BW;Sommerferien;2030-07-25;2030-09-07\n"  # a year Lotse lacks
        "Niedersachsen;Sommerferien;2027-07-08;2027-08-18\n",  # another Land
        encoding="utf-8",
    )
    summer = load_guide(tree, TODAY).school_holidays["Sommerferien"]
    builtin = model.school_holidays((), "Baden-Württemberg")["Sommerferien"]
    assert summer == sorted([*(span for span in builtin if span[0].year != 2027), (date(2027, 7, 30), date(2027, 9, 12)), (date(2030, 7, 25), date(2030, 9, 7))])
    assert load_guide(tree, TODAY).school_holidays["Herbstferien"] == model.school_holidays((), "Baden-Württemberg")["Herbstferien"]


def test_a_bad_row_is_one_line_of_the_usual_kind_and_nothing_is_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = hanover(tmp_path, OWN_TABLE.replace("2027-10-16", "16.10.2027"))
    assert main(["validate", "--source", str(tree)]) == 1
    assert capsys.readouterr().out == (
        "content/schulferien.csv:4:17: first: muss ein Datum im Format JJJJ-MM-TT sein, gefunden: '16.10.2027'; "
        "bitte so schreiben: 2027-10-16\n1 Fehler gefunden.\n"
    )
    out = tmp_path / "out"
    assert main(["build", "--source", str(tree), "--out", str(out), "--today", TODAY.isoformat()]) == 1
    assert "content/schulferien.csv:4:17: first:" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Schulferien.csv", OWN_TABLE, "bitte umbenennen"),
        ("schulferien.xlsx", "PK", "bitte in einer Tabellenkalkulation als CSV speichern"),
    ],
)
def test_a_table_under_another_name_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str) -> None:
    tree = hanover(tmp_path)
    (tree / "content" / "schulferien.csv").rename(tree / "content" / name)
    (tree / "content" / name).write_text(content, encoding="utf-8")
    (tree / "content" / "schulferien-2026.csv").write_text(OWN_TABLE, encoding="utf-8")  # kept aside: not meant as it
    assert main(["validate", "--source", str(tree)]) == 1
    assert capsys.readouterr().out == (
        f"content/{name}:1:1: wird nicht gelesen: die eigenen Schulferien stehen in content/schulferien.csv, als Text (UTF-8) "
        f"mit ';' zwischen den Spalten – {message}\n1 Fehler gefunden.\n"
    )


# --- Public holidays: a course that meets weekly does not meet on them ---------------------------


def test_public_holidays_by_the_law_of_each_land() -> None:
    easter = {2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2028: date(2028, 4, 16)}
    for year, sunday in easter.items():
        assert holidays.easter_sunday(year) == sunday
    bw = holidays.public_holidays("Baden-Württemberg", date(2027, 1, 1), date(2027, 12, 31))
    assert bw == {
        date(2027, 1, 1): "Neujahr", date(2027, 1, 6): "Heilige Drei Könige", date(2027, 3, 26): "Karfreitag",
        date(2027, 3, 29): "Ostermontag", date(2027, 5, 1): "Tag der Arbeit", date(2027, 5, 6): "Christi Himmelfahrt",
        date(2027, 5, 17): "Pfingstmontag", date(2027, 5, 27): "Fronleichnam", date(2027, 10, 3): "Tag der Deutschen Einheit",
        date(2027, 11, 1): "Allerheiligen", date(2027, 12, 25): "1. Weihnachtstag", date(2027, 12, 26): "2. Weihnachtstag",
    }
    # A Land's own days only there; without a Land, those of every Land.
    assert holidays.public_holidays("Sachsen", date(2026, 11, 1), date(2026, 11, 30)) == {date(2026, 11, 18): "Buß- und Bettag"}
    assert holidays.public_holidays("Berlin", date(2027, 3, 8), date(2027, 3, 8)) == {date(2027, 3, 8): "Internationaler Frauentag"}
    assert len(holidays.public_holidays(None, date(2027, 1, 1), date(2027, 12, 31))) == 9
    assert date(2027, 10, 31) in holidays.public_holidays("Niedersachsen", date(2027, 10, 31), date(2027, 10, 31))


def test_a_land_as_people_write_it() -> None:
    assert holidays.land("bw") == holidays.land("Baden Württemberg") == holidays.land(" baden-württemberg ") == "Baden-Württemberg"
    assert holidays.land("NRW") == holidays.land("NW") == "Nordrhein-Westfalen"
    assert holidays.land("Atlantis") == "Atlantis"
    assert model.school_holidays((), "BW") == model.school_holidays((), "Baden-Württemberg")
    assert date(2027, 5, 27) in holidays.public_holidays("nrw", date(2027, 5, 27), date(2027, 5, 27))  # Fronleichnam


def test_site_yaml_may_abbreviate_its_land(tmp_path: Path) -> None:
    """site.yaml's "bw" is Baden-Württemberg everywhere: holidays, and the Förder-Check's
    places beside a programme that names the Land in full."""
    from site_builder.funding import places

    tree = copy_tree(tmp_path / "g", FIXTURES / "planning")
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('state: "Baden-Württemberg"', "state: bw"), encoding="utf-8")
    guide = load_guide(tree)
    assert guide.site.state == "Baden-Württemberg"
    assert page_data(guide)["ferien"] == iso(model.school_holidays((), "Baden-Württemberg"))
    assert [p.label for p in places(guide) if p.region is None][0] == "Woanders in Baden-Württemberg"


WEEKLY = """title: Abendkurs über Ostern
provider: akademie
summary: Montags und donnerstags am Abend, von März bis Mai.
description: Beschreibung.
topics: [it]
format: praesenz
location:
  street: Hauptstraße 1
  postal_code: "73728"
  city: Esslingen am Neckar
  region: esslingen
dates:
  - start: 2027-03-22
    end: 2027-04-08
    time: "18:00-21:00"
    days: [mo, do]
  - start: 2027-05-06
    time: "09:00-12:00"
price:
  amount: 200
updated: 2026-11-01
"""


def test_calendar_and_schedule_leave_out_the_holidays_a_weekly_course_falls_on(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "g", FIXTURES / "minimal")
    (tree / "offers" / "akademie" / "abend-ostern.yaml").write_text(WEEKLY, encoding="utf-8")
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'state: "Baden-Württemberg"\n', encoding="utf-8")
    out = tmp_path / "site"
    build(tree, out, today=date(2026, 12, 3), search_index=False)
    page = (out / "angebote" / "abend-ostern" / "index.html").read_text(encoding="utf-8")
    ics = icalendar.Calendar.from_ical((out / "angebote" / "abend-ostern" / "termine.ics").read_bytes())
    weekly, one_day = ics.walk("VEVENT")
    met = sorted(s["DTSTART"].dt.date() for s in recurring_ical_events.of(ics).between(date(2027, 3, 1), date(2027, 4, 30)))
    # Mondays and Thursdays 22 March to 8 April, but not Easter Monday (29 March).
    assert met == [date(2027, 3, 22), date(2027, 3, 25), date(2027, 4, 1), date(2027, 4, 5), date(2027, 4, 8)]
    assert "Nicht an Feiertagen: Ostermontag (29.03.2027)" in str(weekly["DESCRIPTION"])
    # A course set on a holiday (Christi Himmelfahrt) meets then: one day is no pattern.
    assert one_day.decoded("DTSTART").date() == date(2027, 5, 6) and "EXDATE" not in one_day
    course = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    schedule = course["hasCourseInstance"][0]["courseSchedule"]
    assert (schedule["repeatFrequency"], schedule["repeatCount"], schedule["exceptDate"]) == ("Weekly", 3, ["2027-03-29"])
    assert "exceptDate" not in course["hasCourseInstance"][1]["courseSchedule"]


@pytest.mark.parametrize("state", ["Bayern", "NI"])
def test_the_build_tells_how_to_add_the_school_holidays_of_a_land_lotse_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    """A guide outside the Länder Lotse ships school holidays for: the build says once, at the
    site's ``state``, that the search cannot read "in den Sommerferien" and how to add the
    dates (content/schulferien.csv); no line once the guide has its own. ``validate`` stays
    quiet (a pull request is not where the table is added)."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"state: {state}\n", encoding="utf-8")
    name = {"NI": "Niedersachsen"}.get(state, state)
    assert main(["build", "--source", str(tree), "--out", str(tmp_path / "site"), "--today", TODAY.isoformat(), "--no-index", "--no-cache"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "Schulferien" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Hinweis: site.yaml:{len(site.read_text(encoding='utf-8').splitlines())}:8: state: für {name} kennt Lotse keine Schulferien")
    assert f"in content/schulferien.csv eintragen, je Ferienabschnitt eine Zeile land;name;first;last, z. B. {name};Sommerferien;" in lines[0]
    assert main(["validate", "--source", str(tree), "--no-cache"]) == 0
    assert "Schulferien" not in capsys.readouterr().out
    (tree / "content" / "schulferien.csv").write_text(f"{state};Herbstferien;2027-10-16;2027-10-30\n", encoding="utf-8")
    assert main(["build", "--source", str(tree), "--out", str(tmp_path / "site"), "--today", TODAY.isoformat(), "--no-index", "--no-cache"]) == 0
    assert "Schulferien" not in capsys.readouterr().out


def test_the_build_of_a_guide_in_a_land_lotse_knows_says_nothing_of_school_holidays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "state: Baden-Württemberg\n", encoding="utf-8")
    assert main(["build", "--source", str(tree), "--out", str(tmp_path / "site"), "--today", TODAY.isoformat(), "--no-index", "--no-cache"]) == 0
    assert "Schulferien" not in capsys.readouterr().out
