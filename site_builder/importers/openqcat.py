"""open-Qcat 1.1 (KURSNET / mein NOW) → courses.

A course is a SERVICE whose EDUCATION has type="true". Its occurrences are its own
SERVICE_DATE and those of the SERVICEs with type="false" whose COURSE_ID names it; funding
codes and teaching languages belong to occurrences, so they are collected from all of them.
A course series is a SERVICE that names its parts (SERVICE_REFERENCE type="consists_of"),
each a course with its own dates; a series without dates of its own is no offer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo

from .. import records
from ..german import date_de, date_short, format_money
from . import prose
from .codelists import INSTRUCTION_FORMS, LANGUAGES
from .common import (
    DATES_ON_REQUEST,
    NO_TITLE_FIX,
    Catalog,
    Course,
    DateRun,
    ImportFailure,
    Mapper,
    PriceKind,
    Reason,
    checked_deadline,
    checked_end,
    clock_range,
    count_of,
    courses_count,
    days_in_text,
    ended_before,
    german_postal_code,
    group_size,
    merged_text,
    number,
    one_line,
    parse_date,
    parse_money,
    phone,
    places_section,
    plain,
    price_kind,
    price_of,
    reach,
    reachable_contact,
    search_words,
    size_words,
    unread_lines,
    unread_paths,
    valid,
)
from .runs import Run, assemble, same_price
from .xmlsafe import attr, text, texts

EDU = "SERVICE_DETAILS/SERVICE_MODULE/EDUCATION"
# A start at any time in words ("Einstieg laufend möglich", "Beginn: jederzeit", "laufender Einstieg").
_ANY_TIME = re.compile(
    r"\b(?:(?:laufende[rn]?|fortlaufende[rn]?|flexible[rn]?)\s+(?:Einstieg|Beginn|Kursbeginn|Start|Eintritt)"
    r"|(?:Einstieg|Beginn|Kursbeginn|Start|Eintritt)\s*:?\s+(?:ist\s+)?(?:jederzeit|laufend|fortlaufend|ständig)\b"
    r"|jederzeit\s+(?:einsteigen|beginnen|starten))",
    re.I,
)
_LESSONS = re.compile(r"(\d+(?:,\d+)?)\s*(?:UStd|Unterrichtsstunden|UE\b|Unterrichtseinheiten)")


def read(root: Element, mapper: Mapper, notes: list[str]) -> Catalog:
    if root.tag != "OPENQCAT":
        raise ImportFailure(f"keine open-Qcat-Datei: das Wurzelelement ist <{root.tag}>, erwartet <OPENQCAT>")
    header = root.find("HEADER")
    body = root.find("NEW_CATALOG")
    if body is None:
        body = root.find("UPDATE_CATALOG")
    if body is None:
        raise ImportFailure("die Datei enthält weder NEW_CATALOG noch UPDATE_CATALOG")
    catalog = Catalog(
        format="openqcat",
        label="open-Qcat",
        key_name="PRODUCT_ID",
        date=parse_date(text(header, "CATALOG/GENERATION_DATE")),
        full=body.tag == "NEW_CATALOG" and attr(body, "", "FULLCATALOG").lower() not in ("false", "0"),
        provider=_provider(header, mapper),
        notes=notes,
    )
    mapper.catalog_date = catalog.date
    courses: dict[str, Element] = {}
    dated: dict[str, Element] = {}  # the dates of courses (EDUCATION type="false"), by PRODUCT_ID
    # A course or date the delivery names more than once is one: the last entry holds, and the
    # report says so once ("kommt 3-mal vor"), not once per repetition.
    repeated: Counter[str] = Counter()
    for service in body.findall("SERVICE") + body.findall("NEW/SERVICE"):
        pid = text(service, "PRODUCT_ID")
        if not pid:
            catalog.notes.append("ein SERVICE ohne PRODUCT_ID wurde übergangen")
            continue
        education = service.find(EDU)
        kind = courses if education is None or attr(education, "", "type").lower() not in ("false", "0") else dated
        repeated[pid] += pid in kind
        kind[pid] = service
    catalog.notes += [f"PRODUCT_ID {pid} kommt {n + 1}-mal vor; der letzte Eintrag gilt" for pid, n in repeated.items() if n]
    occurrences: dict[str, list[Element]] = defaultdict(list)
    for pid, service in dated.items():
        occurrences[text(service, f"{EDU}/COURSE_ID") or pid].append(service)
    for course_id, services in occurrences.items():
        if course_id in courses:
            continue
        if not catalog.full:
            # A delta sends a changed date without its course: the engine adds it to the
            # course's offer file, if there is one.
            catalog.loose.append(_loose(course_id, services, mapper))
            continue
        ids = ", ".join(text(s, "PRODUCT_ID") for s in services)
        catalog.notes.append(f"Termine {ids} gehören zu Kurs {course_id}, der nicht in dieser Lieferung steht; nicht übernommen")
    # A delta deletes first and adds second: a course or date deleted and delivered again stays.
    delivered = set(courses) | {text(s, "PRODUCT_ID") for services in occurrences.values() for s in services}
    named = {text(s, "PRODUCT_ID") for s in body.findall("DELETE/SERVICE")} - {""}
    catalog.deleted = named - delivered
    catalog.replaced = named & set(courses)  # deleted and sent anew: its dates are those sent
    office: dict[str, str] = {key: catalog.provider[key] for key in ("email", "phone") if key in catalog.provider}
    catalog.courses = [_course(pid, s, occurrences.get(pid, []), mapper, office) for pid, s in courses.items()]
    catalog.remarks += _unread([*courses.values(), *dated.values()])
    return catalog


# What the import reads of a SERVICE, as paths below it ("…/" : the element and all within it).
# Every other element with a value is named in the report: nothing a provider sends is lost
# without a word. EDU/ stands for SERVICE_DETAILS/SERVICE_MODULE/EDUCATION/.
_READ = frozenset("""
PRODUCT_ID
SERVICE_DETAILS/TITLE SERVICE_DETAILS/DESCRIPTION_LONG SERVICE_DETAILS/REQUIREMENTS SERVICE_DETAILS/KEYWORD
SERVICE_DETAILS/TARGET_GROUP/TARGET_GROUP_TEXT SERVICE_DETAILS/TERMS_AND_CONDITIONS
SERVICE_DETAILS/SERVICE_DATE/START_DATE SERVICE_DETAILS/SERVICE_DATE/END_DATE SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS
SERVICE_DETAILS/ANNOUNCEMENT/START_DATE SERVICE_DETAILS/ANNOUNCEMENT/END_DATE
SERVICE_DETAILS/CONTACT/CONTACT_ROLE SERVICE_DETAILS/CONTACT/ACADEMIC_TITLE SERVICE_DETAILS/CONTACT/FIRST_NAME
SERVICE_DETAILS/CONTACT/NAME_PREFIX SERVICE_DETAILS/CONTACT/LAST_NAME SERVICE_DETAILS/CONTACT/EMAILS/EMAIL
SERVICE_DETAILS/CONTACT/PHONE SERVICE_DETAILS/CONTACT/MOBILE SERVICE_DETAILS/CONTACT/JOB_TITLE
SERVICE_DETAILS/SERVICE_MODULE/EDUCATION EDU/COURSE_ID EDU/CREDITS EDU/REGISTRATION_DATE EDU/LANGUAGE/ EDU/CERTIFICATE/
EDU/HANDICAP/HAND_NAME EDU/HANDICAP/HAND_DESCRIPTION EDU/HANDICAP EDU/SUBSIDY/SUBSIDY_INSTITUTION EDU/SUBSIDY/SUBSIDY_DESCRIPTION
EDU/DEGREE/DEGREE_TITLE EDU/DEGREE/DEGREE_EXAM EDU/DEGREE/DEGREE_EXAM/EXAM_TITLE EDU/DEGREE/DEGREE_EXAM/EXAMINER
EDU/EXTENDED_INFO/INSTRUCTION_FORM EDU/EXTENDED_INFO/INSTRUCTION_TIME EDU/EXTENDED_INFO/INHOUSE_SEMINAR
EDU/EXTENDED_INFO/EXTRA_OCCUPATIONAL EDU/EXTENDED_INFO/FUNDING_TYPES_FEDERAL EDU/EXTENDED_INFO/FUNDING_TYPES_REGIONAL
EDU/EXTENDED_INFO/FUNDING_TYPES_REMARKS EDU/EXTENDED_INFO/DIGITAL_ACCESSIBILITY EDU/EXTENDED_INFO/DIGITAL_ACCESSIBILITY_REMARKS
EDU/EXTENDED_INFO/TEACHING_LANGUAGES EDU/EXTENDED_INFO/TEACHING_LANGUAGES_REMARKS
EDU/MODULE_COURSE/LOCATION/NAME EDU/MODULE_COURSE/LOCATION/NAME2 EDU/MODULE_COURSE/LOCATION/NAME3
EDU/MODULE_COURSE/LOCATION/STREET EDU/MODULE_COURSE/LOCATION/ZIP EDU/MODULE_COURSE/LOCATION/CITY
EDU/MODULE_COURSE/LOCATION/COUNTRY EDU/MODULE_COURSE/LOCATION/COUNTRY_CODED EDU/MODULE_COURSE/LOCATION/BARRIER_FREE_LOCATION
EDU/MODULE_COURSE/LOCATION/BOXNO EDU/MODULE_COURSE/LOCATION/ZIPBOX
EDU/MODULE_COURSE/DURATION EDU/MODULE_COURSE/DURATION/DATE_REMARKS EDU/MODULE_COURSE/DURATION/START_DATE EDU/MODULE_COURSE/DURATION/END_DATE EDU/MODULE_COURSE/FLEXIBLE_START
EDU/MODULE_COURSE/INSTRUCTION_REMARKS EDU/MODULE_COURSE/MIN_PARTICIPANTS EDU/MODULE_COURSE/MAX_PARTICIPANTS
EDU/MODULE_COURSE/MARKETINGTEXT EDU/MODULE_COURSE/MODULE_ORDER
SERVICE_PRICE_DETAILS/SERVICE_PRICE SERVICE_PRICE_DETAILS/SERVICE_PRICE/PRICE_AMOUNT SERVICE_PRICE_DETAILS/SERVICE_PRICE/PRICE_CURRENCY
SERVICE_PRICE_DETAILS/REMARKS SERVICE_PRICE_DETAILS/DAILY_PRICE
SERVICE_CLASSIFICATION/REFERENCE_CLASSIFICATION_SYSTEM_NAME SERVICE_CLASSIFICATION/FEATURE/FNAME SERVICE_CLASSIFICATION/FEATURE/FVALUE
SERVICE_REFERENCE SERVICE_REFERENCE/PRODUCT_ID_REF
MIME_INFO/ SERVICE_DETAILS/MIME_INFO/ EDU/MIME_INFO/ EDU/MODULE_COURSE/MIME_INFO/
""".replace("EDU/", "SERVICE_DETAILS/SERVICE_MODULE/EDUCATION/").split())


# Elements that keep the catalogue in order (ids, types of record) and say nothing about the course.
_BOOKKEEPING = frozenset({"COURSE_TYPE", "SUPPLIER_ID_REF", "CATALOG_ID_REF", "CATALOG_VERSION", "ID_DB", "SEGMENT_TYPE", "STATE", "SERVICE_ORDER"})


def _unread(services: list[Element]) -> list[str]:
    """Each element with a value that no field takes, with the services that send it, for the report."""
    found: dict[str, list[str]] = defaultdict(list)
    dates = set()
    for service in services:
        pid = text(service, "PRODUCT_ID")
        if attr(service, EDU, "type").lower() in ("false", "0"):
            dates.add(pid)
        for path in dict.fromkeys(unread_paths(service, _READ)):
            found[path].append(pid)

    def counted(pids: list[str]) -> str:
        dated = sum(pid in dates for pid in pids)
        return courses_count(len(pids) - dated, dated)

    return unread_lines(found, "PRODUCT_ID", _BOOKKEEPING, lambda path: path.replace("SERVICE_DETAILS/SERVICE_MODULE/", ""), counted=counted)


def _loose(course_id: str, services: list[Element], mapper: Mapper) -> tuple[Course, list[Run]]:
    """The dates a delta sends without their course, as runs of that course."""
    course = Course(course_id, "")
    runs = []
    for service in services:
        ref = text(service, "PRODUCT_ID")
        entry = _run_date(service, ref, course, mapper.zone)
        if entry is None:
            course.runs.append(DateRun(ref, None, "kein Beginn (START_DATE)"))
        else:
            extras = _run_extras(service, ref, course, entry["start"], mapper.zone, entry.get("end"), section=False)
            runs.append(Run(ref, entry | extras, _place(service), _run_price(service, ref, course, mapper), _further(service)))
    return course, runs


def _provider(header: Element | None, mapper: Mapper) -> dict[str, Any]:
    supplier = header.find("SUPPLIER") if header is not None else None
    address = supplier.find("ADDRESS") if supplier is not None else None
    data: dict[str, Any] = {"name": one_line(text(supplier, "SUPPLIER_NAME") or text(address, "NAME"), 160)}
    url = text(address, "URL")
    if valid(records.Url, url):
        data["url"] = url
    data |= reach(text(address, "EMAILS/EMAIL"), phone(text(address, "PHONE")))
    place = {
        "street": text(address, "STREET"),
        "postal_code": text(address, "ZIP"),
        "city": text(address, "CITY"),
        "country": text(address, "COUNTRY_CODED") or text(address, "COUNTRY"),
    }
    location, _ = mapper.location(place, online=True)
    if location:
        data["address"] = location
    return data


def _course(pid: str, service: Element, children: list[Element], mapper: Mapper, office: dict[str, str]) -> Course:
    details = service.find("SERVICE_DETAILS")
    education = service.find(EDU)
    runs = [service, *children]
    raw_title = text(details, "TITLE")
    course = Course(pid, one_line(raw_title, 160))
    if len(course.title) < 3:
        course.skip = Reason("kein Titel (TITLE leer oder kürzer als 3 Zeichen)", NO_TITLE_FIX)
        return course
    if len(" ".join(raw_title.split())) > 160:
        course.tell("Titel auf 160 Zeichen gekürzt")
    fmt = _format(runs, mapper)
    online = fmt == "online"
    own_place = _place(service) or next((p for p in map(_place, children) if p), {})
    data = course.data
    data["title"] = course.title
    data.update(_texts(details, education, runs, course, mapper))
    data["format"] = fmt
    if any(text(m, "FLEXIBLE_START").lower() in ("true", "1") for r in runs for m in r.findall(f"{EDU}/MODULE_COURSE")):
        data["on_demand"] = True
    elif said := next((m[0] for r in runs for t in _remarks(r) if (m := _ANY_TIME.search(t))), None):
        # "Einstieg laufend möglich" in words only: a start at any time, as FLEXIBLE_START says it
        data["on_demand"] = True
        course.tell(f"Einstieg jederzeit nur in den Bemerkungen („{one_line(said, 60)}“); als laufender Einstieg übernommen – bitte FLEXIBLE_START angeben")
    # The course's own price (no date to name): what it lacks is told only where it holds.
    own_said, at = Course(pid, course.title), len(course.findings)
    own_price = _run_price(service, "", own_said, mapper)
    dated: list[Run] = []
    for run in runs:
        ref = text(run, "PRODUCT_ID") or pid
        entry = _run_date(run, ref, course, mapper.zone)
        if entry is not None:
            price = own_price if run is service else _run_price(run, ref, course, mapper)
            extras = _run_extras(run, ref, course, entry["start"], mapper.zone, entry.get("end"))
            dated.append(Run(ref, entry | extras, _place(run), price, _further(run)))
    module_lines = {r.ref: r.entry.pop(MODULES) for r in dated if MODULES in r.entry}
    parts = [text(r, "PRODUCT_ID_REF") for r in service.findall("SERVICE_REFERENCE") if attr(r, "", "type") == "consists_of"]
    if parts and not dated and not data.get("on_demand"):
        # A course series ("Kursserie"): it consists of courses of its own (SERVICE_REFERENCE
        # consists_of: "Bestandteile"), each with its own title, place and dates. Without dates of
        # its own it is nothing to book, and no place is missing: its parts are the offers.
        course.skip = Reason(f"Kursserie ohne eigene Termine, kein eigenes Angebot: ihre Teile sind eigene Kurse ({', '.join(filter(None, parts))})")
        return course
    said_on_request = any(DATES_ON_REQUEST.search(plain(t)) for r in runs for t in _remarks(r))  # "Termine nach Vereinbarung"
    assemble(course, dated, own_place, own_price, mapper, online, said_on_request)
    if course.skip:
        return course
    if same_price(data["price"], own_price) or any(pid in refs.split("+") for refs in course.date_refs):
        course.findings[at:at] = own_said.findings
        course.missing |= own_said.missing
    if module_lines:
        data["description"] += _module_section(data.get("dates", []), course.date_refs, module_lines, mapper)
    kept = {ref for refs in course.date_refs for ref in refs.split("+")}
    data["description"] += _places_section([r for r in runs if (text(r, "PRODUCT_ID") or pid) in kept] or [service], service, mapper, online)
    if data.get("on_demand") and not data.get("dates"):
        said = merged_text([t for r in runs for t in _remarks(r)], 200)
        if said:
            data["description"] = prose.with_times(data["description"], said)
    data |= _languages(runs, mapper)
    modules = _modules(service)
    module = modules[0] if modules else None
    duration_class = attr(module, "DURATION", "type")
    duration_class = "" if duration_class == "0" else duration_class  # 0: "Keine Angabe"
    duration = text(module, "DURATION/DATE_REMARKS") or mapper.codes.durations.get(duration_class, "")
    if duration_class and not duration:
        mapper.miss("Dauerklasse", duration_class, "", "nicht übernommen")
    lengths = [text(m, "DURATION/DATE_REMARKS") for m in modules]
    if len(modules) > 1 and all(lengths):
        duration = " + ".join(lengths)  # a course of modules lasts as long as all of them: "40 UStd. + 80 UStd."
    for time_code in dict.fromkeys(attr(r, f"{EDU}/EXTENDED_INFO/INSTRUCTION_TIME", "type") for r in runs):
        if time_code not in ("", "1", "2"):  # unterrichtszeit.dat: 1 Vollzeit, 2 Teilzeit
            mapper.miss("Unterrichtszeit", time_code, "", "nicht übernommen (kein Zeitmodell)")
    if duration:
        data["duration"] = _duration(duration)
    if any(_flag(r, f"{EDU}/EXTENDED_INFO/INHOUSE_SEMINAR") or attr(r, f"{EDU}/EXTENDED_INFO/INSTRUCTION_FORM", "type") == "7" for r in runs):
        data["inhouse"] = True
    funding = mapper.funding(_codes(runs, "FUNDING_TYPES_FEDERAL"), _codes(runs, "FUNDING_TYPES_REGIONAL"))
    if funding:
        data["funding"] = funding
    certificate = _certificate(education.find("DEGREE") if education is not None else None)
    if certificate:
        data["certificate"] = certificate
    contact = _contact(details.findall("CONTACT") if details is not None else [], course, office)
    if contact:
        data["contact"] = contact
    url = _url(service)
    if url:
        data["url"] = url
    _announcement(details.find("ANNOUNCEMENT") if details is not None else None, course, mapper)
    course.provider_data = _approvals(runs, mapper)
    course.codes = {
        text(f, "FNAME"): text(f, "FVALUE")
        for f in service.findall("SERVICE_CLASSIFICATION/FEATURE")
        if text(f, "FNAME")
    }
    keywords = texts(details, "KEYWORD")
    tags = search_words(keywords, course, mapper)
    if tags:
        data["tags"] = tags
    course.words = [course.title, *keywords, *course.codes.values()]
    return course


def _announcement(period: Element | None, course: Course, mapper: Mapper) -> None:
    """ANNOUNCEMENT, the period in which the course is to be seen ("Freigabezeitraum"): its end
    decides ``expires``; a beginning still to come is told, as an offer has no first day to be shown."""
    raw_from, raw_until = text(period, "START_DATE"), text(period, "END_DATE")
    shown_from, until = parse_date(raw_from), parse_date(raw_until)
    for raw, day, what in ((raw_from, shown_from, "Beginn"), (raw_until, until, "Ende")):
        if raw and day is None:
            course.tell(f"Freigabezeitraum (ANNOUNCEMENT): {what} „{one_line(raw, 40)}“ ist kein Datum; nicht übernommen")
    if until is not None:
        course.expires = until + timedelta(days=1)
        if mapper.today is not None and course.expires <= mapper.today:
            course.tell_editors(f"Freigabezeitraum (ANNOUNCEMENT) endete am {date_de(until)}: das Angebot wird nicht veröffentlicht (expires {course.expires.isoformat()})")
    if shown_from is not None and mapper.today is not None and shown_from > mapper.today:
        course.tell_editors(
            f"Freigabezeitraum (ANNOUNCEMENT) beginnt erst am {date_de(shown_from)}; Lotse kennt keinen solchen Beginn: "
            "das Angebot erscheint mit dem nächsten Build (soll es warten, bitte draft: true setzen und dann entfernen)"
        )


def _place(run: Element) -> dict[str, Any]:
    """The run's place: its first LOCATION with a postal code, else its first LOCATION."""
    places = run.findall(f"{EDU}/MODULE_COURSE/LOCATION")
    place = next((p for p in places if re.fullmatch(r"\d{5}", german_postal_code(text(p, "ZIP")))), places[0] if places else None)
    return _read_place(place) if place is not None else {}


