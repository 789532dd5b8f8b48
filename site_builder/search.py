"""What each page tells the search index: its filters (facets), sort keys and result-card
metadata, decided here and written into the page's ``<head>`` as ``<meta data-pagefind-…>``
elements by the templates, so the page and the index cannot disagree. Running Pagefind over
the written pages is ``index.py``'s job; which pages it reads is decided here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

from . import urls
from .german import date_de, month_de
from .model import AdvisoryPoint, EditorialPage, Guide, Offer

# Facet keys with the heading /suche/ shows for them, in the order shown.
FACETS = {
    "art": "Art",
    "thema": "Thema",
    "region": "Region",
    "format": "Form",
    "beginn": "Beginn",
    "preis": "Preis",
    "foerderung": "Förderung",
    "zielgruppe": "Zielgruppe",
    "niveau": "Niveau",
    "sprache": "Sprache",
    "anbieter": "Anbieter",
}
OPEN_FACETS = frozenset({"thema", "region", "format", "beginn"})
PRICE_BANDS = ["kostenfrei", "bis 500 €", "500–2.000 €", "über 2.000 €", "Preis auf Anfrage"]
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
    nxt = offer.next_date
    if nxt is not None:
        record.add("beginn", month_de(nxt.start))
    if offer.on_demand:
        record.add("beginn", "jederzeit")
    record.add("preis", price_band(offer.price_amount))
    # On-demand offers can start today, so they sort as starting today.
    record.sort["beginn"] = (nxt.start if nxt is not None else guide.today).isoformat()
    amount = offer.price.amount
    record.sort["preis"] = ON_REQUEST_SORT if amount is None else f"{amount:.2f}"
    record.meta = {
        "title": offer.title,
        "art": "Angebot",
        "summary": offer.summary,
        "termin": date_de(nxt.start) if nxt is not None else "Beginn jederzeit",
        "ort": offer.location.city if offer.location is not None and offer.format != "online" else "Online",
        "format": offer.format_label,
        "preis": offer.price_label,
        "anbieter": offer.provider.name,
        "id": offer.id,
    }
    if nxt is not None and nxt.sold_out:
        record.meta["ausgebucht"] = "ja"
    return record


def advisory_record(point: AdvisoryPoint) -> SearchRecord:
    record = SearchRecord()
    record.add("art", "Beratungsstelle")
    record.add("region", point.address.region.label)
    record.add("thema", *(t.label for t in point.topics))
    record.add("sprache", *(name for _, name in point.languages))
    record.meta = {
        "title": point.name,
        "art": "Beratungsstelle",
        "organisation": point.organisation,
        "ort": point.address.city,
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
