"""Step 3: the guide as visitors see it, built from valid records.

References are resolved into objects, Markdown into safe HTML, the publishing rules are
applied for ``today``, and every list is sorted, so the later steps only read.
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from . import eligibility, records, urls
from .german import (
    clock,
    date_de,
    date_short,
    format_money,
    format_number,
    join_de,
    land,
    span_in_days,
    span_words,
    time_words,
    weekday_de,
    weekdays_words,
)
from .languages import language_name, written_in
from .load import parse_table
from .markup import LazyHtml, MarkdownRenderer
from .urls import Urls
from .validate import Valid, school_holiday_rows
from .wordforms import Broader, builtin_broader, builtin_synonyms, merged_broader, merged_synonyms

FORMAT_LABELS = records.FORMAT_LABELS
LEVEL_LABELS = {"einstieg": "Einstieg", "aufbau": "Aufbau", "experte": "Experte"}
KIND_LABELS = {
    "weiterbildungsberatung": "Weiterbildungsberatung",
    "arbeitsagentur": "Agentur für Arbeit / Jobcenter",
    "kammer": "Kammer",
    "gewerkschaft": "Gewerkschaft",
    "kommune": "Kommune",
    "hochschule": "Hochschule",
    "sonstige": "Sonstige Beratung",
}
APPOINTMENT_LABELS = {
    "none": "Ohne Termin – kommen Sie einfach vorbei.",
    "recommended": "Termin empfohlen.",
    "required": "Nur mit Termin.",
}
SERVICE_LABELS = {"vor-ort": "Vor Ort", "telefon": "Telefon", "online": "Online", "aufsuchend": "Aufsuchend (wir kommen zu Ihnen)"}
VAT_LABELS = {"enthalten": "inkl. MwSt.", "befreit": "umsatzsteuerfrei", "zuzueglich": "zzgl. MwSt."}
PER_LABELS = {"person": "pro Person", "gruppe": "pro Gruppe"}
MODE_LABELS = {"vollzeit": "Vollzeit", "teilzeit": "Teilzeit", "berufsbegleitend": "berufsbegleitend"}
WEEKDAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
WEEKDAY_LABELS = {"mo": "Montag", "di": "Dienstag", "mi": "Mittwoch", "do": "Donnerstag", "fr": "Freitag", "sa": "Samstag", "so": "Sonntag"}


# Lists the guide fills from other records on every build (a term's or a provider's offers,
# a term's advisory points): what a page shows of them can change while their owner stays
# the same object, so the live preview notes which of them each page read (incremental.py).
FILLED_LISTS = frozenset({"offers", "advisory_points"})
FilledList = tuple[str, str, str]  # (owner kind, owner id, attribute)


@dataclass(eq=False)
class Term:
    """A topic, region, audience or funding programme. Every other field of its declaration
    (``records.FundingTerm`` for programmes: ``term.rates``, ``term.as_of`` …) is read from
    its record as declared."""

    id: str
    kind: str
    label: str
    description_html: LazyHtml
    url: str | None
    page_url: str | None
    path: str | None
    offers: list[Offer] = field(default_factory=list)
    advisory_points: list[AdvisoryPoint] = field(default_factory=list)
    record: records.Term | None = None
    expired: bool = False  # a programme whose valid_until lies before the guide's day

    def left_out_by(self, offers: list[Offer]) -> list[Offer]:
        """Those of ``offers`` that leave this programme out (``excluded_funding``): a provider's
        page says its recognition does not hold for them. (The template hands over
        ``provider.offers``, so the live preview knows the page shows them.)"""
        return [o for o in offers if self.id in o.record.excluded_funding]

    @functools.cached_property
    def short_label(self) -> str:
        """The label without what a bracket at its end adds: "Umland West (Garbsen, Wunstorf)"
        -> "Umland West", for "Garbsen (Umland West)" beside a town."""
        return re.sub(r"\s*\([^()]*\)$", "", self.label) or self.label

    if TYPE_CHECKING:  # the declared fields of a programme, added below (_read_declared_fields)

        def __getattr__(self, name: str) -> Any: ...


@dataclass(eq=False)
class Address:
    street: str
    postal_code: str
    city: str
    region: Term
    name: str | None = None
    accessibility: records.Accessibility | None = None

    @functools.cached_property
    def region_aside(self) -> str | None:
        """The region beside the city on a card ("Nürtingen (Esslingen)"), unless the city names
        it already: "Esslingen am Neckar", or "Singen (Hohentwiel)" in the region so called."""
        short = self.region.short_label
        if self.city == self.region.label or re.search(rf"(?<!\w){re.escape(short)}(?!\w)", self.city, re.IGNORECASE):
            return None
        return short


@dataclass(eq=False)
class Price:
    """A price as visitors read it: an amount (0 is free of charge) or "auf Anfrage"."""

    amount: Decimal | None
    on_request: bool
    vat: str | None
    per: str
    note: str | None

    @property
    def is_free(self) -> bool:
        return self.amount == 0

    @property
    def label(self) -> str:
        if self.amount is None:
            return "Preis auf Anfrage"
        return "kostenfrei" if self.amount == 0 else format_money(self.amount)

    @property
    def vat_label(self) -> str | None:
        return VAT_LABELS.get(self.vat) if self.vat else None

    @property
    def per_label(self) -> str:
        return PER_LABELS[self.per]


def said_words(text: str | None) -> str:
    """What ``same_words`` compares of a text: its words, spaces, case and a closing full stop aside."""
    return " ".join((text or "").split()).lower().rstrip(" .…!:;")  # as lotse-vorschau.js sameWords


def same_words(a: str | None, b: str | None) -> bool:
    """Whether two texts say the same words: spaces, case and a closing full stop aside."""
    said = said_words(a)
    return bool(said) and said == said_words(b)


def session_minutes(time: str | None) -> int | None:
    """Length of one session of a date's ``time`` ('08:30-16:30' is 480); None without an end time."""
    if not time or "-" not in time:
        return None
    start, end = (int(t[:2]) * 60 + int(t[3:]) for t in time.split("-"))
    return end - start


T = TypeVar("T")


class _Unset(enum.Enum):
    """The value of a ``kept`` property's field before its first reading (an enum member, so
    that it survives pickling as itself)."""

    UNSET = 0


UNSET = _Unset.UNSET


