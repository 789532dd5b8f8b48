"""The Bundesagentur für Arbeit's public course search ("Weiterbildungssuche", JSON) → courses.

A response lists Termine (runs) under ``_embedded.termine``; each names its Angebot (the
course, with its Bildungsanbieter) and its own place, time model and price. Runs of the same
Angebot become one course; a file may hold many providers, so each course names its own.
A search result is never a provider's whole programme: nothing is retired because it is
missing from one.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import records
from . import prose
from .codelists import INSTRUCTION_FORMS
from .common import (
    NO_TITLE_FIX,
    Catalog,
    Course,
    ImportFailure,
    Mapper,
    Reason,
    checked_deadline,
    checked_end,
    clock_range,
    merged_text,
    one_line,
    parse_date,
    phone,
    plain,
    price_of,
    reach,
    reachable_contact,
    read_json,
    search_words,
    slug,
    valid,
)
from .runs import Run, assemble

_MODES = {"1": "vollzeit", "2": "teilzeit"}


def read(raw: bytes, mapper: Mapper) -> Catalog:
    data = read_json(raw, "JSON-Datei der BA-Kurssuche")
    termine = _termine(data)
    if termine is None:
        raise ImportFailure("keine Antwort der BA-Kurssuche: es fehlt _embedded.termine (oder eine Liste von Terminen)")
    catalog = Catalog(
        format="bawbsuche",
        label="BA-Kurssuche",
        key_name="Angebot",
        date=None,
        full=False,
        search=True,
        many_providers=True,
    )
    by_offer: dict[str, list[dict[str, Any]]] = {}
    for termin in termine:
        angebot = termin.get("angebot") if isinstance(termin, dict) else None
        if not isinstance(angebot, dict) or angebot.get("id") in (None, ""):
            catalog.notes.append(f"Termin {_get(termin, 'id') or '?'} ohne Angebot (angebot.id) übergangen")
            continue
        by_offer.setdefault(str(angebot["id"]), []).append(termin)
    updated = [_day(t.get("aktualisierungsdatum"), mapper.zone) for ts in by_offer.values() for t in ts]
    catalog.date = max((d for d in updated if d), default=None)
    catalog.courses = [_course(key, runs, mapper) for key, runs in by_offer.items()]
    return catalog


def _termine(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    embedded = data.get("_embedded")
    for holder in (embedded, data):
        if isinstance(holder, dict) and isinstance(holder.get("termine"), list):
            return holder["termine"]
    return None


def _get(data: Any, *path: str) -> Any:
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def _list(value: Any) -> list[Any]:
    """A list as the search sends it; one object alone (as converters write a single entry) is
    a list of one."""
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def _true(value: Any) -> bool:
    """true, also written as text ("true", "1", "ja"), as converted or hand-saved answers have it."""
    return value is True or (isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip().casefold() in ("true", "1", "ja"))


def _str(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


def _day(value: Any, zone: ZoneInfo) -> date | None:
    """Milliseconds since 1970 (as the API sends them) in the site's zone, or an ISO/German date."""
    if isinstance(value, str) and re.fullmatch(r"-?\d{11,13}", value.strip()):
        value = int(value)  # milliseconds written as text by a converter
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, zone).date()
        except (OverflowError, OSError, ValueError):  # far outside any course's time
            return None
    return parse_date(_str(value), zone) if value else None


def _url(value: Any) -> str | None:
    text = _str(value)
    if text and "://" not in text and "." in text:
        text = "https://" + text  # the search writes "www.anbieter.de/angebot"
    return text if valid(records.Url, text) else None


def _place(adresse: Any) -> dict[str, Any]:
    return {
        "name": _str(_get(adresse, "bezeichnung")),
        "street": _str(_get(adresse, "strasse")),
        "postal_code": _str(_get(adresse, "ortStrasse", "plz") or _get(adresse, "ortStraße", "plz")),
        "city": _str(_get(adresse, "ortStrasse", "name") or _get(adresse, "ortStraße", "name")),
        "country": _str(_get(adresse, "ortStrasse", "land", "laenderCode") or _get(adresse, "ortStraße", "land", "laenderCode")),
    }


