"""Planning a course: dates that can still be joined, every start month, a start range, facets
for time of day, weekdays, mode and duration, distance with online offers, calendar files
people can import, and the facts on the cards.

The guide is tests/fixtures/planning, built for 3 December 2026 (a course that began on
6 November, one running with late entry, booked-out and deadline-passed dates, a date in
another town, online offers). Every expected value is worked out here from the YAML files and
the postal-code table, independently of Lotse's own code.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import yaml
from dateutil.easter import easter

from site_builder.pipeline import build

from .browser import AXE, CHROMIUM, Gate, axe_violations, static_server
from .conftest import FIXTURES, ROOT, SAMPLE, copy_tree
from .sitecheck import html_files, parse

TODAY = date(2026, 12, 3)
PLANNING = FIXTURES / "planning"
BERLIN = ZoneInfo("Europe/Berlin")
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
WEEKDAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


# --- The fixture's YAML, read without Lotse -------------------------------------------------


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def all_offers() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((PLANNING / "offers").rglob("*.yaml"))}


def last_day(d: dict) -> date:
    return as_date(d.get("end") or d["start"])


def published(o: dict) -> bool:
    if o.get("draft") or (o.get("expires") and as_date(o["expires"]) <= TODAY):
        return False
    return bool(o.get("on_demand") or o.get("dates_on_request")) or any(last_day(d) >= TODAY for d in o.get("dates", []))


def offers() -> dict[str, dict]:
    return {k: v for k, v in all_offers().items() if published(v)}


def upcoming(o: dict) -> list[dict]:
    return sorted((d for d in o.get("dates", []) if last_day(d) >= TODAY), key=lambda d: as_date(d["start"]))


def joinable(o: dict, d: dict) -> bool:
    if last_day(d) < TODAY:
        return False
    if as_date(d["start"]) < TODAY:
        return bool(d.get("late_entry") or o.get("on_demand"))
    return not d.get("registration_deadline") or as_date(d["registration_deadline"]) >= TODAY


def open_dates(o: dict) -> list[dict]:
    return [d for d in upcoming(o) if joinable(o, d)]


def free_date(o: dict) -> dict | None:
    return next((d for d in open_dates(o) if d.get("seats_available") != 0), None)


def month(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_day(day: date) -> str:
    return f"{SHORT[day.weekday()]}, {day.day}. {MONTHS[day.month - 1]} {day.year}"


def bookable_starts(o: dict) -> list[dict]:
    """Dates that begin from today on and can still be booked (their deadline not passed)."""
    return [d for d in open_dates(o) if as_date(d["start"]) >= TODAY]


def start_months(o: dict) -> set[str]:
    found = {month(as_date(d["start"])) for d in bookable_starts(o)}
    if o.get("on_demand") or any(as_date(d["start"]) < TODAY for d in open_dates(o)):
        found.add("jederzeit")
    return found


def minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:5])


def day_parts(time: str) -> set[str]:
    """vormittags before 12, nachmittags 12–17, abends from 17: each part a session spends an
    hour in (all of it when shorter); a start time alone: the part it starts in."""
    bounds = {"vormittags": (0, 720), "nachmittags": (720, 1020), "abends": (1020, 1440)}
    start, _, end = time.partition("-")
    a = minutes(start)
    if not end:
        return {name for name, (lo, hi) in bounds.items() if lo <= a < hi}
    b = minutes(end)
    return {name for name, (lo, hi) in bounds.items() if min(b, hi) - max(a, lo) >= min(60, b - a)}


def meeting_days(d: dict) -> set[str]:
    if d.get("days"):
        return set(d["days"])
    first, last = as_date(d["start"]), last_day(d)
    span = (last - first).days + 1
    time = d.get("time") or ""
    long_sessions = "-" in time and minutes(time.split("-")[1]) - minutes(time.split("-")[0]) >= 300
    working = (d.get("mode") == "vollzeit" or long_sessions) and first.weekday() < 5 and last.weekday() < 5
    if span <= 7:
        return {WEEKDAYS[(first + timedelta(days=n)).weekday()] for n in range(span) if (first + timedelta(days=n)).weekday() < 5 or not working}
    return set(WEEKDAYS[:5]) if working else set()


def test_a_full_time_block_over_a_weekend_meets_on_working_days() -> None:
    """Thursday to Wednesday, 08:00-16:30: five sessions, none on the weekend it spans; a
    Friday-to-Sunday seminar meets on the weekend; an evening course on every day it spans."""
    from dataclasses import replace

    from site_builder.model import OfferDate

    block = OfferDate(start=date(2027, 6, 10), end=date(2027, 6, 16), time="08:00-16:30", days=[], schedule=None, mode=None,
                      location=None, price=None, note=None, registration_deadline=None, seats_available=None, is_past=False)
    assert block.meeting_days == ["mo", "di", "mi", "do", "fr"]
    assert replace(block, start=date(2027, 6, 11), end=date(2027, 6, 13)).meeting_days == ["fr", "sa", "so"]
    assert replace(block, time="18:00-21:00").meeting_days == WEEKDAYS


def test_a_dates_schedule_is_kept_without_a_dict_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a date's schedule says is worked out once and kept in the date's declared fields:
    no dictionary per date (1.8 KB each once a page read its schedule, 350 MB in every
    render worker at 10,000 offers with 20 dates each), and a copy works it out anew."""
    import pickle
    import tracemalloc
    from dataclasses import replace

    from site_builder import model
    from site_builder.model import OfferDate

    worked = []
    monkeypatch.setattr(model, "session_minutes", lambda time: worked.append(time) or 390)

    def evening(n: int) -> OfferDate:
        return OfferDate(start=date(2027, 6, 10), end=date(2027, 6, 10 + n % 10), time="18:00-21:00", days=[], schedule=None,
                         mode=None, location=None, price=None, note=None, registration_deadline=None, seats_available=None,
                         is_past=False)

    dates = [evening(n) for n in range(1000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for when in dates:
            for _ in range(3):
                read = (when.meeting_days, when.session_minutes, when.schedule_words, when.schedule_lines)
                assert read[1] == 390
        per_date = (tracemalloc.get_traced_memory()[0] - before) / len(dates)
    finally:
        tracemalloc.stop()
    assert len(worked) == len(dates)  # once per date, however often it is read
    assert per_date < 600  # the values themselves (lists and strings); with a dict of its own 1.9 KB
    assert not hasattr(dates[0], "__dict__")
    assert replace(dates[0], time="09:00-12:00").schedule_words == "9:00–12:00 Uhr"
    assert pickle.loads(pickle.dumps(dates[0])).schedule_words == dates[0].schedule_words == "18:00–21:00 Uhr"


def test_a_schedule_text_is_not_said_twice() -> None:
    """Days, hours and mode that the editor's schedule text already names are not repeated in
    Lotse's words beside it (the Hannover guide's "samstags, 8:00–14:00 Uhr, samstags 8–14 Uhr,
    berufsbegleitend, berufsbegleitend"); a text that names something else keeps them."""
    from dataclasses import replace

    from site_builder.model import OfferDate

    saturday = OfferDate(start=date(2027, 4, 10), end=date(2027, 9, 25), time="08:00-14:00", days=["sa"],
                         schedule="samstags 8–14 Uhr, berufsbegleitend", mode="berufsbegleitend", location=None, price=None,
                         note=None, registration_deadline=None, seats_available=None, is_past=False)
    assert saturday.schedule_lines == ["samstags 8–14 Uhr, berufsbegleitend"]
    assert replace(saturday, schedule="Sa 08.00–14.00").schedule_lines == ["Sa 08.00–14.00", "berufsbegleitend"]
    other = replace(saturday, schedule="mit Praxisphasen im Betrieb")
    assert other.schedule_lines == ["samstags, 8:00–14:00 Uhr", "mit Praxisphasen im Betrieb", "berufsbegleitend"]
    assert replace(saturday, schedule="samstags 9–14 Uhr").schedule_lines[0] == "samstags, 8:00–14:00 Uhr"
    assert replace(saturday, schedule=None).schedule_lines == ["samstags, 8:00–14:00 Uhr", "berufsbegleitend"]


def durations(o: dict) -> set[str]:
    def by_hours(hours: float) -> str:
        return "bis 1 Tag" if hours <= 8 else "bis 1 Woche" if hours <= 40 else "bis 3 Monate" if hours <= 480 else "länger"

    hours = (o.get("duration") or {}).get("hours")
    found = set()
    for d in upcoming(o):
        if d.get("end"):
            span = (last_day(d) - as_date(d["start"])).days + 1
            found.add("bis 1 Tag" if span <= 1 else "bis 1 Woche" if span <= 7 else "bis 3 Monate" if span <= 92 else "länger")
        else:
            found.add(by_hours(hours) if hours is not None else "bis 1 Tag")
    if not found and hours is not None:
        found.add(by_hours(hours))
    return found


def facet_values(o: dict) -> dict[str, set[str]]:
    dates = upcoming(o)
    weekdays = set().union(*(meeting_days(d) for d in dates)) if dates else set()
    return {
        "tageszeit": set().union(*(day_parts(d["time"]) for d in dates if d.get("time"))),
        "wochentage": ({"werktags"} if weekdays & set(WEEKDAYS[:5]) else set()) | ({"Wochenende"} if weekdays & {"sa", "so"} else set()),
        "umfang": {{"vollzeit": "Vollzeit", "teilzeit": "Teilzeit", "berufsbegleitend": "berufsbegleitend"}[d["mode"]] for d in dates if d.get("mode")},
        "dauer": durations(o),
    }


def still_open(o: dict) -> bool:
    return bool(open_dates(o) or o.get("on_demand") or o.get("dates_on_request"))


def has_seats(o: dict) -> bool:
    return free_date(o) is not None or bool(o.get("on_demand") or o.get("dates_on_request"))


def places(o: dict) -> list[dict]:
    if o["format"] == "online":
        return []
    # A date held at several places (also_at) is at each of them.
    return [p for p in [o.get("location"), *(q for d in upcoming(o) for q in (d.get("location"), *d.get("also_at", [])))] if p]


# --- Distances by hand: the shipped table and the haversine formula -------------------------


def centroids() -> dict[str, tuple[float, float]]:
    table = {}
    for line in (ROOT / "site_builder" / "data" / "plz-mittelpunkte.csv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and not line.startswith("plz,"):
            code, lat, lon, _ = line.split(",")
            table[code] = (float(lat), float(lon))
    return table


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# --- The built guide -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = copy_tree(tmp_path_factory.mktemp("tree") / "src", PLANNING)
    out = tmp_path_factory.mktemp("out") / "_site"
    build(tree, out, today=TODAY)
    return out


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", parse(path).text)


def cards(site: Path, page: str) -> dict[str, str]:
    """Offer id -> the text of its card, on one list page."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    found = {}
    for block in re.findall(r'<article class="karte angebotskarte">(.*?)</article>', html, re.S):
        oid = re.search(r'href="/angebote/([^/"]+)/"', block).group(1)  # type: ignore[union-attr]
        found[oid] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).replace("&amp;", "&")
    return found


def list_pages(site: Path, base: str) -> list[str]:
    pages = [base]
    folder = site / base / "seite"
    if folder.is_dir():
        pages += [f"{base}seite/{p.name}/" for p in sorted(folder.iterdir(), key=lambda p: int(p.name))]
    return pages


def all_cards(site: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for page in list_pages(site, "angebote/"):
        found.update(cards(site, page))
    return found


def metas(site: Path, oid: str, name: str) -> list[str]:
    html = (site / "angebote" / oid / "index.html").read_text(encoding="utf-8")
    return [m for m in re.findall(rf'<meta name="{re.escape(name)}" content="([^"]*)"', html)]


def beginn_of(card: str) -> str:
    return card.split("Beginn ", 1)[1].split(" Zeiten ")[0].split(" Dauer ")[0].split(" Ort ")[0]


# --- Dates that mean what they say -----------------------------------------------------------


def test_cards_show_the_next_date_that_can_still_be_joined(site: Path) -> None:
    found = all_cards(site)
    assert set(found) == set(offers())
    for oid, o in offers().items():
        card = beginn_of(found[oid])
        nxt = free_date(o) or next(iter(open_dates(o)), None)
        if nxt is not None and as_date(nxt["start"]) < TODAY:
            assert card.startswith(f"läuft seit {as_date(nxt['start']).day}. {month(as_date(nxt['start']))}, Einstieg möglich"), oid
        elif nxt is not None:
            assert card.startswith(long_day(as_date(nxt["start"]))), (oid, card)
    # The cases of the issue, by name.
    assert beginn_of(found["laeuft-ohne-einstieg"]).startswith("Mo, 12. April 2027")
    assert "6. November 2026" not in found["laeuft-ohne-einstieg"]
    assert beginn_of(found["laeuft-mit-einstieg"]).startswith("läuft seit 5. Oktober 2026, Einstieg möglich")
    assert beginn_of(found["laeuft-nur"]).startswith("läuft seit 7. September 2026, kein Einstieg mehr")
    assert beginn_of(found["frueher-ausgebucht"]) == "Sa, 13. Februar 2027 Termin am 16.01.2027 ausgebucht"
    assert beginn_of(found["ganz-ausgebucht"]) == "Mi, 20. Januar 2027 ausgebucht"
    assert beginn_of(found["anmeldeschluss-vorbei"]).startswith("Mi, 10. März 2027")


def test_lists_sort_by_the_next_joinable_start(site: Path) -> None:
    order = []
    for page in list_pages(site, "angebote/"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        order += re.findall(r'<h2 class="karte__titel"><a class="karte__link" href="/angebote/([^/"]+)/"', html)

    def key(o: dict) -> date | None:
        d = free_date(o)
        return max(as_date(d["start"]), TODAY) if d is not None else None

    live = offers()
    dated = [key(live[oid]) for oid in order if key(live[oid]) is not None]
    assert dated == sorted(dated)
    assert order[: len(dated)] == [oid for oid in order if key(live[oid]) is not None], "buchbare zuerst"
    assert order[0] == "laeuft-mit-einstieg", "laufender Einstieg zählt als heute"


def test_no_card_month_or_filter_shows_a_past_date(site: Path) -> None:
    day = re.compile(r"(Mo|Di|Mi|Do|Fr|Sa|So), (\d{1,2})\. (" + "|".join(MONTHS) + r") (\d{4})")
    pages = ["", "angebote/", "themen/technik/", "regionen/esslingen/", "anbieter/akademie/"]
    for page in pages:
        for oid, card in cards(site, page).items():
            for m in day.finditer(beginn_of(card)):
                shown = date(int(m.group(4)), MONTHS.index(m.group(3)) + 1, int(m.group(2)))
                assert shown >= TODAY, (page, oid, card)
    this_month = TODAY.replace(day=1)
    for oid in offers():
        for label in metas(site, oid, "lotse-beginn"):
            if label != "jederzeit":
                name, year = label.split()
                assert date(int(year), MONTHS.index(name) + 1, 1) >= this_month, (oid, label)
        assert all(as_date(d.removeprefix("bis:")) >= TODAY for d in metas(site, oid, "lotse-starttag") if d != "jederzeit"), oid
    months = sorted(p.name for p in (site / "angebote" / "beginn").iterdir())
    assert months and months[0] >= TODAY.strftime("%Y-%m")


def test_an_offer_is_found_under_every_upcoming_start_month(site: Path) -> None:
    for oid, o in offers().items():
        assert set(metas(site, oid, "lotse-beginn")) == start_months(o), oid
        # A start that can no longer be booked is no start to find; a start any time, and a
        # running course one can still join until its last day, are.
        expected_days = {as_date(d["start"]).isoformat() for d in bookable_starts(o)}
        expected_days |= {"jederzeit"} if o.get("on_demand") else set()
        expected_days |= {f"bis:{last_day(d).isoformat()}" for d in open_dates(o) if as_date(d["start"]) < TODAY}
        assert set(metas(site, oid, "lotse-starttag")) == expected_days, oid
        with_seats = {day for day in expected_days if not any(
            d.get("seats_available") == 0 and day in (as_date(d["start"]).isoformat(), f"bis:{last_day(d).isoformat()}") for d in open_dates(o))}
        assert set(metas(site, oid, "lotse-startfrei")) == with_seats, oid
    assert set(metas(site, "fuehrung-juni", "lotse-beginn")) == {"April 2027", "Juni 2027"}


def test_month_pages_list_every_upcoming_start(site: Path) -> None:
    expected: dict[str, list[tuple[date, str]]] = {}
    for o in offers().values():
        for d in o.get("dates", []):
            if as_date(d["start"]) >= TODAY:
                expected.setdefault(as_date(d["start"]).strftime("%Y-%m"), []).append((as_date(d["start"]), o["title"]))
    assert sorted(p.name for p in (site / "angebote" / "beginn").iterdir()) == sorted(expected)
    for key, starts in expected.items():
        text = text_of(site / "angebote" / "beginn" / key / "index.html")
        for start, title in starts:
            day = f"{SHORT[start.weekday()]}, {start.strftime('%d.%m.%Y')}"
            assert re.search(re.escape(day) + r"( bis \S+ \([^)]*\))? " + re.escape(title), text), (key, title)
    june = text_of(site / "angebote" / "beginn" / "2027-06" / "index.html")
    assert june.count("Führen im Team") == 2
    # The month list without JavaScript: on /angebote/ and on /suche/.
    for page in ("angebote/", "suche/"):
        links = {v for t, a, v in parse(site / page / "index.html").links if t == "a" and a == "href"}
        assert {f"/angebote/beginn/{k}/" for k in expected} <= links, page


def test_facet_values_in_the_index_follow_the_dates(site: Path) -> None:
    for oid, o in offers().items():
        for key, values in facet_values(o).items():
            assert set(metas(site, oid, f"lotse-{key}")) == values, (oid, key)
        availability = ({"offen"} if still_open(o) else set()) | ({"frei"} if has_seats(o) else set())
        assert set(metas(site, oid, "lotse-verfuegbarkeit")) == availability, oid
    assert facet_values(offers()["laeuft-mit-einstieg"]) == {
        "tageszeit": {"abends"}, "wochentage": {"werktags"}, "umfang": {"berufsbegleitend"}, "dauer": {"länger"}
    }


# --- Places: online offers, per-date places, distance ---------------------------------------


def test_region_pages_and_catalogues_give_online_offers_a_section(site: Path) -> None:
    live = offers()
    online = {oid for oid, o in live.items() if o["format"] == "online"}
    assert online
    for region in ("stuttgart", "boeblingen", "esslingen", "goeppingen", "ludwigsburg"):
        here = {oid for oid, o in live.items() if o["format"] != "online" and any(p["region"] == region for p in places(o))}
        html = "".join((site / p / "index.html").read_text(encoding="utf-8") for p in list_pages(site, f"regionen/{region}/"))
        local, _, rest = html.partition('id="online-titel"')
        assert set(re.findall(r'href="/angebote/([^/"]+)/"', local)) >= here
        assert not (set(re.findall(r'karte__link" href="/angebote/([^/"]+)/"', local)) & online), region
        assert set(re.findall(r'karte__link" href="/angebote/([^/"]+)/"', rest)) == online, region
        catalogue = (site / "katalog" / region / "index.html").read_text(encoding="utf-8")
        in_catalogue, _, online_part = catalogue.partition('id="katalog-online"')
        assert set(re.findall(r'data-angebot="([^"]+)"', in_catalogue)) == here, region
        assert set(re.findall(r'data-angebot="([^"]+)"', online_part)) == online, region
    # The March date in Sindelfingen puts the course in the Böblingen region too.
    assert "ortswechsel" in set().union(*(cards(site, p) for p in list_pages(site, "regionen/boeblingen/")))


def test_each_date_has_its_place_and_price_on_the_offer_page(site: Path) -> None:
    text = text_of(site / "angebote" / "ortswechsel" / "index.html")
    assert "Technikzentrum Sindelfingen, 71063 Sindelfingen" in text
    assert "nicht stufenlos erreichbar; Zwei Stufen am Eingang" in text
    assert "1.490 € pro Person, zzgl. MwSt. inklusive Lernsoftware" in text
    assert "1.390 € pro Person, zzgl. MwSt." in text
    assert set(metas(site, "ortswechsel", "lotse-plz")) == {"70173", "71063"}
    assert set(metas(site, "ortswechsel", "lotse-region")) == {"Stuttgart", "Böblingen"}
    page = parse(site / "angebote" / "laeuft-ohne-einstieg" / "index.html")
    maps = [v for t, a, v in page.links if t == "a" and v.startswith("https://www.openstreetmap.org/")]
    assert maps == ["https://www.openstreetmap.org/search?query=K%C3%B6nigstra%C3%9Fe%201%2C%2070173%20Stuttgart"]
    assert not [v for t, a, v in page.links if t in ("iframe", "img", "script") and "openstreetmap" in v]
    facts = text_of(site / "angebote" / "laeuft-ohne-einstieg" / "index.html")
    assert "Barrierefreiheit stufenlos mit dem Rollstuhl erreichbar; Aufzug im Hof" in facts
    assert "24.850 € pro Person, umsatzsteuerfrei Prüfungsgebühren inklusive" in facts
    assert "läuft bereits, kein Einstieg mehr" in facts


def test_the_centroid_table_names_its_source_and_licence(site: Path) -> None:
    head = (ROOT / "site_builder" / "data" / "plz-mittelpunkte.csv").read_text(encoding="utf-8").splitlines()[:5]
    assert any("OpenStreetMap" in line for line in head) and any("ODbL" in line for line in head)
    table = centroids()
    assert len(table) > 8000
    # By hand: Böblingen (71032) to Stuttgart-Mitte (70173) is about 16 km as the crow flies.
    assert 14 < haversine(table["71032"], table["70173"]) < 18
    shipped = json.loads((site / "suche" / "orte.json").read_text(encoding="utf-8"))
    assert "ODbL" in shipped["source"]
    assert {"70173", "71032", "71063", "73728", "73033", "71634"} <= set(shipped["codes"])
    assert all(shipped["codes"][c] == list(table[c]) for c in shipped["codes"])


# --- Cards ------------------------------------------------------------------------------------


def test_cards_carry_the_facts_people_decide_by(site: Path) -> None:
    found = all_cards(site)
    assert "Dauer 2 Jahre" in found["laeuft-ohne-einstieg"]
    assert "Bildungsgutschein möglich" in found["laeuft-ohne-einstieg"]
    assert "24.850 € umsatzsteuerfrei" in found["laeuft-ohne-einstieg"]
    assert "Zeiten Mo–Fr, 7:30–15:45 Uhr · Vollzeit" in found["laeuft-ohne-einstieg"]
    assert "Zeiten dienstags und donnerstags, 18:00–21:00 Uhr · berufsbegleitend" in found["laeuft-mit-einstieg"]
    assert "Ort Online" in found["online-abend"] and "Online · Online" not in found["online-abend"]
    assert "Preis auf Anfrage" in found["ohne-uhrzeit"]
    assert "Auch als Inhouse-Schulung" in found["fuehrung-mai"] and "760 € umsatzsteuerfrei" in found["fuehrung-mai"]
    assert "Termine auf Anfrage" in found["auf-anfrage"]
    for oid, o in offers().items():
        if o["format"] == "online":
            assert "Ort Online" in found[oid]
        for f in o.get("funding", []):
            label = {"bildungsgutschein": "Bildungsgutschein", "bildungszeit": "Bildungszeit"}[f]
            assert f"{label} möglich" in found[oid], oid


def test_a_date_at_two_places_counts_in_each_region_and_at_each_postal_code(site: Path) -> None:
    """"lager-zwei-orte": one run, theory in Stuttgart and practice in Esslingen (also_at). The
    region filter, the distance and a region chosen with a start get both places; both regions
    list it; the card names both towns; the API has the further place."""
    assert set(metas(site, "lager-zwei-orte", "lotse-region")) == {"Stuttgart", "Esslingen"}
    assert set(metas(site, "lager-zwei-orte", "lotse-plz")) == {"70178", "73728"}
    assert set(metas(site, "lager-zwei-orte", "lotse-ortbeginn")) == {"Stuttgart|März 2027", "Esslingen|März 2027"}
    assert set(metas(site, "lager-zwei-orte", "lotse-plzstart")) == {"70178|2027-03-15", "73728|2027-03-15"}
    assert metas(site, "lager-zwei-orte", "lotse-meta-ort") == ["Stuttgart und Esslingen am Neckar"]
    for region in ("stuttgart", "esslingen"):
        assert "Fachkraft Lagerlogistik kompakt" in text_of(site / "regionen" / region / "index.html"), region
    api = {o["id"]: o for o in json.loads((site / "api" / "angebote.json").read_text(encoding="utf-8"))["offers"]}
    assert api["lager-zwei-orte"]["dates"][0]["location"] is None
    assert [a["city"] for a in api["lager-zwei-orte"]["dates"][0]["also_at"]] == ["Esslingen am Neckar"]
    assert api["hydraulik-zwei-orte"]["dates"][0]["also_at"] == []


def jsonld(site: Path, oid: str) -> dict[str, Any]:
    html = (site / "angebote" / oid / "index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]


def test_a_date_at_two_places_names_both_on_its_page_in_json_ld_and_the_calendar(site: Path) -> None:
    """The page's "Ort" names the further place with its address and region, the dates table
    every place; JSON-LD lists both places; the calendar keeps the first and names the other."""
    text = text_of(site / "angebote" / "lager-zwei-orte" / "index.html")
    assert "Rotebühlstraße 40 70178 Stuttgart Region Stuttgart" in text
    assert "Weiterer Ort: Logistikzentrum Neckarhafen, Hafenstraße 3, 73728 Esslingen am Neckar ( Region Esslingen )" in text
    assert "70178 Stuttgart Logistikzentrum Neckarhafen, 73728 Esslingen am Neckar stufenlos mit dem Rollstuhl erreichbar" in text
    instance = jsonld(site, "lager-zwei-orte")["hasCourseInstance"][0]
    assert [p["address"]["addressLocality"] for p in instance["location"]] == ["Stuttgart", "Esslingen am Neckar"]
    assert instance["location"][1]["name"] == "Logistikzentrum Neckarhafen"
    # A date at one place keeps one location, not a list.
    assert jsonld(site, "hydraulik-zwei-orte")["hasCourseInstance"][0]["location"]["@type"] == "Place"
    event = next(iter(calendar(site, "lager-zwei-orte").walk("VEVENT")))
    assert str(event["LOCATION"]) == "Rotebühlstraße 40, 70178 Stuttgart"
    assert "Weitere Orte: Logistikzentrum Neckarhafen, Hafenstraße 3, 73728 Esslingen am Neckar" in str(event["DESCRIPTION"])


def test_api_says_which_dates_can_be_joined(site: Path) -> None:
    api = {o["id"]: o for o in json.loads((site / "api" / "angebote.json").read_text(encoding="utf-8"))["offers"]}
    for oid, o in offers().items():
        dates = api[oid]["dates"]
        assert [d["joinable"] for d in dates] == [joinable(o, d) for d in upcoming(o)], oid
        nxt = free_date(o)
        assert api[oid]["next_start"] == (as_date(nxt["start"]).isoformat() if nxt else None), oid


# --- Calendar files ------------------------------------------------------------------------------


def calendar(site: Path, oid: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / "angebote" / oid / "termine.ics").read_bytes())


def test_every_date_with_a_time_is_a_timed_event_at_that_time(site: Path) -> None:
    for oid, o in offers().items():
        dates = upcoming(o)
        ics = site / "angebote" / oid / "termine.ics"
        if not dates:
            assert not ics.exists(), oid
            continue
        cal = calendar(site, oid)
        events = sorted(cal.walk("VEVENT"), key=lambda e: str(e["UID"]))
        assert len(events) == len(dates), oid
        by_start = {}
        for event in events:
            start = event.decoded("DTSTART")
            by_start.setdefault(start.date() if isinstance(start, datetime) else start, []).append(event)
        for d in dates:
            start, time = as_date(d["start"]), d.get("time")
            candidates = [e for day, es in by_start.items() for e in es if start <= day <= start + timedelta(days=6)]
            assert candidates, (oid, d)
            event = candidates[0]
            dtstart = event.decoded("DTSTART")
            if time:
                assert isinstance(dtstart, datetime), (oid, d)
                assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
                assert (dtstart.hour, dtstart.minute) == (int(time[:2]), int(time[3:5])), (oid, d)
                assert str(dtstart.tzinfo) in ("Europe/Berlin", "CET") or dtstart.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
                if "-" in time:
                    dtend = event.decoded("DTEND")
                    assert (dtend.hour, dtend.minute) == (int(time[6:8]), int(time[9:11]))
                elif not d.get("end") and (o.get("duration") or {}).get("hours"):
                    # A start time only, one day: as long as the offer's hours, not no time at all.
                    assert event.decoded("DURATION") == timedelta(hours=float(o["duration"]["hours"])), (oid, d)
            else:
                assert not isinstance(dtstart, datetime), (oid, d)
        # Saved from a guide, a date is one being considered: free time, not yet confirmed.
        assert {(str(e["STATUS"]), str(e["TRANSP"])) for e in events} == {("TENTATIVE", "TRANSPARENT")}, oid
        if any(d.get("time") for d in dates):
            zones = cal.walk("VTIMEZONE")
            assert [str(z["TZID"]) for z in zones] == ["Europe/Berlin"]
            assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_weekly_courses_repeat_until_their_end(site: Path) -> None:
    cal = calendar(site, "online-abend")
    (event,) = cal.walk("VEVENT")
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["WE"]
    # Imported into a calendar library: every Wednesday 18:30–20:00 Berlin time, 3 Feb – 7 Apr.
    sessions = recurring_ical_events.of(cal).between(date(2027, 1, 1), date(2027, 12, 31))
    expected = [date(2027, 2, 3) + timedelta(weeks=n) for n in range(10)]
    assert [s["DTSTART"].dt.date() for s in sessions] == expected
    for s in sessions:
        start, end = s["DTSTART"].dt.astimezone(BERLIN), s["DTEND"].dt.astimezone(BERLIN)
        assert (start.hour, start.minute, end.hour, end.minute) == (18, 30, 20, 0)
    # 28 March 2027 is the change to summer time: the sessions stay at 18:30 local time.
    assert {s["DTSTART"].dt.utcoffset() for s in sessions} == {timedelta(hours=1), timedelta(hours=2)}
    # Two evenings a week while the course is running: Tuesday and Thursday.
    running = recurring_ical_events.of(calendar(site, "laeuft-mit-einstieg")).between(date(2027, 1, 4), date(2027, 1, 11))
    assert sorted((s["DTSTART"].dt.date(), s["DTSTART"].dt.hour) for s in running) == [(date(2027, 1, 5), 18), (date(2027, 1, 7), 18)]
    # A full-time week Monday to Friday, 8:30 each day.
    week = recurring_ical_events.of(calendar(site, "ortswechsel")).between(date(2027, 2, 1), date(2027, 2, 8))
    assert [s["DTSTART"].dt.date().day for s in week] == [1, 2, 3, 4, 5]


def test_calendar_events_say_seats_deadline_and_a_booked_out_date(site: Path) -> None:
    """What decides whether one can still go is in the event: the registration deadline, the
    free seats as of the build, and a booked-out date says so in its title."""
    for oid, o in offers().items():
        if not upcoming(o):
            continue
        events = sorted(calendar(site, oid).walk("VEVENT"), key=lambda e: e.decoded("DTSTART").isoformat())
        for d in upcoming(o):
            found = [e for e in events if str(e["UID"]).startswith(f"{oid}-{as_date(d['start']):%Y%m%d}")]
            assert found, (oid, d)
            event = found[0]
            text, summary = str(event["DESCRIPTION"]), str(event["SUMMARY"])
            if d.get("registration_deadline"):
                assert f"Anmeldeschluss: {as_date(d['registration_deadline']):%d.%m.%Y}" in text, oid
            else:
                assert "Anmeldeschluss" not in text, oid
            seats = d.get("seats_available")
            if seats == 0:
                assert summary == f"Ausgebucht: {o['title']}" and text.startswith("Dieser Termin ist ausgebucht (Stand 03.12.2026)."), oid
            else:
                assert summary == o["title"], oid
                assert (f"Freie Plätze: {seats} (Stand 03.12.2026)" in text) == (seats is not None), oid
            assert "keine Anmeldung" in text, oid
    assert "Ausgebucht" in str(calendar(site, "frueher-ausgebucht").walk("VEVENT")[0]["SUMMARY"])


def test_each_date_has_its_own_calendar_file_linked_from_its_row(site: Path) -> None:
    """A row of the dates table saves that date alone (the same event, UID and all, as in
    termine.ics); a booked-out date or one that can no longer be joined has no link; the
    button for the whole file says how many dates it holds. With one date, termine.ics is
    that date's file: no file and no column of its own."""
    for oid, o in offers().items():
        dates = upcoming(o)
        folder = site / "angebote" / oid
        own = sorted(folder.glob("termin-*.ics"))
        assert len(own) == (len(dates) if len(dates) > 1 else 0), oid
        if not dates:
            continue
        page = (folder / "index.html").read_text(encoding="utf-8")
        if len(dates) == 1:
            assert 'data-label="Kalender"' not in page, oid
        whole = {str(e["UID"]): e for e in calendar(site, oid).walk("VEVENT")}
        for path in own:
            data = path.read_bytes()
            assert data.endswith(b"END:VCALENDAR\r\n") and b"\r" not in data.replace(b"\r\n", b"")
            assert all(len(line) <= 75 for line in data.split(b"\r\n"))
            (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
            zones = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
            assert len(zones) == (1 if "TZID" in event["DTSTART"].params else 0), path
            assert event.to_ical() == whole[str(event["UID"])].to_ical(), path
            assert path.name == "termin-" + str(event["UID"]).split("@")[0].removeprefix(oid + "-") + ".ics"
        rows = page.split('<tbody>')[1].split("</tbody>")[0].split("<tr")[1:]
        assert len(rows) == len(dates), oid
        for row, d in zip(rows, dates, strict=True) if len(dates) > 1 else ():
            cell = row.split('data-label="Kalender">')[1].split("</td>")[0]
            start = as_date(d["start"])
            if joinable(o, d) and d.get("seats_available") != 0:
                href, name = re.search(r'href="([^"]+)" download aria-label="([^"]+)">', cell).groups()  # type: ignore[union-attr]
                assert (site / href.lstrip("/")).is_file(), (oid, href)
                assert re.sub(r"<[^>]+>", "", cell).strip() == "Eintragen"
                assert name == f"Eintragen: Termin ab {SHORT[start.weekday()]}, {start:%d.%m.%Y} (ICS-Datei)", (oid, name)
            else:
                assert "href" not in cell, (oid, d)
        booked = sum(d.get("seats_available") == 0 for d in dates)
        label = f"In den Kalender{f': alle {len(dates)} Termine' if len(dates) > 1 else ''}"
        if booked:
            label += f" ({booked} davon ausgebucht)" if len(dates) > 1 else " (ausgebucht)"
        assert page.count(f"{label}<span") == 2, (oid, label)


def test_long_dates_without_a_time_do_not_block_the_calendar(site: Path) -> None:
    (event,) = calendar(site, "ohne-uhrzeit").walk("VEVENT")
    assert event.decoded("DTSTART") == date(2027, 3, 1)
    assert event.decoded("DTEND") == date(2027, 3, 20)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "RRULE" not in event


def test_calendar_uids_are_stable(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(copy_tree(tmp_path / "src", PLANNING), again, today=TODAY + timedelta(days=1), search_index=False)
    for oid in ("online-abend", "fuehrung-juni", "frueher-ausgebucht"):
        first = [str(e["UID"]) for e in calendar(site, oid).walk("VEVENT")]
        second = [str(e["UID"]) for e in calendar(again, oid).walk("VEVENT")]
        assert first == second and len(set(first)) == len(first)
        assert all(re.fullmatch(rf"{oid}-\d{{8}}(-[a-z0-9-]+)?@example\.org", uid) for uid in first)



def test_a_dates_file_is_the_same_made_alone_or_after_the_offers_file() -> None:
    """A render worker makes a date's file from the event termine.ics made just before it; a
    worker that did not make termine.ics (another took it) makes the event itself. Both give
    the same bytes, and a file taken once is not kept for another."""
    from site_builder import machine_readable
    from site_builder.pipeline import load_guide

    guide = load_guide(PLANNING, TODAY)
    several = [o for o in guide.offers if len(o.upcoming_dates) > 1]
    assert several
    for offer in several:
        machine_readable._EVENTS.clear()
        alone = [machine_readable.calendar(guide, offer, when) for when in offer.upcoming_dates]
        whole = machine_readable.calendar(guide, offer)
        assert len(machine_readable._EVENTS) == len(offer.upcoming_dates)
        after = [machine_readable.calendar(guide, offer, when) for when in offer.upcoming_dates]
        assert after == alone and not machine_readable._EVENTS, offer.id
        assert all(file.split(b"BEGIN:VEVENT")[1].split(b"END:VEVENT")[0] in whole for file in alone)


# --- In a real browser ---------------------------------------------------------------------------


browser_only = pytest.mark.browser


@pytest.fixture(scope="module")
def origin(site: Path) -> Iterator[str]:
    with static_server(site) as url:
        yield url


@pytest.fixture
def page(tabs: Any) -> Iterator[Any]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("Chromium oder axe-core fehlt: bash scripts/setup.sh --test installiert beides", pytrace=False)
    tab, traffic = tabs.fresh(1280)
    yield tab
    assert traffic.errors == [] and traffic.failed == [] and traffic.foreign() == []


def wait(tab: Any) -> None:
    # The results come first, the facets' counts after them (issue 16): wait for both.
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    tab.wait_for_selector(".facetten[aria-busy=false]", state="attached")


def open_search(tab: Any, origin: str, query: str = "") -> None:
    tab.goto(f"{origin}/suche/{query}")
    tab.wait_for_selector("#suche-app:not([hidden])")
    wait(tab)


def found(tab: Any) -> list[str]:
    while tab.is_visible("text=Mehr anzeigen"):
        tab.click("text=Mehr anzeigen")
        wait(tab)
    return tab.eval_on_selector_all(".treffer-titel a", "as => as.map(a => new URL(a.href).pathname)")


def offer_ids(paths: list[str]) -> list[str]:
    return [p.split("/")[2] for p in paths if p.startswith("/angebote/")]


def counts(tab: Any, key: str) -> dict[str, int]:
    pairs = tab.eval_on_selector_all(
        f".facette[data-key='{key}'] li",
        "items => items.map(li => [li.querySelector('input').value, li.querySelector('.anzahl').textContent])",
    )
    # "(3 + 1 online)": a region's own offers, and the online ones choosing it brings along.
    return {value: sum(int(part.split()[0]) for part in n.strip("()").split(" + ")) for value, n in pairs}


@browser_only
def test_facet_counts_equal_counts_from_the_yaml(page: Any, origin: str) -> None:
    live = offers()
    for query, chosen in (("?begonnene=ja", live), ("", {k: o for k, o in live.items() if still_open(o)})):
        open_search(page, origin, query)
        for key in ("tageszeit", "wochentage", "umfang", "dauer"):
            expected = Counter(v for o in chosen.values() for v in facet_values(o)[key])
            assert counts(page, key) == dict(expected), (query, key)
        months = Counter(v for o in chosen.values() for v in start_months(o))
        assert counts(page, "beginn") == dict(months), query
    # Values by count, a chosen one in its place among them (not moved first).
    open_search(page, origin, "?thema=F%C3%BChrung")
    shown = counts(page, "thema")
    assert list(shown.values()) == sorted(shown.values(), reverse=True) and list(shown)[0] != "Führung"
    assert page.is_checked(".facette[data-key=thema] input[value='Führung']")


@browser_only
def test_a_weekday_typed_finds_the_offers_that_meet_on_it(page: Any, origin: str) -> None:
    """"dienstags", "Samstag": a chip for the weekday, and the offers that meet on it (their
    declared days, or the days a short or full-time date spans); two weekdays find either."""
    live = {oid: o for oid, o in offers().items() if still_open(o)}

    def meeting_on(*days: str) -> set[str]:
        return {oid for oid, o in live.items() if set().union(*(meeting_days(d) for d in upcoming(o))) & set(days)}

    for typed, days, chips in (("dienstags", ("di",), ["dienstags"]), ("Samstag", ("sa",), ["samstags"]),
                               ("montags oder freitags", ("mo", "fr"), ["montags", "freitags"])):
        open_search(page, origin, "?q=" + quote(typed))
        expected = meeting_on(*days)
        assert expected and expected != set(live), typed
        assert set(offer_ids(found(page))) == expected, typed
        assert page.eval_on_selector_all("button.filterchip", "bs => bs.map(b => b.innerText.replace(/\\s*×$/, ''))") == chips


@browser_only
def test_a_value_of_a_fixed_filter_typed_as_its_label_is_that_filter(page: Any, origin: str) -> None:
    """"werktags", "unter der Woche", "bis 1 Woche", "bis 3 Monate": the value of the filter
    whose label says so, as a chip, and the offers that have it."""
    live = {oid: o for oid, o in offers().items() if still_open(o)}
    for typed, key, value in (("werktags", "wochentage", "werktags"), ("unter der Woche", "wochentage", "werktags"),
                              ("bis 1 Woche", "dauer", "bis 1 Woche"), ("bis 3 Monate", "dauer", "bis 3 Monate")):
        open_search(page, origin, "?q=" + quote(typed))
        expected = {oid for oid, o in live.items() if value in facet_values(o)[key]}
        assert expected and expected != set(live), typed
        assert set(offer_ids(found(page))) == expected, typed
        assert page.eval_on_selector_all("button.filterchip", "bs => bs.map(b => b.innerText.replace(/\\s*×$/, ''))") == [value], typed


@browser_only
def test_started_and_booked_courses_by_default_and_on_request(page: Any, origin: str) -> None:
    live = offers()
    open_search(page, origin)
    shown = set(offer_ids(found(page)))
    assert shown == {oid for oid, o in live.items() if still_open(o)}
    assert "laeuft-nur" not in shown and "laeuft-mit-einstieg" in shown and "ganz-ausgebucht" in shown
    page.check("#plan-frei")
    page.wait_for_url("**frei=ja**")
    wait(page)
    assert set(offer_ids(found(page))) == {oid for oid, o in live.items() if still_open(o) and has_seats(o)}
    page.uncheck("#plan-frei")
    assert page.is_checked("#plan-nicht-begonnen")
    page.uncheck("#plan-nicht-begonnen")
    page.wait_for_url("**begonnene=ja**")
    wait(page)
    assert set(offer_ids(found(page))) == set(live)


@browser_only
def test_free_seats_said_in_words_tick_the_filter_with_a_chip(page: Any, origin: str) -> None:
    """"freie Plätze", "mit freien Plätzen", "noch Plätze frei" are the filter "Nur mit freien
    Plätzen", not words to search: they leave the field, tick it, and a chip takes it away."""
    live = offers()
    with_seats = {oid for oid, o in live.items() if still_open(o) and has_seats(o)}
    for typed in ("freie Plätze", "nur mit freien Plätzen", "noch Plätze frei", "Restplätze"):
        open_search(page, origin, "?q=" + quote(typed))
        page.wait_for_url("**frei=ja**")
        wait(page)
        assert page.input_value("#suche-q") == "" and page.is_checked("#plan-frei"), typed
        assert set(offer_ids(found(page))) == with_seats, typed
        assert "mit freien Plätzen" in page.inner_text("#suche-status"), typed
    chip = page.locator("button.filterchip", has_text="nur mit freien Plätzen")
    assert chip.count() == 1
    chip.click()
    page.wait_for_function("!location.search.includes('frei=ja')")
    wait(page)
    assert not page.is_checked("#plan-frei") and page.locator("button.filterchip").count() == 0
    # Ticked in the panel: the same chip (the address holds the box, not how it was ticked),
    # and a link to the answer shows it too.
    page.check("#plan-frei")
    page.wait_for_url("**frei=ja**")
    wait(page)
    assert page.locator("button.filterchip", has_text="nur mit freien Plätzen").count() == 1
    open_search(page, origin, "?q=Stapler&frei=ja")
    assert page.input_value("#suche-q") == "Stapler" and page.is_checked("#plan-frei")
    assert page.locator("button.filterchip", has_text="nur mit freien Plätzen").count() == 1


@browser_only
def test_the_start_range_finds_only_dates_one_can_book(page: Any, origin: str) -> None:
    """A date whose registration is over, or (with "nur mit freien Plätzen") a sold-out one,
    is no start in the range, even when the offer has another date elsewhere."""
    open_search(page, origin, "?von=2026-12-04&bis=2026-12-31")
    assert "anmeldeschluss-vorbei" not in offer_ids(found(page))
    open_search(page, origin, "?von=2027-03-01&bis=2027-03-31")
    assert "anmeldeschluss-vorbei" in offer_ids(found(page))
    open_search(page, origin, "?von=2027-01-10&bis=2027-01-20")
    assert "frueher-ausgebucht" in offer_ids(found(page))
    open_search(page, origin, "?von=2027-01-10&bis=2027-01-20&frei=ja")
    assert "frueher-ausgebucht" not in offer_ids(found(page))
    open_search(page, origin, "?von=2027-02-10&bis=2027-02-20&frei=ja")
    assert "frueher-ausgebucht" in offer_ids(found(page))


def assert_start_range(page: Any, origin: str, typed: str, words: str, since: date, until: date | None) -> None:
    """``typed`` leaves ``words`` in the search box and sets "Beginn von – bis" to since–until."""
    open_search(page, origin, "?q=" + quote(typed))
    page.wait_for_url("**von=**")
    wait(page)
    assert page.input_value("#suche-q") == words, typed
    assert page.input_value("#plan-von") == since.isoformat(), typed
    assert page.input_value("#plan-bis") == (until.isoformat() if until else ""), typed
    status = page.inner_text("#suche-status")
    assert "Beginn " in status, typed
    if since == until:  # one day: "Beginn am 06.12.2026", not "zwischen 06.12.2026 und 06.12.2026"
        assert f"Beginn am {since:%d.%m.%Y}" in status and "Beginn zwischen" not in status, (typed, status)


@browser_only
def test_dates_said_in_words_become_the_start_range(page: Any, origin: str) -> None:
    """"nächsten Monat", "nächste Woche", "ab März", "bis Juni", "im April", "Mitte Mai", "KW 10",
    "im Herbst", "ab sofort", "Januar bis März", "ab 15.3.", "Q2", "in zwei Wochen" … typed
    into the search box leave the words and set "Beginn von – bis", from the visitor's own today."""
    today = date.today()
    first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    last_next = (first_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    march = date(today.year + (today.month > 3), 3, 1)
    june_end = date(today.year + (today.month > 6), 6, 30)
    def month_range(month: int, year: int | None = None) -> tuple[date, date]:
        year = year if year is not None else today.year + (month < today.month)
        first = date(year, month, 1)
        return max(first, today), (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    def iso_week(week: int) -> tuple[date, date]:
        start = date.fromisocalendar(today.year, week, 1)
        if start + timedelta(days=6) < today:
            start = date.fromisocalendar(today.year + 1, week, 1)
        return max(start, today), start + timedelta(days=6)

    autumn = date(today.year + (today > date(today.year, 11, 30)), 9, 1)
    april, kw10 = month_range(4), iso_week(10)
    year = today.year + 1
    march15 = date(today.year + (today > date(today.year, 3, 15)), 3, 15)
    late = today.year + (today > date(today.year, 12, 30))
    new_year = date(today.year, 1, 1) if today == date(today.year, 1, 1) else date(today.year + 1, 1, 1)
    after_next = (last_next + timedelta(days=1))
    summer = date(today.year + (today >= date(today.year, 6, 1)), 6, 1)
    summer_end = date(today.year + (today > date(today.year, 8, 31)), 8, 31)
    for typed, words, since, until in [
        ("Führung nächsten Monat", "Führung", first_next, last_next),
        ("nächste Woche Technik", "Technik", monday, monday + timedelta(days=6)),
        ("übernächste Woche Technik", "Technik", monday + timedelta(days=7), monday + timedelta(days=13)),
        ("Führung ab März", "Führung", today if today.month == 3 else march, None),
        ("Führung bis Juni", "Führung", today, june_end),
        # More ways people plan: a month, a part of one, a calendar week, a season, "ab sofort".
        ("Führung im April", "Führung", *april),
        ("Führung April", "Führung", *april),
        (f"Führung Mitte Mai {today.year + 1}", "Führung", date(today.year + 1, 5, 11), date(today.year + 1, 5, 20)),
        ("Technik KW 10", "Technik", *kw10),
        ("Technik KW10", "Technik", *kw10),
        ("Technik ab KW 10", "Technik", kw10[0], None),
        ("Technik bis zur KW 10", "Technik", today, kw10[1]),
        ("Führung im Herbst", "Führung", max(autumn, today), date(autumn.year, 11, 30)),
        ("Führung Herbst", "Führung", max(autumn, today), date(autumn.year, 11, 30)),
        ("ab sofort Führung", "Führung", today, None),
        # Spans, days, quarters and parts of a year, as HR staff plan.
        ("Führung bis Ende Januar", "Führung", today, date(today.year + (today.month > 1), 1, 31)),
        (f"Führung Januar {year} bis März {year}", "Führung", date(year, 1, 1), date(year, 3, 31)),
        (f"Führung im Januar {year} oder Februar {year}", "Führung", date(year, 1, 1), date(year, 2, 28)),
        (f"Führung ab März {year} bis Mai {year}", "Führung", date(year, 3, 1), date(year, 5, 31)),
        (f"Technik zwischen 1. und 15. März {year}", "Technik", date(year, 3, 1), date(year, 3, 15)),
        (f"Technik vom 1.3.{year} bis 15.3.{year}", "Technik", date(year, 3, 1), date(year, 3, 15)),
        ("Führung ab 15.3.", "Führung", march15, None),
        (f"Technik 15.03.{year}", "Technik", date(year, 3, 15), None),
        (f"Technik am 2.2.{year}", "Technik", date(year, 2, 2), date(year, 2, 2)),
        (f"Führung im ersten Quartal {year}", "Führung", date(year, 1, 1), date(year, 3, 31)),
        (f"Führung Q2 {year}", "Führung", date(year, 4, 1), date(year, 6, 30)),
        (f"Führung Anfang {year}", "Führung", date(year, 1, 1), date(year, 3, 31)),
        ("Technik in zwei Wochen", "Technik", monday + timedelta(days=7), monday + timedelta(days=13)),
        # Holidays and "nach"/"vor": Easter Monday is the last day of Easter, Whit Sunday the first of Whitsun.
        (f"Technik nach Ostern {year}", "Technik", easter(year) + timedelta(days=2), None),
        (f"Führung vor Pfingsten {year}", "Führung", today, easter(year) + timedelta(days=48)),
        (f"Führung über Weihnachten {year}", "Führung", date(year, 12, 24), date(year, 12, 26)),
        (f"Führung nach März {year}", "Führung", date(year, 4, 1), None),
        (f"Technik vor Juni {year}", "Technik", today, date(year, 5, 31)),
        ("Führung im neuen Jahr", "Führung", date(today.year + 1, 1, 1), date(today.year + 1, 12, 31)),
        ("Technik zwischen den Jahren", "Technik", max(date(late, 12, 27), today), date(late, 12, 30)),
        ("Führung nach den Feiertagen", "Führung", new_year + timedelta(days=1), None),
        # Relative spans after "ab"/"bis", parts of this month, single days, "bald".
        ("Führung ab nächster Woche", "Führung", monday, None),
        ("Führung ab nächstem Monat", "Führung", first_next, None),
        ("Technik übernächsten Monat", "Technik", after_next, (after_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)),
        ("Führung Ende des Monats", "Führung", max(today.replace(day=21), today), first_next - timedelta(days=1)),
        ("Technik heute", "Technik", today, today),
        ("Technik morgen", "Technik", today + timedelta(days=1), today + timedelta(days=1)),
        ("Führung nächsten Sommer", "Führung", summer, date(summer.year, 8, 31)),
        ("Technik in den nächsten 3 Tagen", "Technik", today, today + timedelta(days=3)),
        ("Führung in den nächsten Wochen", "Führung", today, today + timedelta(days=28)),
        ("Führung demnächst", "Führung", today, today + timedelta(days=28)),
        # "spätestens", "frühestens", a season after "nach"/"ab", the end of the year.
        (f"Führung spätestens März {year}", "Führung", today, date(year, 3, 31)),
        (f"Führung frühestens April {year}", "Führung", date(year, 4, 1), None),
        ("Führung nach dem Sommer", "Führung", summer_end + timedelta(days=1), None),
        ("Technik bis Jahresende", "Technik", today, date(today.year, 12, 31)),
        # An article after "ab", "bis", "vom … bis": "ab dem 15.3.", "bis zum 31. März".
        ("Führung ab dem 15.3.", "Führung", march15, None),
        (f"Technik bis zum 31. März {year}", "Technik", today, date(year, 3, 31)),
        (f"Technik vom 1.3.{year} bis zum 15.3.{year}", "Technik", date(year, 3, 1), date(year, 3, 15)),
        # A year after "im Jahr", "in", "ab", "bis", "nach", "vor".
        (f"Führung im Jahr {year}", "Führung", date(year, 1, 1), date(year, 12, 31)),
        (f"Führung in {year}", "Führung", date(year, 1, 1), date(year, 12, 31)),
        (f"Führung ab {year}", "Führung", date(year, 1, 1), None),
        (f"Technik bis {year}", "Technik", today, date(year, 12, 31)),
        (f"Technik nach {year}", "Technik", date(year + 1, 1, 1), None),
        (f"Führung im Jahr {today.year}", "Führung", today, date(today.year, 12, 31)),
    ]:
        assert_start_range(page, origin, typed, words, since, until)
    # A version number is no day: "Python 3.11" is not 3 November; "Feiertage" alone is a word;
    # "am Morgen" is a time of day, not tomorrow. A year alone is a word ("Lohnsteuer 2027": the
    # seminar on that year's rules); a year that is over is no range.
    for typed in ("Technik 3.11", "Technik Feiertage", "Technik am Morgen", f"Technik {year}", f"Technik in {today.year - 1}"):
        open_search(page, origin, "?q=" + quote(typed))
        assert page.input_value("#plan-von") == "" and "von=" not in page.url, typed


@browser_only
def test_short_months_months_side_by_side_and_the_next_months_become_the_start_range(page: Any, origin: str) -> None:
    """"Jan", "im Feb.", "Sept" are months; "Januar Februar", "Jan/Feb", "Jan–Feb" the range from
    the first to the end of the last; "nächste 2 Monate", "für die nächsten zwei Wochen" with or
    without "in den". A short month inside a word ("Augenoptik") is none."""
    today = date.today()

    def month_range(month: int) -> tuple[date, date]:
        year = today.year + (month < today.month)
        first = date(year, month, 1)
        return max(first, today), (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    def months_ahead(n: int) -> date:  # as JavaScript's Date(y, m + n, d): days beyond the month run on
        year, month = divmod(today.month - 1 + n, 12)
        return date(today.year + year, month + 1, 1) + timedelta(days=today.day - 1)

    feb_end = month_range(2)[1]
    jan_feb = (max(date(feb_end.year, 1, 1), today), feb_end)
    for typed, words, since, until in [
        ("Führung jan.", "Führung", *month_range(1)),
        ("Technik im Feb", "Technik", *month_range(2)),
        ("Führung Sept", "Führung", *month_range(9)),
        ("Führung Mrz", "Führung", *month_range(3)),
        ("Führung Januar Februar", "Führung", *jan_feb),
        ("Führung Jan/Feb", "Führung", *jan_feb),
        ("Führung Jan–Feb", "Führung", *jan_feb),
        ("Führung nächste 2 Monate", "Führung", today, months_ahead(2)),
        ("Technik für die nächsten zwei Wochen", "Technik", today, today + timedelta(days=14)),
        ("Führung kommende Wochen", "Führung", today, today + timedelta(days=28)),
    ]:
        assert_start_range(page, origin, typed, words, since, until)
    for typed in ("Technik Augenoptik", "Technik Janosch"):
        open_search(page, origin, "?q=" + quote(typed))
        assert page.input_value("#plan-von") == "" and "von=" not in page.url, typed


def school_holidays(state: str) -> dict[str, list[tuple[date, date]]]:
    """site_builder/data/schulferien.csv, read here without Lotse: name -> (first, last) days."""
    out: dict[str, list[tuple[date, date]]] = {}
    for line in (ROOT / "site_builder" / "data" / "schulferien.csv").read_text(encoding="utf-8").splitlines():
        cells = line.split(";")
        if not line.startswith("#") and len(cells) == 4 and cells[0] == state:
            out.setdefault(cells[1], []).append((date.fromisoformat(cells[2]), date.fromisoformat(cells[3])))
    return out


@browser_only
def test_a_time_asked_for_lists_what_begins_then_first(page: Any, origin: str) -> None:
    """A start any time or a running course with entry matches every time and, sorted by start,
    would lead the list: the offers that begin in the range come first, and the status says so;
    when none begins then, it says that."""
    live = offers()
    for since, until in (("2027-01-01", "2027-03-31"), ("2027-02-01", "2027-02-28")):
        open_search(page, origin, f"?von={since}&bis={until}")
        shown = offer_ids(found(page))
        begins = {
            oid for oid, o in live.items()
            if any(since <= as_date(d["start"]).isoformat() <= until and as_date(d["start"]) >= TODAY and joinable(o, d) for d in open_dates(o))
        }
        assert begins and set(shown[: len(begins)]) == begins, (shown, begins)
        if len(shown) > len(begins):
            assert f"Zuerst die {len(begins)} Angebote, die in dieser Zeit beginnen." in page.inner_text("#suche-status")
    open_search(page, origin, "?von=2030-06-01&bis=2030-06-02")
    status = page.inner_text("#suche-status")
    assert offer_ids(found(page)) and "Keines beginnt in dieser Zeit" in status, status


@browser_only
def test_school_holidays_said_in_words_become_the_start_range(page: Any, origin: str) -> None:
    """"in den Sommerferien", "nach den Herbstferien", "während der Ferien", "Osterferien 2029":
    the school holidays of the guide's Land (site.yaml: state), the next ones not yet over."""
    today = date.today()
    table = school_holidays("Baden-Württemberg")
    assert set(table) >= {"Osterferien", "Pfingstferien", "Sommerferien", "Herbstferien", "Weihnachtsferien"}

    def upcoming(spans: list[tuple[date, date]]) -> tuple[date, date] | None:
        return min((s for s in spans if s[1] >= today), default=None)

    last_easter = table["Osterferien"][-1]
    cases: list[tuple[str, str, date, date | None]] = [
        (f"Technik Osterferien {last_easter[0].year}", "Technik", max(last_easter[0], today), last_easter[1]),
    ]
    summer, autumn = upcoming(table["Sommerferien"]), upcoming(table["Herbstferien"])
    any_next = upcoming([s for spans in table.values() for s in spans])
    if summer:
        cases.append(("Führung in den Sommerferien", "Führung", max(summer[0], today), summer[1]))
    if autumn:
        cases.append(("Technik nach den Herbstferien", "Technik", autumn[1] + timedelta(days=1), None))
    if any_next:
        cases.append(("Führung während der Ferien", "Führung", max(any_next[0], today), any_next[1]))
        cases.append(("Schulferien Technik", "Technik", max(any_next[0], today), any_next[1]))
    for typed, words, since, until in cases:
        assert_start_range(page, origin, typed, words, since, until)
    if summer:  # the status line names the days and what was typed for them
        assert_start_range(page, origin, "Führung in den Sommerferien", "Führung", max(summer[0], today), summer[1])
        said = f"Beginn zwischen {max(summer[0], today):%d.%m.%Y} und {summer[1]:%d.%m.%Y} („in den Sommerferien“)"
        assert said in page.inner_text("#suche-status")
    # "Ferien" alone may be what a course is about (and "Ferienbetreuung" is a word): no range.
    # Nor is "Ferien" a misspelt word of the guide (the sample suggested "Verein").
    for typed in ("Technik Ferien", "Ferienbetreuung", "Ferien"):
        open_search(page, origin, "?q=" + quote(typed))
        assert page.input_value("#plan-von") == "" and "von=" not in page.url, typed
        assert "Meinten Sie" not in page.inner_text("#suche-status"), typed
    if not (summer and autumn):
        pytest.skip("site_builder/data/schulferien.csv endet vor den nächsten Sommer- oder Herbstferien: bitte fortschreiben")


@browser_only
def test_the_start_range_finds_april_to_june(page: Any, origin: str) -> None:
    open_search(page, origin, "?thema=" + quote("Führung"))
    page.fill("#plan-von", "2027-04-01")
    page.dispatch_event("#plan-von", "change")
    wait(page)
    page.fill("#plan-bis", "2027-06-30")
    page.dispatch_event("#plan-bis", "change")
    page.wait_for_url("**bis=2027-06-30**")
    wait(page)
    expected = {
        oid for oid, o in offers().items() if "fuehrung" in o["topics"]
        and any(date(2027, 4, 1) <= as_date(d["start"]) <= date(2027, 6, 30) for d in o.get("dates", []))
    }
    assert expected == {"fuehrung-juni", "fuehrung-mai"}
    assert set(offer_ids(found(page))) == expected
    assert "Beginn zwischen 01.04.2027 und 30.06.2027" in page.inner_text("#suche-status")
    # The address holds the range: reloading shows the same.
    page.reload()
    wait(page)
    assert page.input_value("#plan-von") == "2027-04-01" and page.input_value("#plan-bis") == "2027-06-30"
    assert set(offer_ids(found(page))) == expected
    # A range that only covers 15 June finds the course by its second June date, and the
    # courses one can begin then too: any time, or running with late entry until then.
    open_search(page, origin, "?von=2027-06-13&bis=2027-06-20")
    anytime = {oid for oid, o in offers().items() if o.get("on_demand") or any(
        as_date(d["start"]) < TODAY and last_day(d) >= date(2027, 6, 13) for d in open_dates(o))}
    assert anytime == {"laeuft-mit-einstieg", "online-jederzeit"}
    assert set(offer_ids(found(page))) == {"fuehrung-juni"} | anytime


@browser_only
def test_a_start_typed_in_the_query_is_a_chip_that_lifts_it(page: Any, origin: str) -> None:
    """"Führung im Juni": "im Juni" leaves the field and becomes the start range; a chip shows
    it beside the words' chips (a helper found it only inside the collapsed panel), and
    removing it lifts the range and gives the focus back to the field."""
    open_search(page, origin, "?q=" + quote("Führung im Juni"))
    chip = page.locator("button.filterchip", has_text="Beginn: im Juni")
    assert chip.count() == 1 and "von=2027-06-01" in page.url
    chip.click()
    wait(page)
    assert "von=" not in page.url and page.locator("button.filterchip").count() == 0
    assert page.evaluate("() => document.activeElement.id") == "suche-q"
    assert "Beginn zwischen" not in page.inner_text("#suche-status")


def range_view(tab: Any) -> dict[str, Any]:
    """What a visitor sees of an answer with a start range: the field, "Beginn von – bis", the
    chips, the count line and the offers."""
    return {"q": tab.input_value("#suche-q"), "von": tab.input_value("#plan-von"), "bis": tab.input_value("#plan-bis"),
            "chips": tab.eval_on_selector_all("button.filterchip", "bs => bs.map(b => b.innerText.replace(/\\s*×$/, ''))"),
            "status": tab.inner_text("#suche-status"), "found": found(tab)}


@browser_only
def test_a_link_to_a_start_typed_shows_what_the_typed_query_showed(page: Any, origin: str) -> None:
    """A start typed ("Führung im Juni") leaves the field and becomes the range; the address it
    writes (a shared link, a reload, the back button) shows the same field, range, chip with the
    words typed, count line and offers. Changed by hand, the range no longer claims the words,
    in the page or after back and forward; a link without the words (older, or written by hand)
    shows the days alone, and so do words that do not say those days."""
    year = date.today().year + 1
    for typed, words in [("Führung im Juni", "im Juni"), ("Technik nächsten Monat", "nächsten Monat"),
                         ("Führung ab März", "ab März"), ("Technik KW 12", "KW 12"), ("Führung Herbst", "Herbst"),
                         ("Technik morgen", "morgen"), (f"Technik vom 1.3.{year} bis 15.3.{year}", f"vom 1.3.{year} bis 15.3.{year}"),
                         # As typed, with the dots tokens leave out.
                         (f"Technik zwischen 1. und 15. März {year}", f"zwischen 1. und 15. März {year}"), ("Führung ab 15.3.", "ab 15.3."),
                         ("Führung in den Sommerferien", "in den Sommerferien")]:
        open_search(page, origin, "?q=" + quote(typed))
        page.wait_for_url("**von=**")
        wait(page)
        seen = range_view(page)
        assert seen["chips"] == [f"Beginn: {words}"] and f"(„{words}“)" in seen["status"], (typed, seen)
        link = page.url
        other = page.context.new_page()
        try:
            other.goto(link)
            other.wait_for_selector("#suche-app:not([hidden])")
            wait(other)
            assert range_view(other) == seen, typed
            assert other.url == link, typed
        finally:
            other.close()
        page.reload()
        page.wait_for_selector("#suche-app:not([hidden])")
        wait(page)
        assert range_view(page) == seen, typed
    # An old link, with the days alone: the same offers, the days in chip and count line.
    dated = page.url
    plain = re.sub(r"&wann=[^&]*", "", dated)
    assert plain != dated
    open_search(page, origin, plain[plain.index("?"):])
    old = range_view(page)
    assert old["found"] == seen["found"] and old["von"] == seen["von"] and old["bis"] == seen["bis"]
    assert old["chips"] == ["Beginn zwischen " + " und ".join(f"{d[8:]}.{d[5:7]}.{d[:4]}" for d in (old["von"], old["bis"]))]
    assert old["status"] == seen["status"].replace(" („in den Sommerferien“)", "")
    # Words that do not say these days are not shown: a link cannot make the page claim them.
    open_search(page, origin, plain[plain.index("?"):] + "&wann=" + quote("Gratis bei Muster GmbH"))
    assert range_view(page) == old and "wann=" not in page.url
    # "nächsten Monat" opened weeks later means other days: the link shows its days alone.
    open_search(page, origin, "?q=" + quote("Technik nächsten Monat"))
    page.wait_for_url("**wann=**")
    wait(page)
    link, days = page.url, range_view(page)
    later = page.context.new_page()
    try:
        later.clock.set_fixed_time(datetime.now() + timedelta(days=40))
        later.goto(link)
        later.wait_for_selector("#suche-app:not([hidden])")
        wait(later)
        shown = range_view(later)
        assert (shown["von"], shown["bis"]) == (days["von"], days["bis"]) and "wann=" not in later.url
        assert shown["chips"][0].startswith("Beginn zwischen ") and "nächsten Monat" not in shown["status"]
    finally:
        later.close()
    # Changed by hand, the range is no longer the one typed; back shows it again, forward not.
    open_search(page, origin, "?q=" + quote("Führung im Juni"))
    page.wait_for_url("**von=**")
    wait(page)
    typed_view = range_view(page)
    june = typed_view["bis"][:4]
    page.fill("#plan-von", f"{june}-06-10")
    page.dispatch_event("#plan-von", "change")
    page.wait_for_url(f"**von={june}-06-10**")
    wait(page)
    by_hand = range_view(page)
    assert "wann=" not in page.url and by_hand["chips"] == [f"Beginn zwischen 10.06.{june} und 30.06.{june}"]
    assert "im Juni" not in by_hand["status"]
    page.go_back()
    page.wait_for_url("**wann=**")
    wait(page)
    assert range_view(page) == typed_view
    page.go_forward()
    page.wait_for_url(f"**von={june}-06-10**")
    wait(page)
    assert range_view(page) == by_hand
    # The chip takes the range and its words out of the address.
    page.go_back()
    page.wait_for_url("**wann=**")
    wait(page)
    page.click("button.filterchip")
    page.wait_for_function("!location.search.includes('von=')")
    wait(page)
    assert "wann=" not in page.url and "bis=" not in page.url and page.locator("button.filterchip").count() == 0


@browser_only
def test_my_location_by_keyboard_keeps_the_focus(page: Any, origin: str) -> None:
    """"Mein Standort" pressed with Enter: while the browser locates, the button stays
    focused (a disabled button dropped the focus to the page's body), and after it the
    offers come by distance."""
    table = centroids()
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": table["71032"][0], "longitude": table["71032"][1]})
    open_search(page, origin, "")
    page.focus("#plan-standort")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('suche-status').textContent.includes('Ihrem Standort')")
    wait(page)
    assert page.evaluate("() => document.activeElement && document.activeElement.id") == "plan-standort"
    assert page.get_attribute("#plan-standort", "aria-disabled") is None


@browser_only
def test_distance_orders_and_filters_against_distances_by_hand(page: Any, origin: str) -> None:
    table = centroids()
    here = table["71032"]
    live = offers()

    def nearest(o: dict) -> float:
        return min(haversine(here, table[p["postal_code"]]) for p in places(o))

    located = {oid: nearest(o) for oid, o in live.items() if places(o) and still_open(o)}
    open_search(page, origin, "?plz=71032&umkreis=50&online=nein&sort=entfernung")
    paths = found(page)
    ids = offer_ids(paths)
    assert set(ids) == {oid for oid, km in located.items() if km <= 50}
    assert [round(located[i], 3) for i in ids] == sorted(round(located[i], 3) for i in ids)
    # The card says how far: Stuttgart (70173) is about 16 km from Böblingen.
    text = page.inner_text(".treffer-liste")
    km_stuttgart = haversine(here, table["70173"])
    assert f"ca. {round(km_stuttgart)} km" in text
    # Advisory points have a tab of their own (issue 16), nearest first too: the one in 71032.
    page.click("[role=tab][data-art=Beratungsstelle]")
    wait(page)
    assert found(page)[0] == "/beratung/beratung-boeblingen/"
    assert "ca. 0,0 km" in page.inner_text(".treffer-liste")
    # 10 km: only what is that close; online offers come along unless switched off.
    open_search(page, origin, "?plz=71032&umkreis=10")
    near = set(offer_ids(found(page)))
    online = {oid for oid, o in live.items() if o["format"] == "online" and still_open(o)}
    assert near == {oid for oid, km in located.items() if km <= 10} | online
    assert page.is_checked("#plan-online")
    # Entering a postal code in the form sorts by distance and writes the address.
    open_search(page, origin)
    page.fill("#plan-plz", "73033")
    page.press("#plan-plz", "Enter")
    page.wait_for_url("**plz=73033**")
    wait(page)
    assert page.input_value("#suche-sort") == "entfernung"
    assert offer_ids(found(page))[0] == "anmeldeschluss-vorbei"  # in Göppingen itself


@browser_only
def test_more_results_keep_the_list_busy_until_their_cards_are_in(page: Any, origin: str) -> None:
    # CI's race: "Mehr anzeigen" hid itself at once and the list never said it was loading,
    # so whoever waited for the list read it before the next cards arrived.
    open_search(page, origin, "?plz=71032&umkreis=50&online=nein&sort=entfernung")
    assert page.is_visible("text=Mehr anzeigen")
    first = page.eval_on_selector_all(".treffer-titel a", "as => as.length")
    fragments = Gate(page, "**/pagefind/fragment/**")
    page.click("text=Mehr anzeigen")
    page.wait_for_function("document.getElementById('suche-treffer').getAttribute('aria-busy') === 'true'")
    assert fragments.wait_for_request(), "the next cards' fragments are fetched after the click"
    assert page.get_attribute("#suche-treffer", "aria-busy") == "true"
    fragments.release()
    wait(page)
    assert page.eval_on_selector_all(".treffer-titel a", "as => as.length") > first
    assert page.evaluate("document.activeElement.closest('.treffer-titel') !== null")


@browser_only
def test_region_filter_includes_online_offers_by_default(page: Any, origin: str) -> None:
    live = offers()
    open_search(page, origin, "?region=" + quote("Böblingen"))
    got = set(offer_ids(found(page)))
    in_region = {oid for oid, o in live.items() if still_open(o) and any(p["region"] == "boeblingen" for p in places(o))}
    online = {oid for oid, o in live.items() if o["format"] == "online" and still_open(o)}
    assert "ortswechsel" in in_region
    assert got == in_region | online
    # Those held there first, then those online; the status says so.
    shown = offer_ids(found(page))
    assert set(shown[: len(in_region)]) == in_region, shown
    assert f"Zuerst die {len(in_region)} Angebote vor Ort, dann die online." in page.inner_text("#suche-status")
    page.uncheck("#plan-online")
    page.wait_for_url("**online=nein**")
    wait(page)
    assert set(offer_ids(found(page))) == in_region


@browser_only
def test_a_run_at_two_places_is_found_under_the_region_and_near_its_second_place(page: Any, origin: str) -> None:
    """"lager-zwei-orte" is held in Stuttgart and, for its practice, in Esslingen (also_at):
    choosing the region Esslingen finds it (with a month too, the same date holds there), the
    region's count includes it, and it is within 5 km of Esslingen (73728) although Stuttgart
    is farther: the distance is measured from its nearest place."""
    open_search(page, origin, "?region=Esslingen&online=nein")
    assert "lager-zwei-orte" in offer_ids(found(page))
    assert counts(page, "region")["Esslingen"] == len(set(offer_ids(found(page))))
    open_search(page, origin, "?region=Esslingen&beginn=" + quote("März 2027") + "&online=nein")
    assert "lager-zwei-orte" in offer_ids(found(page))
    table = centroids()
    assert haversine(table["73728"], table["70178"]) > 5
    open_search(page, origin, "?plz=73728&umkreis=5&online=nein&sort=entfernung")
    ids = offer_ids(found(page))
    assert "lager-zwei-orte" in ids
    card = page.locator("article", has=page.locator("a[href$='/angebote/lager-zwei-orte/']"))
    assert "ca. 0,0 km" in card.inner_text()
    assert "Stuttgart und Esslingen am Neckar" in card.inner_text()
    # Its practice place's name is a word of its page.
    open_search(page, origin, "?q=Neckarhafen")
    assert offer_ids(found(page)) == ["lager-zwei-orte"]


REGION_LABELS = {"stuttgart": "Stuttgart", "boeblingen": "Böblingen"}


def starts_at(o: dict, region: str, dates: list[dict] | None = None) -> list[dict]:
    """The bookable starts of ``o`` (or ``dates``) whose place (the date's own, else the
    offer's) is in ``region``."""
    chosen = bookable_starts(o) if dates is None else dates
    return [d for d in chosen if region in {p.get("region") for p in (d.get("location") or o.get("location") or {}, *d.get("also_at", []))}]


@browser_only
@pytest.mark.parametrize("region", ["stuttgart", "boeblingen"])
def test_a_region_and_a_start_hold_for_the_same_date(page: Any, origin: str, region: str) -> None:
    """A course given at several sites ("ortswechsel": February in Stuttgart, March in
    Sindelfingen) starts in Böblingen in March, not in February: a region chosen with a month
    or a range must hold for one date, as each alone does for any."""
    live = {oid: o for oid, o in offers().items() if o["format"] != "online"}
    label = REGION_LABELS[region]
    for start in ("Februar 2027", "März 2027"):
        open_search(page, origin, f"?region={quote(label)}&beginn={quote(start)}&online=nein")
        expected = {oid for oid, o in live.items() if any(month(as_date(d["start"])) == start for d in starts_at(o, region))}
        assert set(offer_ids(found(page))) == expected, (label, start)
        assert ("ortswechsel" in expected) == ((region, start) in {("stuttgart", "Februar 2027"), ("boeblingen", "März 2027")})
    # With online offers (the default), those starting then come in too, by their starts alone.
    open_search(page, origin, f"?region={quote(label)}&beginn={quote('Februar 2027')}")
    online = {oid for oid, o in offers().items() if o["format"] == "online" and "Februar 2027" in start_months(o)}
    at_place = {oid for oid, o in live.items() if any(month(as_date(d["start"])) == "Februar 2027" for d in starts_at(o, region))}
    assert online and set(offer_ids(found(page))) == at_place | online
    open_search(page, origin, f"?region={quote(label)}&von=2027-02-01&bis=2027-02-28&online=nein")
    # A range also finds a running course that can be joined until a day in it or after.
    expected = {
        oid for oid, o in live.items()
        if any("2027-02-01" <= str(d["start"]) <= "2027-02-28" for d in starts_at(o, region))
        or any(as_date(d["start"]) < TODAY and last_day(d) >= date(2027, 2, 1) for d in starts_at(o, region, open_dates(o)))
        or (o.get("on_demand") and (o.get("location") or {}).get("region") == region)
    }
    assert set(offer_ids(found(page))) == expected and ("ortswechsel" in expected) == (region == "stuttgart")


@browser_only
def test_the_count_beside_a_region_or_month_is_what_choosing_it_finds(page: Any, origin: str) -> None:
    """With a month chosen, "ortswechsel" (February in Stuttgart, March in Böblingen) counts
    under Böblingen only for March; with a region chosen, under February only for Stuttgart."""
    for chosen, key, other in (("beginn=" + quote("Februar 2027"), "region", "Böblingen"), ("region=" + quote("Böblingen"), "beginn", "Februar 2027")):
        open_search(page, origin, f"?{chosen}&online=nein")
        shown = counts(page, key)
        for value in (other, "Stuttgart" if key == "region" else "März 2027"):
            open_search(page, origin, f"?{chosen}&{key}={quote(value)}&online=nein")
            assert shown.get(value, 0) == len(offer_ids(found(page))), (chosen, value)


@browser_only
def test_a_region_counts_the_online_offers_choosing_it_brings_along(page: Any, origin: str) -> None:
    """"Online-Angebote einbeziehen" (the default) keeps the online offers when a region is
    chosen: the count beside the region says how many, "Stuttgart (4 + 2 online)", and adds up
    to what choosing it finds; a region without offers of its own is not listed for them."""
    live = {oid: o for oid, o in offers().items() if still_open(o)}
    online = {oid for oid, o in live.items() if o["format"] == "online"}
    assert online
    for query in ("", "?beginn=" + quote("Februar 2027")):
        open_search(page, origin, query)
        labels = dict(page.eval_on_selector_all(
            ".facette[data-key='region'] li",
            "items => items.map(li => [li.querySelector('input').value, li.querySelector('.anzahl').textContent])",
        ))
        shown = counts(page, "region")
        assert shown and all(" online)" in text for text in labels.values()), labels
        for value, total in shown.items():
            open_search(page, origin, f"{query}{'&' if query else '?'}region={quote(value)}")
            assert total == len(offer_ids(found(page))), (query, value, labels[value])
    # Switched off, the counts are the region's own.
    open_search(page, origin, "?online=nein")
    assert not any("online" in t for t in page.eval_on_selector_all(".facette[data-key='region'] .anzahl", "s => s.map(x => x.textContent)"))


@browser_only
def test_a_distance_and_a_start_hold_for_the_same_date(page: Any, origin: str) -> None:
    """The same for the distance: within 10 km of Sindelfingen (71063) "ortswechsel" starts in
    March (there), not in February (in Stuttgart, about 15 km away)."""
    near = "?plz=71063&umkreis=10&online=nein"
    open_search(page, origin, near)
    assert "ortswechsel" in offer_ids(found(page))
    open_search(page, origin, near + "&von=2027-03-01&bis=2027-03-31")
    assert "ortswechsel" in offer_ids(found(page))
    open_search(page, origin, near + "&von=2027-02-01&bis=2027-02-28")
    assert "ortswechsel" not in offer_ids(found(page))
    open_search(page, origin, near + "&beginn=" + quote("Februar 2027"))
    assert "ortswechsel" not in offer_ids(found(page))


@browser_only
def test_no_results_offer_to_lift_a_planning_constraint(page: Any, origin: str) -> None:
    # Nothing starts in 2030: the help names the range with what lifting it would bring.
    open_search(page, origin, "?thema=" + quote("Führung") + "&von=2030-01-01")
    assert found(page) == []
    expected = {oid for oid, o in offers().items() if "fuehrung" in o["topics"] and still_open(o)}
    undo = page.locator(".hilfe-filter button", has_text="Beginn ab 01.01.2030")
    assert undo.count() == 1 and f"({len(expected)} Treffer)" in undo.inner_text()
    undo.click()
    wait(page)
    assert "von=" not in page.url and page.input_value("#plan-von") == ""
    assert set(offer_ids(found(page))) == expected
    # The same typed as words: the word is known, the range leaves nothing; it is not called
    # unknown, not dropped for what the range alone finds, and the help offers the range.
    open_search(page, origin, "?q=" + quote("Führung im Januar 2030"))
    page.wait_for_url("**von=2030-01-01**")
    wait(page)
    assert found(page) == []
    status = page.inner_text("#suche-status")
    assert status.startswith("Kein Angebot für „Führung“ mit Beginn zwischen 01.01.2030 und 31.01.2030"), status
    assert "auf dieser Website nicht vor" not in status
    undo = page.locator(".hilfe-filter button", has_text="Beginn zwischen 01.01.2030 und 31.01.2030")
    assert undo.count() == 1 and "Treffer)" in undo.inner_text()


@browser_only
def test_nothing_in_the_weeks_asked_for_offers_what_starts_after_them(page: Any, origin: str) -> None:
    """No leadership course starts in the first week of January: the help offers the later
    starts (the range kept open at its end), earliest first, before lifting the range."""
    since = date(2027, 1, 4)
    open_search(page, origin, "?thema=" + quote("Führung") + f"&von={since}&bis=2027-01-10")
    assert found(page) == []
    later = {
        oid: min(as_date(d["start"]) for d in bookable_starts(o) if as_date(d["start"]) >= since)
        for oid, o in offers().items()
        if "fuehrung" in o["topics"] and any(as_date(d["start"]) >= since for d in bookable_starts(o))
    }
    texts = page.locator(".hilfe-filter button").all_inner_texts()
    offered = texts.index(f"Später beginnende zeigen (ab 04.01.2027) ({len(later)} Treffer)")
    assert any(t.startswith("„Beginn zwischen 04.01.2027 und 10.01.2027“ entfernen") for t in texts[offered + 1:]), texts
    page.locator(".hilfe-filter button").nth(offered).click()
    wait(page)
    assert "bis=" not in page.url and f"von={since}" in page.url and "sort=beginn" in page.url
    assert page.input_value("#plan-bis") == "" and page.input_value("#plan-von") == since.isoformat()
    assert offer_ids(found(page)) == sorted(later, key=lambda oid: (later[oid], oid))
    assert "nach Beginn sortiert" in page.inner_text("#suche-status")


@browser_only
def test_on_a_phone_the_count_follows_each_tap(browser: Any, origin: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="de-DE")
    tab = context.new_page()
    open_search(tab, origin)
    tab.tap(".filter-panel > summary")
    tab.tap(".facette[data-key=thema] summary")
    tab.tap("label:has-text('Führung')")
    tab.wait_for_url("**thema=**")
    wait(tab)
    bar = tab.locator(".filter-fuss__knopf")
    assert bar.is_visible()
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= tab.evaluate("window.innerHeight"), "der Knopf bleibt im Bild"
    n = int(tab.inner_text("#suche-status").split()[0])
    assert bar.inner_text() == f"{n} Treffer anzeigen"
    assert n == len([o for o in offers().values() if "fuehrung" in o["topics"] and still_open(o)])
    bar.tap()
    assert not tab.is_visible(".facette[data-key=thema]")
    assert tab.evaluate("document.activeElement.id") == "ergebnis-titel"
    # No value hides in a scroll box: every list shows all values or a button for the rest.
    assert tab.evaluate("[...document.querySelectorAll('.facette-werte')].every(u => getComputedStyle(u).overflowY === 'visible')")
    context.close()


NEW_STATES = {
    "search with place, range and panel": "/suche/?plz=71032&umkreis=25&von=2027-01-01&bis=2027-06-30&frei=ja",
    "month list": "/angebote/beginn/2027-06/",
    "region with online section": "/regionen/boeblingen/",
    "offer with places per date": "/angebote/ortswechsel/",
    "offer running with late entry": "/angebote/laeuft-mit-einstieg/",
    "regional catalogue": "/katalog/esslingen/",
}


@browser_only
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(NEW_STATES))
def test_axe_finds_nothing_on_the_new_states(tabs: Any, name: str, width: int) -> None:
    tab, _, _ = tabs.visit(NEW_STATES[name], width)
    if name.startswith("search"):
        tab.wait_for_selector("#suche-app:not([hidden])")
        wait(tab)
        tab.eval_on_selector_all("details.filter-panel, details.facette", "ds => ds.forEach(d => d.open = true)")
        assert tab.locator(".treffer").count() > 0
    assert axe_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "waagrechtes Scrollen"


@browser_only
def test_new_pages_work_without_javascript(browser: Any, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{origin}/suche/")
    assert tab.is_visible("text=Nach Beginn")
    tab.click("a[href='/angebote/beginn/2027-06/']")
    tab.wait_for_url("**/angebote/beginn/2027-06/", wait_until="load")  # click() returns at commit
    assert tab.locator(".terminliste__eintrag").count() == 2
    tab.goto(f"{origin}/regionen/boeblingen/")
    assert tab.is_visible("#online-titel")
    context.close()


def test_every_page_of_the_fixture_is_german(site: Path) -> None:
    assert all(parse(p).lang == "de" for p in html_files(site))


def card_facts(tab: Any, oid: str) -> str:
    """The facts line of a result card, and its line of times."""
    found(tab)
    card = tab.locator("#suche-treffer article", has=tab.locator(f'.treffer-titel a[href$="/{oid}/"]'))
    return f'{card.locator(".treffer-fakten").inner_text()} | {card.locator(".treffer-zeiten").inner_text()}'


@browser_only
def test_a_card_names_the_start_it_was_found_by(page: Any, origin: str) -> None:
    """"ortswechsel" starts in February in Stuttgart (1.390 €, 8:30) and in March in
    Sindelfingen (1.490 €, 9:00): found by March, by Böblingen or near Sindelfingen, its card
    names the March start with its place, price and times, not the next start in February."""
    march = "Mo, 1. März 2027 · Sindelfingen · Präsenz · 1.490 € zzgl. MwSt."
    february = "Mo, 1. Februar 2027 · Stuttgart · Präsenz · 1.390 € zzgl. MwSt."
    for query in (
        "?beginn=" + quote("März 2027"),
        "?von=2027-02-15&bis=2027-03-31",
        "?region=" + quote("Böblingen") + "&online=nein",
        "?plz=71063&umkreis=10&online=nein",
        "?region=" + quote("Böblingen") + "&beginn=" + quote("März 2027"),
    ):
        open_search(page, origin, query)
        facts, times = card_facts(page, "ortswechsel").split(" | ")
        assert facts.startswith(march) and times.startswith("9:00–17:00 Uhr"), query
    for query in ("", "?region=" + quote("Stuttgart") + "&online=nein", "?von=2027-01-20&bis=2027-03-31"):
        open_search(page, origin, query)
        facts, times = card_facts(page, "ortswechsel").split(" | ")
        assert facts.startswith(february) and times.startswith("8:30–16:30 Uhr"), query
    # The region typed as a word is a region chosen ("SPS Böblingen" named February before).
    open_search(page, origin, "?q=" + quote("SPS Böblingen"))
    assert card_facts(page, "ortswechsel").startswith(march)
    # In the region, its first start with free seats, as the card names its next one elsewhere:
    # not the booked-out February date in Stuttgart; that one where it is the start asked for.
    for query, shown in (
        ("?q=" + quote("Hydraulik Stuttgart"), "Mo, 12. April 2027 · Stuttgart"),
        ("?q=" + quote("Hydraulik Ludwigsburg"), "Mo, 8. März 2027 · Ludwigsburg"),
        ("?region=" + quote("Stuttgart") + "&beginn=" + quote("Februar 2027"), "Mo, 8. Februar 2027 · Stuttgart"),
    ):
        open_search(page, origin, query)
        assert card_facts(page, "hydraulik-zwei-orte").startswith(shown), (query, card_facts(page, "hydraulik-zwei-orte"))


# --- Towns without offers --------------------------------------------------------------------


def search_page_data(site: Path) -> dict[str, Any]:
    found = re.search(r'data-suche="([^"]*)"', (site / "suche" / "index.html").read_text(encoding="utf-8"))
    assert found is not None
    return dict(json.loads(found.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&").replace("&#39;", "'")))


def test_towns_of_the_regions_without_offers_are_places_at_their_postal_code(site: Path, tmp_path: Path) -> None:
    """The search box knows every town of the guide's regions (OpenStreetMap's names of the
    postal-code areas that site.yaml's postal_codes give a region), not only those with offers:
    a visitor types where they live."""
    towns = search_page_data(site)["gemeinden"]
    shipped = json.loads((site / "suche" / "orte.json").read_text(encoding="utf-8"))["codes"]
    assert towns["ostfildern"] == ["73760", "Ostfildern"] and towns["remseck am neckar"] == ["71686", "Remseck am Neckar"]
    assert towns["remseck"] == towns["remseck am neckar"]  # a first word no other town begins with
    assert all(code in shipped for code, _ in towns.values())  # each can be measured from
    # Towns with offers stay the places of their regions. Outside the regions only the towns
    # next door (within 20 km of a postal code of the regions): a visitor from Heilbronn
    # measures from home; München is no place of this guide.
    assert "esslingen" not in towns and "stuttgart" not in towns and "boblingen" not in towns
    assert towns["heilbronn"][1] == "Heilbronn" and towns["tubingen"][1] == "Tübingen"
    assert "munchen" not in towns and "ulm" not in towns
    # A short town name the guide's texts use as a word ("Tamm") is a word; a long one a town.
    tree = copy_tree(tmp_path / "src", PLANNING)
    offer = next((tree / "offers").rglob("*.yaml"))
    offer.write_text(offer.read_text(encoding="utf-8").replace("summary: ", "summary: Mit Gästen aus Tamm und Möglingen. ", 1), encoding="utf-8")
    build(tree, tmp_path / "out", today=TODAY, search_index=False)
    towns = search_page_data(tmp_path / "out")["gemeinden"]
    assert "tamm" not in towns and towns["moglingen"] == ["71696", "Möglingen"]


def test_places_with_offers_that_are_towns_have_a_postal_code_to_measure_from(site: Path) -> None:
    """A town with offers typed beside a topic is its region's filter; where nothing of the topic
    takes place there, the search measures from the town (``nearbyFirst``). A region named like
    its main town ("Esslingen") is measured from that town; a region that is no town is not."""
    data = search_page_data(site)
    codes, named = data["ortplz"], data["orte"]
    assert codes["esslingen"] == codes["esslingen am neckar"] and codes["stuttgart"].startswith("70")
    assert set(codes) <= set(named) and "rems murr kreis" not in codes
    shipped = json.loads((site / "suche" / "orte.json").read_text(encoding="utf-8"))["codes"]
    assert all(code in shipped for code in codes.values())


@browser_only
def test_a_town_typed_where_nothing_of_it_takes_place_shows_what_is_near(page: Any, origin: str, site: Path) -> None:
    """"Führen Stuttgart": no course on leading takes place in Stuttgart; those within 25 km of
    the town come first and the status says so. "Stapler Stuttgart": the one course is in
    Göppingen, farther away: nothing is passed off as near."""
    open_search(page, origin, "?q=" + quote("Führen Stuttgart"))
    status = page.inner_text("#suche-status")
    assert "mit Region Stuttgart und Umkreis von 25 km" in status and "In Stuttgart keines – zuerst die 3 Angebote im Umkreis von 25 km" in status
    table = centroids()
    town = table[search_page_data(site)["ortplz"]["stuttgart"]]
    ids = offer_ids(found(page))
    located = {oid: min(haversine(town, table[p["postal_code"]]) for p in places(o)) for oid, o in offers().items() if places(o)}
    near = [i for i in ids if i in located]
    assert len(near) == 3 and ids[:3] == near and all(located[i] <= 25 for i in near)
    assert all(offers()[i]["format"] == "online" for i in ids[3:])
    assert not any(p.get("city") == "Stuttgart" for i in near for p in places(offers()[i]))
    # A town of a larger region typed alone: the region's offers, nearest the town first.
    open_search(page, origin, "?q=" + quote("Sindelfingen"))
    assert "Zuerst die 3 Angebote vor Ort, nach Entfernung von Sindelfingen, dann die online" in page.inner_text("#suche-status")
    first = offer_ids(found(page))[:3]  # Sindelfingen, then Böblingen
    assert set(first[:2]) == {"ortswechsel", "sindelfingen-februar"} and first[2] == "laeuft-mit-einstieg"
    open_search(page, origin, "?q=" + quote("Stapler Stuttgart"))
    assert found(page) == [] and "Keine Treffer für „Stapler“ mit Region Stuttgart" in page.inner_text("#suche-status")
    assert min(haversine(town, table[p["postal_code"]]) for p in places(offers()["anmeldeschluss-vorbei"])) > 25


@browser_only
def test_a_town_without_offers_typed_becomes_the_distance(page: Any, origin: str) -> None:
    open_search(page, origin, "?q=" + quote("Ostfildern"))
    page.wait_for_url("**plz=73760**")
    wait(page)
    assert page.input_value("#plan-plz") == "73760" and page.input_value("#suche-q") == ""
    assert "Umkreis 25 km um Ostfildern (73760)" in page.inner_text("#suche-status")
    assert page.input_value("#suche-sort") == "entfernung"
    table = centroids()
    located = {oid: min(haversine(table["73760"], table[p["postal_code"]]) for p in places(o)) for oid, o in offers().items() if places(o)}
    ids = offer_ids(found(page))
    assert located[ids[0]] == min(located[i] for i in ids if i in located)  # nearest first
    assert all(located[i] <= 25 for i in ids if i in located)
    # A town next door, outside the regions, is a place to measure from as well.
    open_search(page, origin, "?q=" + quote("Tübingen"))
    page.wait_for_url("**plz=72*")
    wait(page)
    assert "Umkreis 25 km um Tübingen (72" in page.inner_text("#suche-status")


def region_start(o: dict, region: str) -> date:
    """When ``o`` can next be joined in ``region``: its first bookable start there, today for
    a course running there with late entry."""
    if any(as_date(d["start"]) < TODAY for d in starts_at(o, region, open_dates(o))):
        return TODAY
    there = starts_at(o, region)
    free = [d for d in there if d.get("seats_available") != 0]  # booked out: as the offer's own next date
    return min(as_date(d["start"]) for d in free or there)


def test_offers_carry_a_start_key_for_each_region_they_are_held_in(site: Path) -> None:
    assert metas(site, "ortswechsel", "lotse-sort-beginn") == ["2027-02-01"]
    assert metas(site, "ortswechsel", "lotse-sort-beginn-stuttgart") == ["2027-02-01"]
    assert metas(site, "ortswechsel", "lotse-sort-beginn-boeblingen") == ["2027-03-01"]
    assert metas(site, "laeuft-mit-einstieg", "lotse-sort-beginn-boeblingen") == [TODAY.isoformat()]


@browser_only
@pytest.mark.parametrize("region", ["stuttgart", "boeblingen"])
def test_by_start_in_a_region_a_course_at_several_sites_sorts_by_its_date_there(page: Any, origin: str, region: str) -> None:
    """"ortswechsel" starts in Stuttgart on 1 February and in Sindelfingen on 1 March. Sorted
    by start with Böblingen chosen, it follows the course that starts in Sindelfingen on
    15 February, as the region's own list has it and as its card says."""
    live = {oid: o for oid, o in offers().items() if o["format"] != "online" and still_open(o)}
    open_search(page, origin, f"?region={quote(REGION_LABELS[region])}&sort=beginn&online=nein")
    shown = offer_ids(found(page))
    held = {oid for oid, o in live.items() if any(p["region"] == region for p in places(o))}
    assert set(shown) == held
    dated = [(oid, region_start(live[oid], region)) for oid in shown if starts_at(live[oid], region, open_dates(live[oid]))]
    starts = [start for _, start in dated]
    assert starts == sorted(starts), dated
    if region == "boeblingen":
        assert shown.index("sindelfingen-februar") < shown.index("ortswechsel")


def test_a_build_renders_each_month_row_and_keeps_none_the_preview_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A date's row in the month lists is on one page of a build: the build's renderer
    renders it there and keeps nothing (kept, the rows of 200,000 dates held 270 MB in a render
    worker to the end); the live preview keeps them from one rebuild to the next."""
    from site_builder.model import build_guide
    from site_builder.pipeline import check
    from site_builder.plan import plan_site
    from site_builder.render import Renderer, environment

    guide = build_guide(check(SAMPLE), TODAY, None)
    months = [page for page in plan_site(guide).pages if page.template == "month.html"]
    assert months
    for recording, renderings in ((False, 2), (True, 1)):
        renderer = Renderer(guide, SAMPLE, environment(SAMPLE, recording))
        module = renderer.env.get_template("macros.html").module
        made: list[int] = []
        original = module.start_row
        monkeypatch.setattr(module, "start_row", lambda offer, when, made=made, original=original: made.append(1) or original(offer, when))
        first = [renderer.page(page) for page in months]
        assert [renderer.page(page) for page in months] == first
        rows = sum(html.count(b'class="terminliste__eintrag"') for html in first)
        assert rows > 20
        assert len(made) == renderings * rows
