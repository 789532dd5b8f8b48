"""Editors' notes: findings in valid content that fail nothing but deserve a look.

A programme an offer names itself although the offer visibly breaks the programme's course
rules (the offer keeps it: a published guide must not fail because a programme's rules
changed), an offer whose dates were all over before its ``updated`` (a mistyped year), and a
region that is not the one its place's postal code belongs to by ``postal_codes`` in site.yaml
(a place at a border may lie in the region given; a slip puts it on the wrong region's page).
``validate`` and ``build`` print them, the report lists them per provider, the live preview
shows them above the offer's page; each at its file, line and column.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import SCHOOL_HOLIDAYS
from .problems import UPDATED_LABEL, Note

if TYPE_CHECKING:
    from .load import Document
    from .model import OwnFundingBreak
    from .records import Address, Offer
    from .validate import Valid

# The document of a content file (path relative to the source) already read, else None.
Documents = Callable[[str], "Document | None"]


def validation_notes(source: Path, valid: Valid, today: date) -> list[Note]:
    """The notes ``validate`` and ``build`` print, in file order: ``funding_notes`` and
    ``region_notes`` (the past-when-updated offers have a line of their own there)."""
    return sorted(funding_notes(source, valid, today) + region_notes(source, valid))


def holiday_notes(source: Path, valid: Valid, documents: Documents | None = None) -> list[Note]:
    """A note for each Land of the guide (site.yaml's ``state``, a region's own) whose school
    holidays neither Lotse's table nor content/schulferien.csv knows, at that ``state``: the
    search can then not read "in den Sommerferien" (it says it does not know the dates), and
    the operator of a guide outside the Länder Lotse ships is told how to add them. The build
    prints it whenever it renders, the live preview once; ``validate`` does not (a pull
    request is not where a missing table is fixed)."""
    from . import kinds
    from .german import LAENDER, land
    from .model import school_holidays

    site = valid.site
    if site is None:
        return []
    wanted: list[tuple[str, str, tuple[str | int, ...]]] = [(site.state, kinds.kind("site").path, ("state",))] if site.state else []
    regions = valid.taxonomies.regions if valid.taxonomies is not None else []
    wanted += [(r.state, kinds.kind("taxonomies").path, ("regions", i, "state")) for i, r in enumerate(regions) if r.state]
    where = _Places(source, documents)
    found, seen = [], set()
    for state, file, loc in wanted:
        name = land(state)
        if name in seen or name not in LAENDER.values() or school_holidays(valid.school_holidays, name):
            continue
        seen.add(name)
        found.append(where.note(
            file, loc,
            f"für {name} kennt Lotse keine Schulferien: „in den Sommerferien“ findet in der Suche nichts, sie sagt nur, dass sie "
            f"die Termine nicht kennt. Die Ferien des Landes (Termine des Kultusministeriums) bitte in {SCHOOL_HOLIDAYS} eintragen, "
            f"je Ferienabschnitt eine Zeile land;name;first;last, z. B. {name};Sommerferien;JJJJ-MM-TT;JJJJ-MM-TT",
            "Lotse: Schulferien fehlen",
        ))
    return found


def funding_notes(source: Path, valid: Valid, today: date, documents: Documents | None = None) -> list[Note]:
    """A note for each programme an offer names itself although it visibly breaks the
    programme's course rules (``model.own_funding_breaks``), at the programme's place in the
    offer's ``funding``: the offer keeps it (a published guide must not fail because a
    programme's rules changed), but nobody would otherwise notice. The few files concerned are
    read again for the line (``documents``: where the documents already read are, the live
    preview's memory of the files; there they are not read again)."""
    from .model import own_funding_breaks

    where = _Places(source, documents)
    return [_funding_note(where, found) for found in own_funding_breaks(valid, today)]


def _funding_note(where: _Places, found: OwnFundingBreak) -> Note:
    return where.note(
        found.file, ("funding", found.index),
        f"das Angebot nennt „{found.label}“, erfüllt aber dessen Anforderungen an den Kurs sichtbar nicht: "
        f"{'; '.join(found.reasons)}; die Website zeigt „{found.label} möglich“ trotzdem – bitte die Angaben prüfen "
        "oder das Programm hier streichen",
        "Lotse: Förderung prüfen",
    )


def _past_note(where: _Places, file: str, offer: Offer, today: date) -> Note | None:
    """Validation's note on an offer whose dates were all over before its ``updated``
    (``model.past_offers(…, over_when_updated=True)``), at its last date; None for any other."""
    from .german import date_short
    from .model import all_dates_past

    last = all_dates_past(offer, today)
    if last is None or last >= offer.updated:
        return None
    index = max(range(len(offer.dates)), key=lambda i: offer.dates[i].end or offer.dates[i].start)
    return where.note(
        file, ("dates", index),
        f"alle Termine lagen schon vor dem Datum „{UPDATED_LABEL}“ ({date_short(offer.updated)}), der letzte am "
        f"{date_short(last)} – Jahreszahl vertippt? Das Angebot wird deshalb nicht veröffentlicht",
        "Lotse: nicht veröffentlicht",
    )


# A comment at a region's line that says the place lies at a border ("# Grenzlage", "# liegt
# an der Grenze"): the region given stands, and no note asks about it again.
_BORDER = re.compile(r"grenz", re.IGNORECASE)


class _RegionCheck:
    """Whether an address's region is the one its postal code belongs to by ``postal_codes`` in
    site.yaml; each code looked up once. A valid tree's site and taxonomies (else no check)."""

    def __init__(self, valid: Valid):
        from .postal import Regions

        site, taxonomies = valid.site, valid.taxonomies
        table = site.postal_codes if site is not None and taxonomies is not None else {}
        self.active = bool(table)
        self.regions = Regions(table)
        self.labels = {term.id: term.label for term in taxonomies.regions} if taxonomies is not None else {}

    def notes(self, where: _Places, file: str, places: Iterable[tuple[tuple[str | int, ...], Address | None]]) -> list[Note]:
        """A note at each region of ``places`` (location, address) that another region's postal
        codes hold: a place at a border may lie in the region given, so it is no error, but a
        slip (a copied location, a wrong id) would put the offer on the wrong region's page and
        filter."""
        found = []
        for loc, place in places:
            if not self.active or place is None:
                continue
            meant = self.regions(place.postal_code)
            if meant is None or meant == place.region or meant not in self.labels:
                continue
            if _BORDER.search(where.comment(file, (*loc, "region"))):
                continue  # the editor said so: "region: stuttgart  # Grenzlage"
            given = self.labels.get(place.region, place.region)
            found.append(where.note(
                file, (*loc, "region"),
                f"die Postleitzahl {place.postal_code} gehört laut site.yaml (postal_codes) zur Region '{meant}' "
                f"({self.labels[meant]}), hier steht '{place.region}' ({given}), und dort ordnet die Website den Ort ein – "
                "bitte prüfen; liegt er wirklich dort (etwa an einer Grenze), kann es so bleiben: "
                "„# Grenzlage“ am Ende der Zeile sagt es, dann kommt dieser Hinweis nicht wieder",
                "Lotse: Region prüfen",
            ))
        return found


def _offer_places(offer: Offer) -> list[tuple[tuple[str | int, ...], Address | None]]:
    return [(("location",), offer.location)] + [
        place for i, when in enumerate(offer.dates)
        for place in [(("dates", i, "location"), when.location), *((("dates", i, "also_at", j), a) for j, a in enumerate(when.also_at))]
    ]


def region_notes(source: Path, valid: Valid, documents: Documents | None = None) -> list[Note]:
    """A note for each region of an offer's place, an advisory point's or a provider's address
    that is not the region its postal code belongs to by ``postal_codes`` in site.yaml
    (``_RegionCheck``), at that region; none without the table. Only the files concerned are
    read again for the line."""
    check = _RegionCheck(valid)
    if not check.active:
        return []
    where = _Places(source, documents)
    found = []
    for oid, offer in valid.offers.items():
        found += check.notes(where, valid.paths.get(("offers", oid), oid), _offer_places(offer))
    return sorted(found + _address_notes(check, where, valid))


def _address_notes(check: _RegionCheck, where: _Places, valid: Valid) -> list[Note]:
    """``region_notes`` of the advisory points' and providers' addresses."""
    found = []
    for store, records in (("advisory_points", valid.advisory_points), ("providers", valid.providers)):
        for rid, record in records.items():
            found += check.notes(where, valid.paths.get((store, rid), rid), [(("address",), record.address)])
    return found


# What ``editor_notes`` found per offer id, the day, and the objects it depended on (compared
# by identity): the offer's record, its provider's, the taxonomies and the offer's document.
NotesMemo = dict[str, tuple[date, tuple[object, ...], list[Note]]]


def editor_notes(
    source: Path, valid: Valid, today: date, documents: Documents | None = None, memo: NotesMemo | None = None,
) -> list[Note]:
    """Every note of a valid tree, each at its place, in file order: the funding notes
    (``funding_notes``), the past-when-updated note once per offer, at its last date, and the
    region notes (``region_notes``, of advisory points and providers too) (for
    the places that name each finding where it stands: the report, the live preview).

    With ``memo`` (the live preview's, kept between rebuilds, where unchanged files keep their
    records and documents), an offer is looked at again only when it, its provider, the
    taxonomies, site.yaml, the day or its document changed: a save of one offer looks at that one.

    ``valid`` may be the part of a tree with errors that passed (``ContentError.valid``): then
    only offers whose provider and the taxonomies passed too are looked at – the others could
    not be judged on what they name – and without the taxonomies none is."""
    from .model import course_programmes, offer_funding_breaks

    if valid.taxonomies is None:
        return []
    where = _Places(source, documents)
    regions = _RegionCheck(valid)
    programmes = course_programmes(valid)
    found: list[Note] = []
    seen = set()
    for oid, offer in valid.offers.items():
        if offer.provider not in valid.providers:
            continue
        file = valid.paths.get(("offers", oid), oid)
        read = (offer, valid.providers.get(offer.provider), valid.taxonomies, valid.site, documents(file) if documents is not None else None)
        known = memo.get(oid) if memo is not None else None
        if known is not None and known[0] == today and all(map(operator.is_, known[1], read)):
            notes = known[2]
        else:
            notes = [_funding_note(where, b) for b in offer_funding_breaks(file, offer, programmes, valid, today)]
            past = _past_note(where, file, offer, today)
            notes += [past] if past is not None else []
            notes += regions.notes(where, file, _offer_places(offer))
            if memo is not None:
                memo[oid] = (today, read, notes)
        found += notes
        seen.add(oid)
    if memo is not None:
        for gone in memo.keys() - seen:
            del memo[gone]
    if regions.active:
        found += _address_notes(regions, where, valid)
    return sorted(found)


def offer_files(valid: Valid) -> dict[str, str]:
    """The id of each offer by its file (a note's ``file``), for the page or provider a note belongs to."""
    return {path: oid for (store, oid), path in valid.paths.items() if store == "offers"}


# A YAML comment after a value: " #" outside quotes (a "#" inside a word or a quoted text is no comment).
_COMMENT = re.compile(r"""^(?:[^#"']|"[^"]*"|'[^']*')*?\s#(.*)$""")


class _Places:
    """The lines of notes: each file's document read once (or taken from ``documents``)."""

    def __init__(self, source: Path, documents: Documents | None):
        self.source, self.documents = source, documents
        self.read: dict[str, Document | None] = {}

    def _document(self, file: str) -> Document | None:
        from .load import load_yaml_file

        if file not in self.read:
            known = self.documents(file) if self.documents is not None else None
            self.read[file] = known if known is not None else load_yaml_file(self.source, self.source / file)[0]
        return self.read[file]

    def note(self, file: str, loc: tuple[str | int, ...], message: str, title: str) -> Note:
        from .load import dotted

        doc = self._document(file)
        line, column = doc.position(loc) if doc is not None else (1, 1)
        return Note(file, line, column, dotted(loc), message, title=title)

    def comment(self, file: str, loc: tuple[str | int, ...]) -> str:
        """The comment at the end of the line of the value at ``loc`` ("" without one)."""
        doc = self._document(file)
        if doc is None or "#" not in doc.text:
            return ""
        line, _ = doc.position(loc)
        lines = doc.text.splitlines()
        text = lines[line - 1 - doc.line_offset] if 0 < line - doc.line_offset <= len(lines) else ""
        found = _COMMENT.search(text)
        return found.group(1) if found else ""