def _further(run: Element) -> list[dict[str, Any]]:
    """The places of the run's modules besides its own (``_place``), in their MODULE_ORDER: a date
    whose theory is in Stuttgart and whose practice is in Esslingen is held at both (also_at)."""
    own = _place(run)
    return [where for m in _modules(run) if (place := m.find("LOCATION")) is not None and (where := _read_place(place)) != own]


def _read_place(place: Element) -> dict[str, Any]:
    """A LOCATION as ``Mapper.location`` reads it."""
    return {
        # NAME is the first of three address lines of 30 characters; NAME2 and NAME3 name a
        # department or house ("Klinik Berlin", "Neurologische Rehabilitation").
        "name": ", ".join(texts(place, "NAME") + texts(place, "NAME2") + texts(place, "NAME3")),
        "street": text(place, "STREET"),
        "postal_code": text(place, "ZIP"),
        "city": text(place, "CITY"),
        "country": text(place, "COUNTRY_CODED") or text(place, "COUNTRY"),
        "wheelchair": True if text(place, "BARRIER_FREE_LOCATION").lower() in ("true", "1") else None,
        "box": _box(place),
    }


def _box(place: Element) -> str:
    """A post office box as the report names it ("Postfach 10 20 30, 70049 Stuttgart"); "" for none."""
    number, postal = text(place, "BOXNO"), german_postal_code(text(place, "ZIPBOX"))
    if not number and not postal:
        return ""
    where = " ".join(filter(None, [postal, text(place, "CITY")]))
    return ", ".join(filter(None, [f"Postfach {number}".strip(), where]))


