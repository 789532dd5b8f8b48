"""Step 4: decide every output of the site: its path, its template and what it shows.

The plan is a plain list; rendering walks it in order. Nothing here formats HTML.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from itertools import islice
from typing import Any
from urllib.parse import quote, urlencode

from . import eligibility, funding, urls
from .german import join_de, month_de, number_range
from .model import (
    SERVICE_LABELS,
    WEEKDAYS,
    AdvisoryPoint,
    Changes,
    EditorialPage,
    Guide,
    Offer,
    OfferDate,
    Provider,
    Term,
)
from .search import (
    FACETS,
    HIDDEN_FILTERS,
    OPEN_FACETS,
    VALUE_ORDER,
    PlaceCounts,
    guide_words,
    page_data,
    preload,
    town_codes,
)

# What a page is about: an offer, an advisory point, an editorial page, a provider or a
# taxonomy term; None for the site's own pages (home, lists, search …). The subject decides
# what the page tells the search index (search.record_for) and its structured data
# (structured_data.for_subject); the template gets it under its own name in ``context``.
Subject = Offer | AdvisoryPoint | EditorialPage | Provider | Term | None


@dataclass
class PagePlan:
    """One HTML page."""

    path: str  # site path without base path, e.g. "angebote/cnc-kurs/"
    template: str
    title: str
    description: str | None = None
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (label, site path), without the page
    context: dict[str, Any] = field(default_factory=dict)  # the template's own variables
    lastmod: date | None = None
    in_sitemap: bool = True
    subject: Subject = None
    # A page the search finds as an information page ("Seite"): an editorial page, and those of
    # the site's own that have something to say (funding, the Förder-Check, the pages for
    # employers). Its own texts are indexed, not the offers it lists (the templates mark those
    # data-pagefind-ignore). The files Pagefind reads: ``index.searchable_patterns``.
    searched: bool = False

    @property
    def kind(self) -> str:
        return self.template.removesuffix(".html")

    @cached_property
    def output_file(self) -> str:
        """Its file in the output folder (worked out once: the preview keeps most plans)."""
        return urls.output_file(self.path)


@dataclass
class FilePlan:
    """One non-HTML output: ``producer`` names a function in ``render.PRODUCERS``."""

    path: str
    producer: str
    subject: Any = None


@dataclass
class Plan:
    pages: list[PagePlan]
    files: list[FilePlan]

    def information_pages(self) -> list[str]:
        """The site paths of the pages the search finds as information pages (``searched``)."""
        return [page.path for page in self.pages if page.searched]


HOME_CRUMB = ("Startseite", urls.HOME)


def _page_window(numbered: list[tuple[int, str]], current: int) -> list[tuple[int, str] | None]:
    """The page links a list shows: first, last, two either side of ``current``; None for a gap."""
    total = len(numbered)
    shown: list[tuple[int, str] | None] = []
    for n in sorted({1, total, *range(max(1, current - 3), min(total, current + 3) + 1)}):
        if n == 1 or n == total or abs(n - current) <= 2:
            shown.append(numbered[n - 1])
        elif abs(n - current) == 3:
            shown.append(None)
    return shown


@dataclass
class Pagination:
    """Where a list page stands among its pages (``pages``: (number, link) of all of them)."""

    current: int
    pages: list[tuple[int, str]]

    @property
    def total_pages(self) -> int:
        return len(self.pages)

    @property
    def prev_url(self) -> str | None:
        return self.pages[self.current - 2][1] if self.current > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.pages[self.current][1] if self.current < len(self.pages) else None

    @cached_property
    def shown(self) -> list[tuple[int, str] | None]:
        """Worked out when a template asks: a list of 10,000 offers has 500 pages."""
        return _page_window(self.pages, self.current)


def _paged(
    keep: Keep,
    base: str,
    offers: list[Offer],
    template: str,
    title: str,
    crumbs: list[tuple[str, str]],
    context: dict[str, Any],
    description: str,
    subject: Subject = None,
    total: int | None = None,
    searched: bool = False,
) -> list[PagePlan]:
    """A list of offers over as many pages as ``per_page`` asks: base, base/seite/2/, ...

    ``total``: the number the pages name (default: all of ``offers``); ``searched``: the
    first page is an information page of the search (``PagePlan.searched``)."""
    shown_total = len(offers) if total is None else total
    head = (template, title, crumbs, context, description, subject, shown_total, searched)

    def page(number: int, chunk: list[Offer], numbered: list[tuple[int, str]]) -> PagePlan:
        pages = len(numbered)
        return PagePlan(
            path=urls.paged(base, number),
            template=template,
            title=title if number == 1 else f"{title} – Seite {number} von {pages}",
            description=description,
            crumbs=crumbs if number == 1 else [*crumbs, (title, base)],
            context={**context, "offers": chunk, "pagination": Pagination(number, numbered), "total": shown_total},
            subject=subject,
            searched=searched and number == 1,
        )

    return keep.chunked(base, head, offers, keep.guide.site.per_page, page)


def _offer_pages(keep: Keep, months: list[dict[str, Any]]) -> list[PagePlan]:
    guide = keep.guide
    return _paged(
        keep, urls.OFFERS, guide.offers, "offers.html", "Alle Angebote", [HOME_CRUMB], {"months": months},
        f"{len(guide.offers)} Weiterbildungsangebote in der Region, nächster Beginn zuerst.",
    )


def _term_pages(keep: Keep, term: Term, template: str, section: tuple[str, str], description: str) -> list[PagePlan]:
    assert term.path is not None
    return _paged(keep, term.path, term.offers, template, term.label, [HOME_CRUMB, section], {"term": term}, description, term)


def _region_pages(keep: Keep, region: Term, here: list[Offer], online: list[Offer]) -> list[PagePlan]:
    """A region's offers on site (``here``), then every online offer in a section of its own:
    one list over as many pages as it takes, so each is reachable without JavaScript."""
    assert region.path is not None
    return _paged(
        keep, region.path, here + online, "region.html", region.label, [HOME_CRUMB, ("Regionen", urls.REGIONS)],
        {"term": region, "online_total": len(online)},
        f"Weiterbildungsangebote und Beratung in der Region {region.label}.", region, total=len(here),
    )


@dataclass
class MonthEntry:
    """One date beginning in a month, for the month lists."""

    start: date
    offer: Offer
    when: OfferDate


def _offer_months(offer: Offer) -> dict[str, list[MonthEntry]]:
    """An offer's dates that have not begun, by month of start ('2027-04')."""
    found: dict[str, list[MonthEntry]] = {}
    for when in offer.dates:
        if not when.started:
            start = when.start
            found.setdefault(f"{start.year:04d}-{start.month:02d}", []).append(MonthEntry(start, offer, when))
    return found


