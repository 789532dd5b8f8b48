"""Offer files written by the import: who owns which field, the header, readable YAML.

The merge rule (docs/import.md): fields the catalog carries are replaced on every import,
all others belong to the editors and stay as they are. ``topics`` is seeded on the first
import and is the editors' from then on. A priced ``price`` in the file stays when the
catalogue gives none (the engine decides that), because an editor may have asked the provider.
``tags`` are shared: the header records the catalogue's last ones, so that an import replaces
only those and leaves the search words editors added or struck out (``merged_tags``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from .. import records
from ..introspect import fields
from ..load import resolve_plain
from .common import parse_date
from .prose import shorten

FIELD_ORDER = tuple(spec.key for spec in fields(records.Offer))  # as declared, as `new` writes them

CATALOG_FIELDS = {
    "openqcat": (
        "title", "summary", "description", "prerequisites", "format", "languages", "location",
        "dates", "on_demand", "dates_on_request", "duration", "price", "inhouse", "funding", "certificate",
        "contact", "url", "tags",
    ),
    "openvhs": (
        "title", "summary", "description", "prerequisites", "level", "format", "location",
        "dates", "on_demand", "dates_on_request", "duration", "price", "certificate", "contact", "url", "tags",
    ),
    "bawbsuche": (
        "title", "summary", "description", "prerequisites", "format", "location", "dates", "on_demand",
        "dates_on_request", "duration", "price", "inhouse", "certificate", "contact", "url", "tags",
    ),
    "tabelle": (
        "title", "summary", "description", "prerequisites", "level", "languages", "format", "location", "dates",
        "on_demand", "dates_on_request", "duration", "price", "funding", "audiences", "certificate", "url", "tags",
    ),
}
# Fields editors may have filled before the catalogue carried them: kept while the catalogue
# names none. A spreadsheet's later columns (Förderung, Zielgruppe …) too: an empty cell, or a
# sheet from an older template without the column, leaves what an editor added.
# (``tags`` are merged word by word instead: ``merged_tags``.)
KEPT_WHILE_ABSENT = {
    "openqcat": ("url",),
    "openvhs": ("url", "contact"),
    "bawbsuche": ("url",),
    "tabelle": ("url", "funding", "audiences", "level", "languages"),
}

_HEADER = re.compile(
    r"^# Importiert aus (?P<label>open-Qcat|Open-vhs|BA-Kurssuche|Tabelle) \((?P<key_name>PRODUCT_ID|guid|Angebot|Kurs-Nr\.) (?P<key>.+?)\) am "
    r"(?P<day>\d{4}-\d{2}-\d{2})",
    re.M,
)
_RETIRED = re.compile(r"^# Nicht mehr im Katalog seit (\d{4}-\d{2}-\d{2})", re.M)
_ON_REQUEST_UNTIL = re.compile(r"^# Termine auf Anfrage: expires vom Import gesetzt \((\d{4}-\d{2}-\d{2})\)", re.M)
_ANNOUNCED_UNTIL = re.compile(r"^# Freigabezeitraum laut Katalog: expires vom Import gesetzt \((\d{4}-\d{2}-\d{2})\)", re.M)
_NUMERIC_LOOKING = re.compile(r"[0-9+(][0-9:.\-+ /()]*")


def merge(
    existing: dict[str, Any] | None, catalog: dict[str, Any], fmt: str, provider: str,
    tags_sent: list[str] | None = None, tags_before: list[str] | None = None,
) -> dict[str, Any]:
    """The offer after an import: catalog fields from the catalog, everything else as it was;
    ``tags`` by ``merged_tags`` (``tags_sent``: the catalogue's now, None when it has no place
    for them; ``tags_before``: its last ones, None when not recorded)."""
    owned = CATALOG_FIELDS[fmt]
    old = existing or {}
    merged = {k: v for k, v in old.items() if k not in owned}
    for name in owned:
        if name == "tags":
            continue
        if name in catalog:
            merged[name] = catalog[name]
        elif name in KEPT_WHILE_ABSENT[fmt] and name in old:
            merged[name] = old[name]
    if "tags" in owned:
        tags = merged_tags(old.get("tags"), tags_sent, tags_before)
        if tags:
            merged["tags"] = tags
    merged["provider"] = provider
    if not merged.get("topics") and catalog.get("topics"):
        merged["topics"] = catalog["topics"]
    return ordered(merged)


def _word(tag: str) -> str:
    return " ".join(tag.split()).casefold()


def merged_tags(in_file: Any, sent: list[str] | None, before: list[str] | None) -> list[str]:
    """The offer's search words after an import. Each word of the file stays unless the catalogue
    sent it last time (``before``) and no longer does; each word the catalogue sends joins, unless
    it sent it last time too and the file lacks it (an editor struck it out: that stays so). The
    file's order first, then the catalogue's new words; words compare without case and spacing.
    ``sent`` None: the catalogue has no place for search words (a sheet without the column), the
    file's stay. ``before`` None (a file from before the record): whatever the file has counts as
    the editors' and stays."""
    listed = [in_file] if isinstance(in_file, str) else in_file if isinstance(in_file, list) else []  # "tags: Excel" means one
    kept = [t for t in listed if isinstance(t, str) and t.strip()]
    if sent is None:
        return kept
    now = {_word(t) for t in sent}
    was = {_word(t) for t in before} if before is not None else {_word(t) for t in kept} & now
    have = {_word(t) for t in kept}
    out = [t for t in kept if _word(t) not in was or _word(t) in now]
    out += [t for t in sent if _word(t) not in have and _word(t) not in was]
    once: dict[str, str] = {}
    for tag in out:
        once.setdefault(_word(tag), tag)  # each once, as first written
    return list(once.values())


