"""The public holidays (gesetzliche Feiertage) of a Land, computed: a course that meets weekly
does not meet on them, so its calendar file leaves them out (EXDATE) and its schema.org
Schedule names them (exceptDate).

The school holidays ("in den Sommerferien") are data: Lotse's table ``data/schulferien.csv``
with a guide's own ``content/schulferien.csv`` over it (``model.school_holidays``).
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from .german import land
from .model import WEEKDAYS, Guide, OfferDate

# --- Public holidays (gesetzliche Feiertage): no course meets on them -----------------------------

# Fixed days and days after Easter Sunday every Land keeps; then each Land's own (where only
# some towns of a Land keep a day, as Fronleichnam in parts of Saxony, it is left out).
_FIXED = (("Neujahr", 1, 1), ("Tag der Arbeit", 5, 1), ("Tag der Deutschen Einheit", 10, 3), ("1. Weihnachtstag", 12, 25), ("2. Weihnachtstag", 12, 26))
_AFTER_EASTER = (("Karfreitag", -2), ("Ostermontag", 1), ("Christi Himmelfahrt", 39), ("Pfingstmontag", 50))
_EPIPHANY, _ALL_SAINTS, _REFORMATION, _WOMENS_DAY = ("Heilige Drei Könige", 1, 6), ("Allerheiligen", 11, 1), ("Reformationstag", 10, 31), ("Internationaler Frauentag", 3, 8)
_OWN_FIXED: dict[str, tuple[tuple[str, int, int], ...]] = {
    "Baden-Württemberg": (_EPIPHANY, _ALL_SAINTS),
    "Bayern": (_EPIPHANY, _ALL_SAINTS),
    "Berlin": (_WOMENS_DAY,),
    "Brandenburg": (_REFORMATION,),
    "Bremen": (_REFORMATION,),
    "Hamburg": (_REFORMATION,),
    "Mecklenburg-Vorpommern": (_WOMENS_DAY, _REFORMATION),
    "Niedersachsen": (_REFORMATION,),
    "Nordrhein-Westfalen": (_ALL_SAINTS,),
    "Rheinland-Pfalz": (_ALL_SAINTS,),
    "Saarland": (("Mariä Himmelfahrt", 8, 15), _ALL_SAINTS),
    "Sachsen": (_REFORMATION,),  # and Buß- und Bettag, in ``_public``
    "Sachsen-Anhalt": (_EPIPHANY, _REFORMATION),
    "Schleswig-Holstein": (_REFORMATION,),
    "Thüringen": (("Weltkindertag", 9, 20), _REFORMATION),
}
_CORPUS_CHRISTI = ("Fronleichnam", 60)
_OWN_AFTER_EASTER = {state: (_CORPUS_CHRISTI,) for state in ("Baden-Württemberg", "Bayern", "Hessen", "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland")}


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the Meeus/Jones/Butcher computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the computus' own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@functools.cache
def _public(state: str, year: int) -> dict[date, str]:
    easter = easter_sunday(year)
    days = {date(year, month, day): name for name, month, day in _FIXED}
    days.update({easter + timedelta(days=offset): name for name, offset in _AFTER_EASTER})
    days.update({date(year, month, day): name for name, month, day in _OWN_FIXED.get(state, ())})
    days.update({easter + timedelta(days=offset): name for name, offset in _OWN_AFTER_EASTER.get(state, ())})
    if state == "Sachsen":  # the Wednesday before 23 November
        days[date(year, 11, 22) - timedelta(days=(date(year, 11, 22).weekday() - 2) % 7)] = "Buß- und Bettag"
    return days


def public_holidays(state: str | None, first: date, last: date) -> dict[date, str]:
    """The public holidays from ``first`` to ``last``: every Land's and, with ``state``, that
    Land's own ("Fronleichnam" in Baden-Württemberg); day -> name."""
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update({day: name for day, name in _public(land(state), year).items() if first <= day <= last})
    return dict(sorted(out.items()))


def during(state: str | None, dates: list[OfferDate]) -> dict[date, str]:
    """The public holidays of ``state`` from the first start of ``dates`` to their last day."""
    return public_holidays(state, min(d.start for d in dates), max(d.last_day for d in dates)) if dates else {}


def where_held(guide: Guide, dates: list[OfferDate]) -> list[dict[date, str]]:
    """For each of ``dates`` the public holidays of the Land where it takes place: its place's
    region's (``Guide.land_of``; a region over a Land's border names its own ``state``), and
    for a date without a place (online) site.yaml's Land – the guide's home – or, without one,
    only those every Land keeps."""
    lands = [guide.land_of(d.place.region if d.place is not None else None) for d in dates]
    found = {land: during(land, [d for d, there in zip(dates, lands, strict=True) if there == land]) for land in dict.fromkeys(lands)}
    return [found[land] for land in lands]


def skipped(when: OfferDate, holidays: dict[date, str]) -> dict[date, str]:
    """The public holidays on which a date that meets on several days would meet: those from
    its first meeting to its last day on its weekdays (``meeting_days``); none for a date of
    one day (a course set on a holiday meets then)."""
    if when.last_day == when.start or not when.meeting_days:
        return {}
    first, days = when.first_meeting, set(when.meeting_days)
    return {day: name for day, name in holidays.items() if first <= day <= when.last_day and WEEKDAYS[day.weekday()] in days}