def _flag(run: Element, path: str) -> bool:
    return text(run, path).lower() in ("true", "1")


def _run_date(run: Element, ref: str, course: Course, zone: ZoneInfo | None = None) -> dict[str, Any] | None:
    """Start, end and mode of a run; a moment (``…T23:00:00Z``) is its day in ``zone``."""
    raw_start = text(run, "SERVICE_DETAILS/SERVICE_DATE/START_DATE")
    start = parse_date(raw_start, zone)
    end = parse_date(text(run, "SERVICE_DETAILS/SERVICE_DATE/END_DATE"), zone)
    dated = _dated_modules(run, zone)
    if start is None and not raw_start and dated:
        # No date of the run, but its modules have theirs: it runs from the first module's
        # start to the last module's end.
        start, end = min(m[0] for m in dated), max(m[1] or m[0] for m in dated)
    if start is None and not raw_start:
        # Dates only in words ("Termine: 12.04.2027, 19.04.2027, 26.04.2027 jeweils 17-20 Uhr"):
        # from the first to the last, the words kept as its schedule (``_run_extras``).
        said = days_in_text(" ".join([text(run, "SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS"), *texts(run, f"{EDU}/MODULE_COURSE/INSTRUCTION_REMARKS")]))
        if said:
            start, end = said[0], said[-1]
            course.tell(f"Termin {ref}: kein Beginn (START_DATE), die Daten aus den Bemerkungen übernommen ({date_de(start)} bis {date_de(end)})", ref)
    if start is None:
        if raw_start:
            course.tell(f"Termin {ref}: Beginn „{raw_start}“ ist kein Datum; Termin übergangen", ref)
        return None
    entry: dict[str, Any] = {"start": start}
    end = checked_end(start, end, course, ref)
    if end is not None:
        entry["end"] = end
    mode = _mode(run)
    if mode:
        entry["mode"] = mode
    return entry


