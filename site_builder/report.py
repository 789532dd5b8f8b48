"""``lotse report [--source DIR] [--today DATE] [--provider ID] [--format text|json]``: housekeeping.

What an editorial team should look at this month: gaps a visitor notices (no advisory points,
a Förder-Check without questions, the banner of ``init``, no contact for reports), offers that
leave the site within 30 days,
offers out of sight (expired, past, drafts), placeholders still waiting in drafts,
records nobody has reviewed for over 12 months, providers without published offers, declared
vocabulary nobody uses, links without https anywhere in the content, images in texts that
are not shown (from another website, a missing file) or have no description, HTML in texts that
the sanitiser leaves out (a script, an embedded page, an event attribute, a javascript: link;
with file, line and column where the editor wrote it), funding programmes
or provider recognitions whose ``valid_until`` has passed (the Förder-Check no longer shows
those programmes, and offers no longer inherit those recognitions), and a Land whose school
holidays neither Lotse nor the guide's own table (content/schulferien.csv) knows a year ahead,
and the notes ``validate`` gives (``notes.editor_notes``), each with file and line. Every finding
belongs to a provider where it can (an offer to its provider), so each partner sees its own
part (``--provider``). A report is not a failure: it exits 0 whatever it finds, and 1 only
when the content does not validate.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import eligibility, kinds, model, placeholders, records
from .german import LAENDER, date_short, placeholder_name
from .introspect import markdown_texts, references
from .layout import SCHOOL_HOLIDAYS
from .load import Document, dotted, line_column, load_yaml_file, read_text
from .markup import MarkdownRenderer, on_this_site
from .model import all_dates_past, is_published
from .notes import editor_notes, offer_files
from .options import UsageError, cache_arguments, cache_folder, iso_date, program, source_dir
from .pipeline import check, site_today
from .problems import ContentError, format_problems, shown_file
from .render import assets
from .starter import starter_banner
from .validate import Valid

HELP = "Pflegebericht: auslaufende Angebote, lange nicht geprüfte Einträge, ungenutzte Werte"

WINDOW_DAYS = 30
STALE_MONTHS = 12

SECTIONS = {
    "gaps": "Lücken im Aufbau, die Besucher bemerken",
    "expiring": f"Angebote, die in den nächsten {WINDOW_DAYS} Tagen von der Website verschwinden",
    "hidden": "Angebote, die nicht sichtbar sind (abgelaufen oder alle Termine vorbei)",
    "drafts": "Entwürfe (draft: true), nie veröffentlicht",
    "placeholders": "Platzhalter aus „new“, die vor der Veröffentlichung ersetzt werden müssen",
    "stale": f"Seit über {STALE_MONTHS} Monaten nicht geprüft (Feld updated)",
    "providers_without_offers": "Anbieter ohne veröffentlichte Angebote",
    "unused_terms": "Werte aus content/taxonomies.yaml, die nirgends verwendet werden",
    "insecure_urls": "Links mit http:// statt https:// (in allen Feldern und Texten)",
    "images": "Bilder in Texten, die nicht oder ohne Beschreibung gezeigt werden",
    "dropped_html": "HTML in Texten, das die Website nicht übernimmt (Elemente, Attribute, Link-Adressen)",
    "expired_funding": "Förderprogramme und Anerkennungen, deren valid_until vorbei ist",
    "school_holidays": "Schulferien, die der Suche fehlen („in den Sommerferien“)",
    "notes": "Hinweise der Prüfung (validate): kein Fehler, aber bitte ansehen",
}
HOLIDAYS_AHEAD_DAYS = 365  # the school holidays should be known at least this far ahead
HTTP_LINK = re.compile(r"http://[^\s<>()\[\]\"'`]+", re.IGNORECASE)
# A Markdown image ![alt](src "title") or an <img> tag, in any text; bounded, so that a text
# of many "![" and no "]" is not read again from each of them.
IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\(\s*<?([^)\s>]{0,500})>?[^)\n]{0,500}\)|<img\b[^>]{0,1000}>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""\s(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """One finding: which record, where, and what to do about it."""

    kind: str  # offer, advisory-point, provider, page, site, or a taxonomy kind (topics, regions …)
    id: str
    file: str
    label: str  # title or name as visitors see it
    text: str  # the finding in German, for the text report
    facts: tuple[tuple[str, str], ...] = ()  # the finding as data, for the JSON report
    provider: str = ""  # the provider it belongs to (an offer's provider, a provider itself), else ""
    line: int = 0  # where in the file, for findings that have a place (else 0)
    column: int = 0

    def as_json(self) -> dict[str, Any]:
        where = {"line": self.line, "column": self.column} if self.line else {}
        return {"kind": self.kind, "id": self.id, "file": self.file, "label": self.label, "provider": self.provider, **where, **dict(self.facts)}


@dataclass
class Report:
    today: date
    title: str
    sections: dict[str, list[Item]] = field(default_factory=dict)
    providers: dict[str, str] = field(default_factory=dict)  # id -> name, for the group headings
    only: str | None = None  # --provider

    @property
    def stale_before(self) -> date:
        return months_before(self.today, STALE_MONTHS)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier; the 29 February of a leap year becomes the 28th."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# --- Findings -------------------------------------------------------------------------------


def _path(valid: Valid, kind: str, record_id: str) -> str:
    return valid.paths.get((kind, record_id), "")


def leaves_site(offer: records.Offer) -> tuple[date, str]:
    """The first day an offer is no longer published, and why (``expires`` or ``dates``)."""
    ends: list[tuple[date, str]] = []
    if offer.expires is not None:
        ends.append((offer.expires, "expires"))
    if not offer.on_demand and offer.dates:
        ends.append((max(d.end or d.start for d in offer.dates) + timedelta(days=1), "dates"))
    return min(ends)


def expiring(valid: Valid, today: date) -> list[Item]:
    """Published today, gone in WINDOW_DAYS days: the publishing rule itself decides."""
    horizon = today + timedelta(days=WINDOW_DAYS)
    items = []
    for oid, offer in valid.offers.items():
        if not is_published(offer, today) or is_published(offer, horizon):
            continue
        end, reason = leaves_site(offer)
        why = f"expires: {end.isoformat()}" if reason == "expires" else f"letzter Termin endet am {date_short(end - timedelta(days=1))}"
        items.append(
            Item(
                "offer", oid, _path(valid, "offers", oid), offer.title, f"ab {date_short(end)} nicht mehr sichtbar ({why})",
                (("ends", end.isoformat()), ("reason", reason)), offer.provider,
            )
        )
    return sorted(items, key=lambda i: (dict(i.facts)["ends"], i.file))


def hidden(valid: Valid, today: date) -> list[Item]:
    """Offers that are no drafts but are not shown today: expired, or their last date is over.
    Worded so that it holds for an offer that was never online too (a mistyped year)."""
    items = []
    for oid, offer in valid.offers.items():
        if offer.draft or is_published(offer, today):
            continue
        last = all_dates_past(offer, today)
        if last is None:  # not published, but not for its dates: ``expires`` has come
            assert offer.expires is not None
            why, facts = f"abgelaufen (expires: {offer.expires.isoformat()})", (("reason", "expires"), ("since", offer.expires.isoformat()))
        else:
            why, facts = f"alle Termine vorbei (letzter am {date_short(last)})", (("reason", "dates"), ("since", (last + timedelta(days=1)).isoformat()))
        items.append(Item("offer", oid, _path(valid, "offers", oid), offer.title, f"nicht sichtbar: {why}", facts, offer.provider))
    return sorted(items, key=lambda i: i.file)


def drafts(valid: Valid) -> list[Item]:
    return [
        Item("offer", oid, _path(valid, "offers", oid), offer.title, "erst ohne draft: true veröffentlicht", (), offer.provider)
        for oid, offer in valid.offers.items()
        if offer.draft
    ]


def _dump(record: BaseModel) -> Any:
    return record.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def leftover_placeholders(valid: Valid) -> list[Item]:
    """Placeholders in drafts: validation lets drafts keep them, publishing does not."""
    items = []
    for oid, offer in valid.offers.items():
        for loc, text in placeholders.leftovers(records.Offer, _dump(offer)):
            items.append(
                Item("offer", oid, _path(valid, "offers", oid), offer.title, f"{dotted(loc)}: „{text}“", (("field", dotted(loc)), ("text", text)), offer.provider)
            )
    return items


def stale(valid: Valid, today: date) -> list[Item]:
    """Published offers, all advisory points and providers last reviewed before the cut-off."""
    cutoff = months_before(today, STALE_MONTHS)
    candidates: list[tuple[str, str, str, date, str]] = []
    candidates += [("offer", oid, o.title, o.updated, o.provider) for oid, o in valid.offers.items() if is_published(o, today)]
    candidates += [("advisory-point", aid, a.name, a.updated, "") for aid, a in valid.advisory_points.items()]
    candidates += [("provider", pid, p.name, p.updated, pid) for pid, p in valid.providers.items()]
    items = [
        Item(kind, rid, _path(valid, kinds.kind(kind).store, rid), label, f"zuletzt geprüft am {updated.isoformat()}", (("updated", updated.isoformat()),), provider)
        for kind, rid, label, updated, provider in candidates
        if updated < cutoff
    ]
    return sorted(items, key=lambda i: (dict(i.facts)["updated"], i.file))


def providers_without_offers(valid: Valid, today: date) -> list[Item]:
    items = []
    for pid, provider in sorted(valid.providers.items()):
        offers = [o for o in valid.offers.values() if o.provider == pid]
        if any(is_published(o, today) for o in offers):
            continue
        text = _unpublished(len(offers))
        items.append(Item("provider", pid, _path(valid, "providers", pid), provider.name, text, (("unpublished_offers", str(len(offers))),), pid))
    return items


def _unpublished(count: int) -> str:
    if count == 0:
        return "noch keine Angebote"
    if count == 1:
        return "1 Angebot, nicht veröffentlicht (Entwurf oder abgelaufen)"
    return f"{count} Angebote, keines veröffentlicht (Entwurf oder abgelaufen)"


def unused_terms(valid: Valid) -> list[Item]:
    """Declared values no file refers to: safe to remove, or waiting for content."""
    used = set(all_references(valid))
    taxonomies = valid.taxonomies
    assert taxonomies is not None
    # A programme the Förder-Check shows (it names whom it is for) is used by the site.
    used.update(("funding", programme.id) for programme in taxonomies.funding if programme.for_)
    items = []
    for kind in records.TERM_KINDS:
        for term in getattr(taxonomies, kind):
            if (kind, term.id) not in used:
                items.append(Item(kind, term.id, kinds.kind("taxonomies").path, term.label, "wird in keiner Datei verwendet"))
    return items


Located = tuple[str, str, str, str, Any, str, tuple[str | int, ...]]


def _records(valid: Valid) -> list[Located]:
    """(kind, id, file, label, raw values, provider, where its values stand in the file) of
    every record (drafts and hidden offers too: they may come back), the taxonomies' terms
    (at ``(kind, index)`` of content/taxonomies.yaml), pages (their text too, as "text") and
    site.yaml."""
    found: list[Located] = []
    if valid.site is not None:
        found.append(("site", "site", kinds.kind("site").path, valid.site.title, _dump(valid.site), "", ()))
    for oid, offer in valid.offers.items():
        found.append(("offer", oid, _path(valid, "offers", oid), offer.title, _dump(offer), offer.provider, ()))
    for pid, provider in valid.providers.items():
        found.append(("provider", pid, _path(valid, "providers", pid), provider.name, _dump(provider), pid, ()))
    for aid, point in valid.advisory_points.items():
        found.append(("advisory-point", aid, _path(valid, "advisory_points", aid), point.name, _dump(point), "", ()))
    if valid.taxonomies is not None:
        for kind in records.TERM_KINDS:
            for index, term in enumerate(getattr(valid.taxonomies, kind)):
                found.append((kind, term.id, kinds.kind("taxonomies").path, term.label, _dump(term), "", (kind, index)))
    for slug, (front, body) in valid.pages.items():
        found.append(("page", slug, _path(valid, "pages", slug), front.title, {**_dump(front), "text": body}, "", ()))
    return found


def _place_of(places: _Places, kind: str, file: str, at: tuple[str | int, ...], loc: tuple[str | int, ...], text: str, offset: int) -> tuple[int, int]:
    """Line and column of ``text[offset]`` in the value at ``loc`` of a record found at ``at``
    (``_records``); a page's front matter is not located (0, 0), its text is."""
    if kind == "page":
        return places.of(file, (), text, offset) if loc == ("text",) else (0, 0)
    return places.of(file, (*at, *loc), text, offset)


