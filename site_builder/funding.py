"""What the funding pages show besides the programmes themselves: the places the Förder-Check
asks about, offer counts for its search links, the advisory point that fits a programme,
and everything the browser check needs as one JSON document.

The rules come from ``eligibility``; here they meet the guide (regions, offers, advisory
points). Nothing is formatted as HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import eligibility, records
from .german import as_id, date_de, join_de
from .model import AdvisoryPoint, Guide, Offer, Term

ANYWHERE = "*"  # in counts: all regions, all topics
slug = as_id  # an id for a URL made of a name


@dataclass(frozen=True)
class Place:
    """An answer to "Wo wohnen oder arbeiten Sie?": a region of the guide (in its Land:
    ``Guide.land_of``), elsewhere in a land of the guide's regions or one a programme names,
    or elsewhere."""

    id: str
    label: str
    region: Term | None
    state: str | None  # None: not known (a region of a site without ``state``); "": none of them

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "region": self.region.id if self.region else None, "state": self.state}


def places(guide: Guide) -> list[Place]:
    named = list(guide.lands)
    named += [state for t in guide.funding if (state := programme(t).state)]
    found = [Place(r.id, r.label, r, guide.land_of(r)) for r in guide.regions]
    found += [Place(f"land-{slug(state)}", f"Woanders in {state}", None, state) for state in dict.fromkeys(named)]
    found.append(Place("anderswo", "Woanders" if not named else f"Außerhalb von {' und '.join(dict.fromkeys(named))}", None, ""))
    return found


def programme(term: Term) -> records.FundingTerm:
    """The declaration of a funding programme."""
    assert isinstance(term.record, records.FundingTerm)
    return term.record


def programmes_in_check(guide: Guide) -> list[Term]:
    """The programmes the check shows on the guide's day, in the taxonomy's order."""
    return [t for t in guide.funding if eligibility.in_check(programme(t), guide.today)]


# The situations that are asked the company size (``data-nur-fuer`` of the question in
# foerdercheck.html): the question is left out when no programme in the check is for one.
SIZE_ASKED = ("beschaeftigte", "unternehmen")


def check_situations(guide: Guide) -> list[str]:
    """The situations the check offers as its first question's answers: those some programme
    in it is for, in ``eligibility.SITUATIONS``' order."""
    wanted = {key for t in programmes_in_check(guide) for key in programme(t).for_}
    return [key for key in eligibility.SITUATIONS if key in wanted]


def personal_situations(guide: Guide) -> list[str]:
    """The situations the check asks about the person (age, Berufsabschluss): those with a row
    that has such a condition. Never an employer: they answer for a company, and "Ihr Alter"
    is not theirs to give (``data-nur-fuer`` of the question in foerdercheck.html)."""
    rows = table(guide)
    return [
        key for key in check_situations(guide)
        if key != EMPLOYER and any(key in row.situations and (row.age or row.qualification) for row in rows)
    ]


def check_questions(guide: Guide) -> list[str]:
    """The questions the Förder-Check asks, by their form field in foerdercheck.html: none
    when no programme says whom it is for (``for``); the company size only when one of them
    is for a situation it is asked of; age and Berufsabschluss only when a row asks them of
    someone who answers for themselves. Pages that name the number of questions count these."""
    situations = check_situations(guide)
    if not situations:
        return []
    size = ["groesse"] if any(key in SIZE_ASKED for key in situations) else []
    person = ["alter"] if personal_situations(guide) else []
    return ["situation", *size, "ort", "ziel", *person, "thema"]


def questions_asked(guide: Guide) -> dict[str, int]:
    """How many of ``check_questions`` each situation of the first question is asked: the
    company size and the questions about the person are shown only to the situations they
    concern (``data-nur-fuer``), and ``foerdercheck.js`` numbers the questions shown."""
    questions = check_questions(guide)
    personal = personal_situations(guide)
    return {
        key: len(questions) - ("groesse" in questions and key not in SIZE_ASKED) - ("alter" in questions and key not in personal)
        for key in check_situations(guide)
    }


def question_range(guide: Guide) -> tuple[int, int]:
    """The fewest and the most questions anyone answers in the check; (0, 0) without questions.
    Pages that name the number say "vier bis sechs" when they differ."""
    asked = questions_asked(guide).values()
    return (min(asked), max(asked)) if asked else (0, 0)


def table(guide: Guide) -> list[eligibility.Row]:
    return eligibility.rows([programme(t) for t in programmes_in_check(guide)], guide.today)