# The key under which ``_run_extras`` hands on a run's module lines too long for its schedule.
MODULES = "_modules"


def _dated_modules(run: Element, zone: ZoneInfo | None) -> list[tuple[date, date | None, int]]:
    """The run's modules (MODULE_COURSE) that have a start of their own (DURATION/START_DATE):
    start, end (None for none or one before the start) and their number in MODULE_ORDER."""
    found = []
    for n, module in enumerate(_modules(run), 1):
        start = parse_date(text(module, "DURATION/START_DATE"), zone)
        if start is not None:
            end = parse_date(text(module, "DURATION/END_DATE"), zone)
            found.append((start, end if end is not None and end > start else None, n))
    return found


def _day_span(first: date, last: date | None) -> str:
    """'03.03.2027', '01.–05.03.2027', '01.03.–16.04.2027', '14.12.2026–15.01.2027'."""
    if last is None or last == first:
        return date_short(first)
    if first.year != last.year:
        return f"{date_short(first)}–{date_short(last)}"
    if first.month != last.month:
        return f"{first.day:02d}.{first.month:02d}.–{date_short(last)}"
    return f"{first.day:02d}.–{date_short(last)}"


def _module_schedule(run: Element, ref: str, course: Course, start: date, end: date | None, zone: ZoneInfo | None) -> tuple[list[str], bool]:
    """A run of several modules, each with its own days (and place, and times): one line per
    module ("Modul 2: 01.–05.03.2027 in Plochingen (8–15 Uhr)"), a place or time only where
    the modules differ; and whether they have times of their own. Modules outside the run's
    days are told to the provider and not shown: which of the two is right?"""
    dated = _dated_modules(run, zone)
    if not dated or (len(dated) == 1 and (dated[0][0], dated[0][1]) == (start, end)):
        return [], False  # no modules, or one that says what the run says
    last = end or start
    outside = [(s, e, n) for s, e, n in dated if s < start or (e or s) > last]
    if outside:
        said = ", ".join(f"Modul {n} ({_day_span(s, e)})" for s, e, n in outside)
        course.tell(
            f"Termin {ref}: {said} außerhalb des Termins ({_day_span(start, end)}); Termine der Module nicht übernommen – "
            "bitte SERVICE_DATE und DURATION der Module abgleichen",
            ref,
        )
        return [], False
    modules = _modules(run)
    places = [_where(modules[n - 1].find("LOCATION")) for _, _, n in dated]
    times = [one_line(text(modules[n - 1], "INSTRUCTION_REMARKS"), 60) for _, _, n in dated]
    own_places, own_times = len(set(places)) > 1, len(set(times)) > 1
    lines = []
    for (s, e, n), place, said in zip(dated, places, times, strict=True):
        where = f" in {place}" if own_places and place else ""
        when = f" ({said})" if own_times and said else ""
        lines.append(f"Modul {n}: {_day_span(s, e)}{where}{when}")
    return lines, own_times


