"""The built sample guide, read as visitors' browsers, crawlers and calendars read it."""

from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

import icalendar
import pytest
import recurring_ical_events
import yaml

from .conftest import ROOT, SAMPLE, TODAY
from .sitecheck import broken_links, html_files, parse


@functools.cache
def _offer_sources() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((SAMPLE / "offers").rglob("*.yaml"))}


def offer_sources() -> dict[str, dict]:
    """Offers read straight from YAML, independent of Lotse's own loader (read once per run:
    the sample does not change during it; each caller gets its own copy)."""
    return copy.deepcopy(_offer_sources())


def as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def published(offer: dict, today: date = TODAY) -> bool:
    if offer.get("draft"):
        return False
    if offer.get("expires") and as_date(offer["expires"]) <= today:
        return False
    return bool(offer.get("on_demand")) or any(as_date(d.get("end") or d["start"]) >= today for d in offer.get("dates", []))


def upcoming(offer: dict, today: date = TODAY) -> list[dict]:
    return [d for d in offer.get("dates", []) if as_date(d.get("end") or d["start"]) >= today]


def joinable(offer: dict, when: dict, today: date = TODAY) -> bool:
    """Can still be joined: not begun and registration open, or running with late entry."""
    start, last = as_date(when["start"]), as_date(when.get("end") or when["start"])
    if last < today:
        return False
    if start < today:
        return bool(when.get("late_entry") or offer.get("on_demand"))
    return not when.get("registration_deadline") or as_date(when["registration_deadline"]) >= today


def can_begin(offer: dict, today: date = TODAY) -> bool:
    """What the search shows by default: a joinable date, a start any time or dates on request."""
    joinable_dates = [d for d in offer.get("dates", []) if joinable(offer, d, today)]
    return bool(joinable_dates or offer.get("on_demand") or offer.get("dates_on_request"))


def regions_of(offer: dict, today: date = TODAY) -> set[str]:
    """The regions of an offer's location and of its upcoming dates' own places."""
    places = [offer.get("location"), *(d.get("location") for d in upcoming(offer, today))]
    return {p["region"] for p in places if p}


def next_start(offer: dict, today: date = TODAY) -> date | None:
    """The next start that can still be joined, with seats (a running date with late entry: today)."""
    starts = [max(as_date(d["start"]), today) for d in offer.get("dates", []) if joinable(offer, d, today) and d.get("seats_available") != 0]
    return min(starts, default=None)


def test_sample_guide_is_big_enough() -> None:
    offers = offer_sources()
    live = {k: v for k, v in offers.items() if published(v)}
    assert len(live) >= 60
    assert len({t for o in live.values() for t in o["topics"]}) >= 10
    assert {o["location"]["region"] for o in live.values() if o.get("location")} >= {
        "stuttgart", "boeblingen", "esslingen", "goeppingen", "ludwigsburg", "rems-murr-kreis"
    }
    assert {o["format"] for o in live.values()} == {"praesenz", "online", "hybrid"}
    assert any(o["price"]["amount"] == 0 for o in live.values())
    assert any(o.get("on_demand") for o in live.values())
    assert len(list((SAMPLE / "content" / "advisory-points").glob("*.yaml"))) >= 12
    assert len(list((SAMPLE / "content" / "providers").glob("*.yaml"))) >= 10
    assert "Beispieldaten" in (SAMPLE / "site.yaml").read_text()


def test_exactly_the_published_offers_have_pages(sample_site: Path) -> None:
    offers = offer_sources()
    built = {p.name for p in (sample_site / "angebote").iterdir() if p.is_dir() and p.name not in ("seite", "beginn")}
    assert built == {k for k, v in offers.items() if published(v)}
    assert built != set(offers), "die Beispieldaten sollen auch Unveröffentlichtes zeigen"


def test_offer_list_is_paginated_next_start_first(sample_site: Path) -> None:
    offers = offer_sources()
    live = {k: v for k, v in offers.items() if published(v)}
    listed: list[str] = []
    page_files = [sample_site / "angebote" / "index.html"]
    page_files += sorted((sample_site / "angebote" / "seite").glob("*/index.html"), key=lambda p: int(p.parent.name))
    for file in page_files:
        page = parse(file)
        listed += [v.split("/")[-2] for t, a, v in page.links if t == "a" and a == "href" and v.startswith("/angebote/") and v.count("/") == 3 and "/seite/" not in v]
    ordered = list(dict.fromkeys(listed))
    assert set(ordered) == set(live)
    starts = [next_start(live[o]) for o in ordered]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated)
    assert starts[: len(dated)] == dated, "Angebote mit buchbarem Termin zuerst"


