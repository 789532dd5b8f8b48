"""Outputs for machines: sitemap, robots.txt, Atom feed, iCalendar files and the JSON API.

Each function returns bytes and depends only on the guide, so the same input gives the same
bytes: no clock is read here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from . import urls
from .model import Address, Guide, Offer, OfferDate, Price, Term

# --- sitemap.xml and robots.txt -----------------------------------------------------------


def sitemap(guide: Guide, pages: list[tuple[str, date | None]]) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in pages:
        entry = f"  <url><loc>{escape(guide.urls.absolute(path))}</loc>"
        if lastmod is not None:
            entry += f"<lastmod>{lastmod.isoformat()}</lastmod>"
        lines.append(entry + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots(guide: Guide) -> bytes:
    return (
        "User-agent: *\n"
        f"Disallow: {guide.urls.link(urls.SEARCH)}?\n"
        "Allow: /\n"
        f"Sitemap: {guide.urls.absolute(urls.SITEMAP)}\n"
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
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(guide.site.language)}>',
        f"  <title>{escape(guide.site.title)} – neue und geänderte Angebote</title>",
        f"  <link rel=\"self\" href={quoteattr(guide.urls.absolute(urls.FEED))}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(home)}/>",
        f"  <id>{escape(home)}</id>",
        f"  <updated>{_stamp(newest)}</updated>",
        f"  <author><name>{escape(guide.site.title)}</name></author>",
    ]
    for offer in offers:
        url = guide.urls.absolute(offer.path)
        out += [
            "  <entry>",
            f"    <title>{escape(offer.title)}</title>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
            f"    <id>{escape(url)}</id>",
            f"    <updated>{_stamp(offer.updated)}</updated>",
            f"    <summary>{escape(offer.summary)}</summary>",
        ]
        out += [f"    <category term={quoteattr(t.id)} label={quoteattr(t.label)}/>" for t in offer.topics]
        out.append("  </entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()


# --- termine.ics (RFC 5545) ---------------------------------------------------------------


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, room = [], 0, 75
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # never inside a UTF-8 character
            end -= 1
        parts.append(data[start:end])
        start, room = end, 74  # continuation lines begin with the space
    return b"\r\n ".join(parts).decode()


def _utc(day: date, clock: str, zone: ZoneInfo) -> str:
    hour, minute = (int(x) for x in clock.split(":"))
    local = datetime.combine(day, time(hour, minute), tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def _event(guide: Guide, offer: Offer, when: OfferDate, zone: ZoneInfo, host: str) -> list[str]:
    url = guide.urls.absolute(offer.path)
    lines = [
        "BEGIN:VEVENT",
        # Runs starting on the same day at different places or in full and part time stay apart.
        f"UID:{offer.id}-{when.start.strftime('%Y%m%d')}{'-' + when.location.postal_code if when.location else ''}"
        f"{'-' + when.mode if when.mode else ''}@{host}",
        f"DTSTAMP:{offer.updated.strftime('%Y%m%d')}T000000Z",
    ]
    single_day = when.end is None or when.end == when.start
    if when.time and single_day:
        start, _, end = when.time.partition("-")
        lines.append(f"DTSTART:{_utc(when.start, start, zone)}")
        if end:
            lines.append(f"DTEND:{_utc(when.start, end, zone)}")
    else:
        # A course over several days becomes one all-day span; its daily times go in the text.
        lines.append(f"DTSTART;VALUE=DATE:{when.start.strftime('%Y%m%d')}")
        lines.append(f"DTEND;VALUE=DATE:{(when.last_day + timedelta(days=1)).strftime('%Y%m%d')}")
    details = [offer.summary]
    if when.schedule:
        details.append(f"Ablauf: {when.schedule}")
    if when.time and not single_day:
        details.append(f"Uhrzeit: {when.time.replace('-', '–')} Uhr")
    details.append(f"Anbieter: {offer.provider.name}")
    details.append(f"Details: {url}")
    lines.append(f"SUMMARY:{_ics_text(offer.title)}")
    lines.append(f"DESCRIPTION:{_ics_text(chr(10).join(details))}")
    loc = when.location or offer.location  # a date's own place replaces the offer's
    if loc is not None and offer.format != "online":
        place = ", ".join(p for p in (loc.name, loc.street, f"{loc.postal_code} {loc.city}") if p)
        lines.append(f"LOCATION:{_ics_text(place)}")
    elif offer.format == "online":
        lines.append("LOCATION:Online")
    lines.append(f"URL:{url}")
    lines.append("STATUS:CONFIRMED")
    lines.append("TRANSP:OPAQUE")
    lines.append("END:VEVENT")
    return lines


def calendar(guide: Guide, offer: Offer) -> bytes:
    zone = ZoneInfo(guide.site.timezone)
    host = urlsplit(guide.urls.base_url).hostname or "lotse"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lotse//Weiterbildungsfinder//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(offer.title)}",
    ]
    for when in offer.upcoming_dates:
        lines += _event(guide, offer, when, zone, host)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


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
        "price": _price(when.price),
        "note": when.note,
        "registration_deadline": when.registration_deadline.isoformat() if when.registration_deadline else None,
        "seats_available": when.seats_available,
    }


# How the API shows the fields the model resolves; every other field of ``records.Offer`` is
# in the API as declared (a new field reaches it by itself), except those in API_OMITTED.
API_FIELDS: dict[str, Callable[[Offer], Any]] = {
    "provider": lambda o: {"id": o.provider.id, "name": o.provider.name},
    "topics": lambda o: _terms(o.topics),
    "audiences": lambda o: _terms(o.audiences),
    "languages": lambda o: [code for code, _ in o.languages],
    "location": lambda o: _place(o.location),
    "dates": lambda o: [_date(d) for d in o.upcoming_dates],  # past dates are history
    "duration": lambda o: {"hours": _decimal(o.duration_hours), "text": o.duration_text, "label": o.duration_label},
    "price": lambda o: _price(o.price),
    "funding": lambda o: _terms(o.funding),
}
API_RENAMED = {"url": "registration_url"}  # "url" is the offer's page in the guide
API_OMITTED = {
    "summary_easy": "Leichte Sprache gehört auf die Seite des Angebots",
    "description": "Markdown für die Seite; die API verweist mit url auf sie",
    "prerequisites": "Markdown für die Seite",
    "contact": "Kontaktdaten einer Person bleiben auf der Seite",
    "tags": "Suchwörter, keine Angaben zum Angebot",
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


def api_offers(guide: Guide) -> bytes:
    data = {
        "site": guide.site.title,
        "base_url": guide.urls.base_url,
        "as_of": guide.today.isoformat(),
        "count": len(guide.offers),
        "offers": [offer_record(guide, o) for o in sorted(guide.offers, key=lambda o: o.id)],
    }
    # Compact: Python's C encoder only writes JSON without indentation (ten times faster).
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