def _where(place: Element | None) -> str:
    """A module's place in a few words: its name, else its street, and its town."""
    name = text(place, "NAME") or text(place, "STREET")
    return one_line(", ".join(filter(None, [name, text(place, "CITY")])), 80)


def _module_section(dates: list[dict[str, Any]], refs: list[str], modules: dict[str, list[str]], mapper: Mapper) -> str:
    """The modules of the dates still to come whose module lines do not fit their schedule, as
    a section "Termine der Module" of the description."""
    items = []
    for entry, joined in zip(dates, refs, strict=True):
        lines = next((modules[r] for r in joined.split("+") if r in modules), None)
        if lines and not ended_before(entry, mapper.today):
            line = f"Termin {_day_span(entry['start'], entry.get('end'))}: {'; '.join(lines)}"
            items.append(prose.Block("ul", 1, prose.escape(line), line))
    return "\n\n" + prose.markdown([prose.heading("Termine der Module"), *items]) if items else ""


def _remarks(run: Element) -> list[str]:
    """What a run says of its times in words."""
    return [*texts(run, f"{EDU}/MODULE_COURSE/INSTRUCTION_REMARKS"), text(run, "SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS")]


def _run_extras(
    run: Element, ref: str, course: Course, start: date, zone: ZoneInfo | None = None, end: date | None = None, section: bool = True
) -> dict[str, Any]:
    """Time, schedule, deadline and note of one run from ``start`` to ``end``; its modules'
    own dates (``_module_schedule``) in its schedule."""
    entry: dict[str, Any] = {}
    remarks = _remarks(run)
    modules, own_remarks = _module_schedule(run, ref, course, start, end, zone)
    if own_remarks:  # each module has its own times: they are in its line, not the run's
        remarks = [text(run, "SERVICE_DETAILS/SERVICE_DATE/DATE_REMARKS")]
    clocks = next((c for c in map(clock_range, remarks) if c), None)
    if clocks:
        entry["time"] = clocks
    schedule = merged_text(remarks, 200)
    if modules:
        lines = "; ".join(modules)
        said = "; ".join(filter(None, [schedule, lines]))
        if len(said) <= 200:
            schedule = said
        elif section:  # too long for a date's schedule: in the description (``_module_section``)
            words = f"in {len(modules)} Modulen, Termine in der Beschreibung"
            schedule = "; ".join(filter(None, [prose.shorten(schedule, 198 - len(words)) if schedule else "", words]))
            entry[MODULES] = modules
        else:  # a delta's date of a course it does not send: its description stays as it is
            words = f"in {len(modules)} Modulen"
            schedule = "; ".join(filter(None, [prose.shorten(schedule, 198 - len(words)) if schedule else "", words]))
            course.tell_editors(f"Termin {ref}: Termine der Module zu lang für den Ablauf, nicht übernommen – bitte in die Beschreibung aufnehmen: {lines}", ref)
    if schedule:
        entry["schedule"] = schedule
    deadline = checked_deadline(start, parse_date(text(run, f"{EDU}/REGISTRATION_DATE"), zone), course, ref)
    if deadline is not None:
        entry["registration_deadline"] = deadline
    note = merged_text(
        [
            text(run, f"{EDU}/EXTENDED_INFO/TEACHING_LANGUAGES_REMARKS"),
            text(run, f"{EDU}/EXTENDED_INFO/DIGITAL_ACCESSIBILITY_REMARKS"),
            text(run, f"{EDU}/EXTENDED_INFO/FUNDING_TYPES_REMARKS"),
        ],
        200,
    )
    if note:
        entry["note"] = note
    return entry