def _month_order(entry: MonthEntry) -> tuple[date, str, str]:
    return (entry.start, entry.offer.sort_title, entry.offer.id)


def _months(guide: Guide, memory: PlanMemory | None = None) -> dict[str, list[MonthEntry]]:
    """Every month with an upcoming start, with its dates in order of start.

    The live preview keeps each offer's part (``memory.by_offer``): after an edit only the
    months of changed, new and removed offers are put together and sorted again.
    """
    changes = guide.changes
    if memory is not None and memory.months is not None and changes is not None and changes.before is memory.seen:
        memory.seen = guide.offers
        return _months_changed(memory, changes)
    previous = memory.by_offer if memory is not None else {}
    by_offer: dict[Offer, dict[str, list[MonthEntry]]] = {}
    touched: set[str] = set()
    for offer in guide.offers:
        part = previous.get(offer)
        if part is None:
            part = _offer_months(offer)
            touched.update(part)
        by_offer[offer] = part
    for gone in previous.keys() - by_offer.keys():
        touched.update(previous[gone])
    if memory is None or memory.months is None or len(touched) > 12:
        months: dict[str, list[MonthEntry]] = {}
        for part in by_offer.values():
            for key, entries in part.items():
                months.setdefault(key, []).extend(entries)
        for entries in months.values():
            entries.sort(key=_month_order)
    else:
        months = dict(memory.months)
        for key in touched:
            entries = [e for part in by_offer.values() if key in part for e in part[key]]
            if entries:
                months[key] = sorted(entries, key=_month_order)
            else:
                months.pop(key, None)
    months = dict(sorted(months.items()))
    if memory is not None:
        memory.by_offer, memory.months, memory.seen = by_offer, months, guide.offers
    return months


def _months_changed(memory: PlanMemory, changes: Changes) -> dict[str, list[MonthEntry]]:
    """``_months`` from the last ones when the guide says which offers changed: only the
    months of those offers are put together again, without looking at the others."""
    assert memory.months is not None
    by_offer, out = memory.by_offer, set(changes.gone)
    touched: set[str] = set()
    for offer in changes.gone:
        touched.update(by_offer.pop(offer, {}))
    for offer in changes.fresh:
        part = by_offer[offer] = _offer_months(offer)
        touched.update(part)
    months = dict(memory.months)
    for key in touched:
        # The kept entries (in order), then each new offer's put in its place after any equal
        # one: what sorting them all stably gives, without a key for each of 1,700 entries.
        entries = [e for e in months.get(key, ()) if e.offer not in out]
        for offer in changes.fresh:
            for entry in by_offer[offer].get(key, ()):
                bisect.insort(entries, entry, key=_month_order)
        if entries:
            months[key] = entries
        else:
            months.pop(key, None)
    months = dict(sorted(months.items()))
    memory.months = months
    return months


