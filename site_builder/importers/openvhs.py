"""Open-vhs 1.2 (vhs-Kursfinder export) → courses.

A ``veranstaltung`` is one bookable course: its ``termin`` entries are the sessions of that
one run, so they become one date (beginn_datum to ende_datum) whose time and schedule come
from the sessions, not one date per session.

The same data also comes as JSON, converted from the XML (the open data of the Berlin
volkshochschulen): ``from_json`` turns it back into the elements ``read`` takes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

from .. import records
from ..german import WEEKDAYS_SHORT, date_short
from . import prose
from .codelists import DVV_AREAS
from .common import (
    DATES_ON_REQUEST,
    NO_TITLE_FIX,
    Catalog,
    Course,
    DateRun,
    ImportFailure,
    Mapper,
    Reason,
    clock_of,
    count_of,
    group_size,
    level_of,
    number,
    one_line,
    parse_clock,
    parse_date,
    parse_money,
    phone,
    places_section,
    plain,
    price_of,
    reach,
    reachable_contact,
    read_json,
    search_words,
    time_range,
    unread_lines,
    unread_paths,
    valid,
)
from .xmlsafe import text, texts

DIGITAL = {"online_angebot": "online", "selbstlernangebot": "online", "blended_learning": "hybrid"}
# Yes/no merkmale whose meaning is the name itself and that no field holds: each set one is a
# line of the description, under its section (as open-Qcat's DIGITAL_ACCESSIBILITY). Not here:
# anmeldung_kostenlos (a course with it may cost 82,80 €: not "free", and what it says beyond
# that is not documented) and abschlussbezogen (which qualification it leads to is not said; the
# certificate is zertifikat's): both, and names unknown, stay in the report.
FLAGS = {
    "barrierefreies_lernen": ("Barrierefreiheit", "Barrierefreies Lernen"),
    "langsames_lerntempo": ("Besonderheiten", "Langsames Lerntempo"),
    "mit_onlinepruefung": ("Besonderheiten", "Mit Online-Prüfung"),
    "vhscloud_kurs": ("Besonderheiten", "Mit der vhs.cloud, der Lernplattform der Volkshochschulen"),
}


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
        date=parse_date(text(export, "erstellungszeitpunkt"), mapper.zone),
        full=True,  # an Open-vhs export always holds the whole programme
        provider={"name": one_line(text(export, "ersteller/name"), 160)},
        notes=notes,
    )
    events: dict[str, Element] = {}
    repeated: Counter[str] = Counter()  # said once per guid, however often it repeats
    for event in root.findall("veranstaltung"):
        guid = text(event, "guid")
        if not guid:
            catalog.notes.append(f"Veranstaltung „{text(event, 'nummer') or text(event, 'name')}“ ohne guid übergangen")
            continue
        repeated[guid] += guid in events
        events[guid] = event
    catalog.notes += [f"guid {guid} kommt {n + 1}-mal vor; der letzte Eintrag gilt" for guid, n in repeated.items() if n]
    catalog.courses = [_course(guid, event, mapper) for guid, event in events.items()]
    catalog.remarks += _unread(events)
    return catalog


# What the import reads of a ``veranstaltung``, as paths below it; every other element with a
# value is named in the report (as open-Qcat's are). termin/wochentag, anmeldung and
# ansprechperson come from the JSON form.
_READ = frozenset({
    "guid", "name", "untertitel", "dvv_kategorie", "merkmale/merkmal/name", "merkmale/merkmal/wert", "level",
    "aktuelle_teilnehmerzahl", "maximale_teilnehmerzahl", "minimale_teilnehmerzahl", "anzahl_termine", "beginn_datum", "dauer", "ende_datum",
    "wochentag", "zielgruppe", "schlagwort", "zertifikat/text", "text/text", "text/eigenschaft", "webadresse/typ",
    "webadresse/uri", "veranstaltungsort/name", "veranstaltungsort/adresse/land", "veranstaltungsort/adresse/plz",
    "veranstaltungsort/adresse/ort", "veranstaltungsort/adresse/strasse", "veranstaltungsort/barrierefrei",
    "termin/beginn_datum", "termin/beginn_uhrzeit", "termin/ende_uhrzeit", "termin/ende_datum", "termin/wochentag",
    "preis/betrag", "preis/rabatt_moeglich", "preis/zusatz", "anmeldung/link", "ansprechperson/anrede",
    "ansprechperson/titel", "ansprechperson/vorname", "ansprechperson/name", "ansprechperson/mail",
    "ansprechperson/telefon",
})
# The office's mail and phone are read when there is no person to reach (``_contact``).
_READ_OFFICE = _READ | {"anmeldung/mail", "anmeldung/telefon"}


def _unread(events: dict[str, Element]) -> list[str]:
    """Each element with a value that no field takes, and each ``merkmal`` but kursart_digital
    and the ``FLAGS`` said yes or no (by its name: "Merkmal anmeldung_kostenlos"), with the
    courses that send it."""
    found: dict[str, list[str]] = defaultdict(list)
    for guid, event in events.items():
        paths = list(unread_paths(event, _READ if _contact(event.find("ansprechperson")) else _READ_OFFICE))
        paths += [
            f"Merkmal {name}" for m in event.findall("merkmale/merkmal")
            if (name := text(m, "name")) and name != "kursart_digital" and texts(m, "wert") and not (name in FLAGS and _flag(m) is not None)
        ]
        if text(event, "zertifikat/text") and text(event, "zertifikat/name"):
            paths.append("zertifikat/name")  # the certificate is its text; the name is a code beside it
        for path in dict.fromkeys(paths):
            found[path].append(guid)
    return unread_lines(found, "guid", read_elsewhere=_READ_OFFICE - _READ)


def _course(guid: str, event: Element, mapper: Mapper) -> Course:
    course = Course(guid, one_line(text(event, "name"), 160))
    if len(course.title) < 3:
        course.skip = Reason("kein Titel (name leer oder kürzer als 3 Zeichen)", NO_TITLE_FIX)
        return course
    fmt = _format(event, mapper)
    # A course at several places (a walk from one to the next, sessions at two sites) sends a
    # veranstaltungsort for each: the offer's place is the first one inside the guide's regions.
    places = event.findall("veranstaltungsort") or [Element("veranstaltungsort")]
    found = [mapper.location(_where(place), online=fmt == "online") for place in places]
    location, course.skip = next(((loc, why) for loc, why in found if why is None), found[0])
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
        said = [*texts(event, "text/text"), *texts(event, "untertitel"), *texts(event, "wochentag")]
        if not any(DATES_ON_REQUEST.search(plain(t)) for t in said):  # "Termine nach Vereinbarung": nothing lacks
            course.tell("kein Beginn (beginn_datum oder termin); als „Termine auf Anfrage“ übernommen")
    else:
        data["dates"] = [when]
        course.runs.append(DateRun(guid, when["start"]))
        course.date_refs = [guid]
    # The other places inside the regions are the date's further places (also_at: region filter,
    # distance, the page's place). A place that cannot be one (outside the regions, no address),
    # or a course without a date to hold them, names them all in a section of the description.
    sites = list(dict.fromkeys(filter(None, map(_site, places))))
    further, every = mapper.further_places([_where(p) for p in places], location) if location and fmt != "online" else ([], False)
    if when is not None and further:
        when["also_at"] = further
    if len(sites) > 1 and not (when is not None and every):
        data["description"] += places_section(sites)
    duration = _duration(event, course)
    if duration:
        data["duration"] = duration
    data |= _price(event.find("preis"), course)
    certificate = text(event, "zertifikat/text") or text(event, "zertifikat/name")
    if certificate:
        data["certificate"] = one_line(certificate, 160)
    contact = _offer_contact(event.find("ansprechperson"), event.find("anmeldung"), course)
    if contact:
        data["contact"] = contact
    url = _url(event)
    if url:
        data["url"] = url
    category = text(event, "dvv_kategorie")
    area = DVV_AREAS.get(category[:1], "")
    course.codes = {category: f"DVV-Programmbereich {area}" if area else ""} if category else {}
    keywords = texts(event, "schlagwort")
    tags = search_words(keywords, course, mapper)
    if tags:
        data["tags"] = tags
    course.words = [course.title, *subtitles, *keywords]  # codes too: a topic rule may name them
    return course


def _where(place: Element) -> dict[str, Any]:
    """A ``veranstaltungsort`` as ``Mapper.location`` reads it."""
    return {
        "name": text(place, "name"),
        "street": text(place, "adresse/strasse"),
        "postal_code": text(place, "adresse/plz"),
        "city": text(place, "adresse/ort"),
        "country": text(place, "adresse/land"),
        "wheelchair": True if text(place, "barrierefrei").lower() in ("true", "1") else None,  # xs:boolean
    }


def _site(place: Element) -> str:
    """A place in one line: "vhs-Haus, Mülbergerstraße 146, 73728 Esslingen am Neckar"."""
    town = " ".join(filter(None, [text(place, "adresse/plz"), text(place, "adresse/ort")]))
    return one_line(", ".join(filter(None, [text(place, "name"), text(place, "adresse/strasse"), town])), 200)


def _offer_contact(person: Element | None, office: Element | None, course: Course) -> dict[str, str]:
    """The person to ask (``ansprechperson``) with their mail and phone; a person named without
    either, with the office's (``anmeldung``): the name stays on the page, and the report says
    so. Without any way to reach anyone the offer has no contact of its own (the provider's holds:
    a name alone would replace it) and the report names the person."""
    contact = _contact(person) or _contact(office)
    name = _name(person)
    if not name or _contact(person):
        return contact
    return reachable_contact({"name": name}, contact, course, "", "der Anmeldung (anmeldung)")


def _name(element: Element | None) -> str:
    return one_line(" ".join(filter(None, [text(element, "titel"), text(element, "vorname"), text(element, "name")])), 120)


def _contact(element: Element | None) -> dict[str, str]:
    """The offer's contact from the Berlin form's ``ansprechperson`` (a person for questions about
    the course) or, without one to reach, ``anmeldung`` (the office that takes registrations):
    name, mail and phone; {} when it gives no way to reach anyone."""
    reached = reach(text(element, "mail"), phone(text(element, "telefon")))
    name = _name(element)
    return ({"name": name} if name else {}) | reached if reached else {}


def _format(event: Element, mapper: Mapper) -> str:
    merkmale = event.findall("merkmale/merkmal")
    digital = [w for m in merkmale if text(m, "name") == "kursart_digital" for w in texts(m, "wert")]
    if digital and digital[0] not in DIGITAL:
        mapper.miss("Merkmal kursart_digital", digital[0], "", "als praesenz übernommen")
    return DIGITAL.get(digital[0], "praesenz") if digital else "praesenz"


def _duration(event: Element, course: Course) -> dict[str, Any]:
    """``dauer`` as hours, ``anzahl_termine`` as "12 Termine". Where the catalogue lists two
    or more sessions (``termin``) and their number differs, the listed ones count: the page
    shows them in its schedule ("13 Termine: 02.09., …"), and the Berlin feed gives 26 for
    13 sessions of 90 minutes (its teaching units, not sessions)."""
    hours = parse_money(text(event, "dauer"))
    said = text(event, "anzahl_termine")
    listed = len({text(t, "beginn_datum")[:10] for t in event.findall("termin") if text(t, "beginn_datum")})
    duration: dict[str, Any] = {"hours": number(hours)} if hours else {}
    sessions = int(said) if said.isdigit() else 0
    if listed >= 2 and sessions != listed:
        if sessions:
            course.tell(f"anzahl_termine {sessions} passt nicht zu den {listed} aufgeführten Terminen (termin); übernommen: {listed} Termine")
        sessions = listed
    if sessions > 0:
        duration["text"] = "1 Termin" if sessions == 1 else f"{sessions} Termine"
    return duration


def _texts(event: Element, subtitles: list[str], course: Course) -> dict[str, str]:
    main = [prose.paragraph(s) for s in subtitles]
    requirements: list[prose.Block] = []
    extra: list[prose.Block] = []
    for part in event.findall("text"):
        label = one_line(text(part, "eigenschaft"), 80)
        said = prose.blocks(text(part, "text"))
        if "voraussetz" in label.casefold():
            requirements.extend(said)
        elif label.casefold() in _DESCRIPTION_LABELS or not said:
            main.extend(said)
        else:  # "Zusatzinformation", "Bitte beachten Sie": a section of its own, under its name
            extra += [prose.heading(label[:1].upper() + label[1:]), *said]
    audiences = ", ".join(texts(event, "zielgruppe"))
    extra += [prose.heading("Zielgruppe"), prose.paragraph(audiences)] if audiences else []
    extra += _flagged(event)
    extra += group_size(count_of(text(event, "minimale_teilnehmerzahl")), count_of(text(event, "maximale_teilnehmerzahl")))
    if not main:
        course.tell("keine Beschreibung (text) im Katalog; der Titel steht als Beschreibung")
        main = [prose.paragraph(course.title)]
    out = {"summary": prose.summary(main), "description": prose.markdown(main + extra)}
    if requirements:
        out["prerequisites"] = prose.markdown(requirements)
    return out


# The eigenschaft of a ``text`` that is the description itself (Open-vhs 1.2 writes "text", the
# Berlin form "Beschreibung"); any other names a section of its own.
_DESCRIPTION_LABELS = {"", "text", "beschreibung", "kursbeschreibung", "inhalt", "langtext"}


def _flag(merkmal: Element) -> bool | None:
    """A yes/no merkmal's value (xs:boolean); None for anything else."""
    value = text(merkmal, "wert").strip().lower()
    return True if value in ("true", "1") else False if value in ("false", "0") else None