def _strings(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in raw values, with where it stands."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, (*loc, number))
    elif isinstance(value, str):
        yield loc, value


def insecure_urls(valid: Valid, places: _Places | None = None) -> list[Item]:
    """Every http:// link in the content: URL fields and links inside texts, at its line and
    column (``places``: the content tree's files, read again for them; without, none)."""
    places = places or _Places(None)
    items = []
    for kind, rid, file, label, data, owner, at in _records(valid):
        for loc, text in _strings(data):
            for match in HTTP_LINK.finditer(text):
                url = match.group(0).rstrip(".,;:!?")
                line, column = _place_of(places, kind, file, at, loc, text, match.start())
                items.append(Item(kind, rid, file, label, f"{dotted(loc)}: {url}", (("field", dotted(loc)), ("url", url)), owner, line, column))
    return sorted(items, key=lambda i: (i.file, i.line, i.column))


def images(valid: Valid, published: Collection[str], places: _Places | None = None) -> list[Item]:
    """Images in texts that a visitor does not see, or sees without a description: from
    another website (a page loads nothing from other servers, so they are left out), a file
    that is not among the site's assets (``published``: their names below /assets/), or no
    alternative text (a screen reader then says nothing of them). At the line of the text
    (``places``, as for ``insecure_urls``)."""
    places = places or _Places(None)
    items = []
    for kind, rid, file, label, data, owner, at in _records(valid):
        for loc, text in _strings(data):
            for alt, src, start in _images(text):
                why = _image_problem(alt, src, published)
                if why:
                    line, column = _place_of(places, kind, file, at, loc, text, start)
                    facts = (("field", dotted(loc)), ("src", src), ("problem", why))
                    items.append(Item(kind, rid, file, label, f"{dotted(loc)}: {why}", facts, owner, line, column))
    return sorted(items, key=lambda i: (i.file, i.line, i.column))


def _images(text: str) -> Iterator[tuple[str, str, int]]:
    """(alternative text, address, where it begins in ``text``) of each image in ``text``."""
    if "![" not in text and "<img" not in text.lower():
        return
    for match in IMAGE.finditer(text):
        if match.group(0).startswith("!"):
            yield match.group(1).strip(), match.group(2), match.start()
        else:
            attributes = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTRIBUTE.finditer(match.group(0))}
            yield attributes.get("alt", "").strip(), attributes.get("src", ""), match.start()