def _mode(run: Element) -> str | None:
    """Vollzeit/Teilzeit from INSTRUCTION_TIME (or the old instruction forms 1 and 2); berufsbegleitend."""
    info = f"{EDU}/EXTENDED_INFO"
    code = attr(run, f"{info}/INSTRUCTION_TIME", "type") or {"1": "1", "2": "2"}.get(attr(run, f"{info}/INSTRUCTION_FORM", "type"), "")
    mode = {"1": "vollzeit", "2": "teilzeit"}.get(code)
    if mode != "vollzeit" and _flag(run, f"{info}/EXTRA_OCCUPATIONAL"):
        return "berufsbegleitend"
    return mode


def _run_price(run: Element, ref: str, course: Course, mapper: Mapper) -> dict[str, Any]:
    """The run's price: of several SERVICE_PRICEs (one per price type) the full price per person
    first; the others (reduced, per group, per day …) in its note. A price type of the
    provider's own ("udp_…") counts by what its name says (``price_kind``)."""
    remarks = text(run, "SERVICE_PRICE_DETAILS/REMARKS")
    prices = run.findall("SERVICE_PRICE_DETAILS/SERVICE_PRICE")
    if not any(text(p, "PRICE_AMOUNT") for p in prices) and not remarks:
        return {}  # nothing said for this run: the course's price holds
    ranked = sorted(prices, key=lambda p: _price_rank(attr(p, "", "type")))
    main = ranked[0] if ranked else None
    kind = attr(main, "", "type")
    raw, currency = text(main, "PRICE_AMOUNT"), text(main, "PRICE_CURRENCY") or "EUR"
    where = f"Termin {ref}: " if ref else ""
    if kind == "on_request":  # said in the format's own words: nothing to ask the provider
        return {"on_request": True, **({"note": one_line(remarks, 200)} if remarks else {})}
    named = _udp(kind, mapper)
    # The price types of open-Qcat: "net_…" without VAT, "gros_…" with it; the provider's own by their name.
    vat = "zuzueglich" if kind.startswith("net_") else "enthalten" if kind.startswith("gros_") else named.vat
    others = [p for p in ranked[1:] if text(p, "PRICE_AMOUNT")]
    if named.reduced:
        # Only a reduced price: not what a visitor without the reduction pays.
        course.tell(f"{where}nur ein ermäßigter Preis ({kind} {raw}); als „Preis auf Anfrage“ übernommen – bitte den vollen Preis angeben", ref)
        course.missing.setdefault("price", remarks)
        note = "; ".join(filter(None, [_price_words(p, mapper) for p in [main, *others] if p is not None] + [one_line(remarks, 200)]))
        return {"on_request": True} | ({"note": one_line(note, 200)} if note else {})
    price = price_of(raw, remarks, currency, course, ref, vat)
    extra = [named.unit] if named.unit and "amount" in price else []
    if named.per == "gruppe" and "amount" in price:
        price["per"] = "gruppe"
    if _flag(run, "SERVICE_PRICE_DETAILS/DAILY_PRICE") and "amount" in price and "Tagespreis" not in extra:
        extra.append("Tagespreis")
    for other in others:
        said = _price_words(other, mapper)
        if said:
            extra.append(said)
        else:
            course.tell_editors(f"{where}weiterer Preis ({attr(other, '', 'type') or 'ohne Preisart'} {text(other, 'PRICE_AMOUNT')}) nicht übernommen: ein Angebot hat einen Preis", ref)
    if extra:
        price["note"] = one_line("; ".join(filter(None, [price.get("note"), *extra])), 200)
    return price


def _price_rank(kind: str) -> int:
    """Which of several prices is the offer's: the full price per person before a price per
    unit or group, that before a reduced one."""
    if not kind.startswith("udp_"):
        return 0
    named = price_kind(kind)
    return 3 if named.reduced else 2 if named.unit or named.per == "gruppe" else 1


def _udp(kind: str, mapper: Mapper) -> PriceKind:
    """What a price type of the provider's own says; one whose name says nothing Lotse knows is
    for the editors (its meaning is agreed between provider and recipient, says the format)."""
    if not kind.startswith("udp_"):
        return PriceKind()
    named = price_kind(kind)
    if not named.known:
        mapper.miss("Preisart", kind, "selbstdefiniert", "als Preis je Person übernommen – bitte die Bedeutung beim Anbieter erfragen")
    return named


def _price_words(price: Element, mapper: Mapper) -> str:
    """A further price in words for the note ("ermäßigt 80 €", "für Gruppen 900 €"); "" for one
    whose type says nothing of what it is."""
    amount = parse_money(text(price, "PRICE_AMOUNT"))
    kind = attr(price, "", "type")
    named = _udp(kind, mapper)
    if amount is None or not kind.startswith("udp_") or not named.known:
        return ""
    label = "ermäßigt" if named.reduced else "für Gruppen" if named.per == "gruppe" else named.unit or "Preis"
    vat = {"zuzueglich": " zzgl. MwSt.", "enthalten": " inkl. MwSt.", "befreit": " umsatzsteuerfrei"}.get(named.vat or "", "")
    unit = f" ({named.unit})" if named.unit and label != named.unit else ""
    return f"{label} {format_money(amount)}{vat}{unit}"


def _url(service: Element) -> str | None:
    """The course's page at the provider: a MIME_SOURCE that is a web address and no picture.

    open-Qcat names them MIME_INFO/MIME_ELEMENT, of the SERVICE, its EDUCATION or its
    MODULE_COURSE; older exporters write BMEcat's MIME_INFO/MIME, also under SERVICE_DETAILS."""
    places = ("", "SERVICE_DETAILS/", f"{EDU}/", f"{EDU}/MODULE_COURSE/")
    mimes = [m for place in places for name in ("MIME_ELEMENT", "MIME") for m in service.findall(f"{place}MIME_INFO/{name}")]
    for mime in mimes:
        source, kind = text(mime, "MIME_SOURCE"), text(mime, "MIME_TYPE").lower()
        if kind.startswith("image/") or text(mime, "MIME_PURPOSE") in ("icon", "logo", "thumbnail", "normal", "detail"):
            continue
        if valid(records.Url, source):
            return source
    return None