DATE_ORDER = (
    "start", "end", "time", "days", "schedule", "mode", "location", "also_at", "price", "note", "registration_deadline",
    "seats_available",
)


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Fields in the contract's order, and each date's fields too."""
    known = {k: data[k] for k in FIELD_ORDER if k in data}
    out = known | {k: v for k, v in data.items() if k not in known}
    if isinstance(out.get("dates"), list):
        out["dates"] = [
            {k: d[k] for k in DATE_ORDER if k in d} | {k: v for k, v in d.items() if k not in DATE_ORDER} if isinstance(d, dict) else d
            for d in out["dates"]
        ]
    return out


def same(a: dict[str, Any], b: dict[str, Any], ignore: tuple[str, ...] = ()) -> bool:
    return {k: v for k, v in a.items() if k not in ignore} == {k: v for k, v in b.items() if k not in ignore}


# --- Header -------------------------------------------------------------------------------


# Formats whose deliveries delete a date by its own id (open-Qcat: a child SERVICE): their
# files say which ids each date came from, so that a later delta can remove it.
DATED_IDS = ("openqcat",)
_DATE_IDS = re.compile(r"^# Termine im Katalog: (.+)$", re.M)
# What the import wrote into each catalogue field, as a short checksum: a field an editor
# changed (or added) since is told apart from one the catalogue changed, and the report names
# it when the import overwrites it.
_STAMPS = re.compile(r"^# Vom Import geschrieben: (.+)$", re.M)
# The search words the catalogue sent at the last import, as a JSON list ("keine": none): the
# next import tells them from the ones editors added or struck out (``merged_tags``).
_CATALOG_TAGS = re.compile(r"^# Suchwörter aus dem Katalog\b[^:\n]*: (.*)$", re.M)
TAGS_LINE = "# Suchwörter aus dem Katalog (tags; von Hand ergänzte und gestrichene bleiben so): "


def stamp(value: Any) -> str:
    """A short checksum of a field's value as the loader reads it."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def stamps(data: dict[str, Any], fmt: str) -> dict[str, str]:
    """The checksum of each catalogue field ``data`` holds."""
    return {name: stamp(data[name]) for name in CATALOG_FIELDS[fmt] if name in data}


