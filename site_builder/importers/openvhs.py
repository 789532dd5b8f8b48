"""Open-vhs 1.2 (vhs-Kursfinder export) → courses.

A ``veranstaltung`` is one bookable course: its ``termin`` entries are the sessions of that
one run, so they become one date (beginn_datum to ende_datum) whose time and schedule come
from the sessions, not one date per session.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

from .. import records
from . import prose
from .codelists import DVV_AREAS
from .common import (
    Catalog,
    Course,
    DateRun,
    ImportFailure,
    Mapper,
    number,
    one_line,
    parse_clock,
    parse_date,
    parse_money,
    price_of,
    time_range,
    valid,
)
from .xmlsafe import text, texts

DIGITAL = {"online_angebot": "online", "selbstlernangebot": "online", "blended_learning": "hybrid"}
_LEVEL_WORDS = (
    ("einstieg", ("einsteiger", "anfänger", "grundlagen", "grundstufe", "ohne vorkenntnisse")),
    ("aufbau", ("fortgeschritten", "aufbau", "mittelstufe", "mit vorkenntnissen")),
    ("experte", ("experte", "profi", "oberstufe")),
)


def read(root: Element, mapper: Mapper, notes: list[str]) -> Catalog:
    if root.tag != "veranstaltungen":
        raise ImportFailure(
            f"keine Open-vhs-Datei: das Wurzelelement ist <{root.tag}>, erwartet <openvhs:veranstaltungen>"
        )
    export = root.find("export")
    catalog = Catalog(
        format="openvhs",
        label="Open-vhs",
        key_name="guid",
        date=parse_date(text(export, "erstellungszeitpunkt")),
        full=True,  # an Open-vhs export always holds the whole programme
        provider={"name": one_line(text(export, "ersteller/name"), 160)},
        notes=notes,
    )
    courses: dict[str, Course] = {}
    for event in root.findall("veranstaltung"):
        guid = text(event, "guid")
        if not guid:
            catalog.notes.append(f"Veranstaltung {text(event, 'nummer') or text(event, 'name')!r} ohne guid übergangen")
            continue
        if guid in courses:
            catalog.notes.append(f"guid {guid} kommt mehrfach vor; der letzte Eintrag gilt")
        courses[guid] = _course(guid, event, mapper)
    catalog.courses = list(courses.values())
    return catalog


def _course(guid: str, event: Element, mapper: Mapper) -> Course:
    course = Course(guid, one_line(text(event, "name"), 160))
    if len(course.title) < 3:
        course.skip = "kein Titel (name leer oder kürzer als 3 Zeichen)"
        return course
    fmt = _format(event, mapper)
    place = event.find("veranstaltungsort")
    location, course.skip = mapper.location(
        {
            "name": text(place, "name"),
            "street": text(place, "adresse/strasse"),
            "postal_code": text(place, "adresse/plz"),
            "city": text(place, "adresse/ort"),
        },
        online=fmt == "online",
    )
    if course.skip:
        return course
    data = course.data
    data["title"] = course.title
    subtitles = [s for s in texts(event, "untertitel") if s.casefold() not in course.title.casefold()]
    data.update(_texts(event, subtitles, course))
    level = _level(text(event, "level"), mapper)
    if level:
        data["level"] = level
    data["format"] = fmt
    if location:
        data["location"] = location
    when = _date(event, mapper, course)
    if when is None:
        data["dates_on_request"] = True
        course.tell("kein Beginn (beginn_datum oder termin); als „Termine auf Anfrage“ übernommen")
    else:
        data["dates"] = [when]
        course.runs.append(DateRun(guid, when["start"]))
        course.date_refs = [guid]
    duration = _duration(event)
    if duration:
        data["duration"] = duration
    data |= _price(event.find("preis"), course)
    certificate = text(event, "zertifikat/text") or text(event, "zertifikat/name")
    if certificate:
        data["certificate"] = one_line(certificate, 160)
    url = _url(event)
    if url:
        data["url"] = url
    category = text(event, "dvv_kategorie")
    area = DVV_AREAS.get(category[:1], "")
    course.codes = {category: f"DVV-Programmbereich {area}" if area else ""} if category else {}
    course.words = [course.title, *subtitles, *texts(event, "schlagwort")]
    return course


def _format(event: Element, mapper: Mapper) -> str:
    merkmale = event.findall("merkmale/merkmal")
    digital = [w for m in merkmale if text(m, "name") == "kursart_digital" for w in texts(m, "wert")]
    if digital and digital[0] not in DIGITAL:
        mapper.miss("Merkmal kursart_digital", digital[0], "", "als praesenz übernommen")
    return DIGITAL.get(digital[0], "praesenz") if digital else "praesenz"


def _duration(event: Element) -> dict[str, Any]:
    hours = parse_money(text(event, "dauer"))
    sessions = text(event, "anzahl_termine")
    duration: dict[str, Any] = {"hours": number(hours)} if hours else {}
    if sessions.isdigit() and int(sessions) > 0:
        duration["text"] = "1 Termin" if int(sessions) == 1 else f"{int(sessions)} Termine"
    return duration


def _texts(event: Element, subtitles: list[str], course: Course) -> dict[str, str]:
    main = [prose.paragraph(s) for s in subtitles]
    requirements: list[prose.Block] = []
    for part in event.findall("text"):
        target = requirements if "voraussetz" in text(part, "eigenschaft").casefold() else main
        target.extend(prose.blocks(text(part, "text")))
    audiences = ", ".join(texts(event, "zielgruppe"))
    extra = [prose.heading("Zielgruppe"), prose.paragraph(audiences)] if audiences else []
    if not main:
        course.tell("keine Beschreibung (text) im Katalog; der Titel steht als Beschreibung")
        main = [prose.paragraph(course.title)]
    out = {"summary": prose.summary(main), "description": prose.markdown(main + extra)}
    if requirements:
        out["prerequisites"] = prose.markdown(requirements)
    return out


def _level(value: str, mapper: Mapper) -> str | None:
    if not value:
        return None
    folded = value.casefold()
    if re.match(r"[abc][12]\b", folded):
        return {"a": "einstieg", "b": "aufbau", "c": "experte"}[folded[0]]
    for level, words in _LEVEL_WORDS:
        if any(w in folded for w in words):
            return level
    mapper.miss("Niveau", value, "", "nicht übernommen")
    return None


def _date(event: Element, mapper: Mapper, course: Course) -> dict[str, Any] | None:
    sessions: list[tuple[date, str | None, str | None]] = []
    for session in event.findall("termin"):
        day = parse_date(text(session, "beginn_datum"))
        if day is None:
            continue
        start = parse_clock(text(session, "beginn_uhrzeit"), day, mapper.zone)
        end = parse_clock(text(session, "ende_uhrzeit"), day, mapper.zone)
        sessions.append((day, start, end))
    sessions.sort()
    start_day = parse_date(text(event, "beginn_datum")) or (sessions[0][0] if sessions else None)
    if start_day is None:
        return None
    end_day = parse_date(text(event, "ende_datum")) or (sessions[-1][0] if sessions else None)
    if end_day is not None and end_day < start_day:
        course.tell(f"ende_datum {end_day} liegt vor beginn_datum {start_day}; Ende weggelassen")
        end_day = sessions[-1][0] if sessions and sessions[-1][0] > start_day else None
    entry: dict[str, Any] = {"start": start_day}
    if end_day is not None and end_day > start_day:
        entry["end"] = end_day
    times = {time_range(s, e) for _, s, e in sessions if s}
    if len(times) == 1:
        entry["time"] = times.pop()
    schedule = _schedule(sessions, texts(event, "wochentag"))
    if schedule:
        entry["schedule"] = schedule
    most, now = text(event, "maximale_teilnehmerzahl"), text(event, "aktuelle_teilnehmerzahl")
    if most.isdigit() and now.isdigit():
        entry["seats_available"] = max(0, int(most) - int(now))
    return entry


def _schedule(sessions: list[tuple[date, str | None, str | None]], weekdays: list[str]) -> str:
    if len(sessions) > 1:
        listed = f"{len(sessions)} Termine: " + ", ".join(d.strftime("%d.%m.") for d, _, _ in sessions)
        if len(listed) <= 200:
            return listed
        return one_line(f"{len(sessions)} Termine" + (f", {', '.join(weekdays)}" if weekdays else ""), 200)
    return one_line(", ".join(weekdays), 200)


def _price(element: Element | None, course: Course) -> dict[str, Any]:
    notes = texts(element, "zusatz")
    price = price_of(text(element, "betrag"), "; ".join(notes), "EUR", course)
    if text(element, "rabatt_moeglich").lower() == "true":
        price["note"] = one_line("; ".join(filter(None, [price.get("note"), "Ermäßigung möglich"])), 200)
    return {"price": price}


def _url(event: Element) -> str | None:
    addresses = [(text(w, "typ"), text(w, "uri")) for w in event.findall("webadresse")]
    for kind in ("website", "website_mobile"):
        for typ, uri in addresses:
            if typ == kind and valid(records.Url, uri):
                return uri
    return None