def _image_problem(alt: str, src: str, published: Collection[str]) -> str:
    if not on_this_site(src):
        return (
            f"Bild {src or '(ohne Adresse)'} wird nicht gezeigt: Bilder kommen nur von dieser Website (keine Anfragen an "
            "fremde Server); die Datei nach templates/assets/ legen und als /assets/<Name> einbinden"
        )
    name = src.split("?")[0].split("#")[0].removeprefix("/assets/")
    if not src.startswith("/assets/") or name not in published:
        return f"Bild {src} gibt es nicht: Bilddateien gehören nach templates/assets/ und heißen dann /assets/<Name>"
    if not alt:
        return f"Bild {src} ohne Beschreibung: bitte in die eckigen Klammern schreiben, was es zeigt (![Beschreibung]({src}))"
    return ""


def dropped_html(valid: Valid, places: _Places | None = None) -> list[Item]:
    """What the sanitiser leaves out of each Markdown text (``markup.dropped``): an element, an
    attribute or a link's scheme, once per field, at the line and column where the editor wrote
    it (``places``: the content tree's files, read again for it; without, none)."""
    renderer = MarkdownRenderer()
    places = places or _Places(None)
    items = []
    for kind, rid, file, label, owner, loc, shown, text in _markdown_texts(valid):
        for found in renderer.dropped(text):
            line, column = places.of(file, loc, text, found.at)
            facts = (("field", shown), ("what", found.what), ("name", found.name), ("problem", found.message))
            items.append(Item(kind, rid, file, label, f"{shown}: {found.message}", facts, owner, line, column))
    return sorted(items, key=lambda i: (i.file, i.line, i.column))