def start_months(guide: Guide, months: dict[str, list[MonthEntry]]) -> list[dict[str, Any]]:
    """The month list for pages without JavaScript: label, link and number of starts."""
    return [
        {"key": key, "label": month_de(entries[0].start), "url": guide.urls.link(urls.start_month(key)), "count": len(entries)}
        for key, entries in months.items()
    ]


MONTH_PAGE = 100  # starts per page of a month list (short rows, so more than ``per_page``)


def _month_pages(keep: Keep, months: dict[str, list[MonthEntry]], index: list[dict[str, Any]]) -> list[PagePlan]:
    pages = []
    for number, (key, entries) in enumerate(months.items()):
        label = month_de(entries[0].start)
        base = urls.start_month(key)
        title = f"Beginn im {label}"
        month = index[number]

        def page(n: int, chunk: list[MonthEntry], numbered: list[tuple[int, str]], base: str = base, title: str = title,
                 label: str = label, month: dict[str, Any] = month, total: int = len(entries)) -> PagePlan:
            return PagePlan(
                path=urls.paged(base, n),
                template="month.html",
                title=title if n == 1 else f"{title} – Seite {n} von {len(numbered)}",
                description=f"Weiterbildungsangebote, die im {label} beginnen, nach Datum.",
                crumbs=[HOME_CRUMB, ("Angebote", urls.OFFERS)] if n == 1 else [HOME_CRUMB, ("Angebote", urls.OFFERS), (title, base)],
                context={
                    "month": month,
                    "entries": chunk,
                    "total": total,
                    "pagination": Pagination(n, numbered),
                    "months": index,
                },
            )

        pages += keep.chunked(base, ("month.html", index, number), entries, MONTH_PAGE, page)
    return pages


def _advice_finder(guide: Guide, towns: dict[str, str]) -> dict[str, Any]:
    """What /beratung/ needs for its postal-code, distance, filter and opening-hours tools.

    ``data`` goes into the page as JSON for beratung.js; the rest are the filter choices.
    """
    points = guide.advisory_points
    languages = sorted(
        {(code, name) for p in points for code, name in p.languages},
        key=lambda pair: (pair[0] != "de", pair[1].casefold()),
    )
    used_services = {sid for p in points for sid, _ in p.services}
    used_topics = {t.id for p in points for t in p.topics}
    used_audiences = {a.id for p in points for a in p.audiences}

    def record(point: AdvisoryPoint) -> dict[str, Any]:
        return {
            "id": point.id,
            "region": point.address.region.id,
            "geo": {"lat": point.geo.lat, "lon": point.geo.lon} if point.geo is not None else None,
            "languages": [code for code, _ in point.languages],
            "services": [sid for sid, _ in point.services],
            "topics": [t.id for t in point.topics],
            "audiences": [a.id for a in point.audiences],
            "hours": [
                {"days": [d for d in WEEKDAYS if d in h.days], "from": h.opens, "to": h.closes}
                for h in point.hours
            ],
        }

    return {
        "data": {
            "timezone": guide.site.timezone,
            "postal_codes": {region: list(patterns) for region, patterns in guide.site.postal_codes.items()},
            "towns": towns,  # "Ludwigsburg" typed instead of a postal code (``search.town_codes``)
            "regions": [{"id": r.id, "label": r.label} for r in guide.regions],
            "points": [record(p) for p in points],
        },
        "languages": languages,
        "services": [(sid, label) for sid, label in SERVICE_LABELS.items() if sid in used_services],
        "topics": [t for t in guide.topics if t.id in used_topics],
        "audiences": [a for a in guide.audiences if a.id in used_audiences],
    }


def _catalogue_sections(offers: list[Offer], topics: list[Term]) -> list[dict[str, Any]]:
    """Offers grouped by topic for print: each offer once, under its first topic.

    ``also`` names the offers that carry the topic as a further one, with the topic whose
    section holds their entry, so a reader of paper finds them without a second copy.
    """
    own: dict[int, list[Offer]] = {id(t): [] for t in topics}
    also: dict[int, list[tuple[Offer, Term]]] = {id(t): [] for t in topics}
    for offer in offers:
        first, *further = offer.topics
        own[id(first)].append(offer)
        for topic in further:
            also[id(topic)].append((offer, first))
    return [
        {"topic": t, "offers": own[id(t)], "also": also[id(t)]} for t in topics if own[id(t)] or also[id(t)]
    ]