def _phone(data: Any) -> str | None:
    number = " ".join(p for p in (_str(_get(data, "telefonVorwahl")), _str(_get(data, "telefonDurchwahl"))) if p)
    return phone(number) if number else None


def _provider(anbieter: Any, mapper: Mapper) -> tuple[str, dict[str, Any]]:
    name = one_line(_str(_get(anbieter, "name")), 160)
    number = _str(_get(anbieter, "id"))
    provider_id = slug(name)[:80].rstrip("-") or f"ba-{number or 'unbekannt'}"
    found: dict[str, Any] = {"name": name or provider_id}
    url = _url(_get(anbieter, "homepage"))
    if url:
        found["url"] = url
    found |= reach(_str(_get(anbieter, "email")), _phone(anbieter))
    address, _ = mapper.location(_place(_get(anbieter, "adresse")), online=True)
    if address:
        address.pop("name", None)
        address.pop("accessibility", None)
        found["address"] = address
    return provider_id, found


def _course(key: str, termine: list[dict[str, Any]], mapper: Mapper) -> Course:
    angebot = termine[0]["angebot"]
    course = Course(key, one_line(_str(angebot.get("titel")), 160))
    course.provider, course.provider_data = _provider(angebot.get("bildungsanbieter"), mapper)
    approvals = [
        one_line(f"AZAV (zertifiziert durch {_str(z.get('name'))})" if _str(z.get("name")) else "AZAV", 80)
        for z in _list(angebot.get("zertifizierer"))
        if isinstance(z, dict)
    ]
    if approvals:
        course.provider_data["certifications"] = list(dict.fromkeys(approvals))
    if len(course.title) < 3:
        course.skip = Reason("kein Titel (titel leer oder kürzer als 3 Zeichen)", NO_TITLE_FIX)
        return course
    forms = [_get(t, "unterrichtsform", "id") for t in termine]
    fmt = next((INSTRUCTION_FORMS[str(f)][1] for f in forms if str(f) in INSTRUCTION_FORMS), None)
    if fmt is None:
        code = next((str(f) for f in forms if f is not None), "")
        mapper.miss("Unterrichtsform", code or "(leer)", mapper.codes.instruction_forms.get(code, ""), "als praesenz übernommen")
        fmt = "praesenz"
    data = course.data
    data["title"] = course.title
    data.update(_texts(angebot, course))
    data["format"] = fmt
    if any(_true(t.get("individuellerEinstieg")) for t in termine):
        data["on_demand"] = True
    if any(_true(t.get("inhouseFirmenseminar")) for t in termine):
        data["inhouse"] = True
    runs: list[Run] = []
    undated: list[tuple[dict[str, Any], dict[str, Any]]] = []  # runs without a start: their place and price
    for termin in termine:
        ref = _str(termin.get("id")) or key
        start = _day(termin.get("beginn"), mapper.zone)
        price = price_of(_str(termin.get("kostenWert")), _str(termin.get("kostenBemerkung")), _str(termin.get("kostenWaehrung")) or "EUR", course, ref)
        if start is None:
            undated.append((termin, price))
            continue
        runs.append(Run(ref, _entry(termin, start, ref, course, mapper), _place(termin.get("adresse")), price))
    own_place = _place(undated[0][0].get("adresse")) if undated else _place(termine[0].get("adresse"))
    own_price = undated[0][1] if undated else {}
    assemble(course, runs, own_place, own_price, mapper, fmt == "online")
    if course.skip:
        return course
    url = next((u for u in (_url(t.get("link")) for t in termine) if u), None) or _url(angebot.get("link"))
    if url:
        data["url"] = url
    certificate = one_line("; ".join(p for p in (plain(_str(angebot.get("abschlussbezeichnung"))), plain(_str(angebot.get("abschlussart")))) if p), 160)
    if certificate:
        data["certificate"] = certificate
    contact = _contact(termine[0].get("ansprechpartner"), course)
    if contact:
        data["contact"] = contact
    course.codes = {
        _str(s.get("codeNr")): _str(s.get("kurzbezeichnung"))
        for s in _list(angebot.get("systematiken"))
        if isinstance(s, dict) and _str(s.get("codeNr"))
    }
    words = [_str(w.get("suchwort")) for w in _list(angebot.get("suchworte")) if isinstance(w, dict)]
    tags = search_words(words, course, mapper)
    if tags:
        data["tags"] = tags
    course.words = [course.title, *filter(None, words), *filter(None, course.codes.values())]
    return course


