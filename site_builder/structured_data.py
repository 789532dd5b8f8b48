"""schema.org JSON-LD for offer pages (``Course`` with a ``CourseInstance`` per upcoming date)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from .german import span
from .holidays import skipped, where_held
from .markup import plain_text
from .model import WEEKDAYS, Address, Guide, Offer, OfferDate, Price
from .search import schedule_words, session_hours

COURSE_MODE = {"praesenz": "Onsite", "online": "Online", "hybrid": "Blended"}
DAY_OF_WEEK = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))


def _place(address: Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    place: dict[str, Any] = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "postalCode": address.postal_code,
            "addressLocality": address.city,
            "addressRegion": address.region.label,
            "addressCountry": "DE",
        },
    }
    if address.name:
        place["name"] = address.name
    return place


def _offer_block(offer: Offer, url: str, when: OfferDate | None = None) -> dict[str, Any]:
    """The price (a date's own, else the offer's); a price on request is not stated at all."""
    price = when.price if when is not None and when.price is not None else offer.price
    block: dict[str, Any] = {"@type": "Offer"}
    if price.amount is not None:
        block.update(price=_number(price.amount), priceCurrency="EUR", category="Free" if price.is_free else "Paid")
        spec = _price_specification(price)
        if spec:
            block["priceSpecification"] = spec
    else:
        block["category"] = "Paid"  # a price on request is a price, just not stated
    block["url"] = offer.url or url
    return block


def _price_specification(price: Price) -> dict[str, Any] | None:
    """What the page says beside the amount, for a price that says more than "per person": whom it
    is for (schema.org's referenceQuantity: one group, one person) and whether VAT is in it
    (valueAddedTaxIncluded; an exempt price has no VAT to include, so its words say it)."""
    if price.amount is None or (price.vat is None and price.per == "person"):
        return None
    spec: dict[str, Any] = {
        "@type": "UnitPriceSpecification",
        "price": _number(price.amount),
        "priceCurrency": "EUR",
        "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitText": "Gruppe" if price.per == "gruppe" else "Person"},
    }
    if price.vat in ("enthalten", "zuzueglich"):
        spec["valueAddedTaxIncluded"] = price.vat == "enthalten"
    words = [price.per_label] + ([price.vat_label] if price.vat_label else [])
    spec["description"] = " ".join(words)
    return spec


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _workload(offer: Offer) -> str | None:
    if offer.duration_hours is None:
        return None
    return f"PT{_number(offer.duration_hours)}H"


def _repeats(offer: Offer, when: OfferDate, off: dict[date, str]) -> dict[str, Any]:
    """How often a date meets, as search engines read a Schedule: each session's length, and
    "Daily" (it meets on every day it spans) or "Weekly" on its weekdays, with the number of
    days or weeks it meets, and the public holidays it leaves out (``off``, exceptDate). The
    days are those of the calendar file (``meeting_days``); where they are unknown (a long
    part-time course without ``days``), only the length is said."""
    repeats: dict[str, Any] = {}
    minutes = offer.session_minutes(when)
    if minutes is not None and minutes > 0:
        repeats["duration"] = _hours(minutes)
    start, span = when.start, (when.last_day - when.start).days + 1
    days = set(when.meeting_days) if span > 1 else {WEEKDAYS[start.weekday()]}
    # Counted, not listed (a date may run for years): whole weeks, then the days left over.
    weeks, rest = divmod(span, 7)
    count = weeks * len(days) + sum(WEEKDAYS[(start.weekday() + n) % 7] in days for n in range(rest))
    if not count:
        return repeats
    if count == span:
        repeats.update(repeatFrequency="Daily", repeatCount=span - len(off))
    else:
        first = when.first_meeting
        last = next(when.last_day - timedelta(days=n) for n in range(7) if WEEKDAYS[(when.last_day.weekday() - n) % 7] in days)
        weeks_met = ((last - timedelta(days=last.weekday())) - (first - timedelta(days=first.weekday()))).days // 7 + 1
        # A week whose every meeting falls on a holiday (Easter week of a Friday course) is none.
        weeks_met -= sum(
            all(d in off for d in _meetings_in_week(monday, days, first, last))
            for monday in {day - timedelta(days=day.weekday()) for day in off}
        )
        repeats.update(repeatFrequency="Weekly", repeatCount=weeks_met, byDay=[f"https://schema.org/{DAY_OF_WEEK[d]}" for d in WEEKDAYS if d in days])
    if off:
        repeats["exceptDate"] = [day.isoformat() for day in off]
    return repeats


def _hours(minutes: int) -> str:
    """A length as ISO 8601: 90 -> "PT1H30M", 120 -> "PT2H"."""
    return f"PT{minutes // 60}H{minutes % 60}M" if minutes % 60 else f"PT{minutes // 60}H"


def _pace_in_words(text: str) -> dict[str, Any]:
    """The pace an offer without dates names in its duration text: "Di und Do 17:30–19:00 Uhr"
    -> weekly on Tuesday and Thursday, 17:30 to 19:00, 1.5 hours (as many as are named)."""
    pace: dict[str, Any] = {}
    days, _ = schedule_words(text)
    if days:
        pace.update(repeatFrequency="Weekly", byDay=[f"https://schema.org/{DAY_OF_WEEK[d]}" for d in WEEKDAYS if d in days])
    hours = session_hours(text)
    if hours is not None:
        (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in hours)
        minutes = h2 * 60 + m2 - h1 * 60 - m1
        pace.update(startTime=hours[0], endTime=hours[1])
        pace["duration"] = _hours(minutes)
    return pace


# Up to this many days said ("3 Tage") are read as meeting on each of them; a longer span may
# leave out weekends, which the words do not say.
DAILY_UP_TO = 5


def _days_in_words(text: str | None, pace: dict[str, Any]) -> dict[str, Any]:
    """An offer without dates whose duration says only its days ("2 Tage", as catalogues
    deliver seminars with dates on request): it meets daily that many times, as a dated
    seminar of two days says (``_repeats``). Nothing where the words named a pace already."""
    said = span(text)
    if said is None or "repeatFrequency" in pace or said[1] != "tag" or said[0] != int(said[0]) or not 1 <= said[0] <= DAILY_UP_TO:
        return {}
    return {"repeatFrequency": "Daily", "repeatCount": int(said[0])}


def _meetings_in_week(monday: date, days: set[str], first: date, last: date) -> list[date]:
    return [d for d in (monday + timedelta(days=n) for n in range(7)) if first <= d <= last and WEEKDAYS[d.weekday()] in days]


PACE = {"duration", "repeatFrequency", "repeatCount"}


def _instance(offer: Offer, when: OfferDate | None, url: str, holidays: dict[date, str]) -> dict[str, Any]:
    instance: dict[str, Any] = {"@type": "CourseInstance", "courseMode": COURSE_MODE[offer.format]}
    if when is not None:
        instance["startDate"] = when.start.isoformat()
        instance["endDate"] = when.last_day.isoformat()
    schedule: dict[str, Any] = {"@type": "Schedule"}
    if when is not None:
        schedule.update(startDate=when.start.isoformat(), endDate=when.last_day.isoformat())
        if when.time:
            start, _, end = when.time.partition("-")
            schedule["startTime"] = start
            if end:
                schedule["endTime"] = end
        schedule.update(_repeats(offer, when, skipped(when, holidays)))
    else:
        schedule["description"] = "Beginn jederzeit möglich" if offer.on_demand else "Termine auf Anfrage"
        schedule.update(_pace_in_words(offer.duration_text or ""))
        schedule.update(_days_in_words(offer.duration_text, schedule))
    if when is not None and when.schedule:
        schedule["description"] = when.schedule
    workload = _workload(offer)
    if workload:
        instance["courseWorkload"] = workload
    # Search engines read a Schedule by its pace (each session's length, how often it meets)
    # and want either one or the workload. A Schedule without pace beside the workload says
    # nothing they can read: its words ("Modul 1: 17.–18.9. …") describe the instance instead.
    if workload and not PACE.intersection(schedule):
        if "description" in schedule:
            instance["description"] = schedule["description"]
    else:
        instance["courseSchedule"] = schedule
    if offer.format == "online":
        instance["location"] = {"@type": "VirtualLocation", "url": offer.url or url}
    else:
        # A date's own place is where that date takes place; a run held at several places
        # (``also_at``) names them all, as schema.org allows a list of locations.
        if when is not None and when.also_at:
            instance["location"] = [p for p in map(_place, when.places) if p is not None]
        else:
            place = _place(when.place if when is not None else offer.location)
            if place is not None:
                instance["location"] = place
    if offer.languages:
        instance["inLanguage"] = [code for code, _ in offer.languages]
    instance["offers"] = _offer_block(offer, url, when)
    return instance


def course(offer: Offer, guide: Guide) -> dict[str, Any]:
    url = guide.urls.absolute(offer.path)
    provider: dict[str, Any] = {
        "@type": "Organization",
        "name": offer.provider.name,
        "url": offer.provider.url or guide.urls.absolute(offer.provider.path),
    }
    dates = offer.upcoming_dates
    instances = [_instance(offer, d, url, off) for d, off in zip(dates, where_held(guide, dates), strict=True)]
    if (offer.on_demand or offer.dates_on_request) and not instances:
        # One instance without dates: how and where the course is given (search engines
        # want courseMode and a schedule), its schedule saying why there is no date.
        instances = [_instance(offer, None, url, {})]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url + "#kurs",
        "name": offer.title,
        "description": offer.summary or plain_text(str(offer.description_html)),
        "url": url,
        "provider": provider,
        "inLanguage": [code for code, _ in offer.languages],
        "offers": _offer_block(offer, url),
        "hasCourseInstance": instances,
        "about": [t.label for t in offer.topics],
        "dateModified": offer.updated.isoformat(),
    }
    if not instances:  # no upcoming date (the page stays a while after the last): nothing to say
        del data["hasCourseInstance"]
    if offer.certificate:
        data["educationalCredentialAwarded"] = offer.certificate
    if offer.level_label:
        data["educationalLevel"] = offer.level_label
    if offer.audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": a.label} for a in offer.audiences]
    return data


def for_subject(subject: object, guide: Guide) -> Markup | None:
    """The JSON-LD of the page about ``subject`` (offers: a ``Course``), ready for a
    ``<script type="application/ld+json">``; None where a page has none."""
    if isinstance(subject, Offer):
        return script_json(course(subject, guide))
    return None


def script_json(data: Any) -> Markup:
    """JSON that cannot end its <script> element: <, > and & are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