class Sections:
    """A catalogue's sections, grouped when first read: the live preview plans the catalogues
    on every save but renders them after the changed pages (see incremental.py)."""

    def __init__(self, offers: list[Offer], topics: list[Term]):
        self._offers, self._topics = offers, topics

    @cached_property
    def _sections(self) -> list[dict[str, Any]]:
        return _catalogue_sections(self._offers, self._topics)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._sections)

    def __len__(self) -> int:
        return len(self._sections)


def _catalogue_pages(guide: Guide, regions: list[tuple[Term, list[Offer]]], online: list[Offer]) -> list[PagePlan]:
    pages = [
        PagePlan(
            path=urls.KATALOG,
            template="katalog.html",
            title="Katalog zum Ausdrucken",
            description="Alle Weiterbildungsangebote nach Themen, mit Inhaltsverzeichnis – zum Ausdrucken und Weitergeben.",
            crumbs=[HOME_CRUMB],
            context={
                "region": None,
                "sections": Sections(guide.offers, guide.topics),
                "total": len(guide.offers),
                "catalogues": [(r, len(offers), guide.urls.link(urls.katalog_region(r.id))) for r, offers in regions],
                "advisory_points": guide.advisory_points,
                "absolute": guide.urls.absolute,
                "online": [],
                "online_total": len(online),
            },
        )
    ]
    for region, offers in regions:
        pages.append(
            PagePlan(
                path=urls.katalog_region(region.id),
                template="katalog.html",
                title=f"Katalog Region {region.label}",
                description=f"Die Weiterbildungsangebote in der Region {region.label} nach Themen, dazu alle Online-Angebote – zum Ausdrucken.",
                crumbs=[HOME_CRUMB, ("Katalog", urls.KATALOG)],
                context={
                    "region": region,
                    "sections": Sections(offers, guide.topics),
                    "total": len(offers),
                    "catalogues": [],
                    "advisory_points": region.advisory_points,
                    "absolute": guide.urls.absolute,
                    "online": online,
                    "online_total": len(online),
                },
            )
        )
    return pages


def search_link(guide: Guide, *filters: tuple[str, str]) -> str:
    """The search page with filters set, as suche.js reads them: ``?thema=…&foerderung=…``."""
    return guide.urls.link(urls.SEARCH) + ("?" + urlencode(filters, quote_via=quote) if filters else "")


FUNDING_CRUMB = ("Förderung", urls.FUNDING)


def _question_counts(guide: Guide) -> dict[str, int]:
    """For pages that name the Förder-Check's length: ``check_questions``, the most questions
    anyone answers (0: the check has none), and ``check_fewest``, the fewest."""
    fewest, most = funding.question_range(guide)
    return {"check_questions": most, "check_fewest": fewest}


def _funding_pages(keep: Keep) -> list[PagePlan]:
    """/foerderung/ (one block per programme), the Förder-Check with its decision table, and
    each programme's page with its offers, also per region."""
    guide = keep.guide
    in_check = funding.programmes_in_check(guide)
    situations = [(key, eligibility.SITUATIONS[key]) for key in funding.check_situations(guide)]
    questions = funding.check_questions(guide)
    counts = _question_counts(guide)
    link = guide.urls.link
    rows = funding.table(guide)
    overview, table = keep.family("funding", (), lambda: [
        PagePlan(
            path=urls.FUNDING,
            template="funding.html",
            title="Förderung",
            description="Förderprogramme für Weiterbildung: wer sie bekommen kann, wie viel es gibt und welche Angebote passen.",
            crumbs=[HOME_CRUMB],
            context={
                "programmes": guide.funding, "in_check": in_check, "situations": eligibility.SITUATIONS,
                **counts, "employer_programmes": funding.employer_programmes(guide),
            },
            searched=bool(guide.funding),
        ),
        PagePlan(
            path=urls.FUNDING_TABLE,
            template="decision_table.html",
            title="Förder-Check als Tabelle",
            description="Welche Förderung kann passen? Alle Regeln des Förder-Checks in einer Tabelle, ohne JavaScript.",
            crumbs=[HOME_CRUMB, FUNDING_CRUMB, ("Förder-Check", urls.FUNDING_CHECK)],
            context={
                "sections": [(key, situation, [r for r in rows if key in r.situations]) for key, situation in situations],
                "programmes": {t.id: t for t in in_check},
                "goals": eligibility.GOALS,
                # For an employer's rows the rates for some of their staff, as the check words them.
                "staff": partial(eligibility.staff_rates, rows),
            },
        ),
    ])
    pages = [
        overview,
        # Its data counts the offers of every programme when first read: planned anew each time.
        PagePlan(
            path=urls.FUNDING_CHECK,
            template="foerdercheck.html",
            title="Förder-Check",
            description=(
                f"{number_range(counts['check_fewest'], counts['check_questions']).capitalize()} kurze Fragen: Welche Förderung kann zu Ihrer Weiterbildung passen? "
                "Ihre Antworten bleiben in Ihrem Browser." if questions else
                "Welche Förderung kann zu Ihrer Weiterbildung passen? Die Förderprogramme mit ihren Bedingungen."
            ),
            crumbs=[HOME_CRUMB, FUNDING_CRUMB],
            context={
                "check": funding.CheckData(guide, {"search": link(urls.SEARCH), "advice": link(urls.ADVICE)}),
                "situations": situations,
                "questions": questions,
                **counts,
                "personal": funding.personal_situations(guide),
                "places": funding.places(guide),
                "goals": list(eligibility.GOALS.items()),
                "topics": guide.topics,
                "programmes": in_check,
            },
            searched=bool(questions),
        ),
        table,
    ]
    for term in guide.funding:
        pages += keep.family(f"programme:{term.id}", (term, tuple(term.offers)), lambda term=term: _programme_pages(keep, term))  # type: ignore[misc]
    return pages