def _flagged(event: Element) -> list[prose.Block]:
    """The ``FLAGS`` the course sets, as sections of the description."""
    said = {text(m, "name") for m in event.findall("merkmale/merkmal") if _flag(m)}
    sections: dict[str, list[str]] = {}
    for name, (section, line) in FLAGS.items():  # in this order, whatever the catalogue's
        if name in said:
            sections.setdefault(section, []).append(line)
    return [block for section, lines in sections.items() for block in (prose.heading(section), *map(prose.paragraph, lines))]


def _level(value: str, mapper: Mapper) -> str | None:
    if not value:
        return None
    level = level_of(value)
    if level is None:
        mapper.miss("Niveau", value, "", "nicht übernommen")
    return level


def _date(event: Element, mapper: Mapper, course: Course) -> dict[str, Any] | None:
    zone = mapper.zone
    sessions: list[tuple[date, str | None, str | None]] = []
    for session in event.findall("termin"):
        begins = text(session, "beginn_datum")
        day = parse_date(begins, zone)
        if day is None:
            continue
        # A date-time ("2027-03-02T18:30:00", also with an offset) holds the time when no
        # beginn_uhrzeit/ende_uhrzeit does; an ende_datum of another day is no time of this one.
        ends = text(session, "ende_datum")
        start = parse_clock(text(session, "beginn_uhrzeit"), day, zone) or clock_of(begins, zone)
        end = parse_clock(text(session, "ende_uhrzeit"), day, zone) or (clock_of(ends, zone) if parse_date(ends, zone) == day else None)
        sessions.append((day, start, end))
    sessions.sort()
    begins, ends = text(event, "beginn_datum"), text(event, "ende_datum")
    start_day = parse_date(begins, zone) or (sessions[0][0] if sessions else None)
    if start_day is None:
        return None
    end_day = parse_date(ends, zone) or (sessions[-1][0] if sessions else None)
    if end_day is not None and end_day < start_day:
        course.tell(f"ende_datum {date_short(end_day)} liegt vor beginn_datum {date_short(start_day)}; Ende weggelassen")
        end_day = sessions[-1][0] if sessions and sessions[-1][0] > start_day else None
    entry: dict[str, Any] = {"start": start_day}
    if end_day is not None and end_day > start_day:
        entry["end"] = end_day
    times = {time_range(s, e) for _, s, e in sessions if s}
    if len(times) == 1:
        entry["time"] = times.pop()
    elif not times and (clock := clock_of(begins, zone)):  # no session says it: the course's own date-times
        entry["time"] = time_range(clock, clock_of(ends, zone))
    schedule = _schedule(sessions, texts(event, "wochentag"), timed=len(times) > 1)
    if schedule:
        entry["schedule"] = schedule
    most, now = text(event, "maximale_teilnehmerzahl"), text(event, "aktuelle_teilnehmerzahl")
    if most.isdigit() and now.isdigit():
        entry["seats_available"] = max(0, int(most) - int(now))
    return entry