def _markdown_texts(valid: Valid) -> Iterator[tuple[str, str, str, str, str, tuple[str | int, ...], str, str]]:
    """(kind, id, file, label, provider, place in the file, field as shown, text) of every
    Markdown text: of every record (drafts and hidden offers too), term and page."""
    for oid, offer in valid.offers.items():
        for loc, text in markdown_texts(offer):
            yield "offer", oid, _path(valid, "offers", oid), offer.title, offer.provider, loc, dotted(loc), text
    for pid, provider in valid.providers.items():
        for loc, text in markdown_texts(provider):
            yield "provider", pid, _path(valid, "providers", pid), provider.name, pid, loc, dotted(loc), text
    for aid, point in valid.advisory_points.items():
        for loc, text in markdown_texts(point):
            yield "advisory-point", aid, _path(valid, "advisory_points", aid), point.name, "", loc, dotted(loc), text
    if valid.taxonomies is not None:
        for loc, text in markdown_texts(valid.taxonomies):
            term = getattr(valid.taxonomies, str(loc[0]))[loc[1]]
            yield str(loc[0]), term.id, kinds.kind("taxonomies").path, term.label, "", loc, dotted(loc[2:]), text
    for slug, (front, body) in valid.pages.items():
        yield "page", slug, _path(valid, "pages", slug), front.title, "", (), "text", body