def offer_counts(terms: Iterable[Term]) -> dict[str, dict[str, dict[str, int]]]:
    """Published offers per programme, region (or ANYWHERE) and topic (or ANYWHERE): the
    numbers the search shows for the same filters (``search.offer_record``)."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for term in terms:
        by_region: dict[str, dict[str, int]] = {}
        for offer in term.offers:
            topics = [t.id for t in offer.topics] + [ANYWHERE]
            for region in [r.id for r in offer.regions] + [ANYWHERE]:
                row = by_region.setdefault(region, {})
                for topic in topics:
                    row[topic] = row.get(topic, 0) + 1
        counts[term.id] = by_region
    return counts


def advisory_point(points: list[AdvisoryPoint], term: Term, situation: str | None, region: str | None) -> AdvisoryPoint | None:
    """The advisory point that helps with ``term``: one of its ``advisory_kinds``, in the
    region first, then one whose audiences name the situation (the ids of ``for`` and of the
    audiences agree by convention), then by the order of the kinds and by name."""
    kinds = list(programme(term).advisory_kinds or ["weiterbildungsberatung"])
    candidates = [p for p in points if p.kind in kinds]
    if not candidates:
        return None

    def rank(point: AdvisoryPoint) -> tuple[bool, bool, int, str]:
        heard = situation is not None and any(a.id == situation for a in point.audiences)
        return (point.address.region.id != region, not heard, kinds.index(point.kind), point.name.casefold())

    return min(candidates, key=rank)


EMPLOYER = "unternehmen"  # the situation of someone who answers for a company, not for themselves
# What an employer reads when a programme for employees and employers gives no step of its
# own for them: the employees' step ("Sprechen Sie mit Ihrem Arbeitgeber") would be wrong.
EMPLOYER_STEP_FALLBACK = (
    "Fragen Sie bei einer Beratungsstelle nach, ob Ihr Betrieb diese Förderung bekommen kann und wie der Antrag läuft – "
    "am besten, bevor sich Ihre Beschäftigten anmelden."
)


def next_step(term: Term, situation: str) -> str | None:
    """The next step for someone in ``situation``: for an employer ``employer_next_step``, else
    ``next_step`` when the programme is for employers only (then it is written for them), else
    a neutral pointer to advice; for everybody else ``next_step``."""
    declared = programme(term)
    if situation != EMPLOYER:
        return declared.next_step
    if declared.employer_next_step:
        return declared.employer_next_step
    if set(declared.for_) == {EMPLOYER} and declared.next_step:
        return declared.next_step
    return EMPLOYER_STEP_FALLBACK


@dataclass(frozen=True)
class Step:
    """A next step as a programme's page shows it: for whom (None: for everyone it is for)."""

    for_: str | None
    text: str


def next_steps(term: Term) -> list[Step]:
    """A programme's next steps for its page and the decision table: one for everyone, or, when
    it is for employers and for others, one for the others and one for employers."""
    if not isinstance(term.record, records.FundingTerm):
        return []
    declared = programme(term)
    others = [key for key in declared.for_ if key != EMPLOYER]
    if EMPLOYER not in declared.for_ or not others:
        step = declared.next_step if EMPLOYER not in declared.for_ else next_step(term, EMPLOYER)
        return [Step(None, step)] if step else []
    steps = [Step("Für " + join_de([eligibility.SITUATIONS[key].heading for key in others]), declared.next_step)] if declared.next_step else []
    return [*steps, Step("Für " + eligibility.SITUATIONS[EMPLOYER].heading, next_step(term, EMPLOYER) or "")]


def course_conditions(term: Term) -> list[str]:
    """What a course must meet for the programme ``term`` (``course``), a sentence each."""
    return eligibility.course_conditions(term.record) if isinstance(term.record, records.FundingTerm) else []


def tel(phone: str) -> str:
    """A phone number for a tel: link (as macros.tel does)."""
    return re.sub(r"[^0-9+]", "", phone.replace("(0)", ""))