def _programme_pages(keep: Keep, term: Term) -> list[PagePlan]:
    """A programme's page with all its offers, and one per region that has some."""
    assert term.path is not None
    guide = keep.guide
    declared = funding.programme(term)
    by_region: dict[str, list[Offer]] = {}
    for offer in term.offers:
        for region in offer.regions:
            by_region.setdefault(region.id, []).append(offer)
    regions = [(r, len(by_region[r.id]), guide.urls.link(urls.funding_region(term.id, r.id))) for r in guide.regions if r.id in by_region]
    kinds = declared.advisory_kinds
    points = [p for p in guide.advisory_points if p.kind in kinds]
    common = {
        "term": term,
        "all_total": len(term.offers),  # a number, not the list: the preview re-renders what a page reads
        "regions": regions,
        "rows": eligibility.programme_rows(declared) if declared.for_ else [],
        "situations": eligibility.SITUATIONS,
        "goals": eligibility.GOALS,
        "in_check": eligibility.in_check(declared, guide.today),
    }
    crumbs = [HOME_CRUMB, FUNDING_CRUMB]
    pages = _paged(
        keep, term.path, term.offers, "programme.html", term.label, crumbs,
        {**common, "region": None, "points": points, "search_url": search_link(guide, ("foerderung", term.label))},
        f"{term.label}: wer es bekommen kann, wie viel es gibt, Stand und Quellen – und {len(term.offers)} passende Angebote.",
        term,
        searched=True,
    )
    for region, _, _ in regions:
        pages += _paged(
            keep, urls.funding_region(term.id, region.id), by_region[region.id], "programme.html",
            f"{term.label} in der Region {region.label}", [*crumbs, (term.label, term.path)],
            {
                **common,
                "region": region,
                "points": [p for p in points if p.address.region is region],
                "search_url": search_link(guide, ("foerderung", term.label), ("region", region.label)),
            },
            f"Angebote mit {term.label} in der Region {region.label}.",
            term,
        )
    return pages


def _employer_pages(keep: Keep, employers: funding.ForEmployers) -> list[PagePlan]:
    """/unternehmen/: funding for employers with rates by size, in-house and group offers, the
    advisory points for employers and search presets; the in-house offers as a list. The
    description names only what the page has."""
    guide = keep.guide
    programmes, inhouse = employers.programmes, employers.inhouse
    holds = [
        label for label, present in (
            ("Förderung nach Betriebsgröße", programmes), ("Inhouse-Schulungen", inhouse), ("Beratung für Arbeitgeber", employers.advice),
        ) if present
    ]
    labels = [("foerderung", t.label) for t in programmes]
    audience = next((a for a in guide.audiences if a.id == "unternehmen"), None)
    presets = [("Alle Angebote, die für Betriebe gefördert werden können", search_link(guide, *labels))] if labels else []
    if audience is not None:
        presets.append((f"Angebote für die Zielgruppe „{audience.label}“", search_link(guide, ("zielgruppe", audience.label))))
    crumb = [HOME_CRUMB]
    pages = [
        PagePlan(
            path=urls.EMPLOYERS,
            template="employers.html",
            title="Für Unternehmen",
            description=f"Weiterbildung für Ihre Beschäftigten: {join_de(holds)}." if holds else "Weiterbildung für Ihre Beschäftigten.",
            crumbs=crumb,
            context={
                "programmes": [(t, funding.employer_rates(t)) for t in programmes],
                "topics": funding.FundedTopics(guide, programmes, lambda t: search_link(guide, ("thema", t.label), *labels)),
                "inhouse": inhouse[:10],
                "inhouse_total": len(inhouse),
                "points": employers.points,
                "advice": employers.advice,
                # /beratung/ lists every point for employers (``#fuer-arbeitgeber``): how many.
                "employer_points": sum(map(funding.serves_employers, guide.advisory_points)),
                "presets": presets,
            },
            searched=bool(holds),
        )
    ]
    pages += _paged(
        keep, urls.EMPLOYER_OFFERS, inhouse, "employer_offers.html", "Inhouse-Schulungen und Gruppenangebote",
        [*crumb, ("Für Unternehmen", urls.EMPLOYERS)], {},
        f"{len(inhouse)} Weiterbildungen, die Betriebe für ihre Beschäftigten als Inhouse-Schulung oder für eine Gruppe buchen können.",
        searched=bool(inhouse),
    )
    return pages