class _Places:
    """Line and column of a place in a text of a content file, each file read once."""

    def __init__(self, source: Path | None):
        self.source = source
        self.read: dict[str, Document | str | None] = {}

    def of(self, file: str, loc: tuple[str | int, ...], text: str, at: int) -> tuple[int, int]:
        """Where ``text[at]`` stands (the field's value if ``at`` is -1 or the value is not a
        literal block); ``loc`` () is a page's text below its front matter."""
        if self.source is None:
            return 0, 0
        if file not in self.read:
            self.read[file] = read_text(self.source, self.source / file)[0] if not loc else load_yaml_file(self.source, self.source / file)[0]
        known = self.read[file]
        if isinstance(known, str):  # a page: its text is the end of the file
            return line_column(known, len(known) - len(text) + max(at, 0))
        if known is None:
            return 0, 0
        return _in_value(known, loc, at)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _in_value(doc: Document, loc: tuple[str | int, ...], at: int) -> tuple[int, int]:
    """Line and column of the record's text at ``at`` in the value at ``loc``: exact in a
    literal block (``|``: one line of the file for each of the text), else where the value starts."""
    line, column = doc.position(loc)
    value: Any = doc.data
    for part in loc:
        value = value.get(part) if isinstance(value, dict) else value[part] if isinstance(value, list) and isinstance(part, int) else None
    lines = _LINE_BREAK.split(doc.text)
    first = line - doc.line_offset  # the file line after the value's start, as an index of ``lines``
    if at < 0 or not isinstance(value, str) or not lines[first - 1][column - 1:].startswith("|"):
        return line, column
    at += len(value) - len(value.lstrip())  # the record's text is the value without its blanks around
    start = value.rfind("\n", 0, at) + 1
    end = value.find("\n", at)
    wanted = value[start:end if end >= 0 else len(value)]
    index = first + value.count("\n", 0, at)
    if index >= len(lines) or not lines[index].endswith(wanted):
        return line, column
    return index + doc.line_offset + 1, len(lines[index]) - len(wanted) + at - start + 1


def expired_funding(valid: Valid, today: date) -> list[Item]:
    """Programmes and provider recognitions whose last valid day lies before ``today``."""
    taxonomies = valid.taxonomies
    assert taxonomies is not None
    labels = {term.id: term.label for term in taxonomies.funding}
    items = [
        Item("funding", term.id, kinds.kind("taxonomies").path, term.label,
             f"lief am {term.valid_until.isoformat()} aus; der Förder-Check zeigt es nicht mehr",
             (("valid_until", term.valid_until.isoformat()),))
        for term in taxonomies.funding
        if term.valid_until is not None and term.valid_until < today
    ]
    for pid, provider in sorted(valid.providers.items()):
        for recognition in provider.recognitions:
            if recognition.valid_until is not None and recognition.valid_until < today:
                items.append(
                    Item("provider", pid, _path(valid, "providers", pid), provider.name,
                         f"Anerkennung für {labels.get(recognition.funding, recognition.funding)} lief am "
                         f"{recognition.valid_until.isoformat()} aus; seine Angebote erben sie nicht mehr",
                         (("valid_until", recognition.valid_until.isoformat()),), pid)
                )
    return items


def school_holidays(valid: Valid, today: date) -> list[Item]:
    """Each Land of the guide (site.yaml's ``state``, a region's own ``state``) whose school
    holidays neither Lotse's table nor the guide's own (content/schulferien.csv) knows, or
    knows for less than a year ahead: the search then cannot read "in den Sommerferien" (it
    says it does not know the dates) (or, for a region's Land, takes another Land's)."""
    site = valid.site
    if site is None:
        return []
    items = _holidays_of(valid, today, site.state, "site", "site", kinds.kind("site").path, "state in site.yaml") if site.state else []
    seen = {site.state}
    for region in valid.taxonomies.regions if valid.taxonomies is not None else []:
        if region.state and region.state not in seen:
            seen.add(region.state)
            items += _holidays_of(valid, today, region.state, "regions", region.id, kinds.kind("taxonomies").path, f"state der Region {region.id}")
    return items


