"""Editors' notes: findings in valid content that fail nothing but deserve a look.

A programme an offer names itself although the offer visibly breaks the programme's course
rules (the offer keeps it: a published guide must not fail because a programme's rules
changed), and an offer whose dates were all over before its ``updated`` (a mistyped year).
``validate`` and ``build`` print them, the report lists them per provider, the live preview
shows them above the offer's page; each at its file, line and column.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import UPDATED_LABEL, Note

if TYPE_CHECKING:
    from .load import Document
    from .model import OwnFundingBreak
    from .records import Offer
    from .validate import Valid

# The document of a content file (path relative to the source) already read, else None.
Documents = Callable[[str], "Document | None"]


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


# What ``editor_notes`` found per offer id, the day, and the objects it depended on (compared
# by identity): the offer's record, its provider's, the taxonomies and the offer's document.
NotesMemo = dict[str, tuple[date, tuple[object, ...], list[Note]]]


def editor_notes(
    source: Path, valid: Valid, today: date, documents: Documents | None = None, memo: NotesMemo | None = None,
) -> list[Note]:
    """Every note of a valid tree, each at its place, in file order: the funding notes
    (``funding_notes``) and the past-when-updated note once per offer, at its last date (for
    the places that name each finding where it stands: the report, the live preview).

    With ``memo`` (the live preview's, kept between rebuilds, where unchanged files keep their
    records and documents), an offer is looked at again only when it, its provider, the
    taxonomies, the day or its document changed: a save of one offer looks at that one.

    ``valid`` may be the part of a tree with errors that passed (``ContentError.valid``): then
    only offers whose provider and the taxonomies passed too are looked at – the others could
    not be judged on what they name – and without the taxonomies none is."""
    from .model import course_programmes, offer_funding_breaks

    if valid.taxonomies is None:
        return []
    where = _Places(source, documents)
    programmes = course_programmes(valid)
    found: list[Note] = []
    seen = set()
    for oid, offer in valid.offers.items():
        if offer.provider not in valid.providers:
            continue
        file = valid.paths.get(("offers", oid), oid)
        read = (offer, valid.providers.get(offer.provider), valid.taxonomies, documents(file) if documents is not None else None)
        known = memo.get(oid) if memo is not None else None
        if known is not None and known[0] == today and all(map(operator.is_, known[1], read)):
            notes = known[2]
        else:
            notes = [_funding_note(where, b) for b in offer_funding_breaks(file, offer, programmes, valid, today)]
            past = _past_note(where, file, offer, today)
            notes += [past] if past is not None else []
            if memo is not None:
                memo[oid] = (today, read, notes)
        found += notes
        seen.add(oid)
    if memo is not None:
        for gone in memo.keys() - seen:
            del memo[gone]
    return sorted(found)


def offer_files(valid: Valid) -> dict[str, str]:
    """The id of each offer by its file (a note's ``file``), for the page or provider a note belongs to."""
    return {path: oid for (store, oid), path in valid.paths.items() if store == "offers"}


class _Places:
    """The lines of notes: each file's document read once (or taken from ``documents``)."""

    def __init__(self, source: Path, documents: Documents | None):
        self.source, self.documents = source, documents
        self.read: dict[str, Document | None] = {}

    def note(self, file: str, loc: tuple[str | int, ...], message: str, title: str) -> Note:
        from .load import dotted, load_yaml_file

        if file not in self.read:
            known = self.documents(file) if self.documents is not None else None
            self.read[file] = known if known is not None else load_yaml_file(self.source, self.source / file)[0]
        doc = self.read[file]
        line, column = doc.position(loc) if doc is not None else (1, 1)
        return Note(file, line, column, dotted(loc), message, title=title)