def test_internal_links_and_anchors_resolve(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


def test_main_navigation_marks_the_page_and_its_section(sample_site: Path) -> None:
    """The header is rendered once per kind of page and place in the menu (``{% shared %}``):
    every page must still mark its own menu entry and the section it is in, and no other."""
    menu = re.compile(r'<nav class="hauptnav".*?</nav>', re.S)
    entry = re.compile(r'<a class="hauptnav__link( hauptnav__link--bereich)?" href="([^"]+)"( aria-current="page")?>')
    sections = 0
    for file in html_files(sample_site):
        path = "/" + file.relative_to(sample_site).as_posix().removesuffix("index.html")
        found = menu.search(file.read_text(encoding="utf-8"))
        assert found, file
        marks = entry.findall(found.group(0))
        assert len(marks) >= 5, file
        for within, href, current in marks:
            assert bool(current) == (href == path), f"{file}: {href}"
            assert bool(within) == (href not in ("/", path) and path.startswith(href)), f"{file}: {href}"
            sections += bool(within)
    assert sections > 100


def test_every_page_is_german_and_loads_nothing_from_outside(sample_site: Path) -> None:
    for file in html_files(sample_site):
        page = parse(file)
        assert page.lang == "de", file
        for tag, attr, value in page.links:
            loads = tag in ("script", "img", "link", "iframe", "source", "video", "audio") and attr in ("src", "href")
            canonical = tag == "link" and value.startswith("https://weiterbildung.example.org/")
            if loads and not canonical:
                assert value.startswith("/"), f"{file}: <{tag} {attr}={value}>"
    for css in (sample_site / "assets").glob("*.css"):
        text = css.read_text()
        assert "@import" not in text and "@font-face" not in text
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def test_offer_pages_carry_course_json_ld(sample_site: Path) -> None:
    offers = offer_sources()
    for oid, offer in offers.items():
        if not published(offer):
            continue
        page = parse(sample_site / "angebote" / oid / "index.html")
        courses = [d for d in page.jsonld() if isinstance(d, dict) and d.get("@type") == "Course"]
        assert len(courses) == 1, oid
        course = courses[0]
        assert course["name"] == offer["title"].strip()
        assert course["provider"]["@type"] == "Organization"
        assert course["offers"]["priceCurrency"] == "EUR"
        assert float(course["offers"]["price"]) == float(offer["price"]["amount"])
        dates = upcoming(offer)
        instances = course["hasCourseInstance"]
        assert len(instances) == (len(dates) or 1)
        for instance, when in zip(instances, sorted(dates, key=lambda d: as_date(d["start"])), strict=False):
            assert instance["startDate"] == as_date(when["start"]).isoformat()
            assert instance["endDate"] == as_date(when.get("end") or when["start"]).isoformat()
            assert instance["courseMode"] == {"praesenz": "Onsite", "online": "Online", "hybrid": "Blended"}[offer["format"]]
            assert instance["offers"]["priceCurrency"] == "EUR"
            if offer["format"] != "online":
                place = when.get("location") or offer["location"]  # a date's own place counts for it
                assert instance["location"]["address"]["postalCode"] == str(place["postal_code"])


def test_course_schedules_say_what_the_calendar_files_hold(sample_site: Path) -> None:
    """Each upcoming date's schema.org Schedule agrees with its event in termine.ics, expanded
    as calendar programs do: the length of a session, and how often it meets (every day it
    spans, or weekly on its weekdays)."""
    checked = 0
    for oid, offer in offer_sources().items():
        ics = sample_site / "angebote" / oid / "termine.ics"
        if not published(offer) or not ics.exists():
            continue
        page = (sample_site / "angebote" / oid / "index.html").read_text(encoding="utf-8")
        course = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        meetings: dict[str, list] = {}
        for occurrence in recurring_ical_events.of(calendar).between(date(2000, 1, 1), date(2100, 1, 1)):
            meetings.setdefault(str(occurrence["UID"]), []).append(occurrence)
        for instance, event in zip(course["hasCourseInstance"], calendar.walk("VEVENT"), strict=True):
            start, timed = event["DTSTART"].dt, isinstance(event["DTSTART"].dt, datetime)
            schedule = instance.get("courseSchedule")
            if schedule is None:
                # No pace to say (no session length, the days unknown): the workload instead.
                assert instance["courseWorkload"] and not (timed and "DTEND" in event) and "RRULE" not in event, oid
                continue
            assert schedule["startDate"] == instance["startDate"], oid
            if timed and ("DTEND" in event or "DURATION" in event):
                hours, minutes = re.fullmatch(r"PT(\d+)H(?:(\d+)M)?", schedule["duration"]).groups()  # type: ignore[union-attr]
                length = event["DTEND"].dt - start if "DTEND" in event else event["DURATION"].dt
                assert length.total_seconds() == int(hours) * 3600 + int(minutes or 0) * 60, oid
            elif timed:
                assert "duration" not in schedule, oid  # a start time only, and no hours to go by
            if "RRULE" not in event and not (timed and "repeatCount" in schedule):
                continue  # one all-day span, or the days it meets are unknown
            days = [o["DTSTART"].dt for o in meetings[str(event["UID"])]]
            if schedule["repeatFrequency"] == "Weekly":
                assert schedule["repeatCount"] == len({d.isocalendar()[:2] for d in days}), oid
                assert {d.rsplit("/", 1)[1] for d in schedule["byDay"]} == {d.strftime("%A") for d in days}, oid
            else:
                assert schedule["repeatCount"] == len(days), oid
            checked += 1
    assert checked >= 10


def test_offers_without_dates_meet_as_their_duration_text_says(sample_site: Path) -> None:
    """An offer begun any time (or with dates on request) that names its days and hours in
    its duration text is found by those days and times, and search engines read the pace."""
    from site_builder.search import schedule_words, session_hours

    checked = 0
    for oid, offer in offer_sources().items():
        text = (offer.get("duration") or {}).get("text") or ""
        days, daytimes = schedule_words(text)
        if not published(offer) or offer.get("dates") or not days:
            continue
        page = (sample_site / "angebote" / oid / "index.html").read_text(encoding="utf-8")
        filters = set(re.findall(r'content="([^"]*)" data-pagefind-filter="(?:tageszeit|wochentage)\[', page))
        assert ("werktags" in filters) == bool(days - {"sa", "so"}) and daytimes - {"ganztags"} <= filters, (oid, filters)
        course = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
        (instance,) = course["hasCourseInstance"]
        schedule = instance["courseSchedule"]
        assert schedule["repeatFrequency"] == "Weekly" and len(schedule["byDay"]) == len(days), oid
        hours = session_hours(text)
        assert hours is None or (schedule["startTime"], schedule["endTime"]) == hours, oid
        checked += 1
    assert checked >= 2


def test_calendars_parse_and_hold_the_upcoming_dates(sample_site: Path) -> None:
    uids = set()
    for oid, offer in offer_sources().items():
        ics = sample_site / "angebote" / oid / "termine.ics"
        if not published(offer) or not upcoming(offer):
            assert not ics.exists()
            continue
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        events = calendar.walk("VEVENT")
        assert len(events) == len(upcoming(offer)), oid
        for event, when in zip(events, sorted(upcoming(offer), key=lambda d: str(d["start"])), strict=True):
            booked_out = "Ausgebucht: " if when.get("seats_available") == 0 else ""
            assert str(event["SUMMARY"]) == booked_out + offer["title"].strip()
            uids.add(str(event["UID"]))
        assert all(len(line) <= 75 for line in ics.read_bytes().split(b"\r\n"))
    assert len(uids) > 60


def test_sitemap_robots_feed_and_api(sample_site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}
    locs = {e.text for e in ET.parse(sample_site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    pages = {
        "https://weiterbildung.example.org/" + str(p.relative_to(sample_site).parent).replace(".", "").strip("/")
        for p in html_files(sample_site)
        if p.name == "index.html"
    }
    assert {p if p.endswith("/") else p + "/" for p in pages} == locs
    robots = (sample_site / "robots.txt").read_text()
    assert "Sitemap: https://weiterbildung.example.org/sitemap.xml" in robots
    feed = ET.parse(sample_site / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert entries and all(e.find("a:updated", ns) is not None for e in entries)
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    api = json.loads((sample_site / "api" / "angebote.json").read_text())
    live = {k for k, v in offer_sources().items() if published(v)}
    assert api["count"] == len(live) == len(api["offers"])
    assert {o["id"] for o in api["offers"]} == live
    first = api["offers"][0]
    assert set(first) >= {"id", "url", "title", "summary", "provider", "topics", "format", "dates", "price", "funding", "updated"}


@pytest.mark.slow
def test_every_html_file_passes_the_nu_checker(sample_site: Path) -> None:
    jar = ROOT / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file() or shutil.which("java") is None:
        pytest.fail("vnu.jar oder Java fehlt: bash scripts/setup.sh --test installiert beides")
    files = [str(p) for p in html_files(sample_site)]
    result = subprocess.run(
        # One pass over a few hundred files: the quick compiler (C1) alone halves the checker's
        # CPU time, as the optimising one costs more than it gains in so short a run. C1's
        # larger frames need a larger stack for the schema's deep recursion.
        ["java", "-XX:TieredStopAtLevel=1", "-Xss16m", "-jar", str(jar), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').rsplit('/_site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


def test_links_that_leave_the_site_say_so_to_screen_readers(sample_site: Path) -> None:
    """The arrow-out-of-a-box icon was only seen: a screen reader read "Zur Anmeldung beim
    Anbieter" alone. Each such link says "(externe Website)", kept out of the search index."""
    icon = 'd="M14 4h6v6M20 4l-9 9'
    pages = [p for p in html_files(sample_site) if icon in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count(icon) == text.count('</svg><span class="sr-only" data-pagefind-ignore> (externe Website)</span>'), page


def test_an_offers_contact_address_is_written_to_about_the_offer(sample_site: Path) -> None:
    """An HR manager asking a provider about a course for her team wrote a mail without a
    subject: the offer's e-mail link names the offer."""
    page = (sample_site / "angebote" / "staplerschein" / "index.html").read_text(encoding="utf-8")
    box = page.split('class="anbieterbox"', 1)[1]
    link = re.search(r'href="(mailto:[^"]+)"', box)
    assert link is not None
    address, subject = link.group(1).split("?subject=")
    assert unquote(subject) == "Anfrage zu „Staplerschein: Ausbildung zur Fahrerin / zum Fahrer von Flurförderzeugen“"