def _approvals(runs: list[Element], mapper: Mapper) -> dict[str, Any]:
    """AZAV and other approvals of the provider, as its certifications."""
    found: list[str] = []
    for run in runs:
        for cert in run.findall(f"{EDU}/CERTIFICATE"):
            until = parse_date(text(cert, "CERT_VALIDITY/END_DATE"))
            if until is not None and mapper.catalog_date is not None and until < mapper.catalog_date:
                continue
            found.append("AZAV" + (f" (gültig bis {until.strftime('%d.%m.%Y')})" if until else ""))
    return {"certifications": list(dict.fromkeys(found))} if found else {}


def _codes(runs: list[Element], name: str) -> list[str]:
    """The codes of EXTENDED_INFO/<name> over the course and its dates, each once."""
    found = (attr(e, "", "type") or text(e) for run in runs for e in run.findall(f"{EDU}/EXTENDED_INFO/{name}"))
    return list(dict.fromkeys(code for code in found if code))


def _format(runs: list[Element], mapper: Mapper) -> str:
    """From INSTRUCTION_FORM@type; its text is often junk (Java toString output) and is ignored."""
    forms = (attr(run, f"{EDU}/EXTENDED_INFO/INSTRUCTION_FORM", "type") for run in runs)
    form = next((f for f in forms if f), "")  # the course's own, else its first date's
    if form in INSTRUCTION_FORMS:
        return INSTRUCTION_FORMS[form][1]
    label = mapper.codes.instruction_forms.get(form, "")
    mapper.miss("Unterrichtsform", form or "(leer)", label, "als praesenz übernommen")
    return "praesenz"


def _texts(details: Element | None, education: Element | None, runs: list[Element], course: Course, mapper: Mapper) -> dict[str, str]:
    main = prose.blocks(text(details, "DESCRIPTION_LONG"))
    extra: list[prose.Block] = []
    for label, path in (
        ("Zielgruppe", "TARGET_GROUP/TARGET_GROUP_TEXT"),
        ("Teilnahmebedingungen", "TERMS_AND_CONDITIONS"),
        ("Anrechnung", "SERVICE_MODULE/EDUCATION/CREDITS"),
    ):
        parts = [b for t in texts(details, path) for b in prose.blocks(t)]
        if parts:
            extra += [prose.heading(label), *parts]
    extra += _structure(runs[0], mapper) + _group_size(runs, course) + _suitable(education) + _subsidies(education)
    out = {"summary": prose.summary(main) or course.title, "description": prose.markdown(main + extra)}
    if not main:
        course.tell("keine Beschreibung (DESCRIPTION_LONG) im Katalog; der Titel steht als Beschreibung")
        out["description"] = prose.markdown([prose.paragraph(course.title), *extra])
    requirements = prose.markdown(prose.blocks(text(details, "REQUIREMENTS")))
    if requirements:
        out["prerequisites"] = requirements
    return out


def _suitable(education: Element | None) -> list[prose.Block]:
    """HANDICAP (the disabilities the course suits) and DIGITAL_ACCESSIBILITY, as a section."""
    if education is None:
        return []
    said = [
        one_line(f"{name} ({about})" if name and about else name or about, 300)
        for h in education.findall("HANDICAP")
        for name, about in [(text(h, "HAND_NAME"), text(h, "HAND_DESCRIPTION"))]
    ]
    lines = [f"Geeignet für Menschen mit: {'; '.join(dict.fromkeys(filter(None, said)))}"] if any(said) else []
    if _flag(education, "EXTENDED_INFO/DIGITAL_ACCESSIBILITY"):
        lines.append("Digitale Lerninhalte barrierefrei")
    return [prose.heading("Barrierefreiheit"), *map(prose.paragraph, lines)] if lines else []


def _group_size(runs: list[Element], course: Course) -> list[prose.Block]:
    """MIN_PARTICIPANTS and MAX_PARTICIPANTS (no field of an offer), as a section when the course
    and its dates agree; when they differ, the report says so."""
    sizes = []
    for run in runs:
        modules = run.findall(f"{EDU}/MODULE_COURSE")
        low = next((n for m in modules if (n := count_of(text(m, "MIN_PARTICIPANTS")))), None)
        high = next((n for m in modules if (n := count_of(text(m, "MAX_PARTICIPANTS")))), None)
        if low or high:
            sizes.append((low, high))
    said = list(dict.fromkeys(sizes))
    if len(said) > 1:
        course.tell_editors(
            "Teilnehmerzahlen (MIN_PARTICIPANTS/MAX_PARTICIPANTS) je Termin verschieden "
            f"({'; '.join(size_words(low, high) for low, high in said)}); nicht übernommen"
        )
        return []
    if not said:
        return []
    return group_size(*said[0])


def _subsidies(education: Element | None) -> list[prose.Block]:
    """SUBSIDY (funding in words: who funds, and how), as a section."""
    said = [
        one_line(": ".join(filter(None, [text(s, "SUBSIDY_INSTITUTION"), text(s, "SUBSIDY_DESCRIPTION")])), 400)
        for s in (education.findall("SUBSIDY") if education is not None else [])
    ]
    said = list(dict.fromkeys(filter(None, said)))
    return [prose.heading("Fördermöglichkeiten"), *map(prose.paragraph, said)] if said else []


def _duration(remarks: str) -> dict[str, Any]:
    """The remark as text; lessons it names ("15 UStd.") also as hours, those of all modules
    added up ("40 UStd. + 80 UStd." is 120)."""
    found = [parse_money(m[1]) for m in _LESSONS.finditer(remarks)]
    hours = sum(h for h in found if h) if found and all(found) and " + " in remarks else found[0] if found else None
    return ({"hours": number(hours)} if hours else {}) | {"text": one_line(remarks, 120)}


def _modules(service: Element) -> list[Element]:
    """The course's MODULE_COURSEs in their MODULE_ORDER (as delivered where it names none)."""
    found = service.findall(f"{EDU}/MODULE_COURSE")
    order = [int(o) if (o := text(m, "MODULE_ORDER")).isdigit() else i for i, m in enumerate(found)]
    return [m for _, m in sorted(zip(order, found, strict=True), key=lambda pair: pair[0])]