@dataclass
class Listed:
    """A paged list as last planned: what its pages show besides the items, the items, its pages."""

    head: tuple[Any, ...]
    items: list[Any]
    pages: list[PagePlan]


@dataclass
class PlanMemory:
    """What the live preview keeps from one plan to the next, for as long as the guide keeps
    the objects it was made of (``model.GuideMemory``, ``Guide.frame``): each offer's page and
    calendar file, each paged list's pages, the pages of each family that shows no offers or
    the same offers as before."""

    offers: dict[Offer, tuple[PagePlan, tuple[FilePlan, ...]]] = field(default_factory=dict)
    by_offer: dict[Offer, dict[str, list[MonthEntry]]] = field(default_factory=dict)  # see ``_months``
    months: dict[str, list[MonthEntry]] | None = None
    seen: list[Offer] | None = None  # the guide's offers ``months`` are of
    frame: object = None
    lists: dict[str, Listed] = field(default_factory=dict)  # by base path
    families: dict[str, tuple[Any, list[PagePlan], list[str]]] = field(default_factory=dict)  # inputs, pages, its lists
    places: PlaceCounts = field(default_factory=PlaceCounts)


class Keep:
    """Makes the plan's pages, or hands out those planned last time when what they are made of
    is the same (compared with ``==``: the guide's objects by identity, see ``model``).

    Without a memory (a build) everything is made. A page handed out again is the very object
    planned before, so the preview knows its output is unchanged (``incremental.outdated``)
    without working out what it shows; a title edit among 10,000 offers plans a few pages
    instead of 5,000.
    """

    def __init__(self, guide: Guide, memory: PlanMemory | None):
        self.guide = guide
        self.memory = memory
        self.lists: dict[str, Listed] = {}
        self.families: dict[str, tuple[Any, list[PagePlan], list[str]]] = {}
        self._bases: list[str] = []  # of the lists planned so far
        if memory is not None and memory.frame is not guide.frame:
            memory.lists, memory.families, memory.frame = {}, {}, guide.frame

    def family(self, name: str, inputs: Any, make: Callable[[], list[PagePlan]]) -> list[PagePlan]:
        """``make()``, or its pages of last time when ``inputs`` are equal (and the frame the same)."""
        memory = self.memory
        if memory is None:
            return make()
        known = memory.families.get(name)
        if known is not None and known[0] == inputs:
            _, pages, bases = known
            for base in bases:  # its lists stay known for the time they change
                if base in memory.lists:
                    self.lists[base] = memory.lists[base]
            self._bases += bases
        else:
            start = len(self._bases)
            pages = make()
            bases = self._bases[start:]
        self.families[name] = (inputs, pages, bases)
        return pages

    def chunked(
        self, base: str, head: tuple[Any, ...], items: list[Any], size: int,
        page: Callable[[int, list[Any], list[tuple[int, str]]], PagePlan],
    ) -> list[PagePlan]:
        """The pages of a list of ``items``, ``size`` per page: ``page(number, chunk, numbered)``
        with ``numbered`` the (number, link) of every page. A page is kept when ``head`` (what
        every page shows besides its chunk), the number of items and its chunk are as before."""
        items = list(items)  # the guide's lists are filled again by the next guide
        self._bases.append(base)
        known = self.memory.lists.get(base) if self.memory is not None else None
        if known is not None and (known.head != head or len(known.items) != len(items)):
            known = None
        if known is not None and known.items == items:
            pages = known.pages
        else:
            chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
            link = self.guide.urls.link
            numbered = [(n, link(urls.paged(base, n))) for n in range(1, len(chunks) + 1)]  # shared by all
            pages = []
            for number, chunk in enumerate(chunks, start=1):
                start = (number - 1) * size
                if known is not None and known.items[start : start + size] == chunk:
                    pages.append(known.pages[number - 1])
                else:
                    pages.append(page(number, chunk, numbered))
        if self.memory is not None:
            self.lists[base] = Listed(head, items, pages)
        return pages

    def close(self) -> None:
        """Keep what this plan made for the next one (and nothing older)."""
        if self.memory is not None:
            self.memory.lists, self.memory.families = self.lists, self.families


