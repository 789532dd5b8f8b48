"""Outputs for machines: sitemap, robots.txt, Atom feed, iCalendar files and the JSON API.

Each function returns bytes and depends only on the guide, so the same input gives the same
bytes: no clock is read here. Each format escapes for itself, whatever reached the guide
(validation refuses control characters, but an address from ``--base-url`` or a value from an
import should not be able to add a line to robots.txt or break the feed): XML drops what
XML 1.0 cannot hold, iCalendar turns line breaks into ``\n`` and drops other controls,
robots.txt keeps every value on its own line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from . import urls
from .holidays import skipped, where_held
from .model import Address, Guide, Offer, OfferDate, Price, Term
from .places import SOURCE as PLACES_SOURCE
from .places import area as places_area
from .search import postal_codes

# --- Escaping per format -------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all, not even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Controls (tab aside) and the Unicode line separators: never part of a single-line value.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _xml(text: str) -> str:
    """Element text: what XML cannot hold dropped, the rest escaped."""
    return escape(_NOT_XML.sub("", text))


def _xml_attr(text: str) -> str:
    """A quoted attribute value (line breaks and tabs become character references)."""
    return quoteattr(_NOT_XML.sub("", text))


def _single_line(text: str) -> str:
    """A value on one line of a line-based format: line breaks and other controls dropped."""
    return _CONTROLS.sub("", text.replace("\t", " "))


# --- sitemap.xml and robots.txt -----------------------------------------------------------


def sitemap(guide: Guide, pages: list[tuple[str, date | None]]) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in pages:
        entry = f"  <url><loc>{_xml(guide.urls.uri(path))}</loc>"
        if lastmod is not None:
            entry += f"<lastmod>{lastmod.isoformat()}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def sitemap_index(guide: Guide, parts: list[tuple[str, list[date | None]]]) -> bytes:
    """sitemap.xml as a sitemap index (``urls.SITEMAP_URLS``): each part's address and the
    newest ``lastmod`` of its pages."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmods in parts:
        entry = f"  <sitemap><loc>{_xml(guide.urls.uri(path))}</loc>"
        known = [day for day in lastmods if day is not None]
        if known:
            entry += f"<lastmod>{max(known).isoformat()}</lastmod>"
        lines.append(entry + "</sitemap>")
    lines.append("</sitemapindex>")
    return ("\n".join(lines) + "\n").encode()


def robots(guide: Guide) -> bytes:
    return (
        "User-agent: *\n"
        f"Disallow: {_single_line(guide.urls.uri_path(urls.SEARCH))}?\n"
        "Allow: /\n"
        f"Sitemap: {_single_line(guide.urls.uri(urls.SITEMAP))}\n"
    ).encode()