def _schedule(sessions: list[tuple[date, str | None, str | None]], weekdays: list[str], timed: bool = False) -> str:
    """The sessions in words: "2 Termine: 10.04., 11.04."; with their times where they differ
    from session to session (no one ``time`` holds them): "Sa 10.04. 10:00–17:00, So 11.04. …"."""
    if len(sessions) > 1:
        if timed:
            each = [f"{WEEKDAYS_SHORT[d.weekday()]} {d:%d.%m.} {s}{'–' + e if e else ''}" if s else f"{WEEKDAYS_SHORT[d.weekday()]} {d:%d.%m.}" for d, s, e in sessions]
            listed = f"{len(sessions)} Termine: " + ", ".join(each)
            if len(listed) <= 200:
                return listed
        listed = f"{len(sessions)} Termine: " + ", ".join(d.strftime("%d.%m.") for d, _, _ in sessions)
        if len(listed) <= 200:
            return listed
        return one_line(f"{len(sessions)} Termine" + (f", {', '.join(weekdays)}" if weekdays else ""), 200)
    return one_line(", ".join(weekdays), 200)


def _price(element: Element | None, course: Course) -> dict[str, Any]:
    notes = texts(element, "zusatz")
    price = price_of(text(element, "betrag"), "; ".join(notes), "EUR", course)
    if text(element, "rabatt_moeglich").lower() in ("true", "1"):  # xs:boolean
        price["note"] = one_line("; ".join(filter(None, [price.get("note"), "Ermäßigung möglich"])), 200)
    return {"price": price}