def _holidays_of(valid: Valid, today: date, state: str, kind: str, id_: str, where: str, named: str) -> list[Item]:
    """``school_holidays`` for one Land, named in ``where`` (``named``: by which field)."""
    spans = model.school_holidays(valid.school_holidays, state).values()
    last = max((last for found in spans for _, last in found), default=None)
    if last is None:
        fix = (f"Zeilen in {SCHOOL_HOLIDAYS} ergänzen: land;name;first;last" if state in LAENDER.values()
               else f"{named} ist keines der 16 Länder")
        return [Item(kind, id_, where, state,
                     f"für {state} kennt Lotse keine Schulferien: „in den Sommerferien“ findet in der Suche nichts, sie sagt nur, dass sie die Termine nicht kennt ({fix})",
                     (("state", state),))]
    if last < today + timedelta(days=HOLIDAYS_AHEAD_DAYS):
        return [Item(kind, id_, where, state,
                     f"die Schulferien für {state} reichen nur bis {last.isoformat()}: {SCHOOL_HOLIDAYS} fortschreiben",
                     (("state", state), ("last_day", last.isoformat())))]
    return []


def notes(valid: Valid, today: date, source: Path | None) -> list[Item]:
    """The notes ``validate`` gives on a valid tree (``notes.editor_notes``: a programme an
    offer names although it visibly breaks its course rules, an offer whose dates were all
    over before its ``updated``, a region that is not the one its postal code belongs to), each
    at its place and with the offer's provider (a provider's own note: that provider). Without
    ``source`` (nothing to read the lines from), none."""
    if source is None:
        return []
    offers = offer_files(valid)
    others = {path: (store, rid) for (store, rid), path in valid.paths.items() if store in ("advisory_points", "providers")}
    items = []
    for note in editor_notes(source, valid, today):
        facts = (("field", note.field), ("message", note.message))
        text = f"{note.field}: {note.message}"
        oid = offers.get(note.file, "")
        offer = valid.offers.get(oid)
        store, rid = others.get(note.file, ("", ""))
        if offer is None and store == "providers":  # a region that is not its postal code's (``notes.region_notes``)
            items.append(Item("provider", rid, note.file, valid.providers[rid].name, text, facts, rid, note.line, note.column))
        elif offer is None and store == "advisory_points":
            items.append(Item("advisory-point", rid, note.file, valid.advisory_points[rid].name, text, facts, "", note.line, note.column))
        else:
            items.append(Item(
                "offer", oid, note.file, offer.title if offer is not None else note.file, text, facts,
                offer.provider if offer is not None else "", note.line, note.column,
            ))
    return items


