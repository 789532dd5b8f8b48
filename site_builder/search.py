"""What each page tells the search index: its filters (facets), sort keys and result-card
metadata, decided here and written into the page's ``<head>`` as ``<meta data-pagefind-…>``
elements by the templates, so the page and the index cannot disagree. Running Pagefind over
the written pages is ``index.py``'s job; which pages it reads is decided here too.

Each searchable page also carries a hidden block of extra search words (``SearchRecord.words_html``):
compound parts, synonyms from content/search.yaml and the course schedule in words, weighted
by where their source stands (title, lead, body), so "Pflegekräfte" finds "Pflegefachkräfte"
and "Stapler" finds "Flurförderzeug" (see ``wordforms``). The search page gets the guide's place
names, and /suche/woerter.json the vocabulary for spelling suggestions and the advisory points
for the "no results" help.
"""

from __future__ import annotations

import functools
import json
import math
import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

try:  # the C function behind MarkupSafe 3's escape(), as in render._escape
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - depends on the installed MarkupSafe
    _escape_inner = None  # type: ignore[assignment]

from . import urls
from .german import month_de
from .markup import LazyHtml
from .model import WEEKDAY_LABELS, Address, AdvisoryPoint, Changes, EditorialPage, Guide, Offer, OfferDate, Term
from .places import centroids, distance_km, towns
from .postal import region_for
from .wordforms import (
    Expander,
    Lexicon,
    elided_words,
    english_words,
    fold,
    signed_words,
    slashed_words,
    unslashed_words,
    words,
)

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
# What people type for a level or for funding ("Excel für Anfänger", "gefördert"), as words
# of the offers that have it: the query then keeps its topic word and drops this one when no
# offer has both, where a word no offer says would be kept for its few hits elsewhere. A level
# word is also set aside when the offers of that level name the topic only in passing (the
# search page's ``levelAside``).
# (The level itself, "Einstieg", is on the page already; each word here is index text on
# thousands of pages, and Pagefind's memory follows the index text.)
LEVEL_WORDS = {
    "einstieg": ["Anfänger", "Einsteiger", "Grundlagen", "Grundkurs", "Einführung"],
    "aufbau": ["Aufbaukurs", "Fortgeschrittene", "Vertiefung"],
    "experte": ["Experten", "Profis", "Fortgeschrittene"],
}
FUNDED_WORDS = ["gefördert", "förderfähig", "Förderung"]
OPEN_FACETS = frozenset({"thema", "region", "format", "beginn"})
PRICE_BANDS = ["kostenfrei", "bis 500 €", "500–2.000 €", "über 2.000 €", "Preis auf Anfrage"]
# Parts of the day that free schedule texts name ("abends", "Sa 9-13 Uhr"); searchable words.
DAYTIMES = ["vormittags", "nachmittags", "ganztags", "abends", "am Wochenende"]
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
# For a course given in several regions, "orte: mehrere" and the starts with the region of the
# date's place ("Esslingen|Januar 2027", "Esslingen|2027-01-15"): a region chosen together with a
# start must hold for one date, not for two dates at different sites (suche-planung.js
# ``placedStarts``). An offer in one region needs none of that: its region holds for each date.
# The same for the distance, by the postal code of each date's place ("73728|2027-01-15").
PLACED_BY_REGION = ("orte", "ortbeginn", "ortstart", "ortfrei")
PLACED_BY_CODE = ("plzorte", "plzbeginn", "plzstart", "plzfrei")
# Each weekday an offer meets ("di"), for a weekday typed into the search ("Excel dienstags").
WEEKDAY_FILTER = "wochentag"
# An offer a company can book as an in-house course (``Offer.inhouse``): the hidden filter
# INHOUSE holds "ja" for it, which "Auch als Inhouse-Schulung buchbar" and "Schweißkurs
# inhouse" filter on (suche-planung.js); the result card's badge reads it too. An offer only
# priced per group says nothing of where it is held, so it has none.
INHOUSE = "inhouse"
HIDDEN_FILTERS = ("verfuegbarkeit", "starttag", "startfrei", "plz", "preisstufe", "abschluss", INHOUSE, WEEKDAY_FILTER, *PLACED_BY_REGION, *PLACED_BY_CODE)
# An offer that ends with more than a record of attendance (an exam, a licence, a qualification:
# "Schweißerprüfung nach DIN EN ISO 9606-1", "Berufsabschluss …", "Zertifikat „…“"), not with a
# "Teilnahmebescheinigung" or "Teilnahmezertifikat": the hidden filter ``abschluss`` holds
# QUALIFYING for it, and "Schweißen mit Zertifikat" filters on it (the search page's chip).
QUALIFYING = "ja"
_ATTENDANCE = re.compile(r"\s*teilnahme", re.IGNORECASE)
PLACED = "|"  # between a place and a start value
SEVERAL_PLACES = "mehrere"
OPEN, FREE = "offen", "frei"
# Pagefind sorts numbers; an offer priced on request sorts after every stated price.
ON_REQUEST_SORT = "99999999.00"
# Weights of the extra words by where their source stands (Pagefind: h1 7, other text 1). Each
# is below that of the words it comes from, so a page that says the word itself ranks first.
TITLE, LEAD, BODY = 3.5, 0.7, 0.5


def qualifying(certificate: str | None) -> bool:
    """Whether ``certificate`` (an offer's free text) is more than a record of attendance."""
    return certificate is not None and bool(certificate.strip()) and not _ATTENDANCE.match(certificate)


HYPHENATED = re.compile(r"\b[^\W_]++(?:-[^\W_]++)+")  # possessive: no backtracking inside words


def hyphenated_words(text: str, tokens: list[str]) -> list[str]:
    """``HYPHENATED.findall(text)``, from the text's ``WORD`` tokens (``words``) where they give
    the same: a token is a longest run of letters and digits joined by single hyphens, and
    where the text has no "_" (a word character that is no letter) a token begins where
    ``\\b`` holds; with no other hyphen than "-", the tokens with one are the matches."""
    if "_" in text or "\u2010" in text or "\u2011" in text:
        return HYPHENATED.findall(text)
    return [token for token in tokens if "-" in token]


# First word of the hidden block: not a word to Pagefind, but in its page text, so the search
# page can cut excerpts where the visible text ends.
MARKER = "⁂"
VOCABULARY_LIMIT = 30000


def _attribute(value: str) -> str:
    """``escape(value)`` for an attribute: text escaped by MarkupSafe's C function directly
    (an offer's record has about 40 values; ``escape`` wraps each in a Markup in Python)."""
    return _escape_inner(value) if type(value) is str and _escape_inner is not None else str(escape(value))