def _url(event: Element) -> str | None:
    addresses = [(text(w, "typ"), text(w, "uri")) for w in event.findall("webadresse")]
    for kind in ("website", "website_mobile"):
        for typ, uri in addresses:
            if typ == kind and valid(records.Url, uri):
                return uri
    return None


# --- The JSON form ------------------------------------------------------------------------------

# An address of ``ortetermine`` (Berlin's open data) as a ``veranstaltungsort`` of the XML.
_PLACE_FIELDS = {"name": "lehrstaette", "barrierefrei": "behindertenzugang"}
_ADDRESS_FIELDS = ("land", "plz", "ort", "ortsteil", "strasse")


def from_json(raw: bytes) -> tuple[Element, list[str]]:
    """The ``veranstaltungen`` element of an Open-vhs export in its JSON form, and notes.

    Accepted: one ``veranstaltung`` (an object with ``guid``), a list of them, or the whole
    export converted from the XML (``veranstaltungen`` with ``export`` and ``veranstaltung``).
    Conversion rules as XML-to-JSON converters write them: ``@name`` is an attribute,
    ``#text`` the text, a list repeats the element, numbers and booleans may be strings.
    Berlin's ``ortetermine`` (an address per session) becomes ``veranstaltungsort`` and the
    ``termin`` entries.
    """
    data = read_json(raw, "Open-vhs-JSON-Datei")
    container = data.get("veranstaltungen", data) if isinstance(data, dict) else data
    export = container.get("export") if isinstance(container, dict) else None
    if isinstance(container, dict) and "veranstaltung" in container:
        events = container["veranstaltung"]
    elif isinstance(container, dict) and "guid" in container:
        events = [container]
    else:
        events = container
    if isinstance(events, dict) and ("guid" in events or "name" in events):
        events = [events]
    if not isinstance(events, list):
        raise ImportFailure(
            "keine Open-vhs-Daten: erwartet wird eine Veranstaltung (ein Objekt mit guid), eine Liste davon "
            "oder veranstaltungen mit veranstaltung"
        )
    root = Element("veranstaltungen")
    if isinstance(export, dict):
        root.append(_element("export", export))
    notes: list[str] = []
    for position, event in enumerate(events, 1):
        if isinstance(event, dict):
            root.append(_event(event, notes))
        else:
            notes.append(f"Eintrag {position} der Liste ist keine Veranstaltung (kein Objekt); übergangen")
    return root, notes


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (str, int, float)) else None