def gaps(valid: Valid, today: date) -> list[Item]:
    """What a guide still lacks that its visitors notice, each with where to fill it in: no
    advisory points (no page then invites to advice, /beratung/ stays empty), no funding
    programme in the Förder-Check (it has no questions then, and the home page does not
    advertise it), the banner of ``init`` still on every page, no way for visitors to report
    outdated details (neither ``contact.email`` nor ``issue_form``), a provider named by its id
    or a filler ("nichts": ``german.placeholder_name``), as the import leaves one. A guide may lack a
    programme for employers or an in-house offer on purpose: those are no gaps. Each finding's
    ``gap`` (and id) says which it is."""
    site, taxonomies = valid.site, valid.taxonomies
    assert site is not None and taxonomies is not None
    where = kinds.kind("site").path
    items = []
    if site.banner is not None and site.banner.strip() == starter_banner():
        items.append(Item("site", "banner", where, "banner",
                          f"noch der Hinweis aus „{program()} init“ („{site.banner.strip()}“) auf jeder Seite: "
                          "zum Start die Zeile banner in site.yaml löschen (oder einen eigenen Hinweis eintragen)",
                          (("gap", "banner"),)))
    if not (site.contact is not None and site.contact.email) and not site.issue_form:
        items.append(Item("site", "contact", where, "Kontakt",
                          "weder contact.email noch issue_form: Besucher können veraltete Angaben nicht melden, der Fuß "
                          "jeder Seite nennt keinen Kontakt (eines davon in site.yaml eintragen)", (("gap", "contact"),)))
    if not valid.advisory_points:
        folder = kinds.kind("advisory-point")
        items.append(Item("advisory-point", "advisory_points", folder.path + "/", folder.plural,
                          "keine eingetragen: die Website lädt nirgends zur Beratung ein, /beratung/ bleibt leer "
                          f"(anlegen mit: {program()} new advisory-point ID)", (("gap", "advisory_points"),)))
    for pid, provider in sorted(valid.providers.items()):
        # The import names a provider by its id where the catalogue names none (Open-vhs JSON,
        # a spreadsheet), and keeps a catalogue's filler ("nichts"): every page of its offers
        # then reads "Anbieter: vhs-mitte" or "Anbieter: nichts".
        name = provider.name.strip()
        said = ("als Name steht noch die Id" if name == pid else
                "als Name steht ein Platzhalter" if placeholder_name(name) else None)
        if said is not None:
            items.append(Item("provider", pid, _path(valid, "providers", pid), name,
                              f"{said} („{name}“): jede Seite seiner Angebote zeigt „Anbieter: {name}“ "
                              "(den Namen des Anbieters unter name eintragen)", (("gap", "provider_name"),), pid))
    programmes = taxonomies.funding
    if not any(eligibility.in_check(term, today) for term in programmes):
        unasked = "der Förder-Check hat keine Fragen, die Startseite wirbt nicht für ihn"
        text = (
            f"keine eingetragen: die Seite Förderung ist leer, {unasked} (Programme unter funding eintragen, mit for, "
            "as_of, source und next_step)" if not programmes else
            f"keines sagt, für wen es gedacht ist (for): {unasked} (bei passenden Programmen for, as_of, source und "
            "next_step eintragen)" if not any(term.for_ for term in programmes) else
            f"alle Programme mit for sind abgelaufen (valid_until): {unasked} (valid_until verlängern oder den Nachfolger eintragen)"
        )
        items.append(Item("taxonomies", "funding_check", kinds.kind("taxonomies").path, "Förderprogramme", text, (("gap", "funding_check"),)))
    return items


# --- References, found through the declarations -------------------------------------------


def all_references(valid: Valid) -> Iterator[tuple[str, str]]:
    """(kind, id) of every reference in every record, drafts and past offers included."""
    found: list[BaseModel] = [*valid.offers.values(), *valid.advisory_points.values(), *valid.providers.values()]
    if valid.site is not None:
        found.append(valid.site)
    for record in found:
        yield from references(record)


# --- Assembly and output --------------------------------------------------------------------


def make_report(valid: Valid, today: date, only: str | None = None, published: Collection[str] = (), source: Path | None = None) -> Report:
    """All findings; with ``only`` (a provider id) just that provider's. ``published``: the
    names of the site's static files below /assets/ (images in texts must be among them);
    ``source``: the content tree, read again for the lines of links, images and HTML left out of texts."""
    assert valid.site is not None
    report = Report(today, valid.site.title, providers={pid: p.name for pid, p in valid.providers.items()}, only=only)
    places = _Places(source)  # each file read again once, for all the sections that name lines
    report.sections = {
        "gaps": gaps(valid, today),
        "expiring": expiring(valid, today),
        "hidden": hidden(valid, today),
        "drafts": drafts(valid),
        "placeholders": leftover_placeholders(valid),
        "stale": stale(valid, today),
        "providers_without_offers": providers_without_offers(valid, today),
        "unused_terms": unused_terms(valid),
        "insecure_urls": insecure_urls(valid, places),
        "images": images(valid, published, places),
        "dropped_html": dropped_html(valid, places),
        "expired_funding": expired_funding(valid, today),
        "school_holidays": school_holidays(valid, today),
        "notes": notes(valid, today, source),
    }
    if only is not None:
        report.sections = {name: [i for i in items if i.provider == only] for name, items in report.sections.items()}
    return report


