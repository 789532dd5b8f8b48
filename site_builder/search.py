"""What each page tells the search index: its filters (facets), sort keys and result-card
metadata, decided here and written into the page's ``<head>`` as ``<meta data-pagefind-…>``
elements by the templates, so the page and the index cannot disagree. Running Pagefind over
the written pages is ``index.py``'s job; which pages it reads is decided here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from markupsafe import Markup, escape

from . import urls
from .german import month_de
from .model import AdvisoryPoint, EditorialPage, Guide, Offer

# Facet keys with the heading /suche/ shows for them, in the order shown.
FACETS = {
    "art": "Art",
    "thema": "Thema",
    "region": "Region",
    "format": "Form",
    "beginn": "Beginn",
    "tageszeit": "Tageszeit",
    "wochentage": "Wochentage",
    "umfang": "Umfang",
    "dauer": "Dauer",
    "preis": "Preis",
    "foerderung": "Förderung",
    "zielgruppe": "Zielgruppe",
    "niveau": "Niveau",
    "sprache": "Sprache",
    "anbieter": "Anbieter",
}
OPEN_FACETS = frozenset({"thema", "region", "format", "beginn"})
PRICE_BANDS = ["kostenfrei", "bis 500 €", "500–2.000 €", "über 2.000 €", "Preis auf Anfrage"]
# Parts of the day (minutes from midnight): a session counts for each part it spends an hour
# in (all of it, if it is shorter); with a start time only, for the part it begins in.
DAY_PARTS = (("vormittags", 0, 12 * 60), ("nachmittags", 12 * 60, 17 * 60), ("abends", 17 * 60, 24 * 60))
WEEK_PARTS = ("werktags", "Wochenende")
MODES = ("Vollzeit", "Teilzeit", "berufsbegleitend")
DURATION_BANDS = ("bis 1 Tag", "bis 1 Woche", "bis 3 Monate", "länger")
# Facets whose values have an order of their own; the others are ordered by their counts.
VALUE_ORDER: dict[str, list[str]] = {
    "tageszeit": [label for label, _, _ in DAY_PARTS],
    "wochentage": list(WEEK_PARTS),
    "umfang": list(MODES),
    "dauer": list(DURATION_BANDS),
    "preis": PRICE_BANDS,
}
# Filter keys the search page uses through controls of its own, not as facets: whether an
# offer can still be joined ("offen": not begun with registration open, late entry, start
# any time or dates on request) and has free seats ("frei"); each upcoming start day (ISO,
# for the "Beginn von – bis" range); the postal codes of its places (for the distance).
HIDDEN_FILTERS = ("verfuegbarkeit", "starttag", "plz")
OPEN, FREE = "offen", "frei"
# Pagefind sorts numbers; an offer priced on request sorts after every stated price.
ON_REQUEST_SORT = "99999999.00"


@dataclass
class SearchRecord:
    """What one page tells the search index."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    def head_html(self) -> Markup:
        """The record as ``<meta data-pagefind-…>`` elements for the page's ``<head>``."""
        lines = [
            f'<meta name="lotse-{key}" content="{escape(value)}" data-pagefind-filter="{key}[content]">'
            for key, values in self.filters.items()
            for value in values
        ]
        lines += [
            f'<meta name="lotse-sort-{key}" content="{escape(value)}" data-pagefind-sort="{key}[content]">'
            for key, value in self.sort.items()
        ]
        lines += [
            f'<meta name="lotse-meta-{key}" content="{escape(value)}" data-pagefind-meta="{key}[content]">'
            for key, value in self.meta.items()
        ]
        return Markup("".join(line + "\n" for line in lines))

    def __html__(self) -> str:
        return str(self.head_html())

    def add(self, key: str, *values: str | None) -> None:
        # Pagefind counts a value twice if a page names it twice, so each value goes in once.
        bucket = self.filters.setdefault(key, [])
        for value in values:
            if value and value not in bucket:
                bucket.append(value)


def price_band(amount: Decimal | None) -> str:
    if amount is None:
        return PRICE_BANDS[4]
    if amount == 0:
        return PRICE_BANDS[0]
    if amount <= 500:
        return PRICE_BANDS[1]
    if amount <= 2000:
        return PRICE_BANDS[2]
    return PRICE_BANDS[3]


def day_parts(time: str) -> list[str]:
    """'18:30-21:00' -> ['abends']; '08:30-16:30' -> ['vormittags', 'nachmittags']."""
    start, _, end = time.partition("-")
    a = int(start[:2]) * 60 + int(start[3:])
    if not end:
        return [label for label, low, high in DAY_PARTS if low <= a < high]
    b = int(end[:2]) * 60 + int(end[3:])
    need = min(60, b - a)
    return [label for label, low, high in DAY_PARTS if min(b, high) - max(a, low) >= need]


def week_parts(days: list[str]) -> list[str]:
    weekend = [d for d in days if d in ("sa", "so")]
    return [label for label, present in zip(WEEK_PARTS, (len(weekend) < len(days), bool(weekend)), strict=True) if present]


def duration_band(days: int | None = None, hours: Decimal | None = None) -> str | None:
    """The "Dauer" of a date from the days it spans, or of an offer from its hours (a day is
    eight hours, a week forty, three months 480)."""
    if days is not None:
        limits: tuple[Decimal | int, ...] = (1, 7, 92)
        value: Decimal | int = days
    elif hours is not None:
        limits, value = (8, 40, 480), hours
    else:
        return None
    return next((band for band, limit in zip(DURATION_BANDS, limits, strict=False) if value <= limit), DURATION_BANDS[-1])


