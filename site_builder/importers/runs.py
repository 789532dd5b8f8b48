"""A course's runs as the offer's dates: each run with its own place, mode and price.

Every reader turns its catalogue's runs (open-Qcat SERVICEs, the BA search's Termine, the
rows of a spreadsheet) into ``Run`` records; ``assemble`` then keeps the runs inside the
guide's regions (reporting each one left out by its own id), merges runs the catalogue
repeats, chooses the offer's place and price (from the runs still to come: the engine leaves
out those that ended before the guide's day), and leaves a place or price on a date only
where it differs from the offer's. A course is skipped only when none of its runs is inside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .common import Course, DateRun, Mapper, Reason, ended_before, fixes, one_line, price_of, price_range_note

# Told a provider whose course comes without dates; a delta's course keeps those it did not send.
NO_DATES = "keine Termine und kein laufender Einstieg; als „Termine auf Anfrage“ übernommen"


@dataclass
class Run:
    ref: str  # the catalogue's own id of this run
    entry: dict[str, Any]  # start (a date), end, time, schedule, mode, note, registration_deadline …
    place: dict[str, Any] = field(default_factory=dict)  # as Mapper.location reads it; {} = the course's
    price: dict[str, Any] = field(default_factory=dict)  # {} = the course's own price holds
    # Further places of this same run (open-Qcat: modules at other sites), read like ``place``:
    # the date's ``also_at`` (Mapper.further_places).
    also_at: list[dict[str, Any]] = field(default_factory=list)


def assemble(
    course: Course, runs: list[Run], own_place: dict[str, Any], own_price: dict[str, Any], mapper: Mapper, online: bool,
    on_request_said: bool = False,
) -> None:
    """Fill ``course.data`` with location, dates (or dates_on_request) and price, or set
    ``course.skip``. ``on_request_said``: the catalogue says "dates on request" in words, so
    a course without dates needs no finding."""
    data = course.data
    dates: list[tuple[dict[str, Any], dict[str, Any] | None, list[str]]] = []  # date, place, refs
    left_out: list[tuple[dict[str, Any], dict[str, Any], DateRun]] = []  # date, place, run
    for run in runs:
        where = run.place or own_place
        location, why = mapper.location(where, online)
        if why:
            # A run the catalogue repeats (a course and its first date often do) is one date,
            # left out once, as it would have been taken once.
            twin = next((r for e, p, r in left_out if _same_run(e, run.entry) and p == where and r.skipped == why), None)
            if twin is not None:
                twin.ref += f"+{run.ref}"
                continue
            course.runs.append(DateRun(run.ref, run.entry["start"], why))
            left_out.append((run.entry, where, course.runs[-1]))
            continue
        course.runs.append(DateRun(run.ref, run.entry["start"]))
        entry = dict(run.entry) | {"price": run.price}
        further = mapper.further_places(run.also_at, location)[0] if run.also_at and not online else []
        if further:
            entry["also_at"] = further
        same = next((d for d in dates if _same_run(d[0], entry) and d[1] == location), None)
        if same is None:
            dates.append((entry, location, [run.ref]))
            continue
        for name, value in entry.items():  # a course and its first date often repeat each other
            if same[0].get(name) in (None, {}, ""):
                same[0][name] = value
        same[2].append(run.ref)
    if course.runs and not dates:
        reasons = list(dict.fromkeys(r.skipped for r in course.runs if r.skipped))
        course.skip = Reason("kein Termin übernommen: " + "; ".join(reasons), fixes(reasons))
        return
    # The offer's place and price are those of its dates still to come: a past run elsewhere or
    # at last year's price says nothing about the course a visitor can book (the engine leaves
    # past dates out). Without one, those of the date that ended last.
    current = [d for d in dates if not ended_before(d[0], mapper.today)]
    current = current or sorted(dates, key=lambda d: d[0].get("end") or d[0]["start"])[-1:]
    location, why = (current[0][1], None) if current else mapper.location(own_place, online)
    if why:
        course.skip = why
        return
    if location:
        data["location"] = location
    dates.sort(key=lambda d: (d[0]["start"], d[0].get("end") or d[0]["start"]))
    data["price"] = _offer_price(own_price, dates, course, current)
    for entry, place, _ in dates:
        if place and place != location:
            entry["location"] = place
    if dates:
        data["dates"] = [entry for entry, _, _ in dates]
        course.date_refs = ["+".join(refs) for _, _, refs in dates]
    elif not data.get("on_demand"):
        data["dates_on_request"] = True
        if not on_request_said:
            course.tell(NO_DATES)


def _same_run(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("start", "end", "mode"))


def _offer_price(
    own: dict[str, Any], dates: list[tuple[dict[str, Any], Any, list[str]]], course: Course, chosen: list[tuple[dict[str, Any], Any, list[str]]]
) -> dict[str, Any]:
    """The course's own price, else the lowest of the ``chosen`` dates' (those still to come);
    each date keeps a price of its own only where it differs. Without any amount the offer is
    priced on request."""
    prices = [d[0].get("price") or {} for d in chosen]
    amounts = sorted({Decimal(str(p["amount"])) for p in prices if "amount" in p})
    if "amount" in own:
        price = dict(own)
    elif amounts:
        price = dict(next(p for p in prices if "amount" in p and Decimal(str(p["amount"])) == amounts[0]))
    elif own or any(prices):
        price = dict(own or next(p for p in prices if p))
    else:
        price = price_of("", "", "EUR", course)
    if len(amounts) > 1:
        price["note"] = one_line("; ".join(filter(None, [price.get("note"), price_range_note(amounts)])), 200)
    for entry, _, _ in dates:
        run_price = entry.pop("price", None) or {}
        if run_price and not same_price(run_price, price):
            entry["price"] = run_price
    return price


def same_price(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.get("amount") == b.get("amount") and bool(a.get("on_request")) == bool(b.get("on_request"))
