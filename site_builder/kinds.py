"""The kinds of files in a content tree: where each kind lies, which declaration in
``records`` checks it, and what editors call it.

Loading, validation, the JSON Schemas, ``new``, ``report``, the preview's watcher, the
build's input fingerprint, ``init`` and the CMS configuration all read the layout from here,
so a new kind of record is declared once: its model in ``records``, its place in
``layout.PLACES``, and what editors call it below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import records
from .german import as_id
from .layout import PLACES


@dataclass(frozen=True)
class RecordKind:
    """One kind of content file."""

    name: str  # as commands and schema files name it: "offer", "advisory-point"
    model: type[records.Record]
    noun: str  # German, for messages: "Angebot"
    plural: str  # "Angebote"
    title: str  # the JSON Schema's title
    store: str  # the attribute holding these records in load.Sources and validate.Valid
    path: str  # a folder of files (one record each, id = file name) or a single file
    many: bool  # a folder of files rather than one file
    suffix: str = ".yaml"
    recursive: bool = False  # files in subfolders count too
    required: bool = True  # a single file that must exist
    ref: str | None = None  # the reference kind (``records.VOCABULARIES``) its ids answer
    scaffold: bool = False  # ``new KIND ID`` makes one
    reserved: frozenset[str] = frozenset()  # ids the site needs for itself

    @property
    def glob(self) -> str:
        """The files of this kind, as editors' tools match them (``offers/**/*.yaml``)."""
        if not self.many:
            return self.path
        return f"{self.path}/{'**/' if self.recursive else ''}*{self.suffix}"

    def file(self, record_id: str, subfolder: str = "") -> str:
        """Where the record ``record_id`` of a folder kind lies (relative to the tree)."""
        folder = f"{self.path}/{subfolder}" if subfolder else self.path
        return f"{folder}/{record_id}{self.suffix}"


# In the order editors meet them (the field reference and the schemas follow it).
KINDS: tuple[RecordKind, ...] = (
    RecordKind("offer", records.Offer, "Angebot", "Angebote", "Lotse: Weiterbildungsangebot",
               "offers", PLACES["offer"], many=True, recursive=True, scaffold=True),
    RecordKind("advisory-point", records.AdvisoryPoint, "Beratungsstelle", "Beratungsstellen", "Lotse: Beratungsstelle",
               "advisory_points", PLACES["advisory-point"], many=True, scaffold=True),
    RecordKind("provider", records.Provider, "Anbieter", "Anbieter", "Lotse: Anbieter (Bildungsträger)",
               "providers", PLACES["provider"], many=True, ref="providers", scaffold=True),
    RecordKind("taxonomies", records.Taxonomies, "Wortlisten", "Wortlisten",
               "Lotse: Wortlisten (Themen, Regionen, Zielgruppen, Förderung)", "taxonomies", PLACES["taxonomies"], many=False),
    RecordKind("page", records.PageFront, "Seite", "Seiten", "Lotse: Vorspann einer redaktionellen Seite",
               "pages", PLACES["page"], many=True, suffix=".md", ref="pages",
               reserved=records.RESERVED_SLUGS | {"404"}),
    RecordKind("site", records.Site, "Einstellungen", "Einstellungen", "Lotse: Einstellungen der Website",
               "site", PLACES["site"], many=False),
    RecordKind("search", records.SearchWords, "Suchwörter", "Suchwörter", "Lotse: Suchwörter (Synonyme)",
               "search", PLACES["search"], many=False, required=False),
)

BY_NAME = {kind.name: kind for kind in KINDS}


def kind(name: str) -> RecordKind:
    return BY_NAME[name]


def unknown_provider(requested: str, providers: Sequence[str]) -> str:
    """The line for a provider id given on the command line that names no provider file, with
    the ones it likely means: each that begins with it ("pflege" -> "pflegeschule-seeklinik"),
    else a close spelling, else all of them when they are few."""
    start = as_id(requested)
    begun = [p for p in providers if p.startswith(start)] if len(start) >= 3 else []
    meant = begun[:5] or [close for close in [records.closest(requested, list(providers))] if close]
    if meant:
        hint = f"; meinten Sie {' oder '.join(repr(m) for m in meant)}?"
    else:
        hint = f"; vorhanden sind: {', '.join(providers)}" if 0 < len(providers) <= 12 else "" if providers else "; es gibt noch keinen"
    return f"unbekannter Anbieter {requested!r} (keine Datei {kind('provider').file(requested)}){hint}"


def declared_ids(taxonomies: Any, stems: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Every id a reference may point to, by reference kind.

    ``taxonomies``: the raw mapping of content/taxonomies.yaml (or anything else when it is
    unreadable); ``stems``: the file names of each folder kind, by its ``ref``.
    """
    data = taxonomies if isinstance(taxonomies, dict) else {}
    refs: dict[str, set[str]] = {}
    for term_kind in records.TERM_KINDS:
        entries = data.get(term_kind)
        entries = entries if isinstance(entries, list) else []
        refs[term_kind] = {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}
    for record_kind in KINDS:
        if record_kind.ref is not None:
            refs[record_kind.ref] = set(stems.get(record_kind.ref, ()))
    return refs
