"""Outputs for machines: sitemap, robots.txt, Atom feed, iCalendar files and the JSON API.

Each function returns bytes and depends only on the guide, so the same input gives the same
bytes: no clock is read here.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from . import urls
from .model import Address, Guide, Offer, OfferDate, Price

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
        # Runs starting on the same day at different places (one offer, several sites) stay apart.
        f"UID:{offer.id}-{when.start.strftime('%Y%m%d')}{'-' + when.location.postal_code if when.location else ''}@{host}",
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
    if (when.location or offer.location) is not None and offer.format != "online":
        loc = when.location or offer.location
        assert loc is not None
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


def _price(price: Price) -> dict[str, Any]:
    """An amount, or ``null`` with ``on_request`` – never 0 for a price nobody stated."""
    return {
        "amount": _decimal(price.amount),
        "on_request": price.on_request,
        "currency": "EUR",
        "vat": price.vat,
        "per": price.per,
        "note": price.note,
        "label": price.label,
    }


def _place(loc: Address | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {
        "name": loc.name,
        "street": loc.street,
        "postal_code": loc.postal_code,
        "city": loc.city,
        "region": {"id": loc.region.id, "label": loc.region.label},
    }


def offer_record(guide: Guide, offer: Offer) -> dict[str, Any]:
    nxt = offer.next_date
    return {
        "id": offer.id,
        "url": guide.urls.absolute(offer.path),
        "path": offer.path,
        "title": offer.title,
        "summary": offer.summary,
        "provider": {"id": offer.provider.id, "name": offer.provider.name},
        "topics": [{"id": t.id, "label": t.label} for t in offer.topics],
        "audiences": [{"id": a.id, "label": a.label} for a in offer.audiences],
        "level": offer.level,
        "format": offer.format,
        "format_label": offer.format_label,
        "languages": [code for code, _ in offer.languages],
        "location": _place(offer.location),
        "on_demand": offer.on_demand,
        "dates_on_request": offer.dates_on_request,
        "next_start": nxt.start.isoformat() if nxt else None,
        "dates": [
            {
                "start": d.start.isoformat(),
                "end": d.end.isoformat() if d.end else None,
                "time": d.time,
                "schedule": d.schedule,
                "registration_deadline": d.registration_deadline.isoformat() if d.registration_deadline else None,
                "seats_available": d.seats_available,
                "mode": d.mode,
                "location": _place(d.location),
                "price": _price(d.price) if d.price is not None else None,
                "note": d.note,
            }
            for d in offer.upcoming_dates
        ],
        "duration": {"hours": _decimal(offer.duration_hours), "text": offer.duration_text, "label": offer.duration_label},
        "price": _price(offer.price),
        "inhouse": offer.inhouse,
        "funding": [{"id": f.id, "label": f.label} for f in offer.funding],
        "certificate": offer.certificate,
        "registration_url": offer.url,
        "calendar_url": guide.urls.absolute(urls.offer_calendar(offer.id)) if offer.ics_url else None,
        "updated": offer.updated.isoformat(),
    }


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