def durations(offer: Offer) -> list[str]:
    """The "Dauer" values of an offer: each upcoming date's span (a date without an end lasts
    as long as the declared hours say, else one day); without dates, the declared hours."""
    hours = offer.duration_hours
    found = []
    for when in offer.upcoming_dates:
        if when.end is not None:
            found.append(duration_band(days=(when.end - when.start).days + 1))
        else:
            found.append(duration_band(hours=hours) if hours is not None else DURATION_BANDS[0])
    if not found:
        found.append(duration_band(hours=hours))
    return [band for band in DURATION_BANDS if band in found]


def availability(offer: Offer) -> list[str]:
    return [value for value, present in ((OPEN, offer.joinable), (FREE, offer.has_free_seats)) if present]


def postal_codes(offer: Offer) -> list[str]:
    """Where an offer takes place, for the distance: its location and each upcoming date's own
    place; none for an online offer (its location is the provider's)."""
    if offer.is_online:
        return []
    places = [offer.location, *(d.location for d in offer.upcoming_dates)]
    return list(dict.fromkeys(p.postal_code for p in places if p is not None))


def offer_record(offer: Offer, guide: Guide) -> SearchRecord:
    record = SearchRecord()
    record.add("art", "Angebot")
    record.add("thema", *(t.label for t in offer.topics))
    record.add("region", *(region.label for region in offer.regions))
    record.add("format", offer.format_label)
    record.add("foerderung", *(f.label for f in offer.funding))
    record.add("zielgruppe", *(a.label for a in offer.audiences))
    record.add("niveau", offer.level_label)
    record.add("sprache", *(name for _, name in offer.languages))
    record.add("anbieter", offer.provider.name)
    starts = offer.start_dates
    record.add("beginn", *(month_de(day) for day in starts))
    if offer.on_demand or (offer.next_open is not None and offer.next_open.started):
        record.add("beginn", "jederzeit")
    upcoming = offer.upcoming_dates
    record.add("tageszeit", *(label for label, _, _ in DAY_PARTS if any(d.time and label in day_parts(d.time) for d in upcoming)))
    record.add("wochentage", *(part for part in WEEK_PARTS if any(part in week_parts(d.meeting_days) for d in upcoming)))
    record.add("umfang", *(label for label in MODES if any(d.mode_label == label for d in upcoming)))
    record.add("dauer", *durations(offer))
    record.add("preis", price_band(offer.price_amount))
    record.add("verfuegbarkeit", *availability(offer))
    record.add("starttag", *(day.isoformat() for day in starts))
    record.add("plz", *postal_codes(offer))
    nxt = offer.next_date
    # Sort by the next start that can still be joined: late entry and on-demand offers can
    # start today, so they sort as starting today; an offer without any, after all others.
    first = nxt or offer.next_open
    if first is not None:
        record.sort["beginn"] = max(first.start, guide.today).isoformat()
    else:
        record.sort["beginn"] = (guide.today if offer.on_demand else date.max).isoformat()
    amount = offer.price.amount
    record.sort["preis"] = ON_REQUEST_SORT if amount is None else f"{amount:.2f}"
    record.meta = {
        "title": offer.title,
        "art": "Angebot",
        "summary": offer.summary,
        "termin": offer.when_label,
        "ort": offer.place_label,
        "preis": offer.price_facts,
        "anbieter": offer.provider.name,
        "id": offer.id,
    }
    if not offer.is_online:
        record.meta["format"] = offer.format_label
    optional = {
        "dauer": offer.duration_label or offer.span_label,
        "zeiten": offer.schedule_label,
        "foerderung": " · ".join(f.label for f in offer.funding),
        "inhouse": "ja" if offer.inhouse else None,
        "ausgebucht": offer.booked_label,
        "plz": " ".join(postal_codes(offer)),
    }
    record.meta.update({key: value for key, value in optional.items() if value})
    return record


def advisory_record(point: AdvisoryPoint) -> SearchRecord:
    record = SearchRecord()
    record.add("art", "Beratungsstelle")
    record.add("region", point.address.region.label)
    record.add("thema", *(t.label for t in point.topics))
    record.add("sprache", *(name for _, name in point.languages))
    record.add("plz", point.address.postal_code)
    record.meta = {
        "title": point.name,
        "art": "Beratungsstelle",
        "organisation": point.organisation,
        "ort": point.address.city,
        "plz": point.address.postal_code,
    }
    return record


def page_record(doc: EditorialPage) -> SearchRecord:
    record = SearchRecord()
    record.add("art", "Seite")
    record.meta = {"title": doc.title, "art": "Seite"}
    if doc.description:
        record.meta["summary"] = doc.description
    return record


def record_for(subject: object, guide: Guide) -> SearchRecord | None:
    """What the page about ``subject`` tells the index; None for pages that are not searched
    (lists, the home page …). Which pages Pagefind reads at all: ``searchable_patterns``."""
    if isinstance(subject, Offer):
        return offer_record(subject, guide)
    if isinstance(subject, AdvisoryPoint):
        return advisory_record(subject)
    if isinstance(subject, EditorialPage):
        return page_record(subject)
    return None


def searchable_patterns(slugs: Iterable[str]) -> list[str]:
    """The pages that carry data-pagefind-body: offers, advisory points, editorial pages."""
    patterns = [f"{urls.OFFERS}*/index.html", f"{urls.ADVICE}*/index.html"]
    return patterns + [urls.output_file(urls.page(slug)) for slug in sorted(slugs)]


def searchable_files(slugs: Iterable[str]) -> str:
    """A glob for the searchable pages (``searchable_patterns``).

    Naming them keeps Pagefind from parsing list pages and the (large) catalogue at all.
    """
    return "{" + ",".join(searchable_patterns(slugs)) + "}"