# --- feed.xml (Atom) ----------------------------------------------------------------------


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(guide: Guide, limit: int = 100) -> bytes:
    offers = sorted(guide.offers, key=lambda o: (o.updated, o.id), reverse=True)[:limit]
    newest = max((o.updated for o in offers), default=guide.today)
    home = guide.urls.absolute(urls.HOME)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_xml_attr(guide.site.language)}>',
        f"  <title>{_xml(guide.site.title)} – neue und geänderte Angebote</title>",
        f"  <link rel=\"self\" href={_xml_attr(guide.urls.absolute(urls.FEED))}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={_xml_attr(home)}/>",
        f"  <id>{_xml(home)}</id>",
        f"  <updated>{_stamp(newest)}</updated>",
        f"  <author><name>{_xml(guide.site.title)}</name></author>",
    ]
    for offer in offers:
        url = guide.urls.absolute(offer.path)
        out += [
            "  <entry>",
            f"    <title>{_xml(offer.title)}</title>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={_xml_attr(url)}/>",
            f"    <id>{_xml(url)}</id>",
            f"    <updated>{_stamp(offer.updated)}</updated>",
            f"    <summary>{_xml(offer.summary)}</summary>",
        ]
        out += [f"    <category term={_xml_attr(t.id)} label={_xml_attr(t.label)}/>" for t in offer.topics]
        out.append("  </entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()


# --- termine.ics (RFC 5545) ---------------------------------------------------------------


_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _ics_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' escaped, every kind of line
    break written as ``\\n``, other control characters (which the grammar forbids) dropped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    # Line breaks and controls are all unprintable: most values have none, and an event's
    # DESCRIPTION (its lines joined by "\n") none else. Only what has another reads the patterns.
    if value.isprintable():
        return value
    if value.replace("\n", "").isprintable():
        return value.replace("\n", "\\n")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\\\\n", value))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    if len(line) <= 75 and line.isascii():
        return line  # most lines: no need to count octets
    data = line.encode()
    size = len(data)
    if size <= 75:
        return line
    escapes = b"\\" in data
    parts, start, end = [], 0, 75
    while end < size:  # the rest is longer than the room on this line
        while data[end] & 0xC0 == 0x80:  # never inside a UTF-8 character
            end -= 1
        # Nor between a backslash and the character it escapes: unfolding would join them
        # again, but not every calendar program unfolds before it unescapes.
        if escapes:
            chunk = data[start:end]
            if (len(chunk) - len(chunk.rstrip(b"\\"))) % 2:
                end -= 1
        parts.append(data[start:end])
        start, end = end, end + 74  # continuation lines begin with the space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def _clock(value: str) -> time:
    hour, minute = (int(x) for x in value.split(":"))
    return time(hour, minute)


def _local(day: date, clock: str) -> str:
    """YYYYMMDDTHHMMSS, as ``strftime`` writes it, without its call (two per date)."""
    moment = _clock(clock)
    return f"{day.year:04d}{day.month:02d}{day.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def _offset(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


@functools.lru_cache(maxsize=64)
def _vtimezone(name: str, first_year: int, last_year: int) -> str:
    """The zone as a VTIMEZONE (RFC 5545 3.6.5) for the years its events fall in, its lines
    folded and joined, as the calendar writes them (the same for many files).

    Every change of the zone's offset from the year before ``first_year`` (so the earliest
    event lies after an onset) to ``last_year`` becomes the onset of a STANDARD or DAYLIGHT
    observance, read from the system's zone data, so any zone works, whatever its rules.
    """
    zone = ZoneInfo(name)
    utc = ZoneInfo("UTC")
    onsets: dict[tuple[str, str, str, str], list[str]] = {}
    moment = datetime(first_year - 1, 1, 1, tzinfo=utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=utc)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        step = moment + timedelta(days=1)
        if step.astimezone(zone).utcoffset() != before:
            low, high = moment, step  # the change lies in this day: narrow it to the second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if middle.astimezone(zone).utcoffset() == before else (low, middle)
            after = high.astimezone(zone)
            kind = "DAYLIGHT" if after.dst() else "STANDARD"
            key = (kind, _offset(before), _offset(after.utcoffset()), after.tzname() or name)
            onsets.setdefault(key, []).append((high.replace(tzinfo=None) + (before or timedelta())).strftime("%Y%m%dT%H%M%S"))
            before = after.utcoffset()
        moment = step
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    if not onsets:  # no change in these years: one observance from long before
        offset = _offset(before)
        onsets[("STANDARD", offset, offset, datetime(first_year, 1, 1, tzinfo=zone).tzname() or name)] = ["19700101T000000"]
    for (kind, offset_from, offset_to, abbreviation), starts in onsets.items():
        lines += [f"BEGIN:{kind}", f"DTSTART:{starts[0]}"]
        if len(starts) > 1:
            lines.append(f"RDATE:{','.join(starts[1:])}")
        lines += [f"TZOFFSETFROM:{offset_from}", f"TZOFFSETTO:{offset_to}", f"TZNAME:{abbreviation}", f"END:{kind}"]
    lines.append("END:VTIMEZONE")
    return "\r\n".join(map(_fold, lines))


ICS_DAYS = {"mo": "MO", "di": "TU", "mi": "WE", "do": "TH", "fr": "FR", "sa": "SA", "so": "SU"}


def _repeat(days: list[str], until: str) -> str:
    if len(days) == 7:
        return f"RRULE:FREQ=DAILY;UNTIL={until}"
    return f"RRULE:FREQ=WEEKLY;BYDAY={','.join(ICS_DAYS[d] for d in days)};UNTIL={until}"


def _repeats(when: OfferDate, timed: bool) -> bool:
    """Whether the date's event repeats (an RRULE, see ``_when_lines``)."""
    several = when.last_day > when.start
    return several and bool(when.meeting_days if timed else when.days)


def _when_lines(when: OfferDate, zone: ZoneInfo, minutes: int | None = None, off: Iterable[date] = ()) -> tuple[list[str], bool]:
    """DTSTART, DTEND, RRULE and EXDATE of a date; and whether it is timed.

    With a time: a timed event in the site's zone at that time; over several days it repeats
    on the days it meets (``meeting_days``) until the last day, or stands on its first day when
    those are unknown. Without a time: one all-day span (marked free by the caller); with
    declared ``days``, an all-day event on each of those days instead. ``minutes``: a
    session's length (``Offer.session_minutes``), for a date with a start time only. ``off``:
    the public holidays a repeating date leaves out (``holidays.skipped``).
    """
    name = zone.key
    several = when.last_day > when.start
    if when.time:
        start, _, end = when.time.partition("-")
        days = when.meeting_days if several else []
        first = when.first_meeting if days else when.start
        lines = [f"DTSTART;TZID={name}:{_local(first, start)}"]
        if end:
            lines.append(f"DTEND;TZID={name}:{_local(first, end)}")
        elif not several and minutes:
            lines.append(f"DURATION:PT{minutes}M")
        if _repeats(when, True):
            last = datetime.combine(when.last_day, time(23, 59, 59), tzinfo=zone).astimezone(ZoneInfo("UTC"))
            lines.append(_repeat(days, last.strftime("%Y%m%dT%H%M%SZ")))
            if off:
                lines.append(f"EXDATE;TZID={name}:{','.join(_local(day, start) for day in off)}")
        return lines, True
    if _repeats(when, False):
        first = when.first_meeting  # declared days are its meeting days
        lines = [
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{first + timedelta(days=1):%Y%m%d}",
            _repeat(when.days, f"{when.last_day:%Y%m%d}"),
        ]
        if off:
            lines.append(f"EXDATE;VALUE=DATE:{','.join(f'{day:%Y%m%d}' for day in off)}")
        return lines, False
    return [f"DTSTART;VALUE=DATE:{when.start:%Y%m%d}", f"DTEND;VALUE=DATE:{when.last_day + timedelta(days=1):%Y%m%d}"], False


def _address_line(loc: Address) -> str:
    """A place in one line, as a calendar's LOCATION says it: "Lager Ost, Hafenstraße 3, 73728 Esslingen am Neckar"."""
    return ", ".join(p for p in (loc.name, loc.street, f"{loc.postal_code} {loc.city}") if p)


class _Shared(NamedTuple):
    """What every event of an offer's calendar says alike, made once per file."""

    stamp: str  # DTSTAMP line
    details: str  # "Details: <address>"
    uri: str  # URL line
    as_of: str  # "Stand <build day>"
    signoff: str  # the note that the entry is no registration

    @classmethod
    def of(cls, guide: Guide, offer: Offer) -> _Shared:
        return cls(
            f"DTSTAMP:{offer.updated.strftime('%Y%m%d')}T000000Z",
            f"Details: {_single_line(guide.urls.absolute(offer.path))}",
            f"URL:{_single_line(guide.urls.uri(offer.path))}",  # a URI (RFC 5545 3.3.13)
            f"Stand {guide.today.strftime('%d.%m.%Y')}",
            f"Aus „{guide.site.title}“: Dieser Eintrag ist keine Anmeldung; verbindlich sind die Angaben des Anbieters.",
        )


def _event(offer: Offer, when: OfferDate, zone: ZoneInfo, uid: str, holidays: dict[date, str], shared: _Shared) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", shared.stamp]
    off = skipped(when, holidays)
    timing, timed = _when_lines(when, zone, offer.session_minutes(when), off)
    if not _repeats(when, timed):
        off = {}  # one event or one span: no day of it is left out
    lines += timing
    details = [offer.summary]
    how = ", ".join(p for p in (when.schedule_words, when.schedule, when.mode_label) if p)
    if how:
        details.append(f"Zeiten: {how}")
    if off:
        details.append("Nicht an Feiertagen: " + ", ".join(f"{name} ({day.strftime('%d.%m.%Y')})" for day, name in off.items()))
    if when.time and when.last_day > when.start and not when.meeting_days:
        details.append(f"Bis {when.last_day.strftime('%d.%m.%Y')}; die einzelnen Kurstage nennt der Anbieter.")
    if when.note:
        details.append(when.note)
    # LOCATION holds one place: the first; a run held at several places names the others here.
    if when.also_at and not offer.is_online:
        details.append("Weitere Orte: " + "; ".join(_address_line(a) for a in when.also_at))
    # What decides whether one can still go, as of the build (the file does not change by itself).
    as_of = shared.as_of
    if when.sold_out:
        details.insert(0, f"Dieser Termin ist ausgebucht ({as_of}). Fragen Sie beim Anbieter nach freien Plätzen oder einer Warteliste.")
    elif when.seats_available is not None:
        details.append(f"Freie Plätze: {when.seats_available} ({as_of})")
    if when.registration_deadline:
        details.append(f"Anmeldeschluss: {when.registration_deadline.strftime('%d.%m.%Y')}")
    # As the page's table of dates says it: a group's price per group, a price on request
    # once ("Preis auf Anfrage", not "Preis: Preis auf Anfrage"), with its note.
    price = offer.price_of(when)
    facts = offer.price_facts_of(when)
    details.append((facts if price.amount is None else f"Preis: {facts}") + (f" ({price.note})" if price.note else ""))
    details.append(f"Anbieter: {offer.provider.name}")
    if offer.url:
        details.append(f"Anmeldung: {_single_line(str(offer.url))}")
    details.append(shared.details)
    details.append(shared.signoff)
    lines.append(f"SUMMARY:{'Ausgebucht: ' if when.sold_out else ''}{_ics_text(offer.title)}")
    lines.append(f"DESCRIPTION:{_ics_text(chr(10).join(details))}")
    if offer.is_online:
        lines.append("LOCATION:Online")
    elif when.place is not None:
        lines.append(f"LOCATION:{_ics_text(_address_line(when.place))}")
    lines.append(shared.uri)
    # Whoever saves a date from the guide is considering it, not registered, and the guide
    # only repeats the provider's plan (a course runs when enough people register): so the
    # event is tentative (RFC 5545 3.8.1.11) and free time (3.8.2.7), timed or not; three
    # blocks of two weeks must not fill thirty working days with busy time.
    lines.append("STATUS:TENTATIVE")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


# The lines every termine.ics begins with, short enough to need no folding.
_CALENDAR_HEAD = "\r\n".join(
    ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Lotse//Weiterbildungsfinder//DE", "CALSCALE:GREGORIAN", "METHOD:PUBLISH")
)

# The events of an offer's termine.ics, for the files of its single dates, which follow it in
# the plan and so mostly in the same render worker: by the identity of guide, offer and date
# (the objects are kept with them, so an identity is never another's). At 10,000 offers the
# 21,000 files of single dates took 0.9 s to make, each event made anew.
_EVENTS: dict[tuple[int, int, int], tuple[Guide, Offer, OfferDate, str]] = {}
_EVENTS_KEPT = 512


def calendar(guide: Guide, offer: Offer, only: OfferDate | None = None) -> bytes:
    """``termine.ics``: every upcoming date of the offer; with ``only``, that date alone
    (its own file, ``OfferDate.ics_url``), the same event with the same UID."""
    zone = ZoneInfo(guide.site.timezone)
    host = _single_line(urlsplit(guide.urls.base_url).hostname or "lotse")
    lines = [_CALENDAR_HEAD, _fold(f"X-WR-CALNAME:{_ics_text(offer.title)}")]
    dates = offer.upcoming_dates if only is None else [only]
    timed = [d for d in dates if d.time]
    if timed:
        lines.append(_vtimezone(zone.key, min(d.start.year for d in timed), max(d.last_day.year for d in timed)))
    kept = _EVENTS.pop((id(guide), id(offer), id(only)), None) if only is not None else None
    if kept is not None and kept[0] is guide and kept[1] is offer and kept[2] is only:
        events = [kept[3]]
    else:
        # Each date leaves out the holidays of the Land where it takes place.
        holidays = where_held(guide, dates)
        # Stable UIDs: the offer and the date's key (the day it begins, see model.calendar_keys;
        # every upcoming date has one).
        shared = _Shared.of(guide, offer)
        events = [
            "\r\n".join(map(_fold, _event(offer, when, zone, f"{offer.id}-{when.calendar_key}@{host}", off, shared)))
            for when, off in zip(dates, holidays, strict=True)
        ]
        if only is None and len(dates) > 1:
            if len(_EVENTS) > _EVENTS_KEPT:
                _EVENTS.clear()  # the files of dates another worker made
            for when, event in zip(dates, events, strict=True):
                _EVENTS[(id(guide), id(offer), id(when))] = (guide, offer, when, event)
    return ("\r\n".join((*lines, *events, "END:VCALENDAR")) + "\r\n").encode()


# --- /suche/orte.json ----------------------------------------------------------------------


def places(guide: Guide) -> bytes:
    """The postal-code centroids of the guide's area for the distance search (search.js):
    ``{"source": …, "codes": {"70173": [48.7813, 9.183], …}}``. The area is the box around
    every place of an offer or advisory point, widened by ``places.MARGIN_KM``."""
    codes = [code for offer in guide.offers for code in postal_codes(offer)]
    codes += [p.address.postal_code for p in guide.advisory_points]
    found = places_area(codes)
    data = {"source": PLACES_SOURCE, "codes": {code: [lat, lon] for code, (lat, lon) in sorted(found.items())}}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


# --- /api/angebote.json -------------------------------------------------------------------


def _decimal(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _place(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {
        "name": address.name,
        "street": address.street,
        "postal_code": address.postal_code,
        "city": address.city,
        "region": {"id": address.region.id, "label": address.region.label},
        "accessibility": address.accessibility.model_dump(mode="json") if address.accessibility else None,
    }


def _price(price: Price | None) -> dict[str, Any] | None:
    if price is None:
        return None
    return {
        "amount": _decimal(price.amount),  # null when on request
        "on_request": price.on_request,
        "currency": "EUR",
        "vat": price.vat,
        "per": price.per,
        "note": price.note,
        "label": price.label,
    }


def _terms(terms: list[Term]) -> list[dict[str, str]]:
    return [{"id": t.id, "label": t.label} for t in terms]


def _date(when: OfferDate) -> dict[str, Any]:
    return {
        "start": when.start.isoformat(),
        "end": when.end.isoformat() if when.end else None,
        "time": when.time,
        "days": when.days,
        "schedule": when.schedule,
        "mode": when.mode,
        "location": _place(when.location),
        "also_at": [_place(a) for a in when.also_at],
        "price": _price(when.price),
        "note": when.note,
        "registration_deadline": when.registration_deadline.isoformat() if when.registration_deadline else None,
        "late_entry": when.late_entry,
        "seats_available": when.seats_available,
        "joinable": when.joinable,
    }


# How the API shows the fields the model resolves; every other field of ``records.Offer`` is
# in the API as declared (a new field reaches it by itself), except those in API_OMITTED.
API_FIELDS: dict[str, Callable[[Offer], Any]] = {
    # The provider's general contact (an organisation's, as on its page), for whoever decides
    # from the Merkliste; a person's contact of the offer stays on its page (API_OMITTED).
    "provider": lambda o: {
        "id": o.provider.id,
        "name": o.provider.name,
        "phone": o.provider.phone,
        "email": o.provider.email,
        "url": str(o.provider.url) if o.provider.url else None,
    },
    "topics": lambda o: _terms(o.topics),
    "audiences": lambda o: _terms(o.audiences),
    "languages": lambda o: [code for code, _ in o.languages],
    "location": lambda o: _place(o.location),
    "dates": lambda o: [_date(d) for d in o.upcoming_dates],  # past dates are history
    "duration": lambda o: {"hours": _decimal(o.duration_hours), "text": o.duration_text, "label": o.duration_label, "span": o.span_label},
    "price": lambda o: _price(o.price),
    # ``via``: "provider" for a programme the offer inherits from its provider's recognitions.
    "funding": lambda o: [{"id": t.id, "label": t.label, "via": "provider" if t in o.funding_via_provider else "offer"} for t in o.funding],
}
API_RENAMED = {"url": "registration_url"}  # "url" is the offer's page in the guide
API_OMITTED = {
    "summary_easy": "Leichte Sprache gehört auf die Seite des Angebots",
    "description": "Markdown für die Seite; die API verweist mit url auf sie",
    "prerequisites": "Markdown für die Seite",
    "contact": "Kontaktdaten einer Person bleiben auf der Seite",
    "tags": "Suchwörter, keine Angaben zum Angebot",
    "excluded_funding": "wirkt in funding: ein ausgenommenes Programm fehlt dort",
    "expires": "redaktionelles Datum; veröffentlicht ist, was in der API steht",
    "draft": "Entwürfe werden nie veröffentlicht",
}
# Facts the model works out, after the field they belong to.
API_EXTRAS: dict[str, dict[str, Callable[[Guide, Offer], Any]]] = {
    "format": {"format_label": lambda g, o: o.format_label},
    "dates": {"next_start": lambda g, o: o.next_date.start.isoformat() if o.next_date else None},
    "url": {"calendar_url": lambda g, o: g.urls.absolute(urls.offer_calendar(o.id)) if o.ics_url else None},
}


def offer_record(guide: Guide, offer: Offer) -> dict[str, Any]:
    data: dict[str, Any] = {"id": offer.id, "url": guide.urls.absolute(offer.path), "path": offer.path}
    declared = offer.record.model_dump(mode="json", by_alias=True)
    for name, value in declared.items():
        if name in API_OMITTED:
            continue
        show = API_FIELDS.get(name)
        data[API_RENAMED.get(name, name)] = show(offer) if show is not None else value
        for extra, work_out in API_EXTRAS.get(name, {}).items():
            data[extra] = work_out(guide, offer)
    return data


def api_offers(guide: Guide, checkpoint: Callable[[], None] | None = None) -> bytes:
    """/api/angebote.json; ``checkpoint`` is called before each offer's record (the preview
    stops there for a newer change: 10,000 offers take a second)."""
    records = []
    for offer in sorted(guide.offers, key=lambda o: o.id):
        if checkpoint is not None:
            checkpoint()
        records.append(offer_record(guide, offer))
    data = {
        "site": guide.site.title,
        "base_url": guide.urls.base_url,
        "as_of": guide.today.isoformat(),
        "count": len(guide.offers),
        "offers": records,
    }
    # Compact: Python's C encoder only writes JSON without indentation (ten times faster).
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
