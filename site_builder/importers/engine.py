"""One import run: read the catalog, merge each course with its file, validate, then write.

Nothing is written before everything is checked: the new and changed files are validated
together with the rest of the tree, and only when none of them has a problem are they
written. Otherwise the run names the course behind each problem and leaves the tree alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import boundary
from ..load import Document, Sources, load_sources, parse_yaml
from ..validate import validate
from . import openqcat, openvhs, xmlsafe
from .codelists import CodeLists
from .common import Catalog, Course, ImportFailure, Mapper, Unmapped, offer_id, parse_date
from .offerfile import dump, header, merge, ordered, provenance, same

READERS = {"openqcat": openqcat.read, "openvhs": openvhs.read}
SETTINGS_FILES = ("site.yaml", "content/taxonomies.yaml")


@dataclass
class Planned:
    relpath: str
    text: str
    key: str  # the catalog key; "" for a provider record
    kind: str  # "neu", "geändert", "ausgemustert" or "Anbieter"


@dataclass
class Report:
    catalog: Catalog
    provider: str
    today: date
    planned: list[Planned] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # key, title, reason
    problems: list[str] = field(default_factory=list)
    unmapped: list[tuple[Unmapped, int]] = field(default_factory=list)
    left: list[tuple[str, str, str]] = field(default_factory=list)  # key, file, state
    other_problems: int = 0
    codelists: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.planned if p.kind == kind)

    def summary(self) -> str:
        problems = len(self.problems) + len(self.unmapped)
        line = (
            f"Zusammenfassung: {self.count('neu')} neu, {self.count('geändert')} geändert, "
            f"{len(self.unchanged)} unverändert, {len(self.skipped)} übersprungen, "
            f"{problems} Problem{'' if problems == 1 else 'e'}"
        )
        if self.left:
            line += f", {len(self.left)} nicht mehr im Katalog ({self.count('ausgemustert')} ausgemustert)"
        return line


class _Existing:
    """The offer files already in the tree, by id and, for this catalog's files, by catalog key."""

    def __init__(self, root: Path, sources: Sources, label: str, provider: str):
        self.by_id = {doc.stem: doc for doc in sources.offers}
        self.by_key: dict[str, Document] = {}
        self.retired: dict[str, date | None] = {}
        for doc in sources.offers:
            origin = provenance((root / doc.path).read_text(encoding="utf-8", errors="replace"))
            if origin and origin[0] == label and doc.data.get("provider") == provider:
                self.by_key[origin[1]] = doc
                self.retired[doc.path] = origin[2]
        parsed = {doc.path for doc in sources.offers}
        self.unreadable = {
            p.stem: p.relative_to(root).as_posix()
            for p in sorted((root / "offers").glob("**/*.yaml"))
            if p.relative_to(root).as_posix() not in parsed and not p.name.startswith(".")
        }

    def find(self, key: str, oid: str) -> Document | None:
        return self.by_key.get(key) or self.by_id.get(oid)


def run_import(
    fmt: str,
    file: Path,
    provider: str,
    source: Path,
    *,
    topic: str | None = None,
    retire: bool = False,
    dry_run: bool = False,
    today: date | None = None,
    codelists: Path | None = None,
) -> Report:
    root = source.resolve()
    sources = load_sources(root)
    valid, problems = validate(sources)
    broken = [p.text() for p in problems if p.file in SETTINGS_FILES]
    if broken or valid.site is None:
        raise ImportFailure("site.yaml oder content/taxonomies.yaml ist fehlerhaft; bitte zuerst beheben", broken)
    codes = CodeLists()
    read = codes.update_from(codelists) if codelists else []
    mapper = Mapper(valid.site, codes, topic)
    xml, notes = xmlsafe.parse(file.read_bytes())
    catalog = READERS[fmt](xml, mapper, notes)
    today = today or datetime.now(ZoneInfo(valid.site.timezone)).date()
    report = Report(catalog, provider, today, codelists=read)
    report.problems += [f"Lieferung: {note}" for note in catalog.notes]
    existing = _Existing(root, sources, catalog.label, provider)
    taken: set[str] = set()
    for course in catalog.courses:
        _plan_course(course, report, existing, mapper, taken)
    _plan_left(report, existing, retire)
    _plan_provider(report, root)
    report.unmapped = sorted(mapper.unmapped.items())
    _check(sources, report)
    _inside(root, report.planned)
    if not dry_run:
        _write(root, report.planned)
    return report


def _plan_course(course: Course, report: Report, existing: _Existing, mapper: Mapper, taken: set[str]) -> None:
    catalog, key_name = report.catalog, report.catalog.key_name
    oid = offer_id(report.provider, course.key)
    doc = existing.find(course.key, oid)
    if course.skip:
        kept = f"; {doc.path} bleibt unverändert" if doc else ""
        report.skipped.append((course.key, course.title, course.skip + kept))
        return
    if oid in taken or (oid in existing.unreadable and doc is None):
        why = (
            f"die Datei {existing.unreadable[oid]} ist nicht lesbar"
            if oid in existing.unreadable
            else f"Id {oid} doppelt"
        )
        report.skipped.append((course.key, course.title, f"{why}; bitte zuerst beheben"))
        return
    taken.add(oid)
    relpath = doc.path if doc else f"offers/{report.provider}/{oid}.yaml"
    old = doc.data if doc else None
    merged = merge(old, course.data, catalog.format, report.provider)
    if "price" in merged and not merged.get("topics"):
        merged = ordered(merged | {"topics": mapper.topic(course.codes, course.words)})
    retired = existing.retired.get(relpath)
    if retired is not None and str(merged.get("expires")) == retired.isoformat():
        del merged["expires"]  # back in the catalog: undo what --retire did
    reason = _missing(merged, course)
    if reason:
        report.skipped.append((course.key, course.title, reason))
        return
    report.problems += [f"{key_name} {course.key}: {note}" for note in course.notes]
    if old is not None and same(_roundtrip(merged), old, ignore=("updated",)):
        report.unchanged.append(relpath)
        return
    merged = ordered(merged | {"updated": catalog.date or report.today})
    text = header(catalog.label, key_name, course.key, report.today, catalog.format) + dump(merged)
    report.planned.append(Planned(relpath, text, course.key, "geändert" if old else "neu"))