def _offer_outputs(offer: Offer) -> tuple[PagePlan, tuple[FilePlan, ...]]:
    page = PagePlan(
        path=offer.path,
        template="offer.html",
        title=offer.title,
        description=offer.summary,
        crumbs=[HOME_CRUMB, ("Angebote", urls.OFFERS)],
        context={"offer": offer},
        lastmod=offer.updated,
        subject=offer,
    )
    if not offer.ics_url:
        return page, ()
    files = [FilePlan(urls.offer_calendar(offer.id), "calendar", offer)]
    files += [FilePlan(urls.date_calendar(offer.id, d.calendar_key), "date-calendar", (offer, d)) for d in offer.upcoming_dates if d.calendar_key and d.ics_url]
    return page, tuple(files)


def _advice_pages(guide: Guide, towns: dict[str, str]) -> list[PagePlan]:
    """/beratung/ and a page per advisory point."""
    groups = [(region, region.advisory_points) for region in guide.regions if region.advisory_points]
    pages = [
        PagePlan(
            path=urls.ADVICE,
            template="advisory_points.html",
            title="Persönliche Beratung",
            description="Kostenlose Weiterbildungsberatung in der Region: Beratungsstellen nach Kreisen.",
            crumbs=[HOME_CRUMB],
            context={
                "groups": groups,
                "finder": _advice_finder(guide, towns),
                # The points for employers, as a list of their own (works without JavaScript).
                "employer_points": [p for _, points in groups for p in points if funding.serves_employers(p)],
            },
        )
    ]
    for point in guide.advisory_points:
        pages.append(
            PagePlan(
                path=point.path,
                template="advisory_point.html",
                title=point.name,
                description=f"{point.organisation}: {point.kind_label} in {point.address.city}.",
                crumbs=[HOME_CRUMB, ("Beratung", urls.ADVICE)],
                context={"point": point},
                lastmod=point.updated,
                subject=point,
            )
        )
    return pages


def _more_pages(guide: Guide) -> list[PagePlan]:
    """Leichte Sprache and the editorial pages."""
    pages = [
        PagePlan(
            path=urls.LEICHTE_SPRACHE,
            template="leichte_sprache.html",
            title="Leichte Sprache",
            description=f"{guide.site.title} in Leichter Sprache: Was ist das? Wie finde ich einen Kurs? Wo bekomme ich Beratung?",
            crumbs=[HOME_CRUMB],
            context={
                "example_point": guide.advisory_points[0] if guide.advisory_points else None,
                **_question_counts(guide),
            },
        )
    ]
    for doc in guide.pages:
        pages.append(
            PagePlan(
                path=doc.path,
                template="page.html",
                title=doc.title,
                description=doc.description,
                crumbs=[HOME_CRUMB],
                context={"doc": doc},
                subject=doc,
                searched=True,
            )
        )
    return pages


def _sitemaps(pages: list[PagePlan]) -> list[FilePlan]:
    """sitemap.xml with every page in it; past the protocol's limit of URLs in one file
    (``urls.SITEMAP_URLS``), parts of that many and sitemap.xml as their index."""
    listed = [page for page in pages if page.in_sitemap]
    size = urls.SITEMAP_URLS
    if len(listed) <= size:
        return [FilePlan(urls.SITEMAP, "sitemap", pages)]
    parts = [(urls.sitemap_part(n + 1), listed[start : start + size]) for n, start in enumerate(range(0, len(listed), size))]
    return [FilePlan(urls.SITEMAP, "sitemap-index", parts), *(FilePlan(path, "sitemap", part) for path, part in parts)]