def _entry(termin: dict[str, Any], start: date, ref: str, course: Course, mapper: Mapper) -> dict[str, Any]:
    entry: dict[str, Any] = {"start": start}
    end = _day(termin.get("ende"), mapper.zone)
    end = checked_end(start, end, course, ref)
    if end is not None:
        entry["end"] = end
    said = [_str(termin.get("unterrichtszeiten")), _str(termin.get("bemerkungZeit"))]
    clocks = next((c for c in map(clock_range, said) if c), None)
    if clocks:
        entry["time"] = clocks
    schedule = merged_text(said, 200)
    if schedule:
        entry["schedule"] = schedule
    mode = _MODES.get(_str(_get(termin, "unterrichtszeit", "id")))
    if mode != "vollzeit" and _true(termin.get("berufsbegleitend")):
        mode = "berufsbegleitend"
    if mode:
        entry["mode"] = mode
    note = merged_text([_str(termin.get("bemerkung"))], 200)
    if note:
        entry["note"] = note
    deadline = checked_deadline(start, _day(termin.get("anmeldeschluss"), mapper.zone), course, ref)
    if deadline is not None:
        entry["registration_deadline"] = deadline
    return entry


def _texts(angebot: dict[str, Any], course: Course) -> dict[str, str]:
    main = prose.blocks(_str(angebot.get("inhalt")))
    extra: list[prose.Block] = []
    for label, name in (
        ("Zielgruppe", "zielgruppe"),
        ("Förderung", "foerderung"),
        ("Anrechnung", "anrechnung"),
        ("Berechtigungen", "berechtigungen"),
        ("Zusatzqualifikationen", "zusatzqualifikationen"),
    ):
        parts = [b for b in prose.blocks(_str(angebot.get(name))) if b.plain.casefold() != "keine angabe"]
        if parts:
            extra += [prose.heading(label), *parts]
    if not main:
        course.tell("keine Beschreibung (inhalt); der Titel steht als Beschreibung")
        main = [prose.paragraph(course.title)]
    out = {"summary": prose.summary(main) or course.title, "description": prose.markdown(main + extra)}
    requirements = prose.markdown([b for b in prose.blocks(_str(angebot.get("zugang"))) if b.plain.casefold() != "keine angabe"])
    if requirements:
        out["prerequisites"] = requirements
    return out


def _contact(people: Any, course: Course) -> dict[str, str]:
    """The offer's contact: the first ``ansprechpartner`` with mail or phone, else the first; a
    name alone goes with the provider's (``bildungsanbieter``) mail and phone, or gives way to the
    provider's contact (``reachable_contact``)."""
    persons = [p for p in _list(people) if isinstance(p, dict)]
    if not persons:
        return {}
    person = next((p for p in persons if _reach(p)), persons[0])
    name = " ".join(p for p in (_str(person.get("titel")), _str(person.get("vorname")), _str(person.get("nachname"))) if p)
    contact = {"name": one_line(name, 120)} if name else {}
    contact |= _reach(person, course)
    return reachable_contact(contact, course.provider_data, course, " (ansprechpartner)", "des Anbieters (bildungsanbieter)")


def _reach(person: dict[str, Any], course: Course | None = None) -> dict[str, str]:
    """How to reach an ``ansprechpartner``: a valid e-mail address and a phone."""
    return reach(_str(person.get("email")), _phone(person), course)