@dataclass
class SearchRecord:
    """What one page tells the search index."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    # The result card's texts that are no filter value. Pagefind (1.5) indexes every metadata
    # field as searchable text beside the page's own: a fact that is a filter too (the kind of
    # page, provider, funding, postal codes) is read from the result's filters by suche.js, not
    # repeated here. At 10,000 offers the repeated fields cost 0.55 s (5 %) and 85 MiB of
    # Pagefind's indexing.
    meta: dict[str, str] = field(default_factory=dict)
    extra: list[tuple[float, list[str]]] = field(default_factory=list)  # (weight, words)

    def head_html(self) -> Markup:
        """The record as ``<meta data-pagefind-…>`` elements for the page's ``<head>``."""
        lines = [
            f'<meta name="lotse-{key}" content="{_attribute(value)}" data-pagefind-filter="{key}[content]">\n'
            for key, values in self.filters.items()
            for value in values
        ]
        lines += [
            f'<meta name="lotse-sort-{key}" content="{_attribute(value)}" data-pagefind-sort="{key}[content]">\n'
            for key, value in self.sort.items()
        ]
        lines += [
            f'<meta name="lotse-meta-{key}" content="{_attribute(value)}" data-pagefind-meta="{key}[content]">\n'
            for key, value in self.meta.items()
        ]
        return Markup("".join(lines))

    def __html__(self) -> str:
        return str(self.head_html())

    def words_html(self) -> Markup:
        """The extra search words as a hidden block for the end of the page's indexed part."""
        blocks = [(weight, found) for weight, found in self.extra if found]
        if not blocks:
            return Markup("")
        parts = [
            f'<p data-pagefind-weight="{weight:g}">{MARKER + " " if i == 0 else ""}{escape(" ".join(found))}</p>'
            for i, (weight, found) in enumerate(blocks)
        ]
        return Markup('<div class="suchwoerter" hidden>' + "".join(parts) + "</div>\n")

    def add(self, key: str, *values: str | None) -> None:
        # Pagefind counts a value twice if a page names it twice, so each value goes in once.
        bucket = self.filters.setdefault(key, [])
        for value in values:
            if value and value not in bucket:
                bucket.append(value)


# Upper bounds of the price steps for a limit typed in a query ("bis 800 Euro", "max. 300 €"):
# suche.js (``PRICE_STEPS``) takes every step up to the limit, so a limit on a step is exact;
# the facet's bands are too coarse for it ("bis 800" would keep everything up to 2,000 €).
PRICE_STEPS = (
    [0] + list(range(50, 2001, 50)) + list(range(2250, 5001, 250)) + list(range(6000, 20001, 1000))
    + [25000, 30000, 40000, 50000, 75000, 100000]
)


