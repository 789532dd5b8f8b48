"""Step 6: the Pagefind search index, built by the binary of the pagefind[bin] package (no Node needed).

What a page contributes to the index is decided here, in ``search_record``: its filters
(facets), sort keys and result-card metadata. The templates write the record into the page's
``<head>`` as ``<meta data-pagefind-…>`` elements, so the page and the index cannot disagree,
and only the main content (``data-pagefind-body``) is indexed as text.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from markupsafe import Markup, escape
from pagefind.index import IndexConfig, PagefindIndex

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
PRICE_BANDS = ["kostenfrei", "bis 500 €", "500–2.000 €", "über 2.000 €"]


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


def price_band(amount: Decimal) -> str:
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
    if offer.region is not None:
        record.add("region", offer.region.label)
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
    record.sort["preis"] = f"{offer.price_amount:.2f}"
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


def _searchable_patterns(slugs: Iterable[str]) -> list[str]:
    """The pages that carry data-pagefind-body: offers, advisory points, editorial pages."""
    patterns = [f"{urls.OFFERS}*/index.html", f"{urls.ADVICE}*/index.html"]
    return patterns + [urls.output_file(urls.page(slug)) for slug in sorted(slugs)]


def searchable_files(slugs: Iterable[str]) -> str:
    """A glob for the searchable pages (``_searchable_patterns``).

    Naming them keeps Pagefind from parsing list pages and the (large) catalogue at all.
    """
    return "{" + ",".join(_searchable_patterns(slugs)) + "}"


# Pagefind's binary allocates through jemalloc, which by default keeps one memory arena per
# thread slot (four per core) and holds freed pages for reuse. One arena lowers the indexer's
# peak at 10,000 offers from about 1.5 to 1.33 GiB at no cost in time on two cores; returning
# freed pages at once (dirty_decay_ms:0) saves a little more but costs 10-20 % of the index time
# (bench/run.py). An operator's own setting wins.
ALLOCATOR_SETTING = ("_RJEM_MALLOC_CONF", "narenas:1")


_RUNNING: set[subprocess.Popen[str]] = set()


def stop_indexing() -> None:
    """End Pagefind runs still going: the preview may stop while it indexes in the background."""
    for process in list(_RUNNING):
        process.kill()
        process.wait()


def pagefind_binary() -> Path:
    """The Pagefind executable of the ``pagefind[bin]`` package (or ``PAGEFIND_BINARY_PATH``)."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


def _anything_to_index(site: Path, slugs: list[str]) -> bool:
    return any(any(site.glob(pattern)) for pattern in _searchable_patterns(slugs))


async def _empty_bundle(language: str, target: Path) -> int:
    async with PagefindIndex(IndexConfig(force_language=language, output_path=str(target))):
        pass  # leaving the context writes the bundle
    return 0


def build_index(site: Path, language: str, slugs: Iterable[str], target: Path | None = None) -> int:
    """Index the written pages of ``site`` into ``target`` (``site/pagefind``); returns the page count.

    Pagefind's own command reads and indexes the named files in parallel. (Its Python API
    drives the same binary as a service; at 10,000 offers that took 4-5 s and 60 MiB more.)
    Pages without ``data-pagefind-body`` (lists, home, search) are skipped by Pagefind itself.
    """
    target = (target or site / "pagefind").resolve()
    slugs = list(slugs)
    if not _anything_to_index(site, slugs):
        # Pagefind's command refuses an empty site; its API writes the empty bundle /suche/ loads.
        return asyncio.run(_empty_bundle(language, target))
    name, value = ALLOCATOR_SETTING
    command = [
        str(pagefind_binary()),
        "--site", str(site.resolve()),
        "--glob", searchable_files(slugs),
        "--force-language", language,
        "--output-path", str(target),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={name: value, **os.environ}
    )
    _RUNNING.add(process)
    try:
        stdout, stderr = process.communicate()
    finally:
        _RUNNING.discard(process)
    if process.returncode != 0:
        raise RuntimeError(f"Pagefind ist fehlgeschlagen ({process.returncode}): {(stderr or stdout).strip()[-2000:]}")
    entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(lang["page_count"]) for lang in entry["languages"].values())