def _structure(service: Element, mapper: Mapper) -> list[prose.Block]:
    """A course of several modules (MODULE_COURSE), each with its content, length and place, as a
    section "Aufbau": the offer has one place and one length, the modules are on the page. A
    single module's content (MARKETINGTEXT) is a section "Inhalt"."""
    modules = _modules(service)
    if len(modules) == 1:  # one module: its MARKETINGTEXT is what the course covers
        said = prose.blocks(text(modules[0], "MARKETINGTEXT"))
        return [prose.heading("Inhalt"), *said] if said else []
    if not modules:
        return []
    items = []
    for n, module in enumerate(modules, 1):
        place = module.find("LOCATION")
        where = ", ".join(filter(None, [*texts(place, "NAME"), " ".join(filter(None, [text(place, "ZIP"), text(place, "CITY")]))]))
        length = text(module, "DURATION/DATE_REMARKS") or mapper.codes.durations.get(attr(module, "DURATION", "type"), "")
        words = " – ".join(filter(None, [one_line(text(module, "MARKETINGTEXT"), 300), one_line(length, 60), one_line(where, 120)]))
        line = f"Modul {n}" + (f": {words}" if words else "")
        items.append(prose.Block("ul", 1, prose.escape(line), line))
    return [prose.heading("Aufbau"), *items]


def _site(place: Element) -> str:
    """A module's place in one line: "Lager Esslingen, Hafenstr. 3, 73728 Esslingen am Neckar"."""
    town = " ".join(filter(None, [german_postal_code(text(place, "ZIP")), text(place, "CITY")]))
    return one_line(", ".join(filter(None, [*texts(place, "NAME"), *texts(place, "NAME2"), *texts(place, "NAME3"), text(place, "STREET"), town])), 200)


def _places_section(runs: list[Element], service: Element, mapper: Mapper, online: bool) -> str:
    """Where the modules of the offer's dates take place, when one date's modules meet at more
    than one place (theory in Stuttgart, practice in Esslingen) and not every place could be
    one of its date's (``location`` and ``also_at``: the first module's, the others' inside the
    guide's regions, which the page shows and the region filter and distance take): then every
    place stands in a section "Veranstaltungsorte" of the description, as with Open-vhs. Not when
    the section "Aufbau" already names them all (the course's own modules)."""
    each = [[site for m in _modules(run) if (place := m.find("LOCATION")) is not None and (site := _site(place))] for run in runs]
    if not any(len(set(sites)) > 1 for sites in each):
        return ""
    if not online and all(mapper.further_places([p for p in [_place(run), *_further(run)] if p], None)[1] for run in runs):
        return ""  # each place is a field of its date
    sites = list(dict.fromkeys(site for sites in each for site in sites))
    own = _modules(service)
    if len(own) > 1 and set(sites) <= {_site(place) for m in own if (place := m.find("LOCATION")) is not None}:
        return ""
    return places_section(sites)


def _languages(runs: list[Element], mapper: Mapper) -> dict[str, list[str]]:
    paths = (f"{EDU}/EXTENDED_INFO/TEACHING_LANGUAGES", f"{EDU}/LANGUAGE")
    codes = dict.fromkeys(c.lower() for run in runs for path in paths for c in texts(run, path) if c != "0")
    languages = []
    for code in codes:
        iso = LANGUAGES.get(code) or (code if valid(records.Language, code) else None)
        if iso:
            languages.append(iso)
        else:
            mapper.miss(
                "Unterrichtssprache",
                code,
                mapper.codes.languages.get(code, ""),
                "nicht übernommen (kein ISO-639-1-Code)",
            )
    return {"languages": list(dict.fromkeys(languages))} if languages else {}


def _certificate(degree: Element | None) -> str:
    exam = attr(degree, "DEGREE_EXAM", "type") or text(degree, "DEGREE_EXAM/EXAM_TITLE")
    examiner = text(degree, "DEGREE_EXAM/EXAMINER")
    parts = [text(degree, "DEGREE_TITLE"), f"{exam} ({examiner})" if exam and examiner else exam or examiner]
    return one_line("; ".join(dict.fromkeys(p for p in parts if p)), 160)


# CONTACT_ROLE@type: 1 Ansprechpartner, 2 Gesamtansprechpartner, 3 Leiter des Betriebs, 4 Berater,
# 5 Sonstige. An offer has one contact: the one to ask about taking part comes first.
_ROLE_RANK = {"1": 0, "2": 1, "4": 2}
_SIGN_UP = re.compile(r"anmeld|buchung|registrier", re.I)


def _contact(elements: list[Element], course: Course, office: dict[str, str]) -> dict[str, str]:
    """The offer's contact: of several CONTACTs one to reach (by mail or phone) before one
    without, then the one for registration ("Anmeldung" in its CONTACT_ROLE), else the first by
    role; the others are named in the report. ``office``: the supplier's mail and phone."""
    if not elements:
        return {}
    ranked = sorted(
        elements,
        key=lambda e: (not _reach(e), not _SIGN_UP.search(text(e, "CONTACT_ROLE")), _ROLE_RANK.get(attr(e, "CONTACT_ROLE", "type"), 3)),
    )
    element = ranked[0]
    name = _person(element)
    contact = {"name": one_line(name, 120)} if name else {}
    contact |= _reach(element, course)
    # A name alone would hide the provider's mail and phone: the supplier's (HEADER/SUPPLIER) go with it.
    contact = reachable_contact(contact, office, course, " (CONTACT)", "des Anbieters (SUPPLIER)")
    for other in ranked[1:]:
        said = ", ".join(filter(None, [_person(other), text(other, "EMAILS/EMAIL"), text(other, "PHONE") or text(other, "MOBILE")]))
        role = text(other, "CONTACT_ROLE") or text(other, "JOB_TITLE")
        course.tell_editors(
            f"weitere Ansprechperson (CONTACT{f' „{one_line(role, 60)}“' if role else ''}: {one_line(said, 160) or 'ohne Namen'}) nicht übernommen: "
            f"ein Angebot hat eine Ansprechperson ({contact.get('name') or contact.get('email') or 'die erste'})"
        )
    return contact


def _reach(element: Element, course: Course | None = None) -> dict[str, str]:
    """How to reach a CONTACT: its valid e-mail address and its phone (else its mobile)."""
    return reach(text(element, "EMAILS/EMAIL"), phone(text(element, "PHONE")) or phone(text(element, "MOBILE")), course)


def _person(element: Element) -> str:
    parts = (text(element, "ACADEMIC_TITLE"), text(element, "FIRST_NAME") or text(element, "NAME_PREFIX"), text(element, "LAST_NAME"))
    return " ".join(p for p in parts if p)