def _element(tag: str, value: Any) -> Element:
    element = Element(tag)
    if isinstance(value, dict):
        for key, item in value.items():
            if key.startswith("@"):
                attribute = _scalar(item)
                if attribute is not None:
                    element.set(key[1:], attribute)
            elif key == "#text":
                element.text = _scalar(item)
            else:
                for one in item if isinstance(item, list) else [item]:
                    if one is not None:
                        element.append(_element(key, one))
    else:
        element.text = _scalar(value)
    return element


def _listed(value: Any) -> list[dict[str, Any]]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]


def _event(event: dict[str, Any], notes: list[str]) -> Element:
    """A ``veranstaltung`` element; ``ortetermine`` as the XML has it."""
    element = _element("veranstaltung", {key: value for key, value in event.items() if key != "ortetermine"})
    both = event.get("ortetermine")
    if not isinstance(both, dict):
        return element
    sessions = _listed(both.get("termin"))
    for session in sessions:
        element.append(_element("termin", session))
    if "wochentag" not in event:
        days = dict.fromkeys(str(s["wochentag"]) for s in sessions if s.get("wochentag"))
        for day in days:
            element.append(_element("wochentag", day))
    addresses = _listed(both.get("adresse"))
    places = [_place(address) for address in addresses]
    # What an address says beyond the place (raum, breitengrad …): kept, for the report to name it.
    known = {*_PLACE_FIELDS.values(), *_ADDRESS_FIELDS}
    more = {key: value for address in reversed(addresses) for key, value in address.items() if key not in known and _scalar(value)}
    if more:
        element.append(_element("ortetermine", {"adresse": dict(sorted(more.items()))}))
    if places and "veranstaltungsort" not in event:
        counted = Counter(places)
        chosen = counted.most_common(1)[0][0]  # the most sessions; of equals, the first
        for place in [chosen, *(p for p in counted if p != chosen)]:  # the offer's place first
            element.append(_element("veranstaltungsort", {key: dict(value) if key == "adresse" else value for key, value in place}))
        if len(counted) > 1:
            others = ", ".join(_place_text(place) for place in counted if place != chosen)
            notes.append(
                f"guid {_scalar(event.get('guid')) or '?'}: Termine an {len(counted)} Orten; der erste Ort ist der der "
                f"meisten Termine ({_place_text(chosen)}), weitere Orte: {others}"
            )
    if "webadresse" not in event and isinstance(event.get("anmeldung"), dict) and _scalar(event["anmeldung"].get("link")):
        element.append(_element("webadresse", {"typ": "website", "uri": event["anmeldung"]["link"]}))
    return element


Place = tuple[tuple[str, Any], ...]


def _place(address: dict[str, Any]) -> Place:
    """An address of ``ortetermine`` as the fields of a ``veranstaltungsort`` (hashable)."""
    fields: dict[str, Any] = {xml: address.get(key) for xml, key in _PLACE_FIELDS.items()}
    fields["adresse"] = {key: address.get(key) for key in _ADDRESS_FIELDS}
    return tuple((key, tuple(value.items()) if isinstance(value, dict) else value) for key, value in fields.items())


def _place_text(place: Place) -> str:
    fields = dict(place)
    address = dict(fields["adresse"])
    parts = [fields.get("name"), address.get("strasse"), " ".join(filter(None, (_scalar(address.get("plz")), _scalar(address.get("ort")))))]
    return ", ".join(str(p) for p in parts if p)
