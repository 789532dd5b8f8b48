"""A guide whose regions lie in two Länder (tests/fixtures/zwei-laender, like the Region
Donau-Iller: Ulm and Biberach in Baden-Württemberg, site.yaml's ``state``; Neu-Ulm and
Memmingen in Bayern, each region's own ``state`` in content/taxonomies.yaml): the public
holidays a date leaves out, the school holidays the search understands, the Förder-Check's
places and the maintenance report's notes on school holidays."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from site_builder.cli import main
from site_builder.funding import places
from site_builder.pipeline import build, load_guide
from site_builder.search import page_data

from .conftest import FIXTURES, copy_tree

TWO_LANDS = FIXTURES / "zwei-laender"
TODAY = date(2026, 12, 1)
ASCENSION, CORPUS_CHRISTI, EPIPHANY_2028 = date(2027, 5, 6), date(2027, 5, 27), date(2028, 1, 6)


def tree_of(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of the fixture, with ``(file, old, new)`` replaced in it."""
    tree = copy_tree(tmp_path / "g", TWO_LANDS)
    for name, old, new in edits:
        path = tree / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return tree


def meetings(out: Path, oid: str) -> list[date]:
    """The days the dates of the offer's termine.ics meet, their EXDATEs left out."""
    ics = icalendar.Calendar.from_ical((out / "angebote" / oid / "termine.ics").read_bytes())
    return sorted(e["DTSTART"].dt.date() for e in recurring_ical_events.of(ics).between(date(2027, 1, 1), date(2028, 12, 31)))


def schedules(out: Path, oid: str) -> list[list[str]]:
    """The exceptDate of each course instance in the offer page's JSON-LD."""
    page = (out / "angebote" / oid / "index.html").read_text(encoding="utf-8")
    course = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    return [i["courseSchedule"].get("exceptDate", []) for i in course["hasCourseInstance"]]


# --- Public holidays: those of the Land where a date takes place --------------------------------


def test_a_date_leaves_out_the_holidays_of_the_land_where_it_takes_place(tmp_path: Path) -> None:
    """A guide that names no Land of its own, only its regions' (a Verbund across a border):
    a date in Ulm (Baden-Württemberg) and one in Neu-Ulm (Bayern) leave out Fronleichnam and
    Heilige Drei Könige, the days of their Land; an online date, which takes place in no Land,
    only the days every Land keeps."""
    tree = tree_of(
        tmp_path,
        ("site.yaml", 'state: "Baden-Württemberg"\n', ""),
        ("content/taxonomies.yaml", "label: Ulm\n", "label: Ulm\n    state: Baden-Württemberg\n"),
    )
    out = tmp_path / "site"
    build(tree, out, today=TODAY, search_index=False)
    for oid in ("abend-ulm", "abend-neu-ulm"):
        met = meetings(out, oid)
        assert ASCENSION not in met and CORPUS_CHRISTI not in met, oid
        assert schedules(out, oid)[0] == [ASCENSION.isoformat(), CORPUS_CHRISTI.isoformat()], oid
    assert EPIPHANY_2028 not in meetings(out, "abend-neu-ulm") and date(2028, 1, 13) in meetings(out, "abend-neu-ulm")
    online = meetings(out, "abend-online")
    assert ASCENSION not in online and CORPUS_CHRISTI in online
    assert schedules(out, "abend-online")[0] == [ASCENSION.isoformat()]


def test_a_date_in_a_region_of_another_land_leaves_out_that_lands_holidays(tmp_path: Path) -> None:
    """Rhein-Neckar's way: the site's Land keeps Fronleichnam (Baden-Württemberg), a region's
    Land does not (Niedersachsen, as a region's ``state``): the date there meets on it. A date
    given in the site's Land elsewhere in the same offer keeps to the site's days; an online
    date to the site's Land's too."""
    tree = tree_of(tmp_path, ("content/taxonomies.yaml", "state: Bayern", "state: Niedersachsen"))
    out = tmp_path / "site"
    build(tree, out, today=TODAY, search_index=False)
    assert CORPUS_CHRISTI in meetings(out, "abend-neu-ulm")
    assert EPIPHANY_2028 in meetings(out, "abend-neu-ulm")
    assert schedules(out, "abend-neu-ulm") == [[ASCENSION.isoformat()], []]
    for oid in ("abend-ulm", "abend-online"):
        assert CORPUS_CHRISTI not in meetings(out, oid), oid


def test_each_date_of_one_offer_by_its_own_place(tmp_path: Path) -> None:
    """One offer with a date in Neu-Ulm (Niedersachsen here, without Fronleichnam) and one in
    Ulm (the site's Baden-Württemberg): each leaves out its own Land's days."""
    tree = tree_of(
        tmp_path,
        ("content/taxonomies.yaml", "state: Bayern", "state: Niedersachsen"),
        ("offers/donau/abend-neu-ulm.yaml", "  - start: 2027-12-02\n",
         "  - start: 2027-05-07\n    end: 2027-06-25\n    time: \"09:00-12:00\"\n    days: [do]\n"
         "    location:\n      street: Donaustraße 1\n      postal_code: \"89073\"\n      city: Ulm\n      region: ulm\n"
         "  - start: 2027-12-02\n"),
    )
    out = tmp_path / "site"
    build(tree, out, today=TODAY, search_index=False)
    assert schedules(out, "abend-neu-ulm") == [[ASCENSION.isoformat()], [CORPUS_CHRISTI.isoformat()], []]  # 7 May: a Friday