def price_step(amount: Decimal | None) -> str | None:
    """The filter value of the smallest step a price fits in ("800" for 760 €); None for a
    price on request or above the last step."""
    if amount is None:
        return None
    return next((str(step) for step in PRICE_STEPS if amount <= step), None)


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
    as long as the declared hours say, else one day); without dates, the declared hours, else
    the span its duration text says ("2 Tage": dates on request, as catalogues deliver them)."""
    hours = offer.duration_hours
    found = []
    for when in offer.upcoming_dates:
        if when.end is not None:
            found.append(duration_band(days=(when.end - when.start).days + 1))
        else:
            found.append(duration_band(hours=hours) if hours is not None else DURATION_BANDS[0])
    if not found:
        days = offer.duration_days if hours is None else None
        found.append(duration_band(days=math.ceil(days)) if days is not None else duration_band(hours=hours))
    return [band for band in DURATION_BANDS if band in found]


def availability(offer: Offer) -> list[str]:
    return [value for value, present in ((OPEN, offer.joinable), (FREE, offer.has_free_seats)) if present]


def start_values(offer: Offer, bookable: list[OfferDate], running: list[OfferDate]) -> list[str]:
    """What a start range reads of these dates: each start day, "jederzeit" for a start any
    time, "bis:<last day>" for a course that can be joined until then."""
    return [*dict.fromkeys(d.start.isoformat() for d in bookable), *(["jederzeit"] if offer.on_demand else []),
            *(f"bis:{d.last_day.isoformat()}" for d in running)]


def placed_starts(
    offer: Offer, bookable: list[OfferDate], running: list[OfferDate], month: bool, where: Callable[[Address], str],
) -> list[str]:
    """``start_values`` (or, with ``month``, the months of ``beginn``) each with ``where`` the
    date's place is (its region, or its postal code): "Esslingen|2027-01-15", once for each of
    its places when it is held at several (``also_at``); a start any time at the offer's own
    place. As for the region filter (``Offer.regions``), an online offer's place counts; one
    without has no value here."""

    def at(places: list[Address], value: str) -> list[str]:
        return [f"{where(place)}{PLACED}{value}" for place in places]

    values = [v for d in bookable for v in at(d.places, month_de(d.start) if month else d.start.isoformat())]
    if offer.on_demand and offer.location is not None:
        values += at([offer.location], "jederzeit")
    values += [v for d in running for v in at(d.places, "jederzeit" if month else f"bis:{d.last_day.isoformat()}")]
    return list(dict.fromkeys(values))


def _region(place: Address) -> str:
    return place.region.label


def _postal(place: Address) -> str:
    return place.postal_code


def postal_codes(offer: Offer) -> list[str]:
    """Where an offer takes place, for the distance: its location and each upcoming date's own
    place and further places (``also_at``: the search page measures from the nearest); none for
    an online offer (its location is the provider's)."""
    if offer.is_online:
        return []
    places = [offer.location, *(p for d in offer.upcoming_dates for p in d.named_places)]
    return list(dict.fromkeys(p.postal_code for p in places if p is not None))


def start_key(offer: Offer, today: date) -> str:
    """The sort key "beginn": the next start that can still be joined. Late entry and
    on-demand offers can start today, so they sort as starting today; an offer without any,
    after all others."""
    first = offer.next_date or offer.next_open
    if first is not None:
        return max(first.start, today).isoformat()
    return (today if offer.on_demand else date.max).isoformat()


def region_start_key(region_id: str) -> str:
    """The name of the sort key by start in one region ("beginn-esslingen")."""
    return f"beginn-{region_id}"


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
    # Starts a visitor can book: not those whose registration is over (a range or a month
    # would otherwise find an offer by a date nobody can join).
    bookable = [d for d in offer.dates if d.joinable and not d.started]
    starts = list(dict.fromkeys(d.start for d in bookable))
    running = [d for d in offer.dates if d.joinable and d.started]  # late entry
    record.add("beginn", *(month_de(day) for day in starts))
    if offer.on_demand or running:
        record.add("beginn", "jederzeit")
    upcoming = offer.upcoming_dates
    record.add("umfang", *(label for label in MODES if any(d.mode_label == label for d in upcoming)))
    record.add("dauer", *durations(offer))
    record.add("preis", price_band(offer.price_amount))
    if qualifying(offer.certificate):
        record.add("abschluss", QUALIFYING)
    if offer.inhouse:
        record.add(INHOUSE, "ja")
    # Every price it can be booked at: its own and those of its upcoming dates.
    record.add("preisstufe", *(price_step(amount) for amount in dict.fromkeys(
        [offer.price_amount] + [d.price.amount for d in upcoming if d.price is not None])))
    # The facets read the structured time and days first; a schedule given only as text (as
    # imports deliver it: "Di und Do, 18:00-21:15 Uhr") adds what it names. An offer without
    # upcoming dates (begun any time, dates on request) says when it meets in its duration
    # text ("zweimal pro Woche, Di und Do 17:30–19:00 Uhr").
    days, daytimes, modes = schedule(upcoming, None if upcoming else offer.duration_text)
    parts = {label for label, _, _ in DAY_PARTS if any(d.time and label in day_parts(d.time) for d in upcoming)}
    parts.update(t for t in daytimes if t in ("vormittags", "nachmittags", "abends"))
    if "ganztags" in daytimes:
        parts.update(("vormittags", "nachmittags"))
    record.add("tageszeit", *(label for label, _, _ in DAY_PARTS if label in parts))
    meets = {day for d in upcoming for day in d.meeting_days} | set(days)
    record.add(WEEKDAY_FILTER, *(day for day in WEEKDAY_LABELS if day in meets))
    week = set(week_parts(list(meets)))  # the same for the weekdays of all dates as for each apart
    record.add("wochentage", *(part for part in WEEK_PARTS if part in week))
    record.add("verfuegbarkeit", *availability(offer))
    # For the range "Beginn von … bis …" (suche-planung.js): each bookable start; "jederzeit"
    # for a start any time, "bis:<last day>" for a course that can be joined until then; and
    # the same for the dates with free seats, for "nur mit freien Plätzen".
    free = [d for d in bookable if not d.sold_out], [d for d in running if not d.sold_out]
    record.add("starttag", *start_values(offer, bookable, running))
    record.add("startfrei", *start_values(offer, *free))
    record.add("plz", *postal_codes(offer))
    # A course given in several regions (or, for the distance, at several postal codes).
    for keys, where in ((PLACED_BY_REGION, _region), (PLACED_BY_CODE, _postal)):
        if where is _postal and offer.is_online:
            continue  # no distance for an online offer (``postal_codes``)
        months = placed_starts(offer, bookable, running, True, where)
        if len({value.split(PLACED, 1)[0] for value in months}) > 1:
            several, by_month, by_day, by_free_day = keys
            record.add(several, SEVERAL_PLACES)
            record.add(by_month, *months)
            record.add(by_day, *placed_starts(offer, bookable, running, False, where))
            record.add(by_free_day, *placed_starts(offer, *free, False, where))
    record.sort["beginn"] = start_key(offer, guide.today)
    # The same for each region it is held in, by its dates there (``Offer.in_region``, as the
    # region's list orders it): with one region chosen, the search page sorts its offers there
    # by this key, so a course in three towns sorts by its next date in the region chosen.
    # Every offer of the region carries it; Pagefind leaves out a page without the sort key.
    for region in offer.regions:
        record.sort[region_start_key(region.id)] = start_key(offer.in_region(region), guide.today)
    amount = offer.price.amount
    record.sort["preis"] = ON_REQUEST_SORT if amount is None else f"{amount:.2f}"
    # The result card's other facts are filters already (art, anbieter, foerderung, plz, inhouse): see
    # ``SearchRecord.meta``. The id stays: its words (the address) help find the offer.
    record.meta = {
        "title": offer.title,
        # No summary that only repeats the title: the result card shows a passage of the page instead.
        **({"summary": offer.lead} if offer.lead else {}),
        "termin": offer.when_label,
        "ort": offer.place_label,
        "preis": offer.price_facts,
        "id": offer.id,
    }
    if not offer.is_online:
        record.meta["format"] = offer.format_label
    optional = {
        "dauer": offer.duration_label or offer.span_label,
        "zeiten": offer.schedule_label,
        "ausgebucht": offer.booked_label,
    }
    record.meta.update({key: value for key, value in optional.items() if value})
    # A start whose place, price or times are not the card's (a course given at several
    # sites, in full and in part time): the search page names the start that matched a chosen
    # range, month or place (``matchedStart`` in suche-planung.js) with its own.
    card = (record.meta["ort"], record.meta["preis"], record.meta.get("zeiten", ""))
    other: dict[str, list[str]] = {}
    for d in bookable:
        facts = (offer.place_label_of(d), offer.price_facts_of(d), offer.schedule_label_of(d) or "")
        if facts != card:
            other.setdefault(d.start.isoformat(), list(facts))
    if other:
        record.meta["termine"] = json.dumps(other, ensure_ascii=False, separators=(",", ":"))
    # The dates table is left out of the index (dates and seats would match everything); its
    # schedule goes in as words: "Samstag", "abends", "berufsbegleitend".
    description = description_text(offer)
    texts = offer_texts(offer, synonyms=guide_words(guide).expander.synonym_members, description=description)
    said = [WEEKDAY_LABELS[d] for d in days] + daytimes + modes + LEVEL_WORDS.get(offer.level or "", [])
    # The languages it is given in besides German: "Arabisch" finds a course held in Arabic too
    # (the page names them in its facts, which the index leaves out).
    said += [name for code, name in offer.languages if code != "de"]
    # Rows of shortened words in the description ("Physio- und Ergotherapeuten"): their whole words.
    wholes = elided_words(description, guide_words(guide).lexicon)
    record.extra = extra_words(guide, texts, {LEAD: said + (FUNDED_WORDS if offer.funding else []), BODY: wholes})
    return record


def advisory_record(point: AdvisoryPoint, guide: Guide | None = None) -> SearchRecord:
    record = SearchRecord()
    record.add("art", "Beratungsstelle")
    record.add("region", point.address.region.label)
    record.add("thema", *(t.label for t in point.topics))
    record.add("sprache", *(name for _, name in point.languages))
    record.add("plz", point.address.postal_code)
    record.meta = {"title": point.name, "organisation": point.organisation, "ort": point.address.city}
    if point.phone:
        record.meta["telefon"] = point.phone
    teaser = first_sentences(plain(point.description_html))
    if teaser:
        record.meta["summary"] = teaser
    if guide is not None:
        record.extra = extra_words(guide, advisory_texts(point))
    return record


def page_record(doc: EditorialPage, guide: Guide | None = None) -> SearchRecord:
    return information_record(doc.title, doc.description, page_texts(doc), guide)


def information_record(title: str, summary: str | None, texts: dict[float, list[str]], guide: Guide | None = None) -> SearchRecord:
    """An information page's record (an editorial page, a programme's page, the pages for
    employers): a "Seite" with its title and summary, and the other words of ``texts``."""
    record = SearchRecord()
    record.add("art", "Seite")
    record.meta = {"title": title}
    if summary:
        record.meta["summary"] = summary
    if guide is not None:
        record.extra = extra_words(guide, texts)
    return record


def record_for(subject: object, guide: Guide, searched: str | None = None) -> SearchRecord | None:
    """What the page about ``subject`` tells the index; None for pages that are not searched
    (lists, the home page …). ``searched``: the title of a page of the site's own that the
    search finds as an information page (``plan.PagePlan.searched``). Which pages Pagefind
    reads at all: ``index.searchable_patterns``."""
    if isinstance(subject, Offer):
        return offer_record(subject, guide)
    if isinstance(subject, AdvisoryPoint):
        return advisory_record(subject, guide)
    if isinstance(subject, EditorialPage):
        return page_record(subject, guide)
    if searched is not None:
        # No summary: the page's meta description is no text of the page, and Pagefind finds
        # metadata as text, so a query's "wie" or "der" would match it where no reader sees
        # it. The result shows an excerpt of the page instead.
        return information_record(searched, None, {TITLE: [searched]}, guide)
    return None


# --- The words of a page --------------------------------------------------------------------


# Where a Markdown text links to, not what it says: link and image targets, autolinks and
# bare addresses ("mailto", "https", "www" and the parts of a path are no words of a page).
# Bounded, so that a text of many "](" and no ")" is not read again from each of them.
_LINK_TARGETS = re.compile(r"\]\([^)\n]{0,500}\)|<(?:https?|mailto|tel):[^>\n]{0,500}>|\b(?:https?://|www\.)[^\s<>()]+", re.IGNORECASE)


def plain(html: LazyHtml | Markup | str | None) -> str:
    """The Markdown source of ``html`` when it has one (no rendering needed), without where
    its links point; else its text."""
    if html is None:
        return ""
    source = getattr(html, "_text", None)
    if isinstance(html, LazyHtml):
        if not source or not any(mark in source for mark in ("](", "://", "<", "www.")):
            return source or ""
        return _LINK_TARGETS.sub(lambda m: "]" if m.group(0).startswith("]") else " ", source)
    return re.sub(r"<[^>]+>", " ", str(html))


def first_sentences(text: str, limit: int = 200) -> str:
    """The start of a Markdown text as plain words, cut after a sentence or at a word."""
    flat = " ".join(re.sub(r"[*_#>`\[\]]|\(https?://[^)]*\)", " ", text).split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(". ", 0, limit)
    return flat[: cut + 1] if cut > limit // 2 else flat[: flat.rfind(" ", 0, limit)] + " …"


def offer_texts(
    offer: Offer, body: bool = True, synonyms: Callable[[str, list[str] | None], list[str]] | None = None,
    description: str | None = None,
) -> dict[float, list[str]]:
    """What an offer's extra words come from: its title and the lines that say what it is.

    Of its description only the hyphenated words, whose parts Pagefind does not index on its
    own ("Aufstiegs-BAföG" → "BAföG"): reading every word of every description twice more (for
    the vocabulary and the extra words) doubled the render time of an offer page, and titles,
    summaries, tags and terms carry the words people search for. ``body``: False for the
    vocabulary, which leaves them out (reading them took a third of planning 10,000 offers).
    ``synonyms``: the description's words that belong to a synonym group (``Expander.synonym_members``),
    given its text and its words (read once for both). ``description``: ``description_text(offer)``
    when the caller has it already.
    """
    record = offer.record  # read once: each ``offer.x`` goes through the model's lookup
    texts = {
        TITLE: [record.title],
        LEAD: [record.summary, *record.tags, *(t.label for t in offer.topics), *(a.label for a in offer.audiences),
               *(f.label for f in offer.funding), record.certificate or "", offer.format_label, offer.level_label or ""],
    }
    if body:
        text = description_text(offer) if description is None else description
        if synonyms is None:
            texts[BODY] = HYPHENATED.findall(text)
        else:
            tokens = words(text)
            texts[BODY] = hyphenated_words(text, tokens) + synonyms(text, tokens)
    return texts


def description_text(offer: Offer) -> str:
    return plain(offer.description_html) + "\n" + plain(offer.prerequisites_html)


def advisory_texts(point: AdvisoryPoint) -> dict[float, list[str]]:
    return {
        TITLE: [point.name],
        LEAD: [point.organisation, point.kind_label or "", *(t.label for t in point.topics),
               *(a.label for a in point.audiences), *(label for _, label in point.services)],
        BODY: [plain(point.description_html), point.address.city, point.opening_note or ""],
    }


def page_texts(doc: EditorialPage) -> dict[float, list[str]]:
    return {TITLE: [doc.title], LEAD: [doc.description or ""], BODY: [plain(doc.body_html)]}


# Weekday names and abbreviations in free schedule texts ("Di und Do, 18:00–21:15 Uhr").
_DAY_NAMES = {
    "mo": "mo", "montag": "mo", "montags": "mo", "di": "di", "dienstag": "di", "dienstags": "di",
    "mi": "mi", "mittwoch": "mi", "mittwochs": "mi", "do": "do", "donnerstag": "do", "donnerstags": "do",
    "fr": "fr", "freitag": "fr", "freitags": "fr", "sa": "sa", "samstag": "sa", "samstags": "sa",
    "samstage": "sa", "sonnabend": "sa", "so": "so", "sonntag": "so", "sonntags": "so", "sonntage": "so",
}
_DAY_ORDER = ["mo", "di", "mi", "do", "fr", "sa", "so"]
_DAY_RANGE = re.compile(r"\b(Mo|Di|Mi|Do|Fr|Sa|So)\s*[–-]\s*(Mo|Di|Mi|Do|Fr|Sa|So)\b")
_SESSION = re.compile(r"\b(\d{1,2})[:.](\d{2})(?:\s*(?:Uhr)?\s*[–-]\s*(\d{1,2})[:.](\d{2}))?")
# A day ("02.02.", "16.02.2027"): no time of day, though "02.02" looks like one. Its month is
# 1-12: "Beginn 18.30." at a sentence's end is a time.
_DAY = re.compile(r"\b\d{1,2}\.(?:0?[1-9]|1[0-2])\.(?:\d{4}|\d{2}\b)?")


def _daytime(start: int, end: int | None) -> str:
    """The part of the day a session (minutes after midnight) belongs to."""
    if start >= 16 * 60 + 30 or (end is not None and end >= 19 * 60 and start >= 12 * 60):
        return "abends"
    if start >= 12 * 60:
        return "nachmittags"
    if end is not None and end > 13 * 60 + 30:
        return "ganztags"
    return "vormittags"


def schedule_words(text: str) -> tuple[set[str], set[str]]:
    """The weekdays and parts of the day (``DAYTIMES``) a schedule in words names:
    "Di und Do, 18:00–21:15 Uhr" -> ({"di", "do"}, {"abends"})."""
    days: set[str] = set()
    daytimes: set[str] = set()
    for first, last in _DAY_RANGE.findall(text):
        a, b = _DAY_ORDER.index(first.lower()), _DAY_ORDER.index(last.lower())
        days.update(_DAY_ORDER[a : b + 1])
    for token in words(text):
        folded = fold(token)
        # "So" only as an abbreviation (capitalised); "so" is also an ordinary word.
        if folded in _DAY_NAMES and (folded != "so" or token == "So"):
            days.add(_DAY_NAMES[folded])
        elif folded.startswith("abend"):
            daytimes.add("abends")
        elif folded.startswith("vormittag"):
            daytimes.add("vormittags")
        elif folded.startswith("nachmittag"):
            daytimes.add("nachmittags")
        elif folded.startswith("wochenend"):
            daytimes.add("am Wochenende")
    for h1, m1, h2, m2 in _SESSION.findall(_DAY.sub(" ", text)):
        start = int(h1) * 60 + int(m1)
        end = int(h2) * 60 + int(m2) if h2 else None
        if start < 24 * 60:
            daytimes.add(_daytime(start, end))
    return days, daytimes


def session_hours(text: str) -> tuple[str, str] | None:
    """The first session a text names with its end: "Di und Do 17:30–19:00 Uhr" -> ("17:30", "19:00")."""
    for h1, m1, h2, m2 in _SESSION.findall(_DAY.sub(" ", text)):
        if h2 and int(h1) * 60 + int(m1) < int(h2) * 60 + int(m2) <= 24 * 60:
            return f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"
    return None


def schedule(dates: Iterable[OfferDate], text: str | None = None) -> tuple[list[str], list[str], list[str]]:
    """Weekdays, parts of the day (``DAYTIMES``) and modes of the given dates, from every field;
    ``text``: a schedule in words besides them (an offer's duration text)."""
    days: set[str] = set()
    daytimes: set[str] = set()
    modes: list[str] = []
    texts = [text] if text else []
    for d in dates:
        days.update(d.days)
        texts.append(" ".join(filter(None, [d.time, d.schedule])))
        if d.mode_label and d.mode_label not in modes:
            modes.append(d.mode_label)
    for one in texts:
        more_days, more_times = schedule_words(one)
        days |= more_days
        daytimes |= more_times
    if days & {"sa", "so"}:
        daytimes.add("am Wochenende")
    return [d for d in _DAY_ORDER if d in days], [t for t in DAYTIMES if t in daytimes], modes


# --- The guide's search words (built once per guide, before the render workers fork) ---------


class GuideWords:
    """The guide's vocabulary and the expander of every page's extra words.

    ``offer_words`` keeps each offer's words (by its path, with the offer they were read from),
    so the live preview can take out what an edited or deleted offer said and add what it says
    now: the vocabulary after an edit is the one a full build makes.
    """

    def __init__(self, guide: Guide, lexicon: Lexicon | None = None, offer_words: OfferWords | None = None):
        """``lexicon``, ``offer_words``: frozen already (the preview's, see ``_follow``)."""
        if lexicon is None or offer_words is None:
            lexicon, offer_words = Lexicon(), {}
            for offer in guide.offers:
                found = offer_words[offer.path] = (weakref.ref(offer), _words_of(offer))
                lexicon.written.update(found[1])
            for texts in _all_texts(guide):
                lexicon.add_page(t for group in texts.values() for t in group)
            lexicon.freeze()
        self.lexicon = lexicon
        # Broader terms from what a page is about (title, summary, tags, terms), not from its description.
        self.expander = Expander(lexicon, guide.synonyms, guide.broader, broader_from=LEAD, audiences=[a.label for a in guide.audiences])
        self.rest = _rest(guide)
        self.offer_words = offer_words
        self.follows(guide)

    def follows(self, guide: Guide) -> None:
        """Note the guide these words are now of: its offers, and what stands for the rest."""
        self.offers, self.frame, self.synonyms, self.broader = guide.offers, guide.frame, guide.synonyms, guide.broader


OfferWords = dict[str, tuple["weakref.ref[Offer]", frozenset[str]]]


def _words_of(offer: Offer) -> frozenset[str]:
    # The hyphenated words of descriptions are split in the render workers, not read here.
    texts = offer_texts(offer, body=False)
    return Lexicon.page_words(t for group in texts.values() for t in group)


def _all_texts(guide: Guide) -> Iterable[dict[float, list[str]]]:
    """What the vocabulary is made of besides the offers."""
    for point in guide.advisory_points:
        yield advisory_texts(point)
    for doc in guide.pages:
        yield page_texts(doc)
    for term in (*guide.topics, *guide.regions, *guide.audiences, *guide.funding):
        yield {LEAD: [term.label], BODY: [plain(term.description_html)]}
    yield {LEAD: [w for group in guide.synonyms for w in group]}
    yield {LEAD: [w for term, narrower in guide.broader for w in (term, *narrower)]}


def _rest(guide: Guide) -> tuple[Any, ...]:
    """Everything but the offers that the vocabulary is made of, to compare guides by, and how
    the synonyms and broader terms are grouped (their words alone do not say it)."""
    texts = tuple(tuple(t for group in texts.values() for t in group) for texts in _all_texts(guide))
    return texts + (tuple(map(tuple, guide.synonyms)), tuple(guide.broader))


_GUIDE_WORDS: weakref.WeakKeyDictionary[Guide, GuideWords] = weakref.WeakKeyDictionary()


def guide_words(guide: Guide, previous: GuideWords | None = None) -> GuideWords:
    """The guide's words, made once per guide (before the render workers fork, see plan.py).

    ``previous``: the live preview's words of the guide before an edit. When only a few offers
    changed, the vocabulary is that one with their old words taken out and their new ones put
    in, and if that changes nothing the previous words serve unchanged: at 10,000 offers the
    whole vocabulary takes a second or two, an edit a few milliseconds.
    """
    found = _GUIDE_WORDS.get(guide)
    if found is None:
        found = (_follow(previous, guide) if previous is not None else None) or GuideWords(guide)
        _GUIDE_WORDS[guide] = found
    return found


def _follow(previous: GuideWords, guide: Guide) -> GuideWords | None:
    # The same frame (advisory points, pages, taxonomies), synonyms and broader terms: the same rest.
    if (guide.frame is not previous.frame or guide.synonyms != previous.synonyms or guide.broader != previous.broader) and _rest(guide) != previous.rest:
        return None
    changes = guide.changes
    if changes is not None and changes.before is previous.offers:
        found = _follow_changes(previous, changes)
    else:
        found = _follow_offers(previous, guide)
    if found is None:
        return None
    offer_words, delta = found
    changed = {word: n for word, n in delta.items() if n}
    if not changed:
        previous.offer_words = offer_words
        previous.follows(guide)
        return previous
    return GuideWords(guide, previous.lexicon.changed(Counter(changed)), offer_words)


def _follow_changes(previous: GuideWords, changes: Changes) -> tuple[OfferWords, Counter[str]] | None:
    """The offers' words and their change, from the offers the guide says changed."""
    if len(changes.fresh) + len(changes.gone) > max(10, len(changes.before) // 2):
        return None  # a large change: reading every offer again costs no more
    offer_words = dict(previous.offer_words)
    delta: Counter[str] = Counter()
    for offer in changes.gone:
        before = offer_words.get(offer.path)
        if before is not None and before[0]() is offer:
            del offer_words[offer.path]
            delta.subtract(before[1])
    for offer in changes.fresh:
        now = _words_of(offer)
        before = offer_words.get(offer.path)
        if before is not None:
            delta.subtract(before[1])
        offer_words[offer.path] = (weakref.ref(offer), now)
        delta.update(now)
    return offer_words, delta


def _follow_offers(previous: GuideWords, guide: Guide) -> tuple[OfferWords, Counter[str]] | None:
    """The offers' words and their change, each offer looked at."""
    # Taking out and putting in one offer's words costs what reading them costs in a full
    # build: worth it until most offers changed (a provider's renamed offers included).
    limit = max(10, len(guide.offers) // 2)
    offer_words: OfferWords = {}
    delta: Counter[str] = Counter()
    fresh = 0
    for offer in guide.offers:
        before = previous.offer_words.get(offer.path)
        if before is not None and before[0]() is offer:
            offer_words[offer.path] = before
            continue
        fresh += 1
        if fresh > limit:  # a large change: reading every offer again costs no more
            return None
        now = _words_of(offer)
        offer_words[offer.path] = (weakref.ref(offer), now)
        delta.update(now)
        if before is not None:
            delta.subtract(before[1])
    for gone in previous.offer_words.keys() - offer_words.keys():
        delta.subtract(previous.offer_words[gone][1])
    return offer_words, delta


# What a text shows if ``signed_words`` or ``elided_words`` can find a word in it.
_SPELLED_SIGNS = ("++", "#", ".net", ".NET", ".Net", "\u2010", "\u2011", "- ", "-,")


def extra_words(guide: Guide, texts: dict[float, list[str]], generated: dict[float, list[str]] | None = None) -> list[tuple[float, list[str]]]:
    """The extra words of a page with these texts, by weight; nothing the page says already."""
    generated = dict(generated or {})
    lexicon = guide_words(guide).lexicon
    for weight, parts in texts.items():
        # Names written with signs ("C++"), the whole words of shortened ones ("Physio- und ...").
        # Mostly short texts (tags, terms, a description's hyphenated words): both are looked
        # for only if the texts together have a sign of one (``signed_words``, ``_elided``);
        # joined by line breaks, which are none, texts show one only where one of them does.
        joined = "\n".join(parts)
        if not any(sign in joined for sign in _SPELLED_SIGNS):
            continue
        spelled = [word for text in parts for word in (*signed_words(text), *elided_words(text, lexicon))]
        if spelled:
            generated[weight] = [*generated.get(weight, []), *dict.fromkeys(spelled)]
    return _with_slashed(texts, guide_words(guide).expander.page(texts, generated))


def _with_slashed(texts: dict[float, list[str]], extra: list[tuple[float, list[str]]]) -> list[tuple[float, list[str]]]:
    """``extra`` with the parts of words joined by slashes ("B1/B2") that the page does not say
    alone: Pagefind reads the joined word as one, Lotse's own words (``wordforms.WORD``) as two,
    so the expander counts the parts as said."""
    parts = {weight: [p for text in chunk for p in slashed_words(text)] for weight, chunk in texts.items()}
    if not any(parts.values()):
        return extra
    alone = {fold(p) for chunk in texts.values() for text in chunk for p in unslashed_words(text)}
    added: set[str] = set()
    out = []
    for weight, found in extra:
        more = []
        for part in parts.get(weight, []):
            key = fold(part)
            if key not in alone and key not in added:
                added.add(key)
                more.append(part)
        out.append((weight, [*found, *more]))
    return out


# --- What the search page and /suche/woerter.json need --------------------------------------


PlaceKey = tuple[str, str, str]  # folded name, region label, name as written


def _count_places(counts: Counter[PlaceKey], addresses: Iterable[Address]) -> None:
    for address in addresses:
        city = address.city
        counts[(_place_key(city), address.region.label, city)] += 1
        first = _first_word(city)
        if len(first) >= 4 and first != city:
            counts[(_place_key(first), address.region.label, first)] += 1


def _offer_places(offer: Offer) -> Counter[PlaceKey]:
    counts: Counter[PlaceKey] = Counter()
    _count_places(counts, [offer.location] if offer.location is not None else [])
    _count_places(counts, (p for d in offer.dates for p in d.named_places))
    return counts


@dataclass
class PlaceCounts:
    """The live preview's counts of the places its offers name, each offer's part kept for as
    long as the guide keeps its object: after an edit only the changed offers are counted."""

    by_offer: dict[Offer, Counter[PlaceKey]] = field(default_factory=dict)
    total: Counter[PlaceKey] = field(default_factory=Counter)

    def of(self, offers: list[Offer]) -> Counter[PlaceKey]:
        previous, now = self.by_offer, {}
        delta: Counter[PlaceKey] = Counter()
        for offer in offers:
            part = previous.get(offer)
            if part is None:
                part = _offer_places(offer)
                delta.update(part)
            now[offer] = part
        if len(now) != len(previous) or delta:
            for gone in previous.keys() - now.keys():
                delta.subtract(previous[gone])
        self.by_offer = now
        if delta:
            self.total.update(delta)
            self.total = +self.total  # no place counted zero times
        return self.total


def place_names(guide: Guide, kept: PlaceCounts | None = None) -> dict[str, list[str]]:
    """Place names a visitor may type, folded, → [region label, name as written]."""
    counts = Counter(kept.of(guide.offers)) if kept is not None else Counter()
    if kept is None:
        for offer in guide.offers:
            counts.update(_offer_places(offer))
    _count_places(counts, (p.address for p in guide.advisory_points))
    places: dict[str, list[str]] = {}
    for region in guide.regions:
        # "Landkreis Esslingen", "Esslingen"; "Umland West (Garbsen, Wunstorf)", "Umland West".
        for name in {region.label, region.short_label, re.sub(r"(?i)^landkreis\s+|[-\s]?kreis$", "", region.short_label)}:
            if len(name) >= 3:
                places[_place_key(name)] = [region.label, region.label]
    for (place, region_label, name), _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        places.setdefault(place, [region_label, name])
    return dict(sorted(places.items()))


# Between the words of a place name: "Esslingen am Neckar", "Leinfelden-Echterdingen", "Eislingen/Fils".
_PLACE_WORDS = re.compile(r"[\s\-‐/]+")


# A guide names a few dozen places thousands of times: each is folded once.
@functools.lru_cache(maxsize=4096)
def _place_key(name: str) -> str:
    return " ".join(fold(w) for w in _PLACE_WORDS.split(name) if w)


@functools.lru_cache(maxsize=4096)
def _first_word(name: str) -> str:
    found = words(name)
    return found[0] if found else ""


# A town name the guide's texts use as a word is a place only from this length on: "Fellbach"
# and "Herrenberg" named in a text are towns, "Kuchen", "Korb" or "Tamm" may be a cake, a
# basket or anything else a course is about.
TOWN_AS_WORD = 7


def town_names(guide: Guide, known: dict[str, list[str]]) -> dict[str, list[str]]:
    """The towns of the guide's regions without an offer or advisory point there (not in
    ``known``, ``place_names``), and the towns next door (``_towns``), folded →
    [postal code, name]: the search page takes one typed into the search box as the place to
    measure from ("Excel Kirchheim unter Teck", "Excel Tübingen" beside the region Stuttgart).

    Towns and their postal codes are OpenStreetMap's (``places.towns``), a town's region is the
    one ``postal_codes`` in site.yaml gives its code. A town with several codes is measured
    from the one nearest their middle. A first word stands for its town when no other town
    begins with it ("Kirchheim" is two towns of the region Stuttgart, "Plüderhausen" one). A
    town of the regions goes before a town of the same name next door.
    """
    table = guide.site.postal_codes
    if not table:
        return {}
    lexicon = guide_words(guide).lexicon.pages
    found: dict[str, list[str]] = {}
    firsts: dict[str, list[list[str]]] = {}
    inside, near = _region_towns(table)
    for name, code in [*inside, *near]:
        entry = [code, name]
        for spelled, bucket in ((name, None), (_PLACE_WORDS.split(name)[0], firsts)):
            folded = _place_key(spelled)
            if folded in known or (folded in lexicon and len(folded) < TOWN_AS_WORD) or len(folded) < 4:
                continue
            if bucket is None:
                found.setdefault(folded, entry)
            elif spelled != name:
                bucket.setdefault(folded, []).append(entry)
    for folded, entries in sorted(firsts.items()):
        if len(entries) == 1 and folded not in found:
            found[folded] = entries[0]
    return dict(sorted(found.items()))


def town_codes(data: dict[str, Any]) -> dict[str, str]:
    """Every town a visitor may name for a place to measure from, folded → its postal code, from
    the search page's data (``page_data``): the guide's own places ("ortplz") and the towns of
    its regions and next door ("gemeinden"). The advisory finder takes "Ludwigsburg" as 71638."""
    codes = {name: entry[0] for name, entry in data["gemeinden"].items()}
    codes.update(data["ortplz"])
    return dict(sorted(codes.items()))


def place_codes(guide: Guide, known: dict[str, list[str]]) -> dict[str, str]:
    """The places of ``known`` (``place_names``) that are towns of the guide's regions, folded
    → the postal code nearest their middle. A place typed beside a topic that has no offer
    there is measured from it (the search page's ``nearbyFirst``: "Staplerschein Stuttgart"
    finds the course in Ludwigsburg, before those online). A region named like its main town
    ("Esslingen", "Esslingen am Neckar") is measured from that town, and so is a town the
    guide's addresses name by its first word ("Geislingen" for "Geislingen an der Steige").
    """
    table = guide.site.postal_codes
    if not table:
        return {}
    regions = dict(table)
    labels = {r.id: r.label for r in guide.regions}
    inside, _ = _region_towns(table)
    codes: dict[str, str] = {}
    for name, code in inside:
        if _place_key(name) in known:
            codes.setdefault(_place_key(name), code)
    for name, code in inside:
        first = _place_key(_PLACE_WORDS.split(name)[0])
        if first in known and first not in codes and labels.get(region_for(code, regions) or "") == known[first][0]:
            codes[first] = code
    return dict(sorted(codes.items()))


NEIGHBOURS_KM = 20  # a town outside the regions this close to one of their postal codes is next door


def _region_towns(table: dict[str, list[str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``_towns`` of site.yaml's postal_codes (cached: its argument made hashable)."""
    return _towns(tuple((region, tuple(patterns)) for region, patterns in sorted(table.items())))


@functools.lru_cache(maxsize=4)
def _towns(table: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(name, postal code to measure from) of each town whose codes ``table`` gives a region,
    and of each town of another name outside them whose postal code's centre lies within
    ``NEIGHBOURS_KM`` of one of theirs: a visitor from next door measures from home. One pass
    over the 8,000 codes (the preview asks after every edit: 50 ms, once); the neighbours are
    looked up in cells of that size, each code against its own and the next cells."""
    regions = dict(table)
    where = centroids()
    names = towns()
    cell_lat = NEIGHBOURS_KM / 111.2
    cell_lon = NEIGHBOURS_KM / (111.2 * math.cos(math.radians(55)))  # as wide as in the north, or wider

    def cell(point: tuple[float, float]) -> tuple[int, int]:
        return int(point[0] // cell_lat), int(point[1] // cell_lon)

    grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
    inside: dict[str, list[str]] = {}
    outside = []
    for code, point in where.items():
        if region_for(code, regions) is not None:
            grid.setdefault(cell(point), []).append(point)
            for name in names.get(code, ()):
                inside.setdefault(name, []).append(code)
        elif code in names:
            outside.append(code)
    near: dict[str, list[str]] = {}
    for code in outside:
        point = where[code]
        row, column = cell(point)
        around = (q for dr in (-1, 0, 1) for dc in (-1, 0, 1) for q in grid.get((row + dr, column + dc), ()))
        if any(distance_km(point, q) <= NEIGHBOURS_KM for q in around):
            for name in names[code]:
                if name not in inside:
                    near.setdefault(name, []).append(code)
    return _measured(inside, where), _measured(near, where)


def _measured(by_name: dict[str, list[str]], where: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    """Each town with the one of its postal codes nearest their middle, by name."""
    out = []
    for name, codes in sorted(by_name.items()):
        middle = (sum(where[c][0] for c in codes) / len(codes), sum(where[c][1] for c in codes) / len(codes))
        out.append((name, min(codes, key=lambda c: (distance_km(where[c], middle), c))))
    return out


def page_data(guide: Guide, places_counted: PlaceCounts | None = None) -> dict[str, Any]:
    """The search page's own data: places → regions, postal codes → regions, towns without
    offers → postal codes, the school holidays of the guide's Land (or Länder), the
    vocabulary's URL.

    ``places_counted``: the live preview's counts, kept from edit to edit."""
    labels = {r.id: r.label for r in guide.regions}
    known = place_names(guide, places_counted)
    return {
        "orte": known,
        "plz": {labels[region]: list(patterns) for region, patterns in guide.site.postal_codes.items() if region in labels},
        # The sort key by start in each region (``offer_record``), for the order with one region chosen.
        "beginnsortierung": {r.label: region_start_key(r.id) for r in guide.regions},
        "gemeinden": town_names(guide, known),
        "ortplz": place_codes(guide, known),
        "ferien": {name: [[first.isoformat(), last.isoformat()] for first, last in spans] for name, spans in guide.school_holidays.items()},
        "woerter": guide.urls.link(urls.SEARCH_WORDS),
        "preisstufen": PRICE_STEPS,
        # A level word beside a topic ("Excel für Anfänger") is set aside when no offer of that
        # level is about the topic (suche.js ``levelAside``).
        "niveauwoerter": sorted({word for words in LEVEL_WORDS.values() for word in words}),
        **holiday_lands(guide),
        # The words of the guide's topic labels: one the page would drop as a word every offer
        # page shows ("Sprachen", "Themen") is searched when a topic is called so.
        "themenwoerter": sorted({word for term in guide.topics for word in re.findall(r"[^\W\d_]+", term.label)}),
        # The words of the terms of more than one word in the synonym groups and broader terms
        # ("Fremdsprache" of "Deutsch als Fremdsprache"): only a query with one of them is
        # looked at for pages that have it only inside such a term (suche.js ``termOnly``).
        "begriffswoerter": sorted({word.casefold() for word in re.findall(r"[^\W\d_]+", " ".join(_terms(guide))) if len(word) >= 3}),
        # The programmes by the names people type for them, and the Förder-Check: a query that
        # names one opens with its page, one that asks who pays with the check (suche.js
        # ``namedPage``).
        "foerderung": funding_data(guide),
    }


def holiday_lands(guide: Guide) -> dict[str, Any]:
    """Where the guide's regions lie in several Länder: each Land's school holidays
    (``ferienlaender``), each region's Land by its label (``regionland``, the region filter's
    values) and site.yaml's Land (``ferienland``, None: all of them). The search takes those
    of the regions chosen, else the site's, else all (suche.js ``holidayLands``); nothing for
    a guide in one Land, whose ``ferien`` say it all."""
    if not guide.school_holidays_by_land:
        return {}
    return {
        "ferienlaender": {
            land: {name: [[first.isoformat(), last.isoformat()] for first, last in spans] for name, spans in table.items()}
            for land, table in guide.school_holidays_by_land.items()
        },
        "regionland": {r.label: land for r in guide.regions if (land := guide.land_of(r))},
        "ferienland": guide.site.state,
    }


def programme_names(guide: Guide, term: Term) -> list[str]:
    """What people call a programme: its label; the label's parts before and in a bracket
    ("Qualifizierungschancengesetz" of "Weiterbildung Beschäftigter (Qualifizierungschancengesetz,
    § 82 SGB III)"); the label without the Land it holds for ("Bildungszeit" of "Bildungszeit
    Baden-Württemberg"); its id ("weiterbildungsgeld"); and the other members of a synonym group
    that holds one of these ("Meister-BAföG" for "Aufstiegs-BAföG", "Bildungsurlaub")."""
    label = term.label
    names = [label, *(part.strip() for part in re.split(r"[(),;]", label) if part.strip())]
    state = getattr(term.record, "state", None)
    if state and label.endswith(" " + state):
        names.append(label[: -len(state) - 1].strip())
    names.append(term.id.replace("-", " "))
    keys = {_name_key(n) for n in names}
    for group in guide.synonyms:
        if any(_name_key(member) in keys for member in group):
            names += group
    by_key: dict[str, str] = {}
    for name in names:
        if _name_key(name):
            by_key.setdefault(_name_key(name), name)
    return list(by_key.values())


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(name))


def funding_data(guide: Guide) -> dict[str, Any] | None:
    """The programmes' pages with their names, and the Förder-Check's page; None without programmes."""
    programmes = [t for t in guide.funding if t.page_url and not t.expired]
    if not programmes:
        return None
    link = guide.urls.link
    return {
        "programme": [{"title": t.label, "url": t.page_url, "namen": programme_names(guide, t)} for t in programmes],
        "check": {"title": "Förder-Check", "url": link(urls.FUNDING_CHECK)},
        "uebersicht": {"title": "Förderung", "url": link(urls.FUNDING)},
    }


def preload(guide: Guide) -> list[str]:
    """What the search page asks for first, besides Pagefind's script: its WebAssembly for the
    guide's language (fetched while suche.js is still on its way). Not its entry file:
    Pagefind asks for that with '?ts=' and the time, so a preload of it was never used (the
    browser warned, and it was fetched twice)."""
    language = guide.site.language or "de"
    return [guide.urls.link(urls.search_wasm(language))]


def _terms(guide: Guide) -> list[str]:
    """The terms of more than one word in the guide's synonym groups and its broader terms, sorted."""
    return sorted({" ".join(word.split()) for group in [*guide.synonyms, *(
        (term, *narrower) for term, narrower in guide.broader)] for word in group if len(word.split()) > 1})


def vocabulary_json(guide: Guide) -> bytes:
    """/suche/woerter.json: loaded by the search page only when a query finds little or nothing."""
    link = guide.urls.link
    data = {
        "woerter": guide_words(guide).lexicon.vocabulary(VOCABULARY_LIMIT),
        "englisch": english_words(guide_words(guide).lexicon),
        # The terms of more than one word in the guide's synonym groups and its broader terms
        # ("Soft Skills"): their words are no answer alone where they only begin other words
        # (suche.js ``apartFromTerm``).
        "phrasen": _terms(guide),
        # The broader terms: what they mean is their narrower words, so a visitor's broader term
        # is not loosened to a part of it ("Fremdsprachen" is no "Sprachen": suche.js ``looser``).
        "oberbegriffe": sorted({" ".join(term.split()) for term, _ in guide.broader}),
        "themen": [{"label": t.label, "url": t.page_url} for t in guide.topics],
        "beratung": [
            {"name": p.name, "url": p.page_url, "ort": p.address.city, "region": p.address.region.label,
             "telefon": p.phone or "", "art": p.kind}
            for p in guide.advisory_points
        ],
        "start": link(urls.ADVICE),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