def _missing(merged: dict[str, Any], course: Course) -> str | None:
    """Why the merged offer still lacks something the contract requires."""
    if "price" not in merged:
        said = course.missing.get("price")
        return "kein Preis im Katalog" + (f" ({said!r})" if said else "") + "; ein Angebot braucht einen Preis"
    if not merged.get("topics"):
        codes = ", ".join(f"{c} {m}".strip() for c, m in course.codes.items()) or "keine Klassifikation"
        return f"kein Thema: keine Regel unter import.topics passt ({codes}) und kein --topic angegeben"
    return None


def _plan_left(report: Report, existing: _Existing, retire: bool) -> None:
    """Files of this catalog whose course is gone: a full delivery omits it, a delta deletes it."""
    catalog, today = report.catalog, report.today
    present = {c.key for c in catalog.courses}
    gone = sorted(k for k in existing.by_key if (k not in present if catalog.full else k in catalog.deleted))
    for key in gone:
        doc = existing.by_key[key]
        expires = parse_date(str(doc.data.get("expires") or ""))
        if expires is not None and expires <= today:
            state = f"bereits abgelaufen (expires {expires.isoformat()})"
        elif retire:
            data = ordered(doc.data | {"expires": today})
            text = header(catalog.label, catalog.key_name, key, today, catalog.format, retired=today) + dump(data)
            report.planned.append(Planned(doc.path, text, key, "ausgemustert"))
            state = f"ausgemustert: expires {today.isoformat()}"
        else:
            state = "noch veröffentlicht; mit --retire ausmustern"
        report.left.append((key, doc.path, state))


def _plan_provider(report: Report, root: Path) -> None:
    relpath = f"content/providers/{report.provider}.yaml"
    if (root / relpath).exists() or not any(p.kind == "neu" for p in report.planned):
        return
    catalog = report.catalog
    data = {"name": report.provider} | {k: v for k, v in catalog.provider.items() if v}
    data["updated"] = catalog.date or report.today
    text = (
        f"# Angelegt beim Import aus {catalog.label} am {report.today.isoformat()}; "
        "der Import ändert diese Datei danach nicht mehr.\n" + dump(data)
    )
    report.planned.insert(0, Planned(relpath, text, "", "Anbieter"))


def _roundtrip(data: dict[str, Any]) -> dict[str, Any]:
    """The data as the loader will read it back (dates as text, numbers as numbers)."""
    doc, _ = parse_yaml("import.yaml", dump(data))
    return doc.data if doc else {}


def _check(sources: Sources, report: Report) -> None:
    written = {p.relpath: p for p in report.planned}
    docs: dict[str, Document] = {}
    for planned in report.planned:
        doc, problems = parse_yaml(planned.relpath, planned.text)
        if doc is None or problems:  # pragma: no cover - dump() writes what parse_yaml reads
            raise ImportFailure(f"interner Fehler: {planned.relpath} wäre nicht lesbar", [p.text() for p in problems])
        docs[planned.relpath] = doc
    offers = [d for d in sources.offers if d.path not in written] + [
        d for p, d in docs.items() if p.startswith("offers/")
    ]
    providers = sources.providers + [d for p, d in docs.items() if p.startswith("content/providers/")]
    trial = replace(
        sources,
        offers=sorted(offers, key=lambda d: d.path),
        providers=sorted(providers, key=lambda d: d.path),
        problems=[p for p in sources.problems if p.file not in written],
    )
    _, problems = validate(trial)
    mine = [p for p in problems if p.file in written]
    report.other_problems = len(problems) - len(mine)
    if mine:
        label, key_name = report.catalog.label, report.catalog.key_name
        lines = []
        for problem in mine:
            key = written[problem.file].key
            lines.append(f"{key_name} {key}: {problem.text()}" if key else problem.text())
        raise ImportFailure(f"der Import ergäbe ungültige Dateien ({label}); es wurde nichts geschrieben", lines)


def _inside(root: Path, planned: list[Planned]) -> None:
    """Every file goes into the content tree: not through a folder that links out of it."""
    outside = sorted({
        item.relpath.rsplit("/", 1)[0] for item in planned
        if not boundary.inside(os.path.realpath((root / item.relpath).parent), [str(root)])
    })
    if outside:
        raise ImportFailure(
            "der Import würde außerhalb des Inhaltsverzeichnisses schreiben (symbolischer Link); es wurde nichts geschrieben",
            [f"{folder}: Ordner liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses" for folder in outside],
        )


def _write(root: Path, planned: list[Planned]) -> None:
    """All files to temporary names first, then each renamed into place."""
    moves: list[tuple[Path, Path]] = []
    try:
        for item in planned:
            target = root / item.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.import")
            temporary.write_text(item.text, encoding="utf-8")
            moves.append((temporary, target))
        for temporary, target in moves:
            os.replace(temporary, target)
    finally:
        for temporary, _ in moves:
            temporary.unlink(missing_ok=True)