# --- The Förder-Check: the places of both Länder ----------------------------------------------


def test_the_foerder_check_offers_both_lands(tmp_path: Path) -> None:
    guide = load_guide(TWO_LANDS, TODAY)
    found = {p.id: (p.label, p.state) for p in places(guide)}
    assert found == {
        "ulm": ("Ulm", "Baden-Württemberg"),
        "biberach": ("Biberach", "Baden-Württemberg"),
        "neu-ulm": ("Neu-Ulm", "Bayern"),
        "memmingen": ("Memmingen", "Bayern"),
        "land-baden-wuerttemberg": ("Woanders in Baden-Württemberg", "Baden-Württemberg"),
        "land-bayern": ("Woanders in Bayern", "Bayern"),
        "anderswo": ("Außerhalb von Baden-Württemberg und Bayern", ""),
    }
    out = tmp_path / "site"
    build(TWO_LANDS, out, today=TODAY, search_index=False)
    check = (out / "foerderung" / "check" / "index.html").read_text(encoding="utf-8")
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', check.split('id="check-ort"')[1].split("</select>")[0])
    assert [label for _, label in options][1:] == [label for label, _ in found.values()]


def test_a_programme_of_a_regions_own_land_is_for_its_people(tmp_path: Path) -> None:
    """Someone from Neu-Ulm can get the Bavarian programme, not Baden-Württemberg's; someone
    from Ulm the other way round (eligibility as foerdercheck.js applies it)."""
    from site_builder import eligibility
    from site_builder.funding import programme, table

    guide = load_guide(TWO_LANDS, TODAY)
    by_place = {p.id: p for p in places(guide)}
    labels = {t.id: t.label for t in guide.funding}
    rows = table(guide)

    def fits(place: str) -> set[str]:
        answers = eligibility.Answers(situation="beschaeftigte", state=by_place[place].state, goal="aufstieg")
        return {labels[match.row.programme] for match in eligibility.evaluate(rows, answers)}

    assert programme(guide.funding[0]).state == "Baden-Württemberg"
    assert fits("neu-ulm") == {"Meisterbonus Bayern"}
    assert fits("ulm") == {"Bildungszeit Baden-Württemberg"}
    assert fits("memmingen") == fits("land-bayern")


# --- The search: whose school holidays -----------------------------------------------------------


def search_data(out: Path) -> dict[str, Any]:
    found = re.search(r'data-suche="([^"]*)"', (out / "suche" / "index.html").read_text(encoding="utf-8"))
    assert found is not None
    return json.loads(html.unescape(found.group(1)))


def test_the_search_page_gets_each_lands_school_holidays_and_each_regions_land(tmp_path: Path) -> None:
    """Baden-Württemberg's from Lotse's table, Bayern's from the guide's own; the site's Land's
    stay the default (``ferien``)."""
    out = tmp_path / "site"
    build(TWO_LANDS, out, today=TODAY, search_index=False)
    data = search_data(out)
    assert [s for s in data["ferien"]["Sommerferien"] if s[0].startswith("2027")] == [["2027-07-29", "2027-09-11"]]
    assert data["ferienlaender"]["Bayern"]["Sommerferien"] == [["2027-08-02", "2027-09-13"]]
    assert data["ferienlaender"]["Baden-Württemberg"]["Sommerferien"] == data["ferien"]["Sommerferien"]
    assert data["regionland"] == {"Ulm": "Baden-Württemberg", "Biberach": "Baden-Württemberg", "Neu-Ulm": "Bayern", "Memmingen": "Bayern"}
    assert data["ferienland"] == "Baden-Württemberg"


def test_without_a_land_of_its_own_the_search_takes_every_lands_holidays(tmp_path: Path) -> None:
    """No ``state`` in site.yaml: "in den Sommerferien" is from the first Land's first day to
    the last Land's last, unless the visitor chooses a region (suche.js)."""
    tree = tree_of(
        tmp_path,
        ("site.yaml", 'state: "Baden-Württemberg"\n', ""),
        ("content/taxonomies.yaml", "label: Ulm\n", "label: Ulm\n    state: Baden-Württemberg\n"),
    )
    data = page_data(load_guide(tree, TODAY))
    assert data["ferienland"] is None
    assert ["2027-07-29", "2027-09-13"] in data["ferien"]["Sommerferien"]
    assert data["regionland"] == {"Ulm": "Baden-Württemberg", "Neu-Ulm": "Bayern", "Memmingen": "Bayern"}  # Biberach: no Land