def as_json(report: Report) -> str:
    data = {
        "provider": report.only,
        "today": report.today.isoformat(),
        "window_days": WINDOW_DAYS,
        "stale_before": report.stale_before.isoformat(),
        "counts": {name: len(items) for name, items in report.sections.items()},
        **{name: [item.as_json() for item in items] for name, items in report.sections.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def as_text(report: Report) -> str:
    """Section by section; within a section the findings without a provider first, then one
    group per provider (by name), so a partner finds its own part at a glance."""
    lines = [f"Pflegebericht „{report.title}“, Stichtag {report.today.isoformat()}"]
    if report.only is not None:
        lines[0] += f", nur Anbieter {_provider_name(report, report.only)}"
    for name, items in report.sections.items():
        heading = SECTIONS[name]
        if name == "stale":
            heading += f", also vor dem {report.stale_before.isoformat()}"
        lines += ["", f"{heading}: {len(items)}"]
        lines += _grouped(report, items) or ["  (keine)"]
    counts = {name: len(items) for name, items in report.sections.items()}
    lines += [
        "",
        f"Zusammenfassung: {counts['gaps']} Lücken im Aufbau, {counts['expiring']} laufen bald aus, {counts['hidden']} nicht sichtbar, "
        f"{counts['drafts']} Entwürfe, {counts['placeholders']} Platzhalter, {counts['stale']} nicht geprüft, "
        f"{counts['providers_without_offers']} Anbieter ohne Angebote, {counts['unused_terms']} ungenutzte Werte, "
        f"{counts['insecure_urls']} Links ohne https, {counts['images']} Bilder zu prüfen, "
        f"{counts['dropped_html']} HTML-Angaben, die nicht übernommen werden, "
        f"{counts['expired_funding']} abgelaufene Förderangaben, {counts['school_holidays']} Hinweise zu Schulferien, "
        f"{counts['notes']} Hinweise der Prüfung.",
    ]
    return "\n".join(lines)


def _provider_name(report: Report, pid: str) -> str:
    return f"{report.providers.get(pid, pid)} ({pid})"


def _grouped(report: Report, items: list[Item]) -> list[str]:
    if report.only is not None:  # one provider: no headings needed
        return [f"  {_line(item)}" for item in items]
    lines = [f"  {_line(item)}" for item in items if not item.provider]
    groups: dict[str, list[Item]] = {}
    for item in items:
        if item.provider:
            groups.setdefault(item.provider, []).append(item)
    def by_name(pid: str) -> tuple[str, str]:
        return report.providers.get(pid, pid).casefold(), pid

    for pid in sorted(groups, key=by_name):
        lines.append(f"  Anbieter {_provider_name(report, pid)}:")
        lines += [f"    {_line(item)}" for item in groups[pid]]
    return lines


def _line(item: Item) -> str:
    if item.line:  # file:line:col first, as validation names a place
        where = f"{shown_file(item.file)}:{item.line}:{item.column}"
        if item.kind in records.TERM_KINDS:
            return f"{where}: {records.VOCABULARIES[item.kind].noun} {item.id} („{item.label}“) – {item.text}"
        return f"{where}: {item.label} – {item.text}"
    if item.kind in records.TERM_KINDS:
        return f"{records.VOCABULARIES[item.kind].noun} {item.id} („{item.label}“) {item.text}"
    return f"{item.file}: {item.label} – {item.text}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Zeigt, was die Redaktion pflegen sollte: Lücken im Aufbau (keine Beratungsstellen, ein Förder-Check ohne Fragen, "
        "das Banner aus init, kein Kontakt, Anbieter ohne richtigen Namen), "
        f"Angebote, die in {WINDOW_DAYS} Tagen verschwinden, "
        "nicht sichtbare Angebote, Entwürfe und ihre Platzhalter, "
        f"Einträge ohne Prüfung seit über {STALE_MONTHS} Monaten, Anbieter ohne veröffentlichte Angebote, "
        "ungenutzte Wortlisten-Werte, Links ohne https, HTML in Texten, das die Website nicht übernimmt, "
        "abgelaufene Förderprogramme oder Anerkennungen und die Hinweise der Prüfung – "
        "nach Anbietern gruppiert."
    )
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")
    parser.add_argument("--today", type=iso_date, metavar="DATE", help="Stichtag (JJJJ-MM-TT); Standard: heute")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="Ausgabeformat (Standard: text)")
    parser.add_argument("--provider", metavar="ID", help="nur was zu diesem Anbieter gehört (seine Angebote und sein Eintrag)")
    cache_arguments(parser)



def run(args: argparse.Namespace) -> int:
    source = source_dir(args.source)
    try:
        valid = check(source, stored=cache_folder(args))
    except ContentError as error:
        print(format_problems(error.problems, "text"), file=sys.stderr)
        print(f"Kein Bericht: Der Inhalt hat Fehler. Bitte zuerst beheben ({program()} validate).", file=sys.stderr)
        return 1
    if args.provider is not None and args.provider not in valid.providers:
        raise UsageError(kinds.unknown_provider(args.provider, sorted(valid.providers)))
    report = make_report(valid, args.today or site_today(source), args.provider, assets(source), source)
    print(as_json(report) if args.format == "json" else as_text(report))
    return 0