class kept(Generic[T]):
    """Like ``functools.cached_property``, but keeping the value in the declared field
    ``_<name>`` (``field(default=UNSET, init=False, repr=False)``) instead of adding it to the
    instance's ``__dict__``.

    A key added after ``__init__`` turns an instance's compact, shared-key attributes into a
    dict of its own: for a date, about 1.8 KB once a page read its schedule. At 10,000 offers
    with 20 dates each, every render worker carried 350 MB of such dicts (a field set in
    ``__init__`` is only overwritten, ``tests/test_model.py``)."""

    def __init__(self, function: Callable[[Any], T]):
        self.function = function
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = f"_{name}"

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> kept[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | kept[T]:
        if instance is None:
            return self
        value = getattr(instance, self.field)
        if value is UNSET:
            value = self.function(instance)
            setattr(instance, self.field, value)
        return value


def _keeps() -> Any:
    """The field of a ``kept`` property."""
    return field(default=UNSET, init=False, repr=False)


@dataclass(eq=False, slots=True)
class OfferDate:
    start: date
    end: date | None
    time: str | None
    days: list[str]
    schedule: str | None
    mode: str | None
    location: Address | None  # this date's own place (replaces the offer's)
    price: Price | None  # this date's own price (replaces the offer's)
    note: str | None
    registration_deadline: date | None
    seats_available: int | None
    is_past: bool
    late_entry: bool = False  # entry after the start is possible (declared, or the offer is on demand)
    started: bool = False  # began before today
    deadline_passed: bool = False  # its registration deadline is over
    joinable: bool = False  # can still be joined today: not begun with registration open, or running with late entry
    place: Address | None = None  # where it takes place: its own location, else the offer's
    also_at: list[Address] = field(default_factory=list)  # further places of this same run (``also_at``)
    is_next: bool = False
    # An upcoming date's key among the offer's (``calendar_keys``): its calendar event's UID
    # and its own calendar file, ``ics_url``.
    calendar_key: str | None = None
    ics_url: str | None = None
    # The values of its ``kept`` properties once read.
    _meeting_days: Any = _keeps()
    _session_minutes: Any = _keeps()
    _schedule_words: Any = _keeps()
    _schedule_lines: Any = _keeps()
    _cities: Any = _keeps()

    @property
    def sold_out(self) -> bool:
        return self.seats_available == 0

    @property
    def places(self) -> list[Address]:
        """Every place of this run: ``place`` first, then its further places (``also_at``)."""
        return [*([self.place] if self.place is not None else []), *self.also_at]

    @property
    def named_places(self) -> list[Address]:
        """The places it names itself: its own location and its further places (not the offer's location)."""
        return [*([self.location] if self.location is not None else []), *self.also_at]

    @kept
    def cities(self) -> str | None:
        """The towns of its places in words ("Stuttgart und Esslingen am Neckar"); None without a
        place. Kept once worked out (its places are fixed): the page's table of dates, the card,
        the month lists and the search record each ask for it."""
        return join_de(list(dict.fromkeys(p.city for p in self.places))) or None

    @property
    def last_day(self) -> date:
        return self.end or self.start

    @property
    def running(self) -> bool:
        return self.started and not self.is_past

    @property
    def mode_label(self) -> str | None:
        return MODE_LABELS.get(self.mode) if self.mode else None

    @kept
    def meeting_days(self) -> list[str]:
        """The weekdays it meets: ``days`` as declared. Without them a full-time date
        (``mode: vollzeit``, or sessions of five hours and more) that begins and ends on working
        days meets Monday to Friday (a Thursday-to-Wednesday block skips the weekend); any
        other date of up to a week meets on every day it spans; for a longer one the days are
        unknown (empty)."""
        if self.days:
            return self.days
        span = (self.last_day - self.start).days + 1
        full_time = self.mode == "vollzeit" or (self.session_minutes or 0) >= 300
        working = full_time and self.start.weekday() < 5 and self.last_day.weekday() < 5
        if span <= 7:
            seen = {(self.start + timedelta(days=n)).weekday() for n in range(span)}
            return [WEEKDAYS[n] for n in sorted(seen) if n < 5 or not working]
        return WEEKDAYS[:5] if working else []

    @property
    def first_meeting(self) -> date:
        """The first day from the start on which it meets (``meeting_days``); its start if
        none does within a week of it or before its end."""
        for n in range(min(7, (self.last_day - self.start).days + 1)):
            day = self.start + timedelta(days=n)
            if WEEKDAYS[day.weekday()] in self.meeting_days:
                return day
        return self.start

    @kept
    def session_minutes(self) -> int | None:
        """Length of one session from ``time`` ('08:30-16:30' is 480); None without an end time."""
        return session_minutes(self.time)

    @kept
    def schedule_words(self) -> str | None:
        """When it meets, in words: 'dienstags, 18:30–21:00 Uhr', 'Mo–Fr, 8:30–16:30 Uhr'.
        Kept once worked out: a date's schedule is read by its page, card, calendar file,
        structured data and search record, 20 times an offer."""
        parts = [weekdays_words(self.days) if self.days else "", time_words(self.time)]
        return ", ".join(p for p in parts if p) or None

    @kept
    def schedule_lines(self) -> list[str]:
        """``schedule_words``, ``schedule`` and ``mode_label``, each that says something the
        others do not: a schedule text that names the days and hours ("samstags 8–14 Uhr,
        berufsbegleitend" beside days [sa] and 08:00-14:00) is kept as the editor wrote it,
        without the same in Lotse's words, and the mode it names is not said again."""
        text = (self.schedule or "").casefold()
        words = self.schedule_words
        if words and text and _names_days(text, self.days) and _names_hours(text, self.time):
            words = None
        mode = self.mode_label
        if mode and mode.casefold() in text:
            mode = None
        return [part for part in (words, self.schedule, mode) if part]

    @property
    def span_label(self) -> str | None:
        """How long it runs: '1 Tag', '5 Tage', '10 Wochen', '2 Jahre'. Within two weeks and with
        its ``days`` declared, the days it meets: two weekends (Saturday and Sunday, 20 to 28
        February) are '4 Tage', not the 9 from first to last.

        Without an ``end``, '1 Tag' only for one session: hours with an end ("18:00-20:00") and
        no weekdays, as editors write an evening or a seminar day. A start alone says nothing
        of how long a course runs (a catalogue often sends only the start of a course of
        weeks): None, and the page claims no duration."""
        if self.end is None and (self.days or not self.time or "-" not in self.time):
            return None
        span = (self.last_day - self.start).days + 1
        if self.days and 1 < span <= 13:
            meets = sum(WEEKDAYS[(self.start + timedelta(days=n)).weekday()] in self.days for n in range(span))
            return "1 Tag" if meets == 1 else f"{meets} Tage"
        return span_words(self.start, self.last_day)


def calendar_keys(dates: list[OfferDate]) -> list[str]:
    """Stable keys of upcoming dates: the day each begins (20270118); runs beginning on the
    same day at different places or in full and part time stay apart by postal code and mode
    (20270118-73033-vollzeit), and a true repeat gets a number (20270118-2)."""
    seen: dict[str, int] = {}
    keys = []
    for when in dates:
        base = f"{when.start:%Y%m%d}"
        base += f"{'-' + when.location.postal_code if when.location else ''}{'-' + when.mode if when.mode else ''}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(f"{base}{'' if seen[base] == 1 else '-' + str(seen[base])}")
    return keys


def _names_days(text: str, days: list[str]) -> bool:
    """Whether a schedule text (folded) names each of ``days`` ("samstags", "Sa")."""
    return all(WEEKDAY_LABELS[day].casefold() in text or re.search(rf"(?<![a-zäöüß]){day}(?![a-zäöüß])", text) for day in days)


def _names_hours(text: str, time: str | None) -> bool:
    """Whether a schedule text names the times of ``time`` ("8–14 Uhr" for "08:00-14:00")."""
    if not time:
        return True
    said = {(int(h), int(m or 0)) for h, m in re.findall(r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?(?!\d)", text)}
    return all((int(t[:2]), int(t[3:5])) in said for t in time.split("-"))


@dataclass(eq=False)
class ContactInfo:
    name: str | None
    email: str | None
    phone: str | None
    from_provider: bool


@dataclass(eq=False)
class Recognition:
    """A provider's recognition for a funding programme that holds on the guide's day."""

    term: Term
    valid_until: date | None
    reference: str | None


@dataclass(eq=False)
class Provider:
    record: records.Provider
    id: str
    path: str
    page_url: str
    description_html: LazyHtml
    address: Address | None
    offers: list[Offer] = field(default_factory=list)
    recognised: list[Recognition] = field(default_factory=list)  # valid today; its offers inherit them

    if TYPE_CHECKING:  # the declared fields, added below (_read_declared_fields)

        def __getattr__(self, name: str) -> Any: ...


@dataclass(eq=False)
class Offer:
    """A published offer as pages show it.

    References are resolved (``topics``, ``provider`` …), Markdown is HTML, dates know whether
    they are past. Every other field of the declaration (``records.Offer``) is read from the
    record as it is: ``offer.title``, ``offer.certificate``, a new optional field.
    """

    record: records.Offer
    id: str
    path: str
    page_url: str
    ics_url: str | None
    description_html: LazyHtml
    prerequisites_html: LazyHtml
    topics: list[Term]
    audiences: list[Term]
    languages: list[tuple[str, str]]
    location: Address | None
    dates: list[OfferDate]
    price: Price
    # Its own programmes and those it inherits from its provider's recognitions (less
    # ``excluded_funding``): best fit to its audiences first (``eligibility.fit_rank``), then
    # its own as named, then the inherited.
    funding: list[Term]
    contact: ContactInfo
    provider: Provider
    today: date = date.min  # the day its dates were judged on
    funding_via_provider: list[Term] = field(default_factory=list)  # the inherited ones among ``funding``
    origin: Offer | None = None  # the offer a region's view of it shows (``by_region``)

    if TYPE_CHECKING:  # the declared fields, added below (_read_declared_fields)

        def __getattr__(self, name: str) -> Any: ...

    @property
    def level_label(self) -> str | None:
        return LEVEL_LABELS.get(self.level) if self.level else None

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.format]

    @property
    def region(self) -> Term | None:
        return self.location.region if self.location else None

    @functools.cached_property
    def regions(self) -> list[Term]:
        """The regions of its place and of its upcoming dates' own places (fixed for a day)."""
        places = [self.location, *(p for d in self.dates if not d.is_past for p in d.named_places)]
        return list({id(a.region): a.region for a in places if a is not None}.values())

    @functools.cached_property
    def text_language(self) -> str | None:
        """The language its title, summary and description are written in when it is not the
        site's (a course taught in English and described in English): the page marks them
        with ``lang``, so a screen reader reads them in that language. None otherwise."""
        codes = [code for code, _ in self.languages]
        if codes == ["de"] or not codes:
            return None
        return written_in(" ".join((self.title, self.summary or "", self.record.description or "")), codes)

    @functools.cached_property
    def lead(self) -> str | None:
        """Its summary, shown under the title, unless it only repeats the title: a catalogue
        without any text of a course (an Open-vhs event with no ``text``) gives the importer
        nothing but the title for both, and the page would say it twice."""
        return None if same_words(self.summary, self.title) else self.summary

    @functools.cached_property
    def description_repeats(self) -> bool:
        """Whether its description says only what the title or the summary above it already
        says (as above, or an editor's one-sentence offer): the page leaves it out."""
        # The description read once (``same_words`` twice read it four times, for every offer).
        said = said_words(self.record.description)
        return bool(said) and (said == said_words(self.title) or said == said_words(self.summary))

    @functools.cached_property
    def by_region(self) -> dict[str, Offer]:
        """The offer as a list of one region shows it, when its upcoming dates take place in
        several: only the dates there (a forklift course in three towns is listed in each
        region with its next date in that region, not with the first date anywhere). Made
        once per offer object, so a list's card of it is the same object every time."""
        if len(self.regions) < 2 or self.origin is not None:
            return {}
        views = {}
        for region in self.regions:
            there = [d for d in self.dates if any(p.region.id == region.id for p in d.places)]
            if there and len(there) < len(self.dates):  # none there: its place's region lists it whole
                views[region.id] = dataclasses.replace(self, dates=there, origin=self)
        return views

    def in_region(self, region: Term) -> Offer:
        """This offer as the list of ``region`` shows it (``by_region``)."""
        return self.by_region.get(region.id, self)

    @functools.cached_property
    def upcoming_dates(self) -> list[OfferDate]:
        """Its dates that are not over (fixed for a day, like ``regions``): kept once worked out,
        as the page, its calendar files, structured data and search record ask for them some
        twenty times an offer. The list is shared: read it, never change it."""
        return [d for d in self.dates if not d.is_past]

    @property
    def past_dates(self) -> list[OfferDate]:
        return [d for d in self.dates if d.is_past]

    @functools.cached_property
    def next_date(self) -> OfferDate | None:
        """The next date that can still be joined and has seats (or does not say): not begun
        with registration open, or running with late entry. Fixed for a day, like the dates."""
        return next((d for d in self.dates if d.joinable and not d.sold_out), None)

    @functools.cached_property
    def next_open(self) -> OfferDate | None:
        """The next date that can still be joined, booked out or not."""
        return next((d for d in self.dates if d.joinable), None)

    @property
    def booked_before(self) -> list[OfferDate]:
        """Joinable dates before ``next_date`` that are booked out (all of them without one)."""
        nxt = self.next_date
        return [d for d in self.dates if d.joinable and d.sold_out and (nxt is None or d.start <= nxt.start) and d is not nxt]

    @property
    def running_date(self) -> OfferDate | None:
        """A date that has begun and not ended (joinable only with late entry)."""
        return next((d for d in self.dates if d.running), None)

    @property
    def start_dates(self) -> list[date]:
        """The days on which one of its dates begins, from today on (every upcoming start)."""
        return list(dict.fromkeys(d.start for d in self.dates if not d.started))

    @property
    def joinable(self) -> bool:
        """Something to begin: a joinable date, a start any time, or dates on request."""
        return self.next_open is not None or self.on_demand or self.dates_on_request

    @property
    def has_free_seats(self) -> bool:
        return self.next_date is not None or self.on_demand or self.dates_on_request

    @functools.cached_property
    def is_online(self) -> bool:
        """Asked for every offer by several lists on each plan (kept offers answer at once)."""
        return self.format == "online"

    @property
    def own_places(self) -> bool:
        """Whether some upcoming date takes place somewhere else than the offer's location, or at
        further places too (``also_at``)."""
        return any(d.location is not None or d.also_at for d in self.upcoming_dates)

    @property
    def own_prices(self) -> bool:
        """Whether some upcoming date has a price of its own."""
        return any(d.price is not None for d in self.upcoming_dates)

    @property
    def span_label(self) -> str | None:
        """How long the next joinable date runs ('10 Wochen'), for the card when no duration is declared."""
        when = self.next_open or next(iter(self.upcoming_dates), None)
        return when.span_label if when is not None else None

    @property
    def shown_date(self) -> OfferDate | None:
        """The date a card speaks of: the next with seats, else the next joinable, else the first upcoming."""
        return self.next_date or self.next_open or next(iter(self.upcoming_dates), None)

    # The facts of its card (when, booked, price, times, duration) are kept once worked out,
    # like the dates they are read from: its page, card, catalogue entry, search record and
    # offer API each show them, some five times an offer.

    @functools.cached_property
    def when_label(self) -> str:
        """When one can begin, in words: 'Mo, 11. Januar 2027', 'läuft seit 6. November 2026,
        Einstieg möglich', 'Beginn jederzeit', 'Termine auf Anfrage' …"""
        when = self.next_date or self.next_open
        if when is not None:
            if when.started:
                return f"läuft seit {date_de(when.start)}, Einstieg möglich"
            return f"{weekday_de(when.start)}, {date_de(when.start)}"
        if self.on_demand:
            return "Beginn jederzeit"
        running = self.running_date
        if running is not None:
            return f"läuft seit {date_de(running.start)}, kein Einstieg mehr"
        closed = next(iter(self.upcoming_dates), None)
        if closed is not None:
            return f"{weekday_de(closed.start)}, {date_de(closed.start)} (Anmeldeschluss vorbei)"
        return "Termine auf Anfrage"

    @functools.cached_property
    def booked_label(self) -> str | None:
        """'ausgebucht' when every joinable date is booked out; 'Termin am 11.01.2027
        ausgebucht' when an earlier date is, before the shown one with seats."""
        booked = self.booked_before
        if not booked:
            return None
        if self.next_date is None:
            return "ausgebucht"
        days = ", ".join(date_short(d.start) for d in booked)
        return f"{'Termin' if len(booked) == 1 else 'Termine'} am {days} ausgebucht"

    @property
    def place_label(self) -> str:
        """Where: 'Online', the city of the shown date's place (its towns, for a run at several
        places: 'Stuttgart und Esslingen am Neckar'), or 'Ort auf Anfrage'."""
        return self.place_label_of(self.shown_date)

    def place_label_of(self, when: OfferDate | None) -> str:
        """``place_label`` for the date ``when``."""
        if self.is_online:
            return "Online"
        if when is not None and when.place is not None:
            return when.cities or when.place.city
        return self.location.city if self.location is not None else "Ort auf Anfrage"

    @property
    def shown_price(self) -> Price:
        """The price of the shown date (its own, else the offer's)."""
        return self.price_of(self.shown_date)

    def price_of(self, when: OfferDate | None) -> Price:
        """The price of the date ``when``: its own, else the offer's."""
        return when.price if when is not None and when.price is not None else self.price

    @functools.cached_property
    def price_facts(self) -> str:
        """'490 € inkl. MwSt.', '1.200 € pro Gruppe zzgl. MwSt.', 'Preis auf Anfrage'."""
        return self.price_facts_of(self.shown_date)

    def price_facts_of(self, when: OfferDate | None) -> str:
        """``price_facts`` for the date ``when`` (``price_of``)."""
        price = self.price_of(when)
        parts = [price.label]
        if price.amount:
            if price.per != "person":
                parts.append(price.per_label)
            if price.vat_label:
                parts.append(price.vat_label)
        return " ".join(parts)

    @functools.cached_property
    def schedule_label(self) -> str | None:
        """When the shown date meets and how: 'dienstags, 18:30–21:00 Uhr · berufsbegleitend'."""
        return self.schedule_label_of(self.shown_date)

    def schedule_label_of(self, when: OfferDate | None) -> str | None:
        """``schedule_label`` for the date ``when``."""
        if when is None:
            return None
        parts = [when.schedule_words or when.schedule, when.mode_label]
        return " · ".join(p for p in parts if p) or None

    def session_minutes(self, when: OfferDate) -> int | None:
        """Length of one session of ``when``: from its time ('08:30-16:30' is 480); for a
        one-day date with a start time only, the offer's hours (up to 12), else None. The
        calendar file and the JSON-LD schedule both say this."""
        if when.session_minutes is not None:
            return when.session_minutes
        hours = self.duration_hours
        if when.time and when.last_day == when.start and hours is not None and 0 < hours <= 12:
            return int(hours * 60)
        return None

    @property
    def duration_hours(self) -> Decimal | None:
        return self.record.duration.hours if self.record.duration else None

    @property
    def duration_text(self) -> str | None:
        return self.record.duration.text if self.record.duration else None

    @property
    def duration_days(self) -> Decimal | None:
        """The calendar days ``duration_text`` says the course runs, where that is all it says
        ("2 Tage", "ca. 3 Wochen"; ``german.span_in_days``)."""
        return span_in_days(self.duration_text)

    @property
    def price_amount(self) -> Decimal | None:
        return self.price.amount

    @property
    def price_note(self) -> str | None:
        return self.price.note

    @property
    def is_free(self) -> bool:
        return self.price.is_free

    @property
    def price_label(self) -> str:
        return self.price.label

    @functools.cached_property
    def duration_label(self) -> str | None:
        parts = []
        hours = self.duration_hours
        if hours is not None:
            parts.append(f"{format_number(hours)} Stunde" if hours == 1 else f"{format_number(hours)} Stunden")
        if self.duration_text:
            parts.append(self.duration_text)
        return " · ".join(parts) or None

    @functools.cached_property
    def for_groups(self) -> bool:
        """A company can book it for its staff: in-house (``inhouse``) or priced per group."""
        return self.record.inhouse or self.price.per == "gruppe"

    @functools.cached_property
    def sort_title(self) -> str:
        """The title as lists order it (case folded), worked out once."""
        return self.title.casefold()

    @functools.cached_property
    def sort_key(self) -> tuple[int, date, str, str]:
        """Next joinable start first (a running date with late entry counts as today), then
        dates that are booked out, then starts any time, then the rest; then by title (fixed
        for a day)."""
        title = (self.sort_title, self.id)
        nxt = self.next_date
        if nxt is not None:
            return (0, max(nxt.start, self.today), *title)
        booked = self.next_open
        if booked is not None:
            return (1, max(booked.start, self.today), *title)
        if self.on_demand:
            return (2, self.today, *title)
        return (3, date.max, *title)


def _read_declared_fields(cls: type, record: type[records.Record]) -> None:
    """Give ``cls`` a read-only attribute for every field of ``record`` it does not resolve
    itself, read from the instance's ``record``: a field added to the declaration reaches
    the templates without a line here. (Properties, not ``__getattr__``: templates read
    these attributes hundreds of thousands of times per build.)"""
    own = {f.name for f in dataclasses.fields(cls)} | set(vars(cls))
    for name in record.model_fields:
        if name not in own:
            setattr(cls, name, property(operator.attrgetter(f"record.{name}"), doc=f"``{record.__name__}.{name}`` as declared"))


_read_declared_fields(Provider, records.Provider)
_read_declared_fields(Offer, records.Offer)
# A programme's fields (``term.rates``, ``term.as_of`` …); other kinds' records lack them.
_read_declared_fields(Term, records.FundingTerm)


@dataclass(eq=False)
class AdvisoryPoint:
    id: str
    path: str
    page_url: str
    name: str
    organisation: str
    kind: str
    description_html: LazyHtml
    address: Address
    geo: records.Geo | None
    phone: str | None
    email: str | None
    url: str | None
    hours: list[records.OpeningHours]
    opening_note: str | None
    appointment: str | None
    services: list[tuple[str, str]]
    topics: list[Term]
    audiences: list[Term]
    languages: list[tuple[str, str]]
    free_of_charge: bool
    accessibility: records.Accessibility | None
    updated: date

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def appointment_label(self) -> str | None:
        return APPOINTMENT_LABELS.get(self.appointment) if self.appointment else None

    @property
    def opening_hours(self) -> list[tuple[str, str]]:
        rows = []
        for day in WEEKDAYS:
            spans = sorted((h.opens, h.closes) for h in self.hours if day in h.days)
            if spans:
                rows.append((WEEKDAY_LABELS[day], ", ".join(f"{clock(a)}–{clock(b)}" for a, b in spans)))
        return rows


@dataclass(eq=False)
class EditorialPage:
    slug: str
    path: str
    page_url: str
    title: str
    description: str | None
    nav_order: int | None
    body_html: LazyHtml


@dataclass
class NavItem:
    title: str
    url: str


@dataclass(eq=False)
class Changes:
    """How a guide's published offers differ from the guide it follows (the live preview's)."""

    before: list[Offer]  # the published offers of that guide
    fresh: list[Offer]  # published offers made anew (new, or their record or provider changed)
    gone: list[Offer]  # published offers of that guide not in this one


@dataclass(eq=False)
class Guide:
    """Everything the site shows, published and sorted."""

    site: records.Site
    today: date
    urls: Urls
    topics: list[Term]
    regions: list[Term]
    audiences: list[Term]
    funding: list[Term]
    providers: list[Provider]
    advisory_points: list[AdvisoryPoint]
    offers: list[Offer]  # published only, next start first
    all_offers: dict[str, Offer]
    pages: list[EditorialPage]
    nav: list[NavItem]
    synonyms: list[list[str]] = field(default_factory=list)  # content/search.yaml
    broader: list[Broader] = field(default_factory=list)  # broader terms → narrower words (content/search.yaml)
    # The school holidays of site.yaml's Land by name, (first, last) days in order: Lotse's
    # table with content/schulferien.csv over it (``school_holidays``).
    school_holidays: dict[str, list[tuple[date, date]]] = field(default_factory=dict)
    # Where the regions lie in more than one Land (``lands``): each Land's school holidays as
    # above, for the search to take the chosen regions' ("in den Sommerferien"); else empty.
    # Without site.yaml's ``state``, ``school_holidays`` then holds all of them (``spanning``).
    school_holidays_by_land: dict[str, dict[str, list[tuple[date, date]]]] = field(default_factory=dict)
    # The same object from one guide to the next while the site, taxonomies, day, base URL,
    # advisory points and editorial pages stay as they were (``GuideMemory``): the objects
    # made of them are then kept too, so the live preview keeps what it planned from them.
    frame: object = field(default_factory=object)
    changes: Changes | None = None  # against the guide before, when made with the same ``GuideMemory``

    def published(self, offer_id: str) -> bool:
        return any(o.id == offer_id for o in self.offers)

    def land_of(self, region: Term | None) -> str | None:
        """The Land ``region`` lies in: its own ``state`` (content/taxonomies.yaml), else
        site.yaml's; site.yaml's for no region (an online date), None where neither says."""
        return region_land(region, self.site.state)

    @functools.cached_property
    def lands(self) -> list[str]:
        """The Länder the guide's regions lie in, site.yaml's first; one (or none) for most guides."""
        return lands_of(self.site.state, self.regions)

    def filled_list(self, key: FilledList) -> list[Any]:
        """The list ``filled_list_key`` named (empty when its owner is gone)."""
        kind, owner_id, attribute = key
        owner = self._owners.get((kind, owner_id))
        return getattr(owner, attribute, []) if owner is not None else []

    @functools.cached_property
    def _owners(self) -> dict[tuple[str, str], Any]:
        owners: dict[tuple[str, str], Any] = {("providers", p.id): p for p in self.providers}
        for kind in records.TERM_KINDS:
            owners.update(((t.kind, t.id), t) for t in getattr(self, kind))
        return owners


def filled_list_key(owner: object, attribute: str) -> FilledList | None:
    """A name for ``owner.attribute`` that stays the same across rebuilds, if it is a filled list."""
    if attribute not in FILLED_LISTS:
        return None
    if isinstance(owner, Term):
        return (owner.kind, owner.id, attribute)
    if isinstance(owner, Provider):
        return ("providers", owner.id, attribute)
    return None


_sort_key = operator.attrgetter("sort_key")


def is_published(offer: records.Offer, today: date) -> bool:
    """Not a draft, not expired, and on demand, with dates on request, or with a date that has not ended."""
    if offer.draft:
        return False
    if offer.expires is not None and offer.expires <= today:
        return False
    return offer.on_demand or offer.dates_on_request or any((d.end or d.start) >= today for d in offer.dates)


def all_dates_past(offer: records.Offer, today: date) -> date | None:
    """The last day of an offer that is left out only because every one of its dates is over
    (no draft, not expired, neither on demand nor on request), else None. Old offers end so
    every day; an editor's mistyped year does too, and then the offer never goes online."""
    if offer.draft or offer.on_demand or offer.dates_on_request or not offer.dates:
        return None
    if offer.expires is not None and offer.expires <= today:
        return None
    last = max(d.end or d.start for d in offer.dates)
    return last if last < today else None


def past_offers(valid: Valid, today: date, over_when_updated: bool = False) -> list[tuple[str, date]]:
    """(file, last day) of every offer ``all_dates_past`` leaves out, the latest to end first.

    With ``over_when_updated`` only those whose dates were all over before the day of their
    ``updated`` already: written or reviewed then, they were never meant to be past – a
    mistyped year, an imported course long gone – while an offer that simply ran is not."""
    found = [
        (valid.paths.get(("offers", oid), oid), last)
        for oid, rec in valid.offers.items()
        if (last := all_dates_past(rec, today)) and (not over_when_updated or last < rec.updated)
    ]
    return sorted(found, key=lambda pair: (-pair[1].toordinal(), pair[0]))


@dataclass(frozen=True)
class OwnFundingBreak:
    """A programme an offer names itself (``funding``) although it visibly breaks the
    programme's course rules: the offer keeps it (the editor named it), the editor is told."""

    file: str
    index: int  # of the programme in the offer's ``funding``
    label: str  # the programme's label, as visitors read it
    reasons: tuple[str, ...]  # ``eligibility.course_breaks``


def own_funding_breaks(valid: Valid, today: date) -> list[OwnFundingBreak]:
    """Each programme an offer names under ``funding`` whose course rules it or its provider
    visibly breaks (``eligibility.course_breaks``, judged as an inherited programme is: on the
    dates still to come, or all when none is), in file order. Offers no longer shown (expired,
    all dates over) are left out; drafts are not, they are about to be shown."""
    programmes = course_programmes(valid)
    found = [
        found
        for oid, rec in valid.offers.items()
        for found in offer_funding_breaks(valid.paths.get(("offers", oid), oid), rec, programmes, valid, today)
    ]
    return sorted(found, key=lambda b: (b.file, b.index))


def course_programmes(valid: Valid) -> dict[str, records.FundingTerm]:
    """The programmes that declare course rules, by id (for ``offer_funding_breaks``)."""
    assert valid.taxonomies is not None
    return {term.id: term for term in valid.taxonomies.funding if term.course is not None}


def offer_funding_breaks(
    file: str, rec: records.Offer, programmes: dict[str, records.FundingTerm], valid: Valid, today: date,
) -> list[OwnFundingBreak]:
    """``own_funding_breaks`` of one offer (``programmes``: ``course_programmes``)."""
    named = [(i, programmes[f]) for i, f in enumerate(rec.funding) if f in programmes and f not in rec.funding[:i]]
    if not named or not (rec.draft or is_published(rec, today)):
        return []
    upcoming = [d for d in rec.dates if (d.end or d.start) >= today]
    sessions = [session_minutes(d.time) for d in upcoming or rec.dates]
    provider = valid.providers.get(rec.provider)
    certifications = provider.certifications if provider is not None else []
    provider_file = valid.paths.get(("providers", rec.provider))
    found = []
    for i, term in named:
        reasons = eligibility.course_breaks(term, rec, sessions, certifications, provider_file)
        if reasons:
            found.append(OwnFundingBreak(file, i, term.label, tuple(reasons)))
    return found


class _Builder:
    def __init__(self, valid: Valid, today: date, base_url: str | None):
        assert valid.site is not None and valid.taxonomies is not None
        self.valid = valid
        self.site = valid.site
        self.today = today
        self.urls = Urls(base_url or valid.site.base_url)
        self.md = MarkdownRenderer(self.urls.base_path)
        self.terms: dict[str, dict[str, Term]] = {}
        self.fits: dict[str, dict[str, int]] = {}  # ``fit``

    def term(self, kind: str, record: records.Term) -> Term:
        site_path = urls.term(kind, record.id)
        valid_until = getattr(record, "valid_until", None)
        return Term(
            id=record.id,
            kind=kind,
            label=record.label,
            description_html=self.md.lazy(record.description, top_level=2 if kind == "funding" else 3),
            url=record.url,
            page_url=self.urls.link(site_path) if site_path is not None else None,
            path=site_path,
            record=record,
            expired=valid_until is not None and valid_until < self.today,
        )

    def address(self, record: records.Address | None) -> Address | None:
        if record is None:
            return None
        return Address(
            street=record.street,
            postal_code=record.postal_code,
            city=record.city,
            region=self.terms["regions"][record.region],
            name=getattr(record, "name", None),
            accessibility=getattr(record, "accessibility", None),
        )

    def provider(self, pid: str, record: records.Provider) -> Provider:
        return Provider(
            record=record,
            id=pid,
            path=urls.provider(pid),
            page_url=self.urls.link(urls.provider(pid)),
            description_html=self.md.lazy(record.description, top_level=2),
            address=self.address(record.address),
            recognised=[
                Recognition(self.terms["funding"][r.funding], r.valid_until, r.reference)
                for r in record.recognitions
                if r.valid_until is None or r.valid_until >= self.today
            ],
        )

    def price(self, record: records.Price) -> Price:
        return Price(record.amount, record.on_request, record.vat, record.per, record.note)

    def offer(self, oid: str, record: records.Offer, provider: Provider) -> Offer:
        location = self.address(record.location)
        dates = sorted((self.offer_date(d, record, location) for d in record.dates), key=lambda d: (d.start, d.last_day))
        upcoming = [d for d in dates if not d.is_past]
        for when, key in zip(upcoming, calendar_keys(upcoming), strict=True):
            when.calendar_key = key
            # A file of its own where the offer's file holds more than this date (with one, the
            # two would be the same: a file and a table column more for each such offer).
            if len(upcoming) > 1:
                when.ics_url = self.urls.link(urls.date_calendar(oid, key))
        shown_next = next((d for d in dates if d.joinable and not d.sold_out), None) or next((d for d in dates if d.joinable), None)
        if shown_next is not None:
            shown_next.is_next = True
        own = [self.terms["funding"][f] for f in dict.fromkeys(record.funding)]
        # A recognised provider's offers carry its programmes too (contract: recognitions),
        # except those the offer leaves out (a short webinar is no Bildungszeit) and those whose
        # declared course conditions it or its provider visibly breaks (``eligibility.course_breaks``:
        # a morning course where six hours a day are asked, a provider whose certifications lack
        # the AZAV a programme asks for).
        left_out = set(record.excluded_funding)
        inherited = list({
            id(r.term): r.term for r in provider.recognised
            if r.term not in own and r.term.id not in left_out and not self.course_breaks(r.term, record, upcoming or dates, provider.record.certifications)
        }.values())
        # Best fit to the offer's audiences first (``eligibility.fit_rank``), else as named:
        # a course for employees does not open with a programme mainly for the unemployed.
        situations = eligibility.situations_of(record.audiences)
        funding = sorted(own + inherited, key=lambda t: eligibility.fit_rank(self.fit(t), situations))
        if record.contact is not None:
            contact = ContactInfo(record.contact.name, record.contact.email, record.contact.phone, False)
        else:
            contact = ContactInfo(None, provider.email, provider.phone, True)
        return Offer(
            record=record,
            id=oid,
            path=urls.offer(oid),
            page_url=self.urls.link(urls.offer(oid)),
            ics_url=self.urls.link(urls.offer_calendar(oid)) if upcoming else None,
            description_html=self.md.lazy(record.description, top_level=3),
            prerequisites_html=self.md.lazy(record.prerequisites, top_level=3),
            topics=[self.terms["topics"][t] for t in dict.fromkeys(record.topics)],
            audiences=[self.terms["audiences"][a] for a in dict.fromkeys(record.audiences)],
            languages=[(c, language_name(c)) for c in dict.fromkeys(record.languages)],
            location=location,
            dates=dates,
            price=self.price(record.price),
            funding=funding,
            contact=contact,
            provider=provider,
            funding_via_provider=inherited,
            today=self.today,
        )

    def fit(self, term: Term) -> dict[str, int]:
        """``eligibility.situation_fit`` of the programme ``term``, worked out once per build."""
        found = self.fits.get(term.id)
        if found is None:
            declared = term.record
            found = self.fits[term.id] = eligibility.situation_fit(declared) if isinstance(declared, records.FundingTerm) else {}
        return found

    def course_breaks(self, term: Term, offer: records.Offer, dates: list[OfferDate], certifications: list[str]) -> list[str]:
        """Why ``offer`` visibly cannot be covered by the programme ``term`` (empty: nothing it
        or its provider's ``certifications`` state); ``dates``: those still to come, or all when none is."""
        declared = term.record
        if not isinstance(declared, records.FundingTerm):
            return []
        return eligibility.course_breaks(declared, offer, [d.session_minutes for d in dates], certifications)

    def offer_date(self, d: records.OfferDate, offer: records.Offer, location: Address | None) -> OfferDate:
        today = self.today
        is_past = (d.end or d.start) < today
        started = d.start < today
        deadline_passed = d.registration_deadline is not None and d.registration_deadline < today
        late_entry = d.late_entry or offer.on_demand
        own = self.address(d.location)
        return OfferDate(
            start=d.start,
            end=d.end,
            time=d.time,
            days=[day for day in WEEKDAYS if day in d.days],
            schedule=d.schedule,
            mode=d.mode,
            location=own,
            price=self.price(d.price) if d.price is not None else None,
            note=d.note,
            registration_deadline=d.registration_deadline,
            seats_available=d.seats_available,
            is_past=is_past,
            late_entry=late_entry,
            started=started,
            deadline_passed=deadline_passed,
            # Late entry runs until the date ends; its deadline was for the regular start.
            joinable=not is_past and (late_entry if started else not deadline_passed),
            place=own or location,
            also_at=[a for a in map(self.address, d.also_at) if a is not None] if d.also_at else [],
        )

    def advisory_point(self, aid: str, record: records.AdvisoryPoint) -> AdvisoryPoint:
        address = self.address(record.address)
        assert address is not None
        return AdvisoryPoint(
            id=aid,
            path=urls.advisory_point(aid),
            page_url=self.urls.link(urls.advisory_point(aid)),
            name=record.name,
            organisation=record.organisation,
            kind=record.kind,
            description_html=self.md.lazy(record.description, top_level=2),
            address=address,
            geo=record.geo,
            phone=record.phone,
            email=record.email,
            url=record.url,
            hours=list(record.opening_hours),
            opening_note=record.opening_note,
            appointment=record.appointment,
            services=[(s, SERVICE_LABELS[s]) for s in dict.fromkeys(record.services)],
            topics=[self.terms["topics"][t] for t in dict.fromkeys(record.topics)],
            audiences=[self.terms["audiences"][a] for a in dict.fromkeys(record.audiences)],
            languages=[(c, language_name(c)) for c in dict.fromkeys(record.languages)],
            free_of_charge=record.free_of_charge,
            accessibility=record.accessibility,
            updated=record.updated,
        )

    def build(self, reuse: GuideMemory | None = None) -> Guide:
        tax = self.valid.taxonomies
        assert tax is not None
        shared = (self.site, tax, self.today, self.urls.base_url)
        kept: dict[str, tuple[records.Provider, Provider]] = {}
        known: dict[str, tuple[records.Offer, Offer, bool]] = {}
        previous: list[Offer] | None = None  # the last guide's published offers, in order
        if reuse is not None and reuse.shared is not None and _same(reuse.shared, shared):
            # Same site, taxonomies and day: keep their objects, the providers whose record is
            # the same object and the offers whose record and provider are kept (the lists of
            # offers are filled again below).
            assert reuse.md is not None
            self.terms, self.md, kept, known = reuse.terms, reuse.md, reuse.providers, reuse.offers
            previous = reuse.published
            for group in self.terms.values():
                for term in group.values():
                    term.advisory_points.clear()
        else:
            for kind in records.TERM_KINDS:
                self.terms[kind] = {t.id: self.term(kind, t) for t in getattr(tax, kind)}
        providers: dict[str, Provider] = {}
        remade = False  # a provider object made anew (its offers are then made anew too)
        for pid, prec in sorted(self.valid.providers.items()):
            before = kept.get(pid)
            if before is not None and before[0] is prec:
                providers[pid] = before[1]
            else:
                providers[pid] = self.provider(pid, prec)
                remade = True
        fresh: list[Offer] = []  # published offers made anew
        gone: list[Offer] = []  # published offers of the last guide that are not in this one
        order = list(self.valid.offers)
        shown: list[Offer] | None = None  # the published offers in file order, when looked at
        if previous is not None and not remade and order == list(known):
            # The same offer files as last time, providers kept: only the records that are new
            # objects make new offers, found without a loop over 10,000 in Python.
            made, count = dict(known), len(previous)
            all_offers = dict(zip(order, map(_OFFER, known.values()), strict=True))
            recs = map(operator.is_not, self.valid.offers.values(), map(_RECORD, known.values()))
            for oid in itertools.compress(order, recs):
                rec, old = self.valid.offers[oid], known[oid]
                offer, published_now = self.offer(oid, rec, providers[rec.provider]), is_published(rec, self.today)
                made[oid], all_offers[oid] = (rec, offer, published_now), offer
                if old[2]:
                    gone.append(old[1])
                if published_now:
                    fresh.append(offer)
            count += len(fresh) - len(gone)
        else:
            all_offers, made, shown = {}, {}, []
            for oid, rec in self.valid.offers.items():  # in file order; ``published`` is sorted
                seen = known.get(oid)
                if seen is None or seen[0] is not rec or seen[1].provider is not providers[rec.provider]:
                    if seen is not None and seen[2]:
                        gone.append(seen[1])
                    seen = (rec, self.offer(oid, rec, providers[rec.provider]), is_published(rec, self.today))
                    if seen[2]:
                        fresh.append(seen[1])
                all_offers[oid] = seen[1]
                made[oid] = seen
                if seen[2]:
                    shown.append(seen[1])
            if len(made) != len(known) or not made.keys() >= known.keys():
                gone += [known[oid][1] for oid in known.keys() - made.keys() if known[oid][2]]
            count = len(shown)
        if previous is not None and len(fresh) + len(gone) <= max(50, count // 4):
            published = _patched(previous, fresh, gone)
        else:
            if shown is None:
                shown = [seen[1] for seen in made.values() if seen[2]]
            published = _filled(shown, self.terms, providers.values())
        if reuse is not None:
            reuse.shared, reuse.terms, reuse.md = shared, self.terms, self.md
            reuse.providers = {pid: (prec, providers[pid]) for pid, prec in self.valid.providers.items()}
            reuse.offers, reuse.published = made, published
        # The advisory points' and pages' records (the same objects while their files are
        # unchanged) and the shared part decide whether the frame and its objects are kept.
        framed = (
            shared,
            [(aid, rec) for aid, rec in self.valid.advisory_points.items()],
            [(slug, front, body) for slug, (front, body) in sorted(self.valid.pages.items())],
        )
        if reuse is not None and reuse.framed is not None and _same_frame(reuse.framed, framed):
            frame, points, pages = reuse.frame, reuse.points, reuse.pages
        else:
            frame = object()
            points = sorted(
                (self.advisory_point(aid, rec) for aid, rec in self.valid.advisory_points.items()),
                key=lambda p: (p.name.casefold(), p.id),
            )
            pages = [
                EditorialPage(
                    slug=slug,
                    path=urls.page(slug),
                    page_url=self.urls.link(urls.page(slug)),
                    title=front.title,
                    description=front.description,
                    nav_order=front.nav_order,
                    body_html=self.md.lazy(body, top_level=2),
                )
                for slug, (front, body) in sorted(self.valid.pages.items())
            ]
        if reuse is not None:
            reuse.framed, reuse.frame, reuse.points, reuse.pages = framed, frame, points, pages
        for point in points:
            point.address.region.advisory_points.append(point)
            for term in point.topics:
                term.advisory_points.append(point)
        holidays = _school_holidays_of(self.valid.school_holidays, self.site.state, self.terms["regions"].values())
        return Guide(
            site=self.site,
            today=self.today,
            urls=self.urls,
            **{kind: list(self.terms[kind].values()) for kind in records.TERM_KINDS},
            providers=sorted(providers.values(), key=lambda p: (p.name.casefold(), p.id)),
            advisory_points=points,
            offers=published,
            all_offers=all_offers,
            pages=pages,
            nav=self.nav(pages),
            synonyms=self.synonyms(),
            broader=self.broader(),
            school_holidays=holidays[0],
            school_holidays_by_land=holidays[1],
            frame=frame,
            changes=Changes(previous, fresh, gone) if previous is not None else None,
        )

    def synonyms(self) -> list[list[str]]:
        """content/search.yaml's groups, and Lotse's own unless it switches them off."""
        search = self.valid.search
        own = search.synonyms if search is not None else []
        return merged_synonyms(own, builtin_synonyms() if search is None or search.builtin_synonyms else ())

    def broader(self) -> list[Broader]:
        """content/search.yaml's broader terms, and Lotse's own unless it switches them off."""
        search = self.valid.search
        own = [(entry.term, tuple(entry.narrower)) for entry in search.broader] if search is not None else []
        return merged_broader(own, builtin_broader() if search is None or search.builtin_broader else ())

    def nav(self, pages: list[EditorialPage]) -> list[NavItem]:
        link = self.urls.link
        items = [
            NavItem("Angebote", link(urls.OFFERS)),
            NavItem("Themen", link(urls.TOPICS)),
            NavItem("Regionen", link(urls.REGIONS)),
            NavItem("Beratung", link(urls.ADVICE)),
            NavItem("Förderung", link(urls.FUNDING)),
        ]
        by_slug = {p.slug: p for p in pages}
        if self.site.nav:
            chosen = [by_slug[s] for s in self.site.nav if s in by_slug]
        else:
            chosen = sorted((p for p in pages if p.nav_order is not None), key=lambda p: (p.nav_order, p.slug))
        items.extend(NavItem(p.title, p.page_url) for p in chosen)
        return items


BUILTIN_SCHOOL_HOLIDAYS = Path(__file__).resolve().parent / "data" / "schulferien.csv"


def builtin_school_holidays() -> tuple[records.SchoolHoliday, ...]:
    """Lotse's own table of school holidays (``data/schulferien.csv``), read and checked as a
    guide's own is. Read anew for each guide (a millisecond): nothing of it is kept in between."""
    relpath = "site_builder/data/" + BUILTIN_SCHOOL_HOLIDAYS.name
    table, problems = parse_table(relpath, BUILTIN_SCHOOL_HOLIDAYS.read_text(encoding="utf-8"))
    rows, more = school_holiday_rows(table) if table is not None else ((), [])
    if problems or more:
        raise ValueError((problems + more)[0].text())
    return rows


def school_holidays(own: Iterable[records.SchoolHoliday], state: str | None) -> dict[str, list[tuple[date, date]]]:
    """The school holidays of ``state`` by name, each (first, last) in order: Lotse's table, where
    a row of the guide's own (``own``: content/schulferien.csv) replaces those of the same
    holidays beginning in the same year (a correction) and adds any other (more years, a
    Land Lotse lacks). Empty for no Land, or one neither table knows."""
    wanted = land(state)
    mine = [row for row in own if row.land == wanted]
    replaced = {(row.name, row.first.year) for row in mine}
    rows = [row for row in builtin_school_holidays() if row.land == wanted and (row.name, row.first.year) not in replaced]
    out: dict[str, list[tuple[date, date]]] = {}
    for row in sorted([*rows, *mine], key=lambda row: (row.first, row.last)):
        out.setdefault(row.name, []).append((row.first, row.last))
    return dict(sorted(out.items()))


def region_land(region: Term | None, home: str | None) -> str | None:
    """The Land ``region`` lies in: its own ``state``, else ``home`` (site.yaml's)."""
    own = getattr(region.record, "state", None) if region is not None else None
    return own or home


def lands_of(home: str | None, regions: Iterable[Term]) -> list[str]:
    """The Länder of ``regions`` (``region_land``), ``home`` first, each once."""
    found = [home] if home else []
    found += [land for region in regions if (land := region_land(region, home))]
    return list(dict.fromkeys(found))


HolidayTable = dict[str, list[tuple[date, date]]]


def _school_holidays_of(own: Iterable[records.SchoolHoliday], home: str | None, regions: Iterable[Term]) -> tuple[HolidayTable, dict[str, HolidayTable]]:
    """``Guide.school_holidays`` and ``Guide.school_holidays_by_land``: for one Land (or none)
    as ever; for several each Land's, and site.yaml's Land's as the default (without it, all
    of them, ``spanning``)."""
    own = tuple(own)
    found = lands_of(home, regions)
    if len(found) < 2:
        return school_holidays(own, home), {}
    by_land = {land: school_holidays(own, land) for land in found}
    return by_land[home] if home else spanning(by_land.values()), by_land


def spanning(tables: Iterable[dict[str, list[tuple[date, date]]]]) -> dict[str, list[tuple[date, date]]]:
    """School holidays of several Länder as one table: holidays of the same name that begin in
    the same year become one span, from the first Land's first day to the last Land's last
    ("Sommerferien" from 30 July in one Land to 14 September in the other)."""
    by_year: dict[str, dict[int, tuple[date, date]]] = {}
    for table in tables:
        for name, spans in table.items():
            years = by_year.setdefault(name, {})
            for first, last in spans:
                known = years.get(first.year)
                years[first.year] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    return {name: sorted(years.values()) for name, years in sorted(by_year.items())}


_RECORD, _OFFER = operator.itemgetter(0), operator.itemgetter(1)  # of GuideMemory.offers' values


def _lists_of(offer: Offer) -> Iterator[tuple[list[Offer], Offer]]:
    """The filled lists a published offer is in (its provider's, its terms', its regions'),
    each with the object it is listed as: in a region's, its view there (``Offer.in_region``)."""
    yield offer.provider.offers, offer
    for terms in (offer.topics, offer.audiences, offer.funding):
        for term in terms:
            yield term.offers, offer
    for region in offer.regions:
        yield region.offers, offer.in_region(region)


def _filled(shown: list[Offer], terms: dict[str, dict[str, Term]], providers: Iterable[Provider]) -> list[Offer]:
    """The published offers in order, with every provider's and term's list filled anew."""
    for group in terms.values():
        for term in group.values():
            term.offers.clear()
    for provider in providers:
        provider.offers.clear()
    published = sorted(shown, key=_sort_key)
    for offer in published:
        for found, entry in _lists_of(offer):
            found.append(entry)
    for region in terms.get("regions", {}).values():
        region.offers.sort(key=_sort_key)  # a view by the next date in the region
    return published


def _patched(previous: list[Offer], fresh: list[Offer], gone: list[Offer]) -> list[Offer]:
    """``_filled`` after a few offers changed: the last guide's order and lists without the
    offers that are gone, with the new ones put in their places (the order of the kept ones
    is fixed for the day). At 10,000 offers a title edit no longer sorts and fills them all."""
    if gone:
        out = set(gone)
        published = [o for o in previous if o not in out]
        touched = {id(found): found for offer in gone for found, _ in _lists_of(offer)}
        for found in touched.values():
            found[:] = [o for o in found if (o.origin or o) not in out]
    else:
        published = list(previous)
    for offer in fresh:
        bisect.insort(published, offer, key=_sort_key)
        for found, entry in _lists_of(offer):
            bisect.insort(found, entry, key=_sort_key)
    return published


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Same site and taxonomies (the same record objects), day and base URL."""
    site_a, tax_a, today_a, base_a = a
    site_b, tax_b, today_b, base_b = b
    return site_a is site_b and tax_a is tax_b and today_a == today_b and base_a == base_b


def _same_frame(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Same shared part, and the same advisory point and page records (bodies equal)."""
    shared_a, points_a, pages_a = a
    shared_b, points_b, pages_b = b
    return (
        _same(shared_a, shared_b)
        and len(points_a) == len(points_b)
        and all(x[0] == y[0] and x[1] is y[1] for x, y in zip(points_a, points_b, strict=True))
        and len(pages_a) == len(pages_b)
        and all(x[0] == y[0] and x[1] is y[1] and x[2] == y[2] for x, y in zip(pages_a, pages_b, strict=True))
    )


@dataclass
class GuideMemory:
    """What the live preview keeps from one guide to the next (see ``_Builder.build``)."""

    shared: tuple[Any, ...] | None = None
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    providers: dict[str, tuple[records.Provider, Provider]] = field(default_factory=dict)
    md: MarkdownRenderer | None = None
    offers: dict[str, tuple[records.Offer, Offer, bool]] = field(default_factory=dict)  # record, offer, published
    published: list[Offer] | None = None  # the guide's ``offers``
    framed: tuple[Any, ...] | None = None  # what ``Guide.frame`` stood for
    frame: object = None
    points: list[AdvisoryPoint] = field(default_factory=list)
    pages: list[EditorialPage] = field(default_factory=list)


def build_guide(valid: Valid, today: date, base_url: str | None = None, reuse: GuideMemory | None = None) -> Guide:
    """Resolve and publish: the guide for ``today``.

    With ``reuse`` (the live preview's), objects made for records that are unchanged (the
    same validated objects) are taken from the previous guide instead of being made again.
    """
    return _Builder(valid, today, base_url).build(reuse)