def header(
    label: str, key_name: str, key: str, day: date, fmt: str, retired: date | None = None, on_request_until: date | None = None,
    date_ids: list[tuple[str, str]] | None = None, written: dict[str, str] | None = None, announced_until: date | None = None,
    catalog_tags: list[str] | tuple[str, ...] | None = None,
) -> str:
    """``date_ids``: (start, the catalogue's id or ids "a+b") of each date, for ``DATED_IDS``;
    ``written``: the ``stamps`` of the catalogue fields as written; ``announced_until``: the
    ``expires`` the import took from the catalogue's period of visibility; ``catalog_tags``: the
    search words the catalogue sent (None: not known)."""
    lines = [
        f"# Importiert aus {label} ({key_name} {shorten(key, 200)}) am {day.isoformat()}; "
        "Felder aus dem Katalog werden beim nächsten Import überschrieben, andere bleiben.",
        f"# Felder aus dem Katalog: {', '.join(CATALOG_FIELDS[fmt])}.",
    ]
    if retired is not None:
        lines.append(f"# Nicht mehr im Katalog seit {retired.isoformat()}: expires vom Import gesetzt.")
    elif on_request_until is not None:
        lines.append(f"# Termine auf Anfrage: expires vom Import gesetzt ({on_request_until.isoformat()}).")
    if announced_until is not None:
        lines.append(f"# Freigabezeitraum laut Katalog: expires vom Import gesetzt ({announced_until.isoformat()}).")
    named = [(start, ids) for start, ids in date_ids or [] if ids and not re.search(r"[;\s]", ids)]
    if fmt in DATED_IDS and named:
        lines.append(f"# Termine im Katalog: {'; '.join(f'{start} {key_name} {ids}' for start, ids in named)}")
    if written:
        lines.append(f"# Vom Import geschrieben: {', '.join(f'{name} {value}' for name, value in written.items())}")
    if catalog_tags is not None and "tags" in CATALOG_FIELDS[fmt]:
        said = json.dumps([" ".join(t.split()) for t in catalog_tags], ensure_ascii=False) if catalog_tags else "keine"
        lines.append(TAGS_LINE + said)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Origin:
    """What an imported file's header says about where it came from."""

    label: str  # the catalogue format as editors know it: "open-Qcat"
    key: str  # the course's key in the catalogue
    retired: date | None  # the day the import set ``expires`` because the course left
    on_request_until: date | None  # the ``expires`` the import set for dates on request
    date_ids: tuple[tuple[str, frozenset[str]], ...] | None  # (start, ids) per date; None: not recorded
    written: dict[str, str] | None = None  # the ``stamps`` of what the import wrote; None: not recorded
    announced_until: date | None = None  # the ``expires`` the import took from the catalogue (ANNOUNCEMENT)
    catalog_tags: tuple[str, ...] | None = None  # the search words the catalogue sent last; None: not recorded

    def edited(self, data: dict[str, Any], fmt: str) -> list[str]:
        """The catalogue fields of ``data`` that differ from what the import wrote: changed,
        added or removed by an editor since (none known for a file without the record)."""
        if self.written is None:
            return []
        now = stamps(data, fmt)
        return [name for name in CATALOG_FIELDS[fmt] if now.get(name) != self.written.get(name)]

    def tags_before(self) -> list[str] | None:
        """The search words the catalogue sent at the last import: as recorded; none when the
        import wrote no ``tags`` at all (so whatever the file has now is the editors'); None
        when not known (a file imported before the record)."""
        if self.catalog_tags is not None:
            return list(self.catalog_tags)
        if self.written is not None and "tags" not in self.written:
            return []
        return None


# The header's lines: the first, the catalogue's fields, retired or on request, the period of
# visibility, the dates' ids, the checksums and the search words (``header``).
HEADER_LINES = 8


def provenance(text: str) -> Origin | None:
    """The header of an imported file; None for other files."""
    top = "".join(line for line in text.splitlines(keepends=True)[:HEADER_LINES] if line.startswith("#"))
    match = _HEADER.search(top)
    if not match:
        return None
    retired = _RETIRED.search(top)
    until = _ON_REQUEST_UNTIL.search(top)
    announced = _ANNOUNCED_UNTIL.search(top)
    named = _DATE_IDS.search(top)
    marks = _STAMPS.search(top)
    tags = _CATALOG_TAGS.search(top)
    written = dict(part.strip().split(" ", 1) for part in marks.group(1).split(",") if " " in part.strip()) if marks else None
    date_ids = None
    if named:
        pairs = (part.strip().split(" ", 1) for part in named.group(1).split(";"))
        date_ids = tuple((start, frozenset(rest.rsplit(" ", 1)[-1].split("+"))) for start, rest in (p for p in pairs if len(p) == 2))
    return Origin(
        match["label"], match["key"], parse_date(retired.group(1)) if retired else None,
        parse_date(until.group(1)) if until else None, date_ids, written, parse_date(announced.group(1)) if announced else None,
        _tags_recorded(tags.group(1)) if tags else None,
    )


def _tags_recorded(said: str) -> tuple[str, ...] | None:
    """The recorded search words; None when the line no longer reads as written (edited by hand)."""
    if said.strip() == "keine":
        return ()
    try:
        found = json.loads(said)
    except ValueError:
        return None
    if not isinstance(found, list) or not all(isinstance(t, str) for t in found):
        return None
    return tuple(found)


# --- YAML ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses anchors and aliases


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    # Quote whatever YAML 1.1 or 1.2 might read as something else: postal codes, times, no, 1e3.
    risky = bool(_NUMERIC_LOOKING.fullmatch(value)) or resolve_plain(value) != value
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if risky else None)


_Dumper.add_representer(str, _represent_str)

_DATE_FIELDS = ("start", "end", "registration_deadline")


def _with_dates(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as date objects, so YAML shows them unquoted like editors write them."""

    def as_date(value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return parse_date(value) or value  # an impossible date stays text for the validator to name
        return value

    out = {k: as_date(v) if k in ("updated", "expires") else v for k, v in data.items()}
    if isinstance(out.get("dates"), list):
        out["dates"] = [
            {k: as_date(v) if k in _DATE_FIELDS else v for k, v in d.items()} if isinstance(d, dict) else d
            for d in out["dates"]
        ]
    return out


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(_with_dates(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