def test_a_guide_in_one_land_gets_no_more_than_before(tmp_path: Path) -> None:
    tree = tree_of(tmp_path, ("content/taxonomies.yaml", "state: Bayern", "state: bw"), ("content/taxonomies.yaml", "state: BY", "state: BW"))
    data = page_data(load_guide(tree, TODAY))
    assert not {"ferienlaender", "regionland", "ferienland"} & set(data)


# --- The maintenance report --------------------------------------------------------------------


def school_holiday_notes(tree: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["report", "--source", str(tree), "--today", TODAY.isoformat(), "--format", "json"]) == 0
    items: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["school_holidays"]
    return items


def test_the_report_names_a_regions_land_without_school_holidays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert school_holiday_notes(TWO_LANDS, capsys) == []
    tree = tree_of(tmp_path)
    (tree / "content" / "schulferien.csv").unlink()
    assert main(["report", "--source", str(tree), "--today", TODAY.isoformat()]) == 0
    text = capsys.readouterr().out
    assert ("für Bayern kennt Lotse keine Schulferien: „in den Sommerferien“ findet in der Suche nichts, sie sagt "
            "nur, dass sie die Termine nicht kennt (Zeilen in content/schulferien.csv ergänzen: land;name;first;last)") in text
    items = school_holiday_notes(tree, capsys)
    assert [(i["kind"], i["id"], i["file"], i["state"]) for i in items] == [("regions", "neu-ulm", "content/taxonomies.yaml", "Bayern")]


def test_the_report_names_each_land_once_and_a_land_that_is_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tree_of(tmp_path, ("content/taxonomies.yaml", "state: BY", "state: Atlantis"))
    items = school_holiday_notes(tree, capsys)
    assert [(i["id"], i["state"]) for i in items] == [("memmingen", "Atlantis")]
    assert "state der Region memmingen ist keines der 16 Länder" in main_text(tree, capsys)


def main_text(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["report", "--source", str(tree), "--today", TODAY.isoformat()]) == 0
    return capsys.readouterr().out


# --- The search in a browser: the Land of the regions chosen -------------------------------------

SUMMER_2027 = {"Baden-Württemberg": ("2027-07-29", "2027-09-11"), "Bayern": ("2027-08-02", "2027-09-13")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "_site"
    build(copy_tree(tmp_path_factory.mktemp("tree") / "src", TWO_LANDS), out, today=TODAY)
    return out


@pytest.fixture(scope="module")
def origin(site: Path) -> Any:
    from .browser import static_server

    with static_server(site) as url:
        yield url


@pytest.fixture
def page(tabs: Any) -> Any:
    from .browser import AXE, CHROMIUM

    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("Chromium oder axe-core fehlt: bash scripts/setup.sh --test installiert beides", pytrace=False)
    tab, traffic = tabs.fresh(1280)
    yield tab
    assert traffic.errors == [] and traffic.failed == [] and traffic.foreign() == []


def typed_range(page: Any, origin: str, query: str) -> tuple[str, str, str]:
    """Open the search with ``query`` (its address's part after "?"): "Beginn von – bis" and the status line."""
    page.goto(f"{origin}/suche/?{query}")
    page.wait_for_selector("#suche-app:not([hidden])")
    page.wait_for_url("**von=**")
    page.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    return page.input_value("#plan-von"), page.input_value("#plan-bis"), page.inner_text("#suche-status")


@pytest.mark.browser
def test_in_the_summer_holidays_of_the_regions_chosen_else_the_sites_land(page: Any, origin: str) -> None:
    """"in den Sommerferien 2027": with Neu-Ulm chosen Bayern's (2 August to 13 September),
    with Ulm and Neu-Ulm from Baden-Württemberg's first day to Bayern's last, a region named in
    the query counts as chosen, and with none the site's Land's; the status line says whose."""
    from urllib.parse import quote

    if date.today() > date(2027, 7, 28):
        pytest.skip("die Sommerferien 2027 haben begonnen: die Testdaten fortschreiben")
    words = "in den Sommerferien 2027"
    bw, by = SUMMER_2027["Baden-Württemberg"], SUMMER_2027["Bayern"]
    cases = [
        ("q=" + quote("Führung " + words), bw, "Schulferien in Baden-Württemberg"),
        ("region=Neu-Ulm&q=" + quote("Führung " + words), by, "Schulferien in Bayern"),
        ("region=Ulm&region=Neu-Ulm&q=" + quote("Führung " + words), (bw[0], by[1]), "Schulferien in Baden-Württemberg und Bayern"),
        ("q=" + quote("Führung Memmingen " + words), by, "Schulferien in Bayern"),
    ]
    for query, (since, until), whose in cases:
        von, bis, status = typed_range(page, origin, query)
        assert (von, bis) == (since, until), query
        shown = f"{since[8:]}.{since[5:7]}.{since[:4]} und {until[8:]}.{until[5:7]}.{until[:4]}"
        assert f"Beginn zwischen {shown} („{words}“, {whose})" in status, (query, status)
    # The address keeps the words: opened again, the status line says the same.
    page.reload()
    page.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    assert "Schulferien in Bayern" in page.inner_text("#suche-status")