def plan_site(guide: Guide, memory: PlanMemory | None = None) -> Plan:
    """Every page and file of the site, in a fixed order.

    With ``memory`` (the live preview's), offers the guide kept keep their planned outputs,
    and pages made of the same things as last time are kept (``Keep``).
    """
    keep = Keep(guide, memory)
    employers = funding.for_employers(guide)
    pages: list[PagePlan] = [
        PagePlan(
            path=urls.HOME,
            template="home.html",
            title=guide.site.title,
            description=guide.site.description,
            context={
                # Offers that begin soon: a running course with late entry is not "beginning".
                "upcoming": list(islice((o for o in guide.offers if o.next_date is not None and not o.next_date.started), 6)),
                "topics": guide.topics,
                "regions": guide.regions,
                "advisory_points": guide.advisory_points[:3],
                **_question_counts(guide),
                "funding": guide.funding,
                # What /unternehmen/ has, for the quick link to it.
                "employers": {"funding": bool(employers.programmes), "inhouse": len(employers.inhouse), "advice": employers.advice},
            },
        )
    ]
    months = _months(guide, memory)
    month_index = start_months(guide, months)
    pages += _offer_pages(keep, month_index)
    kept = memory.offers if memory is not None else {}
    own = {offer: kept.get(offer) or _offer_outputs(offer) for offer in guide.offers}
    if memory is not None:
        memory.offers = own
    pages += [page for page, _ in own.values()]
    # The search page's data (places, towns, holidays …), made once: /beratung/ takes its towns.
    search_data = page_data(guide, memory.places if memory is not None else None)
    towns = town_codes(search_data)
    pages += keep.family("advice", tuple(towns.items()), lambda: _advice_pages(guide, towns))
    pages += keep.family("providers", tuple(guide.providers), lambda: [
        PagePlan(
            path=urls.PROVIDERS,
            template="providers.html",
            title="Anbieter",
            description="Die Bildungsträger und ihre Angebote.",
            crumbs=[HOME_CRUMB],
            context={"providers": guide.providers},
        )
    ])
    for provider in guide.providers:
        provider_pages = _paged(
            keep, provider.path, provider.offers, "provider.html", provider.name,
            [HOME_CRUMB, ("Anbieter", urls.PROVIDERS)], {"provider": provider},
            f"Weiterbildungsangebote von {provider.name}.", provider,
        )
        provider_pages[0].lastmod = provider.updated  # the same value on a kept page
        pages += provider_pages
    pages += keep.family("topics", (), lambda: [
        PagePlan(
            path=urls.TOPICS,
            template="topics.html",
            title="Themen",
            description="Weiterbildung nach Themen.",
            crumbs=[HOME_CRUMB],
            context={"topics": guide.topics},
        ),
    ])
    for t in guide.topics:
        pages += _term_pages(keep, t, "topic.html", ("Themen", urls.TOPICS), f"Weiterbildungsangebote zum Thema {t.label}.")
    pages += keep.family("regions", (), lambda: [
        PagePlan(
            path=urls.REGIONS,
            template="regions.html",
            title="Regionen",
            description="Weiterbildung und Beratung nach Kreisen.",
            crumbs=[HOME_CRUMB],
            context={"regions": guide.regions},
        ),
    ])
    online = [o for o in guide.offers if o.is_online]
    regions = [(r, [o for o in r.offers if not o.is_online]) for r in guide.regions]
    for region, here in regions:
        pages += _region_pages(keep, region, here, online)
    pages += _funding_pages(keep)
    pages += _employer_pages(keep, employers)
    pages.append(
        PagePlan(
            path=urls.SEARCH,
            template="search.html",
            title="Suche",
            description="Angebote und Beratungsstellen durchsuchen und filtern.",
            crumbs=[HOME_CRUMB],
            context={
                "topics": guide.topics,
                "regions": guide.regions,
                "months": month_index,
                "facets": [
                    {"key": key, "label": label, "open": key in OPEN_FACETS, "order": VALUE_ORDER.get(key)}
                    for key, label in FACETS.items()
                ],
                "hidden_filters": list(HIDDEN_FILTERS),
                "search_data": search_data,
                "search_preload": preload(guide),
            },
        )
    )
    pages += _month_pages(keep, months, month_index)
    pages += keep.family("merkliste", (), lambda: [
        PagePlan(
            path=urls.MERKLISTE,
            template="merkliste.html",
            title="Merkliste",
            description="Ihre gemerkten Angebote im Vergleich – gespeichert nur in Ihrem Browser.",
            crumbs=[HOME_CRUMB],
        ),
    ])
    pages += _catalogue_pages(guide, regions, online)
    pages += keep.family("pages", (), lambda: _more_pages(guide))
    keep.close()
    pages.append(
        PagePlan(
            path=urls.NOT_FOUND,
            template="404.html",
            title="Seite nicht gefunden",
            crumbs=[],
            context={"topics": guide.topics},
            in_sitemap=False,
        )
    )
    files = [calendar for _, calendars in own.values() for calendar in calendars]
    files += _sitemaps(pages)
    files += [
        FilePlan(urls.ROBOTS, "robots"),
        FilePlan(urls.FEED, "feed"),
        FilePlan(urls.API_OFFERS, "api"),
        # Worked out here, before the render workers fork, so they share it (see search.guide_words).
        FilePlan(urls.SEARCH_WORDS, "search-words", guide_words(guide)),
        FilePlan(urls.SEARCH_PLACES, "places"),
    ]
    return Plan(pages=pages, files=files)