class CheckData:
    """What the browser check needs, as JSON; worked out when the template first reads it
    (at 10,000 offers the counts take a moment, and the live preview renders this page after
    the changed ones: ``incremental.LATER_TEMPLATES``)."""

    def __init__(self, guide: Guide, links: dict[str, str]):
        self.guide = guide
        self.links = links

    @cached_property
    def json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @cached_property
    def data(self) -> dict[str, Any]:
        guide = self.guide
        terms = programmes_in_check(guide)
        region_ids: list[str | None] = [r.id for r in guide.regions] + [None]
        advice: dict[str, dict[str, dict[str, str]]] = {}
        used: dict[str, AdvisoryPoint] = {}
        for term in terms:
            per_situation = advice.setdefault(term.id, {})
            for situation in dict.fromkeys(programme(term).for_):
                chosen = per_situation.setdefault(situation, {})
                for region in region_ids:
                    point = advisory_point(guide.advisory_points, term, situation, region)
                    if point is not None:
                        chosen[region or ANYWHERE] = point.id
                        used[point.id] = point
        return {
            "today": guide.today.isoformat(),
            "rows": [row.as_json() for row in table(guide)],
            "phrases": eligibility.phrases(),
            "places": [place.as_json() for place in places(guide)],
            "programmes": {
                t.id: {
                    "label": t.label,
                    "url": t.page_url,
                    "summary": t.summary,
                    "next_steps": {situation: next_step(t, situation) for situation in programme(t).for_},
                    "course": course_conditions(t),
                    "easy": t.easy,
                    "as_of": date_de(t.as_of),
                    "valid_until": t.valid_until.isoformat() if t.valid_until else None,
                }
                for t in terms
            },
            "offers": offer_counts(terms),
            "advice": advice,
            "points": {
                p.id: {"name": p.name, "organisation": p.organisation, "url": p.page_url, "phone": p.phone, "tel": tel(p.phone) if p.phone else None}
                for p in sorted(used.values(), key=lambda p: p.id)
            },
            "labels": {
                "regions": {r.id: r.label for r in guide.regions},
                "topics": {t.id: t.label for t in guide.topics},
            },
            "links": self.links,
        }


def employer_programmes(guide: Guide) -> list[Term]:
    """Programmes for employers (``for`` names ``unternehmen``) that have not run out."""
    return [t for t in programmes_in_check(guide) if "unternehmen" in programme(t).for_]


@dataclass
class RateLine:
    """One line of a programme's rates as an employer reads it: company size and support."""

    employees: str
    rate: str
    # The rates for some of the staff beside it ("Für Beschäftigte, die 55 Jahre oder älter
    # sind: …", ``eligibility.staff_rates``), as the Förder-Check names them to an employer.
    staff: tuple[str, ...] = ()


def employer_rates(term: Term) -> list[RateLine]:
    """The rows of ``term`` that apply to employers, with their company size in words."""
    rows = eligibility.programme_rows(programme(term))
    return [
        RateLine(row.employees_words, row.rate, eligibility.staff_rates(rows, row, EMPLOYER))
        for row in rows if EMPLOYER in row.situations
    ]


def inhouse_offers(offers: Iterable[Offer]) -> list[Offer]:
    """Offers a company can book for its own staff or a group: ``inhouse`` or priced per group."""
    return [o for o in offers if o.for_groups]


@dataclass
class ForEmployers:
    """What /unternehmen/ has to show: the programmes for employers, the offers a company can
    book for its staff, the advisory points of the programmes' ``advisory_kinds`` (those for
    the audience ``unternehmen`` if there are any), and whether it has advice to offer at all:
    those points, or else the guide's others (the page then links to them)."""

    programmes: list[Term]
    inhouse: list[Offer]
    points: list[AdvisoryPoint]
    advice: bool


def serves_employers(point: AdvisoryPoint) -> bool:
    """Whether ``point`` names an audience that stands for employers: ``unternehmen`` or one of
    its usual other ids (``eligibility.SITUATION_AUDIENCES``: arbeitgeber, betriebe …)."""
    return EMPLOYER in eligibility.situations_of(a.id for a in point.audiences)


def for_employers(guide: Guide) -> ForEmployers:
    programmes = employer_programmes(guide)
    kinds = {kind for t in programmes for kind in programme(t).advisory_kinds}
    of_kind = [p for p in guide.advisory_points if p.kind in kinds]
    points = [p for p in of_kind if serves_employers(p)] or of_kind
    return ForEmployers(programmes, inhouse_offers(guide.offers), points, bool(points or guide.advisory_points))


class FundedTopics:
    """Topics with the number of published offers that carry one of ``terms`` and a search
    link for them, counted when the employers' page is rendered (every offer is looked at:
    the live preview renders that page after the changed ones, ``incremental.LATER_TEMPLATES``)."""

    def __init__(self, guide: Guide, terms: list[Term], link: Callable[[Term], str]):
        self.guide, self.terms, self.link = guide, terms, link

    @cached_property
    def _found(self) -> list[tuple[Term, int, str]]:
        chosen = {id(o): o for t in self.terms for o in t.offers}
        counts: dict[str, int] = {}
        for offer in chosen.values():
            for topic in offer.topics:
                counts[topic.id] = counts.get(topic.id, 0) + 1
        return [(t, counts[t.id], self.link(t)) for t in self.guide.topics if counts.get(t.id)]

    def __iter__(self) -> Iterator[tuple[Term, int, str]]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)
